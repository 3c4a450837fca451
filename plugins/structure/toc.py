"""Heading ids, heading anchors and the table of contents of one post or page.

`add_anchors(html, ...)` finds the h2-h4 headings of a post's HTML, gives each
an id (an existing id is kept), appends a self-link to it (HTML the caller
renders, from the theme's fragments/structure/anchor.html) and returns the new
HTML with the headings as a nested table of contents.

Only the headings change: the HTML around them is copied byte for byte, so
`{filename}` links, inline SVG and everything else our other plugins wrote
stay exactly as they were. Python's HTML tokenizer finds where each heading
starts and ends (comments, scripts and attribute values cannot fool it); lxml
reads each heading's text. One pass over the text, so it is linear in its
length. Pure: no Pelican import beyond slugify.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import lxml.html
from lxml.etree import ParserError
from markupsafe import escape as markup_escape
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from kbutil.markers import DECK, NO_TOC

LEVELS = {"h2": 2, "h3": 3, "h4": 4}
# Headings inside these are not part of the page's outline: inert templates, drawings,
# and widgets with their own headings, such as an embedded slide deck (markers.DECK).
# An author can mark any element so: <div data-no-toc> (markers.NO_TOC).
OPAQUE = frozenset({"template", "svg", "math", "script", "style"})
OPAQUE_ATTRIBUTES = frozenset({NO_TOC, DECK})
FALLBACK_ID = "section"
NEWLINE = re.compile(r"\n")


@dataclass
class TocEntry:
    """One heading in the table of contents; `children` are the headings below it."""

    id: str
    title: str
    level: int
    children: list = field(default_factory=list)


@dataclass(frozen=True)
class Heading:
    """Where a heading is in the text: its start tag [start, tag_end) and end tag [close, end)."""

    level: int
    start: int
    tag_end: int
    close: int
    end: int
    attrs: tuple


class _Scanner(HTMLParser):
    """Collect every id of a fragment and the offsets of its h2-h4 headings."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.source = text
        self.line_starts = [0] + [m.end() for m in NEWLINE.finditer(text)]
        self.ids = set()
        self.headings = []
        self.skip = None  # [tag, depth] of the element whose headings are left alone
        self.open = None  # (level, start, tag_end, attrs) of the heading being read

    def _position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
        if self.skip is not None:
            if tag == self.skip[0]:
                self.skip[1] += 1
        elif tag in OPAQUE or any(name in OPAQUE_ATTRIBUTES for name, _ in attrs):
            self.skip = [tag, 1]
        elif tag in LEVELS and self.open is None:
            start = self._position()
            self.open = (LEVELS[tag], start, start + len(self.get_starttag_text()), tuple(attrs))

    def handle_startendtag(self, tag, attrs):
        # <svg/>, <h2/>: an empty element, nothing inside it to skip or read.
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)

    def handle_endtag(self, tag):
        if self.skip is not None:
            if tag == self.skip[0]:
                self.skip[1] -= 1
                if not self.skip[1]:
                    self.skip = None
        elif self.open is not None and tag == f"h{self.open[0]}":
            level, start, tag_end, attrs = self.open
            close = self._position()
            end = self.source.find(">", close) + 1 or len(self.source)
            self.headings.append(Heading(level, start, tag_end, close, end, attrs))
            self.open = None


# Where Python-Markdown's toc extension put `[TOC]`: the post's own place for the table of contents.
TOC_MARKER = '<div class="toc">'


def marker_span(html):
    """(start, end) of the first `<div class="toc">…</div>` that `[TOC]` made, or None."""
    start = html.find(TOC_MARKER)
    if start < 0:
        return None
    finder = _DivEnd(html, start)
    finder.feed(html[start:])
    finder.close()
    return (start, finder.end) if finder.end else None


class _DivEnd(HTMLParser):
    """The offset just after the `</div>` closing the div the fed text starts with."""

    def __init__(self, text, offset):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in NEWLINE.finditer(text[offset:])]
        self.offset, self.text, self.depth, self.end = offset, text, 0, None

    def handle_starttag(self, tag, attrs):
        if tag == "div" and self.end is None:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.end is None:
            self.depth -= 1
            if not self.depth:
                line, column = self.getpos()
                close = self.offset + self.line_starts[line - 1] + column
                self.end = self.text.find(">", close) + 1


def place_toc(html, toc_html):
    """`html` with the `[TOC]` div replaced by `toc_html`; (html, False) when it has none."""
    span = marker_span(html)
    if span is None:
        return html, False
    return html[: span[0]] + toc_html + html[span[1]:], True


def scan(html):
    """Return (set of every id in `html`, [Heading] of its h2-h4 headings in order)."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    return scanner.ids, scanner.headings


def heading_text(fragment):
    """(plain text, has a link to a place on the same page) of one heading's HTML."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return "", False
    text = " ".join(root.text_content().split())
    if not text:
        text = " ".join(" ".join(img.get("alt", "").split()) for img in root.iter("img")).strip()
    same_page = any(
        (a.get("href") or "").strip().startswith("#") for a in root.iter("a")
    )
    return text, same_page


class IdMaker:
    """Deterministic, unique ids from heading titles: `title`, `title-2`, `title-3`..."""

    def __init__(self, taken, slug_subs=None):
        self.taken = set(taken)
        self.next = {}
        self.slug_subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"] if slug_subs is None else slug_subs

    def make(self, title):
        # slugify() strips tags: escape first, so a title's text "<b>" stays text.
        base = slugify(markup_escape(title), regex_subs=self.slug_subs) or FALLBACK_ID
        candidate, number = base, self.next.get(base, 1)
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.next[base] = number
        self.taken.add(candidate)
        return candidate


def start_tag(tag, attrs, new_id):
    """A heading's start tag with its id replaced by `new_id`, other attributes kept."""
    parts = [f"<{tag}"]
    for name, value in attrs:
        if name == "id":
            continue
        parts.append(f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"')
    parts.append(f' id="{escape(new_id, quote=True)}">')
    return "".join(parts)


def nest(entries):
    """Nest flat TocEntry items by level: an h3 goes under the h2 before it. Linear."""
    roots, stack = [], []
    for entry in entries:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


def add_anchors(html, *, min_headings=3, anchor=None, reserved=(), slug_subs=None):
    """Return (html with heading ids and anchors, nested [TocEntry] or [] under `min_headings`).

    Every h2-h4 heading gets an id: its own when it has one (unless a template
    of the page uses that id too: `reserved`), else one made from its title,
    unique on the page. With `anchor`, a function (heading id, plain-text title)
    -> HTML, each heading without a link to this page already gets that self-link.
    """
    if not html or "<h" not in html.lower():
        return html, []
    ids, headings = scan(html)
    if not headings:
        return html, []
    reserved = set(reserved)
    maker = IdMaker(ids | reserved, slug_subs)
    pieces, flat, position = [], [], 0
    for heading in headings:
        fragment = html[heading.start:heading.end]
        title, linked = heading_text(fragment)
        own_id = dict(heading.attrs).get("id")
        tag = f"h{heading.level}"
        pieces.append(html[position:heading.start])
        if own_id and own_id not in reserved:
            heading_id = own_id
            pieces.append(html[heading.start:heading.tag_end])
        else:
            heading_id = maker.make(title)
            if own_id is None:  # insert the id, leave the tag as written
                pieces.append(f'<{tag} id="{escape(heading_id, quote=True)}"')
                pieces.append(html[heading.start + 1 + len(tag):heading.tag_end])
            else:
                pieces.append(start_tag(tag, heading.attrs, heading_id))
        pieces.append(html[heading.tag_end:heading.close])
        if anchor is not None and not linked:
            pieces.append(anchor(heading_id, title))
        pieces.append(html[heading.close:heading.end])
        position = heading.end
        flat.append(TocEntry(heading_id, title or heading_id, heading.level))
    pieces.append(html[position:])
    entries = nest(flat) if len(flat) >= min_headings else []
    return "".join(pieces), entries


def count_entries(entries):
    """How many headings a nested table of contents holds."""
    return sum(1 + count_entries(entry.children) for entry in entries)

