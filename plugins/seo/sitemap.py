"""sitemap.xml and robots.txt, from the pages a build wrote. Pure: no Pelican import.

The generator records every HTML page Pelican's writer writes (see
generator.record_written); at the end of the build these functions turn the
public ones into the sitemap.
"""

import re
from xml.sax.saxutils import escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
ROBOTS_NAME = re.compile(r"""\bname\s*=\s*["']?robots\b""", re.IGNORECASE)
NOINDEX = re.compile(r"""\bcontent\s*=\s*["'][^"']*\bnoindex\b""", re.IGNORECASE)
HEAD_END = "</head>"


def page_url(siteurl, save_as):
    """The absolute URL of an output file, as its canonical link gives it."""
    if save_as == "index.html" or save_as.endswith("/index.html"):
        save_as = save_as[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{save_as}"


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
        lines.append(f"<url><loc>{escape(url)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(urls):
    """A <sitemapindex> document listing the sitemap files at `urls`."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in urls]
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
        part_urls.append(f"{siteurl.rstrip('/')}/{name}")
    files[save_as] = sitemap_index(part_urls)
    return files


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
