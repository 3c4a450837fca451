"""Link the first mention of each glossary term in a piece of HTML. Pure (lxml only).

One compiled regular expression holds every term and alias, folded into a trie
(`klout(?:\\s+scores?)?|…`), so a text is scanned once whatever the number of
terms, and the longest name wins where names overlap ("Klout score" before
"Klout"). Only text nodes change, never inside SKIP_TAGS; what the reader sees is
the same words, the first mention of each term replaced by the HTML the caller's
`tooltip` function renders (the theme's fragments/glossary/tooltip.html): a link
to the term with its definition in a tooltip,

    <span class="gloss"><a class="gloss-term" href="{filename}/glossary/klout-score.md"
      aria-describedby="gloss-tip-klout-score-1a2b3c">Klout</a><span class="gloss-tip"
      role="tooltip" id="gloss-tip-klout-score-1a2b3c" data-pagefind-ignore data-feed-ignore>…

The rendered HTML goes into the output as written: lxml holds a placeholder
comment in its place while it serializes the document.
"""

import re
import uuid
from dataclasses import dataclass
from html import escape

import lxml.etree
import lxml.html

# Never link inside these: code, links and other controls, headings, titles of works,
# foreign content. Nor inside an element that labels another (aria-labelledby).
SKIP_TAGS = frozenset({
    "a", "button", "label", "select", "option", "textarea", "summary",
    "code", "pre", "kbd", "samp", "var", "abbr", "dfn", "cite",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "script", "style", "template", "noscript", "iframe", "object", "embed", "video", "audio",
    "svg", "math", "title", "head",
})
SKIP_CLASSES = frozenset({"gloss", "gloss-tip", "gloss-term"})
# Copied through untouched (lxml's HTML serializer would change their case or spacing).
KEEP_TAGS = ("svg", "math", "pre", "script", "style", "textarea", "template")
RAW_TEXT = frozenset({"script", "style", "textarea"})
URL_ATTRIBUTES = ("href", "src", "action", "name")
KEEP_SCAN = re.compile(
    r"<!--.*?-->|<(?P<close>/)?(?P<tag>" + "|".join(KEEP_TAGS) + r")(?=[\s/>])[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# A name counts where it stands alone: not inside a longer word, a hyphenated
# compound, a #hashtag, an @handle, a path or a domain name.
BEFORE = r"(?<![\w@#/\-])(?<!\w\.)"
AFTER = r"(?![\w\-]|[.@/]\w)"


@dataclass(frozen=True)
class Entry:
    """What the linker needs to know of a term."""

    slug: str
    title: str
    definition: str
    href: str  # e.g. "{filename}/glossary/klout-score.md"
    label: str = ""  # the term as the tooltip names it (default: title)
    limited: bool = False  # linked only where the caller allows it (a term's Categories:/Tags:)


def norm(text):
    """How names compare: case-insensitive, any run of whitespace as one space."""
    return " ".join(text.split()).lower()


def trie_regex(names):
    """A regex source matching any of `names` (normalized), longest first, spaces as \\s+."""
    trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node):
        end = "" in node
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        if end:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


class Linker:
    """Links first mentions of the terms in `entries` ({normalized name: Entry}).

    `tooltip(entry=, words=, tip_id=, named=)` returns the HTML of one linked
    mention: `words` as written, `tip_id` unique on the page, `named` the term
    as the tooltip names it when `words` is an alias (else ""). It is called
    once per term and document at most (only first mentions are linked).
    """

    def __init__(self, entries, tooltip):
        self.tooltip = tooltip
        self.lookup = {norm(name): entry for name, entry in entries.items() if norm(name)}
        names = sorted(self.lookup, key=lambda n: (-len(n), n))
        self.pattern = (
            re.compile(f"{BEFORE}{trie_regex(names)}{AFTER}", re.IGNORECASE) if names else None
        )

    def link(self, html, exclude=(), id_suffix="", allowed=None):
        """Return (html with first mentions linked, [entries linked, in order]).

        `exclude`: entries never to link (a term on its own page). `allowed`: the
        limited entries this document may link (None: all of them); an unlimited
        entry is always allowed. `id_suffix` makes tooltip ids unique on pages
        that show several documents. When nothing is linked, the original `html`
        comes back unchanged.
        """
        if not html or self.pattern is None or not self.pattern.search(html):
            return html, []
        kept, source = _keep_aside(html)
        token = kept[0] if kept else uuid.uuid4().hex
        root = lxml.html.fragment_fromstring(source, create_parent="div")
        labels = {i for value in root.xpath("//@aria-labelledby") for i in value.split()}
        state = _State(self, set(exclude), id_suffix, labels, allowed, token)
        state.element(root)
        if not state.linked:
            return html, []
        urls = _stash_urls(root, token)
        lead = escape(root.text or "", quote=False)
        out = lead + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
        out = _put_tips(_restore_urls(out, urls), token, state.rendered)
        return _put_back(out, kept), state.linked


class _State:
    """One pass over one document: which terms are linked already."""

    def __init__(self, linker, exclude, suffix, labels=frozenset(), allowed=None, token=""):
        self.linker = linker
        self.token = token
        self.rendered = []  # the HTML of each linked mention, in the order of its placeholder
        self.labels = labels
        self.skip = exclude
        self.allowed = allowed
        self.done = set()
        self.linked = []
        self.suffix = suffix

    def element(self, element):
        """Link in `element`'s own text and, recursively, in its children (document order)."""
        children = list(element)
        if element.text:
            pieces = self.split(element.text)
            if pieces:
                element.text = pieces[0]
                for index, (node, tail) in enumerate(pieces[1]):
                    node.tail = tail
                    element.insert(index, node)
        for child in children:
            if isinstance(child.tag, str) and not skipped(child) and child.get("id") not in self.labels:
                self.element(child)
            if child.tail:
                pieces = self.split(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    at = element.index(child) + 1
                    for offset, (node, tail) in enumerate(pieces[1]):
                        node.tail = tail
                        element.insert(at + offset, node)

    def split(self, text):
        """None when `text` links nothing, else (text before, [(new element, text after)])."""
        before, inserted, position = None, [], 0
        for match in self.linker.pattern.finditer(text):
            entry = self.linker.lookup.get(norm(match.group()))
            if entry is None or entry in self.skip or entry in self.done:
                continue
            if entry.limited and self.allowed is not None and entry not in self.allowed:
                continue  # e.g. "superuser" in a post outside the term's Categories:
            self.done.add(entry)
            self.linked.append(entry)
            chunk = text[position:match.start()]
            if before is None:
                before = chunk
            else:
                inserted[-1] = (inserted[-1][0], chunk)
            inserted.append((self.markup(entry, match.group()), ""))
            position = match.end()
        if before is None:
            return None
        inserted[-1] = (inserted[-1][0], text[position:])
        return before, inserted

    def markup(self, entry, words):
        """A placeholder for the linked mention `words` of `entry`, its HTML rendered now."""
        tip_id = f"gloss-tip-{entry.slug}" + (f"-{self.suffix}" if self.suffix else "")
        named = "" if norm(words) == norm(entry.title) else (entry.label or entry.title)
        self.rendered.append(self.linker.tooltip(entry=entry, words=words, tip_id=tip_id, named=named))
        return lxml.etree.Comment(f"{self.token}:t{len(self.rendered) - 1}")


def skipped(element):
    """True for elements whose text is never linked (see SKIP_TAGS)."""
    if element.tag.lower() in SKIP_TAGS:
        return True
    if element.get("data-glossary", "").lower() == "off" or element.get("role") == "tooltip":
        return True
    classes = element.get("class")
    return bool(classes) and not SKIP_CLASSES.isdisjoint(classes.split())


def _keep_aside(html):
    """Swap each KEEP_TAGS element (outermost, balanced) for a comment; return (kept, html)."""
    kept, parts, position, token = [], [], 0, uuid.uuid4().hex
    scan = 0
    while True:
        match = KEEP_SCAN.search(html, scan)
        if match is None:
            break
        if not match["tag"] or match["close"]:
            scan = match.end()
            continue
        end = _closing(html, match)
        if end is None:
            scan = match.end()
            continue
        parts.append(html[position:match.start()])
        parts.append(f"<!--{token}:{len(kept)}-->")
        kept.append(html[match.start():end])
        position = scan = end
    if not kept:
        return [], html
    parts.append(html[position:])
    return (token, kept), "".join(parts)


def _closing(html, opening):
    """The end offset of the element `opening` starts, or None when it is never closed."""
    tag = opening["tag"].lower()
    if opening.group().endswith("/>") and tag not in RAW_TEXT:
        return opening.end()
    if tag in RAW_TEXT:
        close = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, opening.end())
        return close.end() if close else None
    depth, scan = 1, opening.end()
    while True:
        match = KEEP_SCAN.search(html, scan)
        if match is None:
            return None
        scan = match.end()
        if (match["tag"] or "").lower() != tag:
            continue
        if match["close"]:
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group().endswith("/>"):
            depth += 1


def _stash_urls(root, token):
    """Swap URL attributes for placeholders: lxml would percent-escape spaces and non-ASCII in them."""
    values = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, f"{token}-u{len(values)}")
                values.append(value)
    return token, values


def _restore_urls(html, urls):
    token, values = urls
    if not values:
        return html
    return re.sub(
        rf'"{token}-u(\d+)"', lambda m: '"' + escape(values[int(m[1])], quote=True) + '"', html
    )


def _put_tips(html, token, rendered):
    """Swap each placeholder comment of a linked mention for its rendered HTML."""
    return re.sub(rf"<!--{token}:t(\d+)-->", lambda m: rendered[int(m[1])], html)


def _put_back(html, kept):
    if not kept:
        return html
    token, pieces = kept
    return re.sub(rf"<!--{token}:(\d+)-->", lambda m: pieces[int(m[1])], html)
