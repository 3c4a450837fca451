"""An independent check that built files hold nothing active a reader's browser would run or load.

It parses HTML as a browser does (html5lib, the WHATWG algorithm), feeds as
XML with their HTML content parsed again, and JSON Feeds' HTML fields, and
lists every script, handler, frame, form, stylesheet, base and URL that could
run code or reach another host. The site's own markup (its scripts and
stylesheets under the site, JSON-LD, the search form, the click-to-load
players kept inside <template>) is what it allows; nothing else.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from lxml import etree

PLAYER_HOSTS = {
    "www.slideshare.net", "speakerdeck.com", "docs.google.com", "www.youtube-nocookie.com",
    "player.vimeo.com", "www.canva.com", "onedrive.live.com", "www.figma.com",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "srcset", "data", "background",
                  "cite", "xlink:href", "ping", "codebase", "longdesc", "lowsrc", "dynsrc"}
NEVER = {"style", "object", "embed", "applet", "frame", "frameset", "base", "portal", "math"}
LOADING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "import", "manifest", "dns-prefetch",
                "preconnect", "prerender"}


def scheme(value):
    """The URL scheme a browser would see: controls and whitespace removed, lower case."""
    compact = "".join(ch for ch in value if ord(ch) > 32 and ch != "\x7f").lower()
    head, colon, _ = compact.partition(":")
    return head if colon and "/" not in head and "?" not in head and "#" not in head else ""


def foreign(value, site_url=""):
    """True when `value` points at another host than the site."""
    if site_url and value.startswith(site_url):
        return False
    parts = urlsplit(value.strip())
    return bool(parts.netloc) or value.strip().startswith("//")


def local_name(tag):
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def active_in_html(text, site_url="", fragment=False):
    """Describe every active thing in an HTML document (or fragment); [] when inert."""
    if fragment:
        text = f"<!DOCTYPE html><body>{text}"
    tree = html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False)
    found = []
    for node in tree.getroot().iter():
        found += active_element(node, site_url)
    return found


def ancestors(node):
    parent = node.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def active_element(node, site_url):
    tag = local_name(node.tag)
    if not tag:
        return []
    found = []
    attrs = {local_name(k) if "}" in str(k) else str(k).lower(): v for k, v in node.attrib.items()}
    for name, value in attrs.items():
        if name.startswith("on"):
            found.append(f"<{tag} {name}=...>")
        if name in URL_ATTRIBUTES and scheme(value) in {"javascript", "vbscript", "data", "livescript"}:
            found.append(f"<{tag} {name}={value[:40]!r}>")
        if name == "style" and "url(" in value.replace(" ", "").lower():
            found.append(f"<{tag} style with url()>")
        if name == "formaction":
            found.append(f"<{tag} formaction>")
        if name == "srcdoc":
            found.append(f"<{tag} srcdoc>")
    if tag in NEVER:
        found.append(f"<{tag}>")
    elif tag == "script" and not (attrs.get("type") == "application/ld+json" or
                                  (attrs.get("src") and not foreign(attrs["src"], site_url))):
        found.append(f"<script {attrs.get('src', 'inline')}>")
    elif tag == "iframe" and not in_player_template(node, attrs):
        found.append(f"<iframe {attrs.get('src', '')[:60]}>")
    elif tag == "link" and LOADING_RELS & set(attrs.get("rel", "").lower().split()) and \
            foreign(attrs.get("href", ""), site_url):
        found.append(f"<link {attrs.get('rel')} {attrs.get('href')}>")
    elif tag == "form" and foreign(attrs.get("action", ""), site_url):
        found.append(f"<form action={attrs.get('action')}>")
    elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh" and \
            scheme(attrs.get("content", "").partition("url=")[2]) not in {"", "http", "https"}:
        found.append("<meta refresh to a script>")
    return found


def in_player_template(node, attrs):
    """A player's iframe kept inside <template> until the reader clicks, from a known host."""
    src = attrs.get("src", "")
    parts = urlsplit(src)
    in_template = any(local_name(a.tag) == "template" for a in ancestors(node))
    return in_template and parts.scheme == "https" and parts.hostname in PLAYER_HOSTS


def active_in_feed(data, site_url=""):
    """Active things in the HTML carried by an Atom or RSS feed."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    found = []
    for node in root.iter():
        if local_name(node.tag) in {"content", "summary", "description", "subtitle"} and node.text:
            found += active_in_html(node.text, site_url, fragment=True)
    return found


def active_in_json_feed(text, site_url=""):
    found = []
    for item in json.loads(text).get("items", []):  # summary and title are plain text
        if isinstance(item.get("content_html"), str):
            found += active_in_html(item["content_html"], site_url, fragment=True)
    return found


def active_in_site(output, site_url=""):
    """{relative file: [active things]} for every HTML page and feed under `output`."""
    report = {}
    for path in sorted(Path(output).rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        if name.endswith(".html"):
            found = active_in_html(path.read_text(encoding="utf-8"), site_url)
        elif name.endswith((".atom.xml", ".rss.xml")):
            found = active_in_feed(path.read_bytes(), site_url)
        elif name.endswith(".json") and "feeds" in path.parts:
            found = active_in_json_feed(path.read_text(encoding="utf-8"), site_url)
        else:
            continue
        if found:
            report[path.relative_to(output).as_posix()] = found
    return report
