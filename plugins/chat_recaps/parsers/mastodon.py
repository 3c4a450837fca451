"""Mastodon statuses as the API returns them: a thread's context or a hashtag timeline.

The file holds what the API answered, as saved with curl or a browser:

- a context, `GET /api/v1/statuses/:id/context`:
  `{"ancestors": [status, ...], "descendants": [status, ...]}` (the status
  itself is not in it: save it too, `GET /api/v1/statuses/:id`, and put it
  before or after the context in the same file to have it in the recap);
- a hashtag timeline, `GET /api/v1/timelines/tag/:hashtag`: a list of
  statuses, newest first; several pages may be kept as a list of pages
  (a list of lists of statuses), or saved one after another in the file;
- a single status.

A file may hold several of these JSON values one after another (pages
appended with `curl ... >> chat.json`, a status followed by its context).
A status looks like::

    {"id": "107135264100007936", "created_at": "2011-10-28T00:06:00.000Z",
     "in_reply_to_id": "107135264100000000", "visibility": "public",
     "spoiler_text": "", "content": "<p>A1: Down 14 points ... <a href=... class=\"mention hashtag\"
     rel=\"tag\">#<span>cmgrchat</span></a></p>",
     "account": {"id": "...", "username": "jen", "acct": "jen@other.example",
                 "display_name": "Jen Alvarez", "avatar": "...", "note": "..."},
     "mentions": [{"acct": "...", "url": "..."}], "media_attachments": [...], "reblog": null}

- Kept: statuses whose `visibility` is "public" or "unlisted" (or not given).
  "private" (followers only), "direct" and any other visibility are skipped
  without being read further: the recap publishes what was posted publicly.
  A status met again (in two pages, or in a timeline and a context) is
  dropped by its `id`; a status with no text is skipped.
- Handle: `account.acct` ("jen" on the server the file came from,
  "jen@other.example" for an account of another server); display name:
  `account.display_name`, else `account.username`. The account's id, avatar,
  header, profile page and `note` (its bio) are never read into a message.
- Time: `created_at` (ISO 8601). `id` is the status id; `reply_to` is
  `in_reply_to_id`. Messages come in time order (statuses of the same time
  by id, which grows with time on Mastodon), not newest first.
- Text: `content` is HTML, read with lxml's HTML parser into plain text:
  paragraphs (`<p>`) are separated by a blank line, `<br>` is a line break,
  other blocks (lists, quotes, code) start a line; spaces collapse as a
  browser shows them. A mention link becomes "@acct" (its account from the
  status's `mentions`, else the link's text), a hashtag link "#tag"; any
  other link becomes its address when its text is the address or an address
  shortened by Mastodon ("example.com/devrel/finding-adv…"), and
  "text (address)" when it says something else; only http(s) addresses are
  kept. No markup, attribute or entity reaches the message. A content
  warning (`spoiler_text`) comes first, as "CW: warning". Each of
  `media_attachments` is noted as "[image: description]" (or "[video]",
  "[audio]", ... without a description), never with a link to the file.
- A boost (`reblog`) is the boosted status's text by the booster, at the
  time of the boost: it is marked as a retweet, so threading drops it, as
  is text starting "RT @".

Errors name the file and the status by its place among all the statuses of
the file ("record 7"); the shape of a value (a context whose 'descendants' is
not a list) is named by the line where that value begins.
"""

import re

import lxml.html
from lxml import etree

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    decode_json,
    in_zone,
    is_retweet_text,
    json_kind,
    normalize_text,
    parse_iso_time,
    read_export_text,
    record_error,
    shown,
    strip_at,
)

NAME = "mastodon"
LABEL = "Mastodon statuses JSON (a context or a timeline)"

KEPT_VISIBILITY = {"public", "unlisted"}
MEDIA_KINDS = {"image": "image", "gifv": "GIF", "video": "video", "audio": "audio"}
SHAPE = (
    "expected Mastodon statuses: a list of statuses (a timeline), a context "
    "{\"ancestors\": [...], \"descendants\": [...]} or a status"
)
# Elements that start a new line; <p> starts a paragraph (a blank line).
BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "pre",
    "section", "table", "tr", "ul",
}
PARAGRAPHS = {"p"}
HIDDEN = {"script", "style", "template", "head", "title", "noscript"}  # their text is not content
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
BLANKS = re.compile(r"\s*")  # between the JSON values of a file
# What lxml refuses to parse (control characters) and what no file can hold (lone surrogates).
UNPARSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
HTTP = re.compile(r"https?://", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
ELLIPSIS = ("\u2026", "...")
SNIFF_CONTEXT = re.compile(r'^\{\s*"(?:ancestors|descendants)"\s*:\s*\[')
SNIFF_ACCT = re.compile(r'"acct"\s*:\s*"')
SNIFF_STATUS = re.compile(
    r'"(?:visibility"\s*:\s*"(?:public|unlisted|private|direct)"|in_reply_to_account_id"\s*:|reblog"\s*:)'
)


def sniff(head):
    """Say whether text starting with `head` is Mastodon statuses JSON (a context or a timeline)."""
    text = head.lstrip("\ufeff \t\r\n")
    if SNIFF_CONTEXT.match(text):
        return True
    return text[:1] in ("[", "{") and bool(SNIFF_ACCT.search(text) and SNIFF_STATUS.search(text))


def clean(text):
    """`text` with what lxml cannot parse and no file can hold replaced (control characters, surrogates)."""
    return UNPARSABLE.sub(lambda m: "\ufffd" if m[0] >= "\ud800" else " ", text)


# -- HTML to text --------------------------------------------------------------------


def collapse(text):
    """`text` with runs of HTML white space as one space, as a browser shows it."""
    return HTML_SPACE.sub(" ", text)


def without_scheme(url):
    """`url` as Mastodon shows it: no scheme, no "www.", no final "/"."""
    shown_url = SCHEME.sub("", url.strip())
    shown_url = shown_url[4:] if shown_url.lower().startswith("www.") else shown_url
    return shown_url.rstrip("/")


def has_class(element, name):
    """Say whether `element` has the class `name`."""
    return name in (element.get("class") or "").split()


def visible_text(link):
    """The text of `link` a reader sees: without what Mastodon hides (its `invisible` spans)."""
    parts = []
    for node in link.xpath(".//text()"):
        holder = node.getparent().getparent() if node.is_tail else node.getparent()
        hidden = False
        while holder is not None and holder is not link and not hidden:
            hidden, holder = has_class(holder, "invisible"), holder.getparent()
        if not hidden:
            parts.append(str(node))
    return collapse("".join(parts)).strip()


def link_text(link, mentions):
    """The plain text a link of a status's content becomes."""
    href = (link.get("href") or "").strip()
    full = collapse(link.text_content()).strip()
    if has_class(link, "hashtag") or (link.get("rel") or "").split() == ["tag"] or full.startswith("#"):
        return full
    if has_class(link, "mention") or full.startswith("@"):
        acct = mentions.get(href) or mentions.get(full.casefold())
        return f"@{acct}" if acct else full
    if not HTTP.match(href):
        return full
    label = visible_text(link) or full
    address = without_scheme(href)
    if not label or address in (without_scheme(label), without_scheme(full)):
        return href
    cut = without_scheme(label.removesuffix(ELLIPSIS[0]).removesuffix(ELLIPSIS[1]).rstrip())
    shortened = label.endswith(ELLIPSIS) or any(has_class(e, "ellipsis") for e in link.iter())
    if shortened and cut and address.startswith(cut):
        return href
    return f"{label} ({href})"


class TextWriter:
    """Plain text written piece by piece, with the line breaks blocks ask for between pieces."""

    def __init__(self):
        self.parts = []
        self.breaks = 0  # line breaks owed before the next text

    def need(self, breaks):
        self.breaks = max(self.breaks, breaks)

    def line_break(self):
        if self.parts:
            self.parts.append("\n")

    def write(self, text):
        if not text.strip(" "):  # white space between elements: one space, never a line
            if text and self.parts and not self.breaks and not self.parts[-1].endswith((" ", "\n")):
                self.parts.append(" ")
            return
        if self.parts and self.breaks:
            self.parts.append("\n" * self.breaks)
        self.breaks = 0
        if not self.parts or self.parts[-1].endswith("\n"):
            text = text.lstrip(" ")
        self.parts.append(text)

    def text(self):
        lines = (line.strip(" ") for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(html, mentions, parser):
    """The plain text of the HTML `html` (a status's content); None when it nests too deeply."""
    if not html.strip():
        return ""
    # Parsed inside a body already open, so that nothing in the content (a doctype,
    # an <html>, an XML declaration) can make it a document of its own or an empty one.
    root = lxml.html.document_fromstring("<html><body>" + clean(html), parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return None
    out = TextWriter()
    out.write(collapse(root.text or ""))
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if element is root:
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        breaks = 2 if tag in PARAGRAPHS else 1 if tag in BLOCKS else 0
        if event == "end":
            out.need(breaks)
            out.write(collapse(element.tail or ""))
        elif tag in HIDDEN or not tag:
            walker.skip_subtree()
        elif tag == "br":
            out.line_break()
        elif tag == "a":
            out.write(link_text(element, mentions))
            walker.skip_subtree()
        else:
            out.need(breaks)
            out.write(collapse(element.text or ""))
    return out.text()


# -- statuses ---------------------------------------------------------------------------


def mention_accounts(status):
    """{mention link address or "@username": acct} from the status's `mentions`."""
    found, names = {}, {}
    for number, item in enumerate(status.items("mentions"), start=1):
        place = f"{status.prefix}mentions[{number}]"
        if not isinstance(item, dict):
            raise status.error(f"'{place}' should be an object, not {json_kind(item)}")
        mention = Fields(status.path, status.number, item, place + ".")
        acct = strip_at(clean(mention.text("acct")))
        if not acct:
            continue
        for url in (mention.text("url"), mention.text("uri")):
            if url.strip():
                found.setdefault(url.strip(), acct)
        username = mention.text("username").strip() or acct.split("@")[0]
        names.setdefault(f"@{username}".casefold(), set()).add(acct)
    for name, accts in names.items():
        if len(accts) == 1:
            found.setdefault(name, next(iter(accts)))
    return found


def media_notes(status):
    """The "[image: description]" notes of the status's media attachments."""
    notes = []
    for number, item in enumerate(status.items("media_attachments"), start=1):
        place = f"{status.prefix}media_attachments[{number}]"
        if not isinstance(item, dict):
            raise status.error(f"'{place}' should be an object, not {json_kind(item)}")
        media = Fields(status.path, status.number, item, place + ".")
        kind = MEDIA_KINDS.get(media.text("type"), "attachment")
        description = collapse(clean(media.text("description"))).strip()
        notes.append(f"[{kind}: {description}]" if description else f"[{kind}]")
    return notes


def status_text(status, parser):
    """The plain text of the status whose Fields are `status`: warning, content, media notes."""
    html = status.text("content")
    content = html_text(html, mention_accounts(status), parser)
    if content is None:
        raise status.error(f"'{status.prefix}content' nests its HTML elements too deeply")
    parts = [content, *media_notes(status)]
    spoiler = collapse(clean(status.text("spoiler_text"))).strip()
    text = "\n".join(part for part in parts if part)
    if spoiler:
        text = f"CW: {spoiler}\n{text}" if text else f"CW: {spoiler}"
    return normalize_text(text)


def account_of(status):
    """(handle, display name) of the status's account."""
    account = status.object("account")
    acct = strip_at(clean(account.text("acct"))) or strip_at(clean(account.text("username")))
    if not acct:
        raise status.error("the status has no 'account' with an 'acct'")
    name = clean(account.text("display_name")).strip() or strip_at(clean(account.text("username"))) or acct
    return acct, name


def status_time(status, tz):
    """The time of the status, in `tz`."""
    written = status.text("created_at")
    if not written:
        raise status.error("the status has no 'created_at'")
    try:
        return in_zone(parse_iso_time(written), tz)
    except ValueError:
        raise status.error(
            f"invalid created_at {shown(written)} (expected ISO 8601, e.g. '2011-10-28T00:02:11.000Z')"
        ) from None


def is_public(status):
    """Say whether the status may be published: visibility public, unlisted, or not given."""
    visibility = status.text("visibility")
    return not visibility or visibility in KEPT_VISIBILITY


def status_message(path, number, record, tz, parser):
    """The Message of status `number` of the file, or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(path, number, f"expected a status object, not {json_kind(record)}")
    status = Fields(path, number, record)
    if not is_public(status):
        return None
    boosted = status.object("reblog")
    if boosted.record and not is_public(boosted):
        return None
    status_id = status.ident("id")
    if not status_id:
        raise status.error("the status has no 'id'")
    moment = status_time(status, tz)
    handle, name = account_of(status)
    text = status_text(boosted if boosted.record else status, parser)
    if not text:
        return None
    return Message(
        author=name,
        handle=handle,
        time=moment,
        text=text,
        where=f"record {number}",
        id=status_id,
        reply_to=status.ident("in_reply_to_id"),
        is_retweet=bool(boosted.record) or is_retweet_text(text),
    )


# -- the file ---------------------------------------------------------------------------


def json_values(path):
    """Yield (line where it begins, value) for each JSON value in the file, one after another."""
    text = read_export_text(path)
    position, line, counted = BLANKS.match(text).end(), 1, 0
    while position < len(text):
        line, counted = line + text.count("\n", counted, position), position
        value, end = decode_json(path, text, position)
        yield line, value
        position = BLANKS.match(text, end).end()


def statuses_of(path, line, value):
    """The status records a JSON value of the file holds, in order."""
    if isinstance(value, list):
        records = []
        for item in value:
            records.extend(item if isinstance(item, list) else [item])  # a page of a list of pages
        return records
    if not isinstance(value, dict):
        raise SourceError(path, line, f"{SHAPE}; found {json_kind(value)}")
    if "ancestors" in value or "descendants" in value:
        records = []
        for key in ("ancestors", "descendants"):
            part = value.get(key)
            if part is None:
                continue
            if not isinstance(part, list):
                raise SourceError(path, line, f"'{key}' should be a list of statuses, not {json_kind(part)}")
            records.extend(part)
        return records
    if "id" in value:
        return [value]
    raise SourceError(path, line, SHAPE)


def status_order(message):
    """A sort key: time, then numeric ids as numbers (without int(): ids may be very long)."""
    digits = message.id.lstrip("0")
    numeric = message.id.isascii() and message.id.isdigit()
    return (message.time, (0, len(digits), digits) if numeric else (1, 0, ""))


def parse(path, tz, options):
    """Return the [Message] of the Mastodon statuses JSON file `path`, times in `tz`."""
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    messages, seen, number = [], set(), 0
    for line, value in json_values(path):
        for record in statuses_of(path, line, value):
            number += 1
            message = status_message(path, number, record, tz, parser)
            if message is not None and message.id not in seen:
                seen.add(message.id)
                messages.append(message)
    return sorted(messages, key=status_order)
