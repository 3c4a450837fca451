"""sitemap.xml and robots.txt, from the pages a build wrote. Pure: no Pelican import.

The generator records every HTML page Pelican's writer writes (see
generator.record_written); at the end of the build these functions turn the
public ones into the sitemap. Locations are URIs, entity-escaped, as
sitemaps.org asks: a page at `2024/03/comunidade-versão/` is listed as
`…/2024/03/comunidade-vers%C3%A3o/` (`check_sitemap` finds one that is not).
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
ROBOTS_NAME = re.compile(r"""\bname\s*=\s*["']?robots\b""", re.IGNORECASE)
NOINDEX = re.compile(r"""\bcontent\s*=\s*["'][^"']*\bnoindex\b""", re.IGNORECASE)
HEAD_END = "</head>"
XML_ENTITIES = {"'": "&apos;", '"': "&quot;"}  # besides & < >, which escape() always does
# RFC 3986 characters besides letters, digits and "-._~"; a "%" only starts an escape.
URI = re.compile(r"^https?://(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")
PATH_SAFE = "/!$&'()*+,;=:@~"  # what a path keeps as it is; "%" and the rest are encoded
MAX_URLS = 50000  # per sitemap file (sitemaps.org)


def site_uri(siteurl):
    """SITEURL as a URI: an IDN host in ASCII, its path percent-encoded (an ASCII URL is kept)."""
    parts = urlsplit(siteurl.rstrip("/"))
    host = parts.netloc
    if not host.isascii():
        name, colon, port = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
        try:
            host = name.encode("idna").decode("ascii") + colon + port
        except UnicodeError:
            host = quote(host, safe=":@")
    path = parts.path if parts.path.isascii() and " " not in parts.path else quote(parts.path, safe=PATH_SAFE + "%")
    return f"{parts.scheme}://{host}{path}"


def page_url(siteurl, save_as):
    """The absolute URL of an output file, as its canonical link gives it, as a URI.

    The file's path is percent-encoded as UTF-8 (a literal "%" in a file name too),
    so unquoting the URL's path gives the file back.
    """
    if save_as == "index.html" or save_as.endswith("/index.html"):
        save_as = save_as[: -len("index.html")]
    return f"{site_uri(siteurl)}/{quote(save_as, safe=PATH_SAFE)}"


def content_date(item):
    """A post's or page's last change: Modified:, else Date:, else None."""
    return getattr(item, "modified", None) or getattr(item, "date", None)


def newest(items):
    """The latest content_date of `items` (None for none)."""
    dates = [d for d in map(content_date, items) if d is not None]
    return max(dates) if dates else None


def w3c_date(value):
    """A datetime as the sitemap wants it: 2011-10-28T10:00:00+00:00 (a date without a zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def is_excluded(save_as, patterns):
    """True when a pattern names the file or (ending in '/') a folder above it."""
    for pattern in patterns:
        if pattern.endswith("/") and save_as.startswith(pattern):
            return True
        if save_as == pattern:
            return True
    return False


def url_entries(pages, siteurl):
    """[(url, lastmod or None)] sorted by URL, from {save_as: datetime or None}."""
    return sorted((page_url(siteurl, save_as), w3c_date(when)) for save_as, when in pages.items())


def urlset(entries):
    """A <urlset> document for [(url, lastmod or None)]."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url, lastmod in entries:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(url, XML_ENTITIES)}</loc>{modified}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(urls):
    """A <sitemapindex> document listing the sitemap files at `urls`."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [f"<sitemap><loc>{escape(url, XML_ENTITIES)}</loc></sitemap>" for url in urls]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_files(entries, save_as, siteurl, max_urls):
    """{save_as: text}: one urlset, or an index at `save_as` over numbered parts."""
    if len(entries) <= max_urls:
        return {save_as: urlset(entries)}
    stem, dot, ext = save_as.rpartition(".")
    stem, ext = (stem, f".{ext}") if dot else (save_as, "")
    files, part_urls = {}, []
    for number, start in enumerate(range(0, len(entries), max_urls), start=1):
        name = f"{stem}-{number}{ext}"
        files[name] = urlset(entries[start : start + max_urls])
        part_urls.append(page_url(siteurl, name))
    files[save_as] = sitemap_index(part_urls)
    return files


def check_sitemap(text, siteurl):
    """The problems of a sitemap or sitemap index document (text); [] when there are none.

    Checked: well-formed XML in the sitemaps.org namespace, at most 50,000 locations,
    each an absolute http(s) URI (no raw non-ASCII characters or spaces) below `siteurl`.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        return [f"not well-formed XML: {err}"]
    if root.tag not in (f"{{{SITEMAP_NS}}}urlset", f"{{{SITEMAP_NS}}}sitemapindex"):
        return [f"root element is {root.tag!r}, not a sitemaps.org urlset or sitemapindex"]
    locs = [(loc.text or "") for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    problems = [] if len(locs) <= MAX_URLS else [f"{len(locs)} locations, more than {MAX_URLS}"]
    base = site_uri(siteurl) + "/"
    for loc in locs:
        if not URI.match(loc):
            problems.append(f"<loc> {loc!r} is not an absolute URI: percent-encode non-ASCII characters and spaces")
        elif not loc.startswith(base):
            problems.append(f"<loc> {loc!r} is not below the site's address {base!r}")
    return problems


def says_noindex(html):
    """True when the HTML has <meta name="robots" content="...noindex...">."""
    return any(ROBOTS_NAME.search(tag) and NOINDEX.search(tag) for tag in META_TAG.findall(html))


def page_says_noindex(path, chunk=8192):
    """says_noindex for the <head> of a written page, read only up to </head>."""
    parts, carry, keep = [], "", len(HEAD_END) - 1
    with open(path, encoding="utf-8", errors="replace") as handle:
        for part in iter(lambda: handle.read(chunk), ""):
            window = carry + part
            end = window.lower().find(HEAD_END)
            if end >= 0:
                parts.append(window[:end])
                break
            cut = max(len(window) - keep, 0)
            parts.append(window[:cut])
            carry = window[cut:]
        else:
            parts.append(carry)
    return says_noindex("".join(parts))


def robots_txt(sitemap_url=None):
    """robots.txt allowing everything; with the sitemap's address when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
