"""The one HTML sanitizer: every piece of HTML that comes from content passes here.

Post and page bodies, summaries, glossary entries, deck slides and notes, and
the metadata of recaps are cleaned by nh3 (the Ammonia sanitizer) with the
allowlist below: elements, attributes and URL schemes. What is not on it is
removed; our own trusted fragments (players' facades, deck viewers, charts)
are added after cleaning, from templates (see `Fragments`).

What happens to removed markup, so that it is never published:
- *active* markup (script, style, frames, objects, forms, `<link>`, `<base>`,
  `<meta>`, SVG/MathML, event attributes, URLs with a scheme other than
  http, https, mailto and tel, `url()` in a style) raises UnsafeHTML: the
  build fails naming the file and the line, and what was removed;
- *inert* markup (a presentational attribute, an unknown element whose text
  is kept) is dropped; `clean` returns it so the reader can say so at INFO.
"""

import secrets
from collections import Counter

import lxml.html
import nh3
from lxml import etree

TAGS = {
    "a", "abbr", "acronym", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption",
    "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
    "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "rtc",
    "ruby", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
}
GENERIC_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role"}
ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "time": {"datetime"}, "details": {"open"},
    "abbr": {"title"},
}
# No style attribute is kept: the pages' Content-Security-Policy would not apply it (Markdown's
# table alignment becomes a class, kbutil.safe_markdown). Nor `align`, obsolete in HTML.
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Removing these means the content tried to run, load or submit something.
ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "link", "base",
    "meta", "form", "input", "button", "select", "textarea", "svg", "math", "template", "noscript",
    "portal", "audio", "video", "source", "track", "param", "xml",
}
URL_ATTRIBUTES = {
    "href", "src", "cite", "action", "formaction", "poster", "background", "srcset", "data",
    "xlink:href", "codebase", "lowsrc", "dynsrc", "ping", "manifest", "longdesc", "usemap",
}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    clean_content_tags={"script", "style"},
    link_rel=None,
    strip_comments=True,
)


class UnsafeHTML(ValueError):
    """Content HTML held active markup; `items` says what, `needles` where to look for it."""

    def __init__(self, items, needles):
        self.items = items
        self.needles = needles
        super().__init__(describe(items))


def describe(items):
    """'removed <script>; onerror= on <img>' — at most five items, then a count."""
    shown = "; ".join(items[:5])
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    return (
        f"unsafe HTML the site does not publish: {shown}{more} "
        "(write Markdown; embed players and decks with [presentation: URL])"
    )


def clean(html):
    """Return (clean HTML, [inert markup dropped]); raise UnsafeHTML for active markup."""
    if not html:
        return html, []
    cleaned = _CLEANER.clean(html)
    if cleaned == html:
        return cleaned, []
    active, inert, needles = [], [], []
    for tag, attribute, value in removed(html, cleaned):
        kind, needle = classify(tag, attribute, value)
        (active if kind == "active" else inert).append(label(tag, attribute, value))
        if kind == "active":
            needles.extend(needle if isinstance(needle, list) else [needle])
    if active:
        raise UnsafeHTML(unique(active), needles)
    return cleaned, unique(inert)


def removed(before, after):
    """The (tag, attribute, value) of `before` that `after` lacks; attribute None for elements."""
    lost = inventory(before) - inventory(after)
    return sorted(lost.elements(), key=lambda item: (item[0], item[1] or "", item[2] or ""))


def inventory(html):
    """Count elements and (element, attribute, value) triples, as an HTML parser sees them."""
    counts = Counter()
    try:
        roots = lxml.html.fragments_fromstring(f"<div>{html}</div>")
    except (etree.ParserError, ValueError):
        return counts
    for root in roots:
        if not isinstance(root, etree._Element):
            continue
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue  # comments and processing instructions
            tag = node.tag.lower()
            counts[(tag, None, None)] += 1
            for name, value in node.attrib.items():
                name = name.lower()
                counts[(tag, name, style_key(value) if name == "style" else value)] += 1
    counts[("div", None, None)] -= 1  # the wrapper
    return +counts


def style_key(value):
    """What matters of a style attribute: whether it loads anything (`url(`); nh3 rewrites the rest."""
    return "url(" if "url(" in "".join(value.lower().split()) else ""


def classify(tag, attribute, value):
    """('active' or 'inert', a string to look for in the source)."""
    if attribute is None:
        return ("active" if tag in ACTIVE_TAGS else "inert"), f"<{tag}"
    if attribute.startswith("on"):
        return "active", attribute
    if attribute in URL_ATTRIBUTES and tag not in ACTIVE_TAGS:
        return "active", [value.strip()[:40], value.partition(":")[2].strip()[:40]]
    if attribute == "style" and value:
        return "active", "url("
    if attribute == "formaction":
        return "active", attribute
    return "inert", attribute


def label(tag, attribute, value):
    if attribute is None:
        return f"<{tag}>"
    if attribute == "style" and value:
        return f"style with url() on <{tag}>"
    if attribute in URL_ATTRIBUTES:
        return f"{attribute}='{printable(value)}' on <{tag}>"
    return f"{attribute}= on <{tag}>"


def printable(value):
    """An attribute value as a message may show it: controls visible, at most 60 characters."""
    shown = value.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= 60 else shown[:57] + "..."


def unique(items):
    return list(dict.fromkeys(items))


def find_line(text, needles):
    """The 1-based line of `text` holding the first needle found (case-insensitive), or None."""
    lowered = text.lower()
    for needle in needles:
        at = lowered.find(needle.lower()) if needle else -1
        if at >= 0:
            return lowered.count("\n", 0, at) + 1
    return None


def find_lines(text, needles):
    """Every 1-based line of `text` holding a needle (case-insensitive), in order, each once.

    The same markup written on several lines is one item of UnsafeHTML; this
    gives each place its own line, where find_line gives only the first.
    """
    lowered, lines = text.lower(), set()
    for needle in needles:
        needle = (needle or "").lower()
        at = lowered.find(needle) if needle else -1
        while at >= 0:
            lines.add(lowered.count("\n", 0, at) + 1)
            at = lowered.find(needle, at + len(needle))
    return sorted(lines)


class Fragments:
    """Our own trusted HTML, kept out of the sanitizer and put back after it.

    `add(html)` returns a token: letters and digits only, so Markdown keeps it
    as the text of a paragraph, and unguessable (a fresh random part per
    document), so content cannot name one. The token never reaches output:
    `restore` replaces every one, and a build is byte-identical whatever the
    random part was.
    """

    def __init__(self):
        self.reset()

    def reset(self):
        self.key = secrets.token_hex(16)
        self.items = []

    def add(self, html):
        self.items.append(html)
        return f"kbfragment{self.key}n{len(self.items) - 1}x"

    def restore(self, html):
        for number, fragment in enumerate(self.items):
            token = f"kbfragment{self.key}n{number}x"
            html = html.replace(f"<p>{token}</p>", fragment).replace(token, fragment)
        return html
