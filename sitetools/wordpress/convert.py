"""An item's HTML to Markdown: autop, shortcodes, comments, embeds, images, then markdownify.

Classic-editor content is stored without <p> tags: WordPress adds them when
showing it (wpautop), so `wpautop` here does the same before anything else.
Block-editor content (<!-- wp:paragraph --> ...) already holds its tags and
is not autop'ed, as WordPress does. Comments (block delimiters, <!--more-->)
are dropped. What Markdown cannot say is kept as a block on its own line:
[presentation: URL], [slideshare ...] and the blockquote of an embedded
X/Twitter, Mastodon or Bluesky post (the presentation plugin turns it into a
static card; the provider's <script> is dropped). Markup the site's sanitizer
would refuse (scripts, iframes of other hosts, forms, objects...) is removed
and noted, so the imported posts build.
"""

import re

from bs4 import BeautifulSoup, Comment
from markdownify import MarkdownConverter

from kbutil.sanitize import ACTIVE_TAGS
from presentations import providers, social

from . import shortcodes
from .images import split_url

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
    r"|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer"
    r"|nav|figure|figcaption|details|menu|summary)"
)
NEWLINE_MARK = "\ue000"  # a newline inside a tag while paragraphs are split (WordPress's <!-- wpnl -->)
PRE_MARK = "\ue001"
TOKEN = re.compile(r"WPIMPORTBLOCK(\d+)X")
LINK_SCHEMES = {"", "http", "https", "mailto", "tel"}
PROVIDER_SCRIPTS = {"platform.twitter.com", "embed.bsky.app"}
SOCIAL_QUOTE = re.compile(
    r"<blockquote[^>]*class=[\"'][^\"']*(?:twitter-tweet|mastodon-embed|bluesky-embed).*?</blockquote>", re.S | re.I
)
URL_ONLY = re.compile(r"^\s*(https?://\S+)\s*$")


def wpautop(text):
    """Wrap the paragraphs of classic-editor content in <p> and its single newlines in <br />.

    A port of WordPress's wpautop (wp-includes/formatting.php) with br=True.
    """
    if not text.strip():
        return ""
    text += "\n"
    pres = []

    def keep_pre(match):
        pres.append(match[0])
        return f"<pre{PRE_MARK}{len(pres) - 1}{PRE_MARK}></pre>"

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text, flags=re.S | re.I)
    text = SOCIAL_QUOTE.sub(keep_pre, text)  # a pasted post stays as the network wrote it
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"(<" + BLOCKS + r"[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(r"(</" + BLOCKS + r">)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.I)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<!--.*?-->|<[^>]*>", lambda m: m[0].replace("\n", NEWLINE_MARK), text, flags=re.S)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + BLOCKS + r"[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"(</?" + BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<(script|style|svg|math).*?</\1>", lambda m: m[0].replace("\n", NEWLINE_MARK), text,
                  flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(r"(</?" + BLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"\n</p>$", "</p>", text)
    text = re.sub(f"<pre{PRE_MARK}(\\d+){PRE_MARK}></pre>", lambda m: pres[int(m[1])], text)
    return text.replace(NEWLINE_MARK, "\n")


def has_blocks(text):
    """Whether the content was written with the block editor (WordPress's has_blocks)."""
    return "<!-- wp:" in text


class Converter(MarkdownConverter):
    """markdownify with text escaped for Python-Markdown: '<' and '&' as entities, never raw HTML."""

    def escape(self, text, parent_tags):
        """Escape Markdown characters, and '&' and '<' so text never becomes HTML."""
        return super().escape(text.replace("&", "&amp;").replace("<", "&lt;"), parent_tags)


class Context:
    """What converting one item needs and collects: its output name, images, attachments, notes."""

    def __init__(self, owner, images, attachments, attached):
        self.owner = owner
        self.images = images
        self.attachments = attachments
        self.attached = attached
        self.notes = []
        self.blocks = []

    def note(self, message):
        """Remember something a person should look at in this item."""
        if message not in self.notes:
            self.notes.append(message)

    def block(self, markdown):
        """Return a token that becomes `markdown` on lines of its own."""
        self.blocks.append(markdown)
        return f"WPIMPORTBLOCK{len(self.blocks) - 1}X"

    def attachment(self, post_id):
        """The attachment item with this ID, or None."""
        return self.attachments.get(post_id)

    def attached_images(self):
        """The image attachments whose parent is this item, in menu order."""
        return list(self.attached)

    def image_url(self, url):
        """The URL to write for an image."""
        return self.images.rewrite(url, self.owner)

    def split_image(self, fragment):
        """Return (HTML of the first image, with its link; HTML of the rest)."""
        soup = BeautifulSoup(fragment, "html.parser")
        image = soup.find("img")
        if image is None:
            return "", str(soup)
        if image.parent.name == "a" and len(image.parent.get_text(strip=True)) == 0:
            image = image.parent
        return str(image.extract()), str(soup)

    def convert_fragment(self, fragment):
        """Return the Markdown of an HTML fragment whose shortcodes are already expanded."""
        soup = BeautifulSoup(fragment, "html.parser")
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        _embeds(soup, self)
        _active(soup, self)
        _links(soup, self)
        text = Converter(heading_style="atx", bullets="-", escape_misc=False).convert_soup(soup)
        return _tidy(self.expand_tokens(text))

    def expand_tokens(self, text):
        """Put each block back on lines of its own."""
        return TOKEN.sub(lambda m: "\n\n" + self.blocks[int(m[1])] + "\n\n", text)


def to_markdown(content, ctx):
    """Return the Markdown of an item's stored content."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if not has_blocks(text):
        text = wpautop(text)
    return ctx.convert_fragment(shortcodes.expand(text, ctx))


def _embeds(soup, ctx):
    """Social posts, video iframes, Gutenberg embeds and captioned figures to blocks."""
    for quote in soup.find_all("blockquote"):
        if social.is_social_embed(str(quote)):
            quote.replace_with(ctx.block(" ".join(str(quote).split("\n"))))
    for script in soup.find_all("script"):
        host = (split_url(script.get("src") or "").hostname or "").lower()
        known = host in PROVIDER_SCRIPTS or (script.get("src") or "").endswith("/embed.js")
        if not known:
            ctx.note("<script> removed")
        script.decompose()
    for frame in soup.find_all("iframe"):
        frame.replace_with(_iframe(frame, ctx))
    for figure in soup.find_all("figure"):
        if "wp-block-embed" in (figure.get("class") or []):
            url = figure.get_text(" ", strip=True).split(" ")[0] if figure.get_text(strip=True) else ""
            if url and _accepted(url):
                figure.replace_with(ctx.block(f"[presentation: {url}]"))
            else:
                ctx.note(f"block-editor embed of {url or 'nothing'} kept as a link")
                figure.replace_with(soup_link(url) if _scheme(url) in ("http", "https") else "")
        elif figure.find("img") and figure.find("figcaption"):
            caption = figure.find("figcaption").extract()
            image = ctx.convert_fragment(str(figure)).strip()
            text = " ".join(ctx.convert_fragment(caption.decode_contents()).split())
            figure.replace_with(ctx.block(f"{image}  \n_{text}_" if text else image))
    for paragraph in soup.find_all("p"):
        match = URL_ONLY.match(paragraph.get_text()) if not paragraph.find(["img", "a"]) else None
        if match and _accepted(match[1]):
            paragraph.replace_with(ctx.block(f"[presentation: {match[1]}]"))


def _iframe(frame, ctx):
    """A player iframe the site accepts as [presentation: URL]; else a link to its page, noted."""
    src = (frame.get("src") or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if src and _accepted(src):
        return ctx.block(f"[presentation: {src}]")
    host = split_url(src).hostname or "no host"
    ctx.note(f"<iframe> from {host} not allowed: kept as a link")
    if not src.lower().startswith(("https://", "http://")):
        return ""
    return soup_link(src)


def soup_link(url):
    """An <a> element linking to `url` with the URL as its text."""
    soup = BeautifulSoup("", "html.parser")
    anchor = soup.new_tag("a", href=url)
    anchor.string = url
    return anchor


def _accepted(url):
    """Whether the presentation plugin shows `url` as a player."""
    try:
        providers.embed_from_url(url)
    except providers.EmbedError:
        return False
    return True


def _active(soup, ctx):
    """Remove markup the site's sanitizer refuses (it would stop the build), noting what."""
    for tag in soup.find_all(sorted(ACTIVE_TAGS)):
        if not tag.decomposed:  # inside one removed before
            ctx.note(f"<{tag.name}> removed")
            tag.decompose()


def _links(soup, ctx):
    """Rewrite image sources and links through the images; unwrap links with other schemes."""
    for image in soup.find_all("img"):
        src = (image.get("src") or "").strip()
        if not src or _scheme(src) not in LINK_SCHEMES:
            ctx.note("<img> without an http(s) source removed")
            image.decompose()
            continue
        image["src"] = ctx.image_url(src)
    for anchor in soup.find_all("a"):
        href = (anchor.get("href") or "").strip()
        if href and _scheme(href) not in LINK_SCHEMES:
            ctx.note(f"link with a {_scheme(href)}: address unwrapped")
            anchor.unwrap()
        elif href:
            anchor["href"] = ctx.images.rewrite(href, ctx.owner) if ctx.images.upload_segments(href) else href


def _scheme(url):
    """The lower-case scheme of a URL ('' for a relative one)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", re.sub(r"[\x00-\x20\x7f]", "", url))
    return match[1].lower() if match else ""


def _tidy(text):
    """Trim trailing spaces (not Markdown line breaks) and collapse runs of blank lines."""
    lines = [line if line.endswith("  ") and line.strip() else line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def plain_summary(excerpt, ctx):
    """The excerpt as one line of Markdown for the Summary: header ('' when empty)."""
    if not excerpt.strip():
        return ""
    return " ".join(ctx.convert_fragment(wpautop(excerpt)).split())

