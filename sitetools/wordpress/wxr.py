"""Read a WordPress eXtended RSS export (WXR 1.0 to 1.2) into plain records. No conversion here.

The export is RSS 2.0 with the namespaces wp: (http://wordpress.org/export/1.2/,
older exports 1.0 and 1.1), content:, excerpt: and dc:. It is parsed with
defusedxml and a DTD is refused outright: WordPress never writes one, and
refusing it keeps entity expansion (XML bombs) and external entities (local
files, network) out. Errors name the file and the line.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from . import WordPressError

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.[0-9]+/$")
ZERO_DATE = "0000-00-00 00:00:00"


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu item, revision..., as the export holds it."""

    line: int
    post_id: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_type: str
    status: str
    slug: str
    date: str
    date_gmt: str
    modified: str
    parent: str
    menu_order: int
    password: str
    attachment_url: str
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class Export:
    """The channel: site addresses, authors by login, and every item in export order."""

    path: Path
    version: str
    site_url: str
    blog_url: str
    link: str
    authors: dict
    items: list


class _LineTarget(TreeBuilder):
    """A TreeBuilder that remembers the line of every <item>, for messages."""

    def __init__(self):
        super().__init__()
        self.parser = None
        self.item_lines = []

    def start(self, tag, attrs):
        """Record where an item starts, then build the element as usual."""
        if tag == "item":
            self.item_lines.append(self.parser.parser.CurrentLineNumber)
        return super().start(tag, attrs)


def read_export(path):
    """Return the Export in the WXR file at `path`, or raise WordPressError naming file and line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise WordPressError(f"{path}: cannot read the export ({err.strerror or err})") from None
    root, lines = _parse(path, data)
    if root.tag != "rss":
        raise WordPressError(f"{path}:1: not a WordPress export (WXR): the root element is <{_local(root.tag)}>, "
                             "expected <rss> from Tools > Export")
    channel = root.find("channel")
    wp = _wp_namespace(root)
    if channel is None or wp is None:
        raise WordPressError(f"{path}:1: not a WordPress export (WXR): an RSS feed without the wp: namespace "
                             "(http://wordpress.org/export/1.2/); export with Tools > Export")
    items = [_item(element, wp, line) for element, line in zip(root.iter("item"), lines, strict=True)]
    return Export(
        path=path,
        version=_text(channel, f"{{{wp}}}wxr_version"),
        site_url=_text(channel, f"{{{wp}}}base_site_url"),
        blog_url=_text(channel, f"{{{wp}}}base_blog_url"),
        link=_text(channel, "link"),
        authors=_authors(channel, wp),
        items=items,
    )


def _parse(path, data):
    """Parse the bytes; return (root element, line of each <item>)."""
    if not data.strip():
        raise WordPressError(f"{path}:1: the file is empty, expected a WordPress export (WXR)")
    target = _LineTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    target.parser = parser
    try:
        parser.feed(data)
        return parser.close(), target.item_lines
    except ParseError as err:
        line = err.position[0]
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(err))
        if reason.startswith(("no element found", "unclosed token")):
            reason += " (the file ends too early: truncated?)"
        raise WordPressError(f"{path}:{line}: not well-formed XML: {reason}") from None
    except DefusedXmlException as err:
        line = parser.parser.CurrentLineNumber
        raise WordPressError(f"{path}:{line}: refused: {_defused_reason(err)}; a WordPress export has none") \
            from None


def _defused_reason(err):
    """Say what defusedxml refused, in words."""
    name = type(err).__name__
    if name == "DTDForbidden":
        return "a <!DOCTYPE> (document type definition)"
    if name == "EntitiesForbidden":
        return f"an entity declaration ({err.name!r})"
    if name == "ExternalReferenceForbidden":
        return "an external reference"
    return f"unsafe XML ({name})"


def _wp_namespace(root):
    """Return the export's wp: namespace URI, whichever WXR version wrote it, else None."""
    for element in root.iter():
        if element.tag.startswith("{"):
            uri = element.tag[1:].split("}", 1)[0]
            if WP_NAMESPACE.match(uri):
                return uri
    return None


def _item(element, wp, line):
    """Return the Item of one <item> element."""
    def text(tag):
        return _text(element, tag)

    excerpt_ns = wp.rstrip("/") + "/excerpt/"
    meta = {}
    for entry in element.findall(f"{{{wp}}}postmeta"):
        meta[_text(entry, f"{{{wp}}}meta_key")] = _text(entry, f"{{{wp}}}meta_value")
    categories, tags = [], []
    for category in element.findall("category"):
        name = " ".join((category.text or "").split())
        domain = category.get("domain", "category")
        if name and domain == "category" and name not in categories:
            categories.append(name)
        elif name and domain == "post_tag" and name not in tags:
            tags.append(name)
    try:
        menu_order = int(text(f"{{{wp}}}menu_order") or 0)
    except ValueError:
        menu_order = 0
    return Item(
        line=line,
        post_id=text(f"{{{wp}}}post_id").strip(),
        title=text("title"),
        link=text("link").strip(),
        creator=text(f"{{{DC}}}creator").strip(),
        content=text(f"{{{CONTENT}}}encoded"),
        excerpt=text(f"{{{excerpt_ns}}}encoded"),
        post_type=text(f"{{{wp}}}post_type").strip() or "post",
        status=text(f"{{{wp}}}status").strip(),
        slug=text(f"{{{wp}}}post_name").strip(),
        date=text(f"{{{wp}}}post_date").strip(),
        date_gmt=text(f"{{{wp}}}post_date_gmt").strip(),
        modified=text(f"{{{wp}}}post_modified").strip(),
        parent=text(f"{{{wp}}}post_parent").strip(),
        menu_order=menu_order,
        password=text(f"{{{wp}}}post_password"),
        attachment_url=text(f"{{{wp}}}attachment_url").strip(),
        categories=categories,
        tags=tags,
        meta=meta,
    )


def _authors(channel, wp):
    """Return {login: display name} from the channel's <wp:author> entries."""
    authors = {}
    for author in channel.findall(f"{{{wp}}}author"):
        login = _text(author, f"{{{wp}}}author_login").strip()
        name = " ".join(_text(author, f"{{{wp}}}author_display_name").split())
        if login:
            authors[login] = name or login
    return authors


def _text(element, tag):
    """The text of the first child `tag` of `element` (CDATA included), or ''."""
    child = element.find(tag)
    return "" if child is None or child.text is None else child.text


def _local(tag):
    """A tag without its {namespace}."""
    return tag.rsplit("}", 1)[-1]
