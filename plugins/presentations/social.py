"""Embedded social posts (X/Twitter, Mastodon, Bluesky) read into a static card. Pure.

Each network's "embed this post" code is a <blockquote> holding the post's
text and a link, and a <script> that swaps it for the provider's widget. The
site keeps the text and drops the script: the post outlives its host, and
nothing loads from the provider. The pasted markup is untrusted and read
with lxml's HTML parser; only text, http(s) links and the parts below are
taken from it, never its tags or attributes.

X/Twitter (twitter.com, x.com), from "Embed post":
    <blockquote class="twitter-tweet"><p lang="en" dir="ltr">TEXT</p>&mdash; NAME (@HANDLE)
    <a href="https://twitter.com/HANDLE/status/ID?ref_src=twsrc%5Etfw">March 5, 2012</a></blockquote>
    <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>

Mastodon (any server), from a post's "Embed" menu (Mastodon 4.3 and later):
    <blockquote class="mastodon-embed" data-embed-url="https://HOST/@USER/ID/embed" ...>
    <a href="https://HOST/@USER/ID">... Post by @USER@HOST ... View on Mastodon</a></blockquote>
    <script data-allowed-prefixes="https://HOST/" async src="https://HOST/embed.js"></script>

Bluesky (bsky.app), from "Embed post":
    <blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:DID/app.bsky.feed.post/KEY"
    data-bluesky-cid="CID"><p lang="en">TEXT</p>&mdash; NAME (@HANDLE)
    <a href="https://bsky.app/profile/did:plc:DID/post/KEY?ref_src=embed">January 10, 2025 at 9:12 AM</a>
    </blockquote><script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>

Missing pieces (no author line, no date, no text) leave the card without
them; links that are not http(s) keep only their text; the post link must be
https on the network's own host, else the card has none. Another <script>, or
markup that is not one blockquote and its script, is an EmbedError.
"""

import re
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .providers import EmbedError, _short

NETWORKS = {
    "twitter-tweet": ("x", "X/Twitter"),
    "mastodon-embed": ("mastodon", "Mastodon"),
    "bluesky-embed": ("bluesky", "Bluesky"),
}
TWITTER_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}
SCRIPTS = {
    "x": {("platform.twitter.com", "/widgets.js")},
    "bluesky": {("embed.bsky.app", "/static/embed.js")},
}
MAX_EMBED = 50_000  # characters of pasted markup
MAX_TEXT = 2_000  # characters of post text shown; a longer text is cut with an ellipsis
MAX_NAME = 100
TWEET_PATH = re.compile(r"/(?P<user>[A-Za-z0-9_]{1,50})/status(?:es)?/(?P<id>[0-9]{1,25})/?")
MASTODON_PATH = re.compile(r"/@(?P<user>[A-Za-z0-9_.-]{1,64})/(?P<id>[0-9]{1,25})(?:/embed)?/?")
BLUESKY_PATH = re.compile(r"/profile/(?P<actor>[A-Za-z0-9:._-]{1,253})/post/(?P<key>[A-Za-z0-9]{1,32})/?")
BLUESKY_URI = re.compile(r"at://(?P<actor>[A-Za-z0-9:._-]{1,253})/app\.bsky\.feed\.post/(?P<key>[A-Za-z0-9]{1,32})")
HOSTNAME = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
AUTHOR = re.compile(r"^[\s\u2014\u2013-]*(?P<name>.*?)\s*\((?P<handle>@[^()\s]{1,300})\)\s*$", re.DOTALL)
SPACES = re.compile(r"\s+")
URL_IGNORED = re.compile(r"[\t\n\r]")
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d")
SKIPPED = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object"}


@dataclass(frozen=True)
class Piece:
    """A run of post text: plain, a link (href set), or a line break (text "\\n")."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class SocialPost:
    """What a card shows of an embedded post; every value is plain text for the template."""

    network: str
    network_name: str
    author: str
    handle: str
    date_text: str
    date_iso: str
    paragraphs: tuple
    link: str
    scripts_dropped: int = 0


def is_social_embed(html):
    """Whether `html` starts with the blockquote of an embedded social post."""
    head = html.lstrip()[:300].lower()
    return head.startswith("<blockquote") and any(name in head for name in NETWORKS)


def post_from_embed(html):
    """Return the SocialPost of a pasted X/Twitter, Mastodon or Bluesky embed code."""
    if len(html) > MAX_EMBED:
        raise EmbedError(f"the pasted post is too long ({len(html)} characters, at most {MAX_EMBED})")
    try:
        parts = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError) as err:
        raise EmbedError(f"the pasted post could not be read as HTML ({err})") from None
    quotes = [p for p in parts if isinstance(p, etree._Element) and p.tag == "blockquote"]
    if len(quotes) != 1:
        raise EmbedError(f"a pasted post should be one <blockquote> and its <script>, found {len(quotes)} blockquotes")
    quote = quotes[0]
    network, name = network_of(quote)
    post = READERS[network](quote, name)
    dropped = 0
    for part in parts:
        if part is quote or not isinstance(part, etree._Element) or not isinstance(part.tag, str):
            continue
        if part.tag != "script":
            raise EmbedError(f"<{_short(part.tag, 20)}> beside the {name} post is not allowed "
                             f"(only the <blockquote> and its <script>)")
        check_script(part, network, name, quote)
        dropped += 1
    return replace(post, scripts_dropped=dropped)


def network_of(quote):
    """(network key, name) from the blockquote's class."""
    classes = (quote.get("class") or "").split()
    for css_class, network in NETWORKS.items():
        if css_class in classes:
            return network
    raise EmbedError("the <blockquote> is not an X/Twitter, Mastodon or Bluesky embed")


def check_script(script, network, name, quote):
    """Accept only the network's own embed script beside the post (it is then dropped)."""
    src = https_url(script.get("src") or "")
    allowed = SCRIPTS.get(network, set())
    if network == "mastodon":
        host = urlsplit(https_url(quote.get("data-embed-url") or "")).hostname
        allowed = {(host, "/embed.js")} if host else set()
    parts = urlsplit(src) if src else None
    if not parts or (parts.hostname, parts.path) not in allowed or (script.text or "").strip():
        raise EmbedError(f"the <script> beside the {name} post is not its embed script; delete it")


def https_url(value):
    """`value` as a browser reads it if it is an https URL with a host ("" otherwise); //host is https."""
    value = URL_IGNORED.sub("", value or "").strip()
    if value.startswith("//"):
        value = "https:" + value
    try:
        parts = urlsplit(value)
        if parts.scheme.lower() != "https" or not parts.hostname or parts.username or parts.port:
            return ""
    except ValueError:  # a malformed address or port
        return ""
    return value


def web_url(value):
    """`value` if it is an http(s) URL with a host, as a browser reads it, else ""."""
    value = URL_IGNORED.sub("", value or "").strip()
    try:
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return ""
    except ValueError:
        return ""
    return value


# --- the parts of a post ------------------------------------------------------------------


def text_of(node):
    """The text of `node`, without script and style contents, whitespace collapsed."""
    chunks = []
    for item in node.iter():
        if item is not node and (not isinstance(item.tag, str) or item.tag in SKIPPED):
            pass
        elif item.text and not skipped_inside(item, node):
            chunks.append(item.text)
        if item is not node and item.tail and not skipped_inside(item.getparent(), node):
            chunks.append(item.tail)
    return " ".join("".join(chunks).split())


def skipped_inside(item, root):
    """Whether `item` is (or sits in) a skipped element below `root`."""
    while item is not None and item is not root:
        if not isinstance(item.tag, str) or item.tag in SKIPPED:
            return True
        item = item.getparent()
    return False


def pieces(paragraph):
    """The Pieces of one <p>: text, http(s) links with their text, line breaks."""
    found = [Piece(paragraph.text or "")]
    for child in paragraph:
        if isinstance(child.tag, str) and child.tag == "br":
            found.append(Piece("\n"))
        elif isinstance(child.tag, str) and child.tag == "a":
            found.append(Piece(text_of(child), web_url(child.get("href"))))
        elif isinstance(child.tag, str) and child.tag not in SKIPPED:
            found.append(Piece(text_of(child)))
        found.append(Piece(child.tail or ""))
    return [p for p in found if p.text]


def paragraphs_of(quote):
    """The post text: a tuple of paragraphs of Pieces, cut at MAX_TEXT characters."""
    result, budget = [], MAX_TEXT
    for paragraph in quote.iter("p"):
        if skipped_inside(paragraph, quote):
            continue
        kept = []
        for piece in pieces(paragraph):
            if budget <= 0:
                break
            text = piece.text if piece.text == "\n" else SPACES.sub(" ", piece.text)
            if len(text) > budget:
                text = text[:budget].rstrip() + "…"
            budget -= len(text)
            kept.append(Piece(text, piece.href))
        if any(p.text.strip() for p in kept):
            result.append(tuple(kept))
        if budget <= 0:
            break
    return tuple(result)


def author_line(quote):
    """(name, handle) from the "— Name (@handle)" text after the post's paragraphs."""
    tail = " ".join((p.tail or "") for p in quote if isinstance(p.tag, str) and p.tag == "p")
    if not tail.strip():
        tail = quote.text or ""
    match = AUTHOR.match(" ".join(tail.split()))
    if not match:
        return "", ""
    return match["name"][:MAX_NAME], match["handle"][:MAX_NAME]


def post_links(quote):
    """The links that are direct children of the blockquote (the post link and its date)."""
    return [a for a in quote if isinstance(a.tag, str) and a.tag == "a"]


def date_of(text):
    """(shown text, ISO date or "") of a date written like "March 5, 2012" (any time after "at" ignored)."""
    shown = " ".join(text.split())[:MAX_NAME]
    day = shown.split(" at ")[0].strip()
    for pattern in DATE_FORMATS:
        try:
            return shown, datetime.strptime(day, pattern).date().isoformat()
        except ValueError:
            continue
    return shown, ""


def bluesky_link(_host, match):
    return f"https://bsky.app/profile/{match['actor']}/post/{match['key']}"


def dated_link(quote, hosts, path, make):
    """(link, date text, ISO date) from a post's last link: its text is the date; the link is kept,
    rebuilt by `make(host, match)`, only when it is https on one of `hosts` with a `path` match."""
    link, date_text, date_iso = "", "", ""
    for anchor in post_links(quote)[-1:]:
        date_text, date_iso = date_of(text_of(anchor))
        parts = urlsplit(https_url(anchor.get("href")))
        match = path.fullmatch(parts.path or "")
        if parts.hostname in hosts and match:
            link = make(parts.hostname, match)
    return link, date_text, date_iso


def twitter(quote, name):
    """An X/Twitter post: text, "— Name (@handle)", and the status link with its date."""
    author, handle = author_line(quote)
    link, date_text, date_iso = dated_link(quote, TWITTER_HOSTS, TWEET_PATH,
                                           lambda host, m: f"https://{host}/{m['user']}/status/{m['id']}")
    return SocialPost("x", name, author, handle, date_text, date_iso, paragraphs_of(quote), link)


def bluesky(quote, name):
    """A Bluesky post: text, "— Name (@handle)", a bsky.app link (else one made from the at:// URI)."""
    author, handle = author_line(quote)
    link, date_text, date_iso = dated_link(quote, {"bsky.app"}, BLUESKY_PATH, bluesky_link)
    if not link and (match := BLUESKY_URI.fullmatch((quote.get("data-bluesky-uri") or "").strip())):
        link = bluesky_link("bsky.app", match)
    return SocialPost("bluesky", name, author, handle, date_text, date_iso, paragraphs_of(quote), link)


def mastodon(quote, name):
    """A Mastodon post: its server and @user from data-embed-url; the text when the code holds it."""
    parts = urlsplit(https_url(quote.get("data-embed-url")))
    match = MASTODON_PATH.fullmatch(parts.path or "")
    host = (parts.hostname or "").lower()
    if not (match and HOSTNAME.fullmatch(host)):
        raise EmbedError("the Mastodon embed has no data-embed-url like https://HOST/@USER/ID/embed")
    author, handle = author_line(quote)
    return SocialPost(
        "mastodon", name, author, handle or f"@{match['user']}@{host}", "", "",
        paragraphs_of(quote), f"https://{host}/@{match['user']}/{match['id']}",
    )


READERS = {"x": twitter, "bluesky": bluesky, "mastodon": mastodon}
