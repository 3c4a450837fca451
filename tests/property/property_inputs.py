"""Hostile inputs for the property tests: text built from the pieces attacks are made of.

Plain `st.text()` almost never writes `<img onerror=` or a reference link, so
each strategy joins fragments of the syntax it aims at (Markdown, HTML, URLs,
chat exports) with a little arbitrary text between them.
"""

import copy
import json

from hypothesis import strategies as st

CONTROL = [chr(c) for c in (0, 1, 8, 9, 10, 11, 12, 13, 27, 31, 127, 0x85, 0xA0)]
UNICODE = ["\u2028", "\u2029", "\ufeff", "\u200b", "\u202e", "é", "𝔘", "ｊａｖａ", "٣", "１", "ı", "ſ", "K"]
ENTITIES = [
    "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#58;", "&#x3A;", "&colon;", "&#x09;", "&Tab;",
    "&NewLine;", "&#0;", "&#x0;", "&#60;", "&#x3c;", "&#106;", "&#x6A;ava", "&nbsp;", "&#1114112;",
    "&#99999999999;", "&", "&#", "&#x", "&amp",
]
HTML_PIECES = [
    "<", ">", "</", "/>", '"', "'", "`", "=", " ", "on", "error", "load", "<img", "<svg", "<script",
    "</script>", "<a href=", "</a>", "<iframe", "</iframe>", "<style>", "url(", "style=", "<math",
    "<template>", "<noscript>", "<object", "<embed", "<form", "<base", "<meta", "<link", "<!--", "-->",
    "<![CDATA[", "]]>", "<?", "<!DOCTYPE", "<table>", "<td", "<div", "</div>", "<p>", "<b>", "<xmp>",
    "<textarea>", "<select>", "<option>", "<plaintext>", "<frameset>", "<details open ontoggle=",
    " src=", " href=", " onerror=", " onload=", " srcdoc=", " formaction=", " xlink:href=", " srcset=",
    " data=", " poster=", " background=", " title=", " class=", " id=", " ping=",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "jav&#x09;ascript:", "javascript&#58;", "vbscript:",
    "data:text/html,", "data:image/svg+xml;base64,", "alert(1)", "https://evil.example/", "//evil.example",
]
MARKDOWN_PIECES = [
    "\n", "\n\n", "    ", "\t", "- ", "* ", "1. ", "> ", "# ", "---", "***", "|", "| --- |", "*", "_", "**",
    "`", "```", "~~~", "```python", "[x](", "](", ")", "[", "]", "[e]:", "[e]", "[x][e]", "![i](", "<http:",
    "<mailto:", "{: onclick=x}", "{: #id .class onmouseover=x }", "{@onclick=x}", "[^1]", "[^1]: ",
    "*[HTML]: ", "Title: ", "Date: ", '<div markdown="1">', "markdown=1", "[TOC]", ":::", "\\", "\\<",
]
BLOCK_PIECES = [
    "src: ", "src: https://www.youtube.com/watch?v=dQw4w9WgXcQ", "src: https://evil.example/", "deck: ",
    "deck: demo", "deck: ../demo", "title: ", "title: <script>", "start: ", "start: 2", "start: 1m30s",
    "poster: ", "poster: images/p.png", "poster: javascript:x", "download: ", "download: //evil.example/x",
    "other: x",
]
PRESENTATION_PIECES = [
    "[presentation: ", "[presentation:]", "[Presentation: demo]", "[presentation: demo]",
    "[presentation: https://www.youtube.com/watch?v=dQw4w9WgXcQ]",
    "[presentation: https://speakerdeck.com/player/0123456789abcdef0123456789abcdef]",
    "[presentation: javascript:alert(1)]", "[presentation: ../secret]", "[presentation: https://evil.example/]",
    "```presentation\n", "~~~presentation\n", *BLOCK_PIECES,
    '<iframe src="https://player.vimeo.com/video/12345"></iframe>',
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload=x></iframe>',
    '<div><iframe src="https://www.canva.com/design/AbC/view?embed"></iframe></div>',
    "[slideshare id=12345678&doc=deck&w=425&h=355]", "[slideshare id=x]",
]


def pieces(*groups, noise=4):
    """One fragment from `groups`, or a few arbitrary characters (often controls or unicode)."""
    alphabet = st.characters(codec="utf-8", exclude_categories=["Cs"])
    return st.one_of(
        st.sampled_from([p for group in groups for p in group]),
        st.sampled_from(CONTROL + UNICODE + ENTITIES),
        st.text(alphabet, max_size=noise),
    )


def joined(piece, max_size=40):
    return st.lists(piece, max_size=max_size).map("".join)


def markdown_documents():
    """Markdown sources: lines of HTML, Markdown and directive fragments, or arbitrary text."""
    piece = pieces(HTML_PIECES, MARKDOWN_PIECES, PRESENTATION_PIECES, ENTITIES)
    directive = st.builds(
        lambda head, keys, close: "\n".join([head, *keys, close]),
        st.sampled_from(["```presentation", "~~~ presentation", "```Presentation "]),
        st.lists(joined(st.sampled_from(BLOCK_PIECES) | piece, max_size=4), max_size=4),
        st.sampled_from(["```", "~~~", ""]),
    )
    free = joined(piece, max_size=12)
    line = st.one_of(free, free, free, st.sampled_from(PRESENTATION_PIECES), directive)
    return st.one_of(st.lists(line, max_size=12).map("\n".join), joined(piece), st.text(max_size=200))


def html_fragments():
    """HTML-ish text: tags, attributes, URLs and entities in any order."""
    return st.one_of(joined(pieces(HTML_PIECES, ENTITIES), max_size=50), st.text(max_size=200))


# Characters XML 1.0 forbids. lxml, under the checker's html5lib parse, refuses
# them; a browser reads them as text. A space in their place is as strict:
# the checker drops it from URL schemes as it would the control itself.
NOT_XML = {c: " " for c in range(32) if chr(c) not in "\t\n\r"} | {0xFFFE: "\ufffd", 0xFFFF: "\ufffd"}


def checkable(html):
    """`html` as tests/inert.py can parse it: characters XML forbids made spaces."""
    return html.translate(NOT_XML)


# --- JSON-shaped data ----------------------------------------------------------------------

EXPORT_KEYS = [
    "messages", "type", "id", "timestamp", "content", "author", "name", "nickname", "reference",
    "messageId", "user", "text", "ts", "thread_ts", "subtype", "user_profile", "display_name",
    "real_name", "profile", "tweet", "full_text", "created_at", "id_str", "entities", "urls", "url",
    "expanded_url", "in_reply_to_status_id_str", "account", "username", "accountDisplayName",
]
TIMES = [
    "2011-10-28T00:05:00+00:00", "2011-10-28 00:05:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
    "2011-02-30T00:00:00", "2011-10-28T00:05:00+24:00", "Thu Oct 27 20:02:11 +0000 2011",
    "Mon Jan 01 00:00:00 +0100 0001", "Fri Dec 31 23:59:59 -2359 9999", "Thu Foo 27 20:02:11 +0000 2011",
    "28/10/2011 00:02:11", "31/12/9999 23:59", "31/02/2011 25:00", "1319760000.000100", "99999999999999999999",
    "-1", "1e400",
]
EXPORT_VALUES = [
    "Default", "Reply", "message", "thread_broadcast", "channel_join", "U0CM00001", "@someone", "RT @x: hi",
    "<@U0CM00001>", "<https://x.example|label>", "<!here>", "<#C1|general>", "https://t.co/x", *TIMES,
]


def json_values(max_leaves=12):
    """Any JSON value, with keys and strings often the ones exports use."""
    scalar = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10), st.sampled_from(EXPORT_VALUES),
    )
    key = st.one_of(st.sampled_from(EXPORT_KEYS), st.text(max_size=5))
    return st.recursive(
        scalar,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=5)),
        max_leaves=max_leaves,
    )


def nodes(value, path=()):
    """Every (path, node) of a JSON value, the root first."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from nodes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from nodes(v, (*path, i))


@st.composite
def mutated_json(draw, value, max_mutations=3):
    """`value` (a valid export) with a few nodes replaced, removed, repeated or wrapped, or keys set."""
    value = copy.deepcopy(value)
    hostile = st.one_of(st.sampled_from(EXPORT_VALUES), json_values())
    for _ in range(draw(st.integers(1, max_mutations))):
        found = list(nodes(value))
        action = draw(st.sampled_from(["set", "set", "replace", "delete", "wrap", "repeat"]))
        if action == "set":
            objects = [node for _, node in found if isinstance(node, dict)]
            if objects:
                draw(st.sampled_from(objects))[draw(st.sampled_from(EXPORT_KEYS))] = draw(hostile)
            continue
        path, node = draw(st.sampled_from(found))
        if not path:
            value = draw(json_values()) if action == "replace" else [value]
            continue
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if action == "replace":
            parent[last] = draw(hostile)
        elif action == "delete":
            del parent[last]
        elif action == "wrap":
            parent[last] = [node] if draw(st.booleans()) else {"x": node}
        elif isinstance(parent, list):
            parent.insert(last, copy.deepcopy(node))
    return value


@st.composite
def mutated_bytes(draw, data, max_mutations=3):
    """`data` with a few spans deleted, replaced or truncated, or bytes inserted."""
    data = bytearray(data)
    junk = st.one_of(st.binary(max_size=8), st.sampled_from(
        [b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\r", b"\n", b'"', b",", b"[", b"{", b"\x00", b"\\"]))
    for _ in range(draw(st.integers(1, max_mutations))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "truncate", "replace"]))
        if action == "insert":
            data[at:at] = draw(junk)
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "truncate":
            del data[at:]
        else:
            data[at:at + 1] = draw(junk)
    return bytes(data)


@st.composite
def mutated_text(draw, valid, piece, max_mutations=3):
    """One of the `valid` strings with up to a few edits: `piece`s inserted, spans deleted or replaced."""
    text = draw(st.sampled_from(valid))
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, *range(2, max_mutations + 1)]))):
        at = draw(st.integers(0, len(text)))
        end = at + draw(st.sampled_from([0, 0, 1, 2, 6]))
        text = text[:at] + (draw(piece) if draw(st.booleans()) else "") + text[end:]
    return text


def json_bytes(value):
    """`value` as an export writes it: UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")
