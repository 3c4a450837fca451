"""Backlinks: for every page, the pages whose content links to it. Pure.

Links count in both forms authors write: Pelican's `{filename}path.md` (and
`|filename|`) and plain internal URLs (relative, site-absolute, or starting
with SITEURL). Work grows with the number of links, not pages squared.
"""

import posixpath
import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

HREF = re.compile(r"""\bhref\s*=\s*(["'])(?P<href>[^"']*)\1""", re.IGNORECASE)
INTRASITE = re.compile(r"^[{|](?P<what>filename|static|attach)[}|](?P<path>.*)$")


def url_key(url):
    """A URL path as a lookup key: no leading slash, no index.html, no fragment."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def resolve(page_url, path):
    """The site path that `path`, written on the page at `page_url`, points at."""
    base = "/" + page_url
    folder = base if base.endswith("/") else posixpath.dirname(base).rstrip("/") + "/"
    absolute = posixpath.normpath(posixpath.join(folder, path))
    return absolute + "/" if path.endswith("/") and not absolute.endswith("/") else absolute


def link_targets(html, source_url, source_dir, by_path, by_url, site_url=""):
    """Yield the objects that the links in `html` point at (each href resolved once)."""
    for match in HREF.finditer(html or ""):
        href = match["href"].strip()
        intrasite = INTRASITE.match(href)
        if intrasite:
            if intrasite["what"] == "filename":
                path = urlsplit(intrasite["path"]).path
                path = path[1:] if path.startswith("/") else posixpath.join(source_dir, path)
                target = by_path.get(posixpath.normpath(unquote(path)))
                if target is not None:
                    yield target
            continue
        if site_url and href.startswith(site_url):
            href = "/" + href[len(site_url):].lstrip("/")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = by_url.get(url_key(resolve(source_url, parts.path)))
        if target is not None:
            yield target


def backlinks(items, site_url=""):
    """Map id(target) -> [sources linking to it]; items are (obj, html, source_dir, path)."""
    by_path = {path: obj for obj, _, _, path in items if path}
    by_url = {url_key(obj.url): obj for obj, _, _, _ in items}
    found = defaultdict(dict)
    for obj, html, source_dir, _ in items:
        for target in link_targets(html, obj.url, source_dir, by_path, by_url, site_url):
            if target is not obj:
                found[id(target)][id(obj)] = obj
    return {key: list(sources.values()) for key, sources in found.items()}
