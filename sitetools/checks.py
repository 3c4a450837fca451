"""What must hold for a built site before any of it is uploaded.

- every internal link and asset (href, src, srcset, poster in every HTML
  file; links in feeds and sitemaps) resolves to a file of the build;
- every feed is valid;
- no draft, hidden or future-dated post is anywhere in the output: its slug
  in no file name and no link, its title in no file.

`run_checks(output, site_url, content, layout)` returns the problems as lines
of a report; an empty list means the build may go live. `layout` (a Layout,
from `read_layout(settings file)`) says which folders of the content hold
posts and pages and which URL folders are named by other things' slugs, as
the Pelican settings of the build say; without it, the layout of pelicanconf.py
when these checks were written.
"""

import datetime
import gzip
import html
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kbutil.config import default_of
from kbutil.frontmatter import read_front_matter
from kbutil.header import read_header as read_header_lines

ATOM = "{http://www.w3.org/2005/Atom}"
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".js", ".txt", ".xsl", ".css", ".csv"}
URL_ATTRIBUTES = ("href", "src", "poster")
# Links that never point at a file of the site.
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "about:", "blob:")
CONTENT_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".rst", ".recap"}
MAX_SHOWN = 5
GZIP_MAGIC = b"\x1f\x8b"
MAX_COMPRESSED = 20 * 1024 * 1024


def run_checks(output, site_url, content, layout=None):
    """Every problem of the build in `output`, as report lines; [] when it may go live."""
    output = Path(output)
    problems = []
    problems += check_links(output, site_url)
    problems += check_feeds(output, site_url)
    problems += check_unpublished(output, site_url, content, layout)
    return problems


# ---------------------------------------------------------------- the content layout


@dataclass(frozen=True)
class Layout:
    """Where posts and pages are (folders relative to the content) and which URL folders name other things.

    A file is a post when it lies in an article folder and in no excluded
    one; a page when it lies in a page folder (a hidden page is published on
    purpose, e.g. the 404 page). `slug_folders` are the first URL segments of
    pages named by a tag's, category's, author's, person's or deck's slug: a
    post's slug there is not the post.
    """

    article_paths: tuple = ("",)
    page_paths: tuple = ("pages",)
    excluded: tuple = ("presentations", "images", "extra")
    slug_folders: frozenset = frozenset({"tag", "category", "author", "people", "presentations"})

    def kind(self, rel):
        """"post", "page" or None for a content-relative POSIX path."""
        if any(under(rel, folder) for folder in self.page_paths):
            return "page"
        if any(under(rel, folder) for folder in self.excluded):
            return None
        return "post" if any(under(rel, folder) for folder in self.article_paths) else None


def under(rel, folder):
    """Whether `rel` lies in `folder` ("" is the whole content folder)."""
    folder = folder.strip("/")
    return not folder or rel == folder or rel.startswith(folder + "/")


def first_segment(url):
    """'tag' for 'tag/{slug}/'; None for a pattern whose first segment is the slug itself."""
    segment = str(url or "").strip("/").split("/")[0]
    return segment if segment and "{" not in segment else None


def layout_from_settings(settings):
    """The Layout of a build with Pelican settings `settings` (plugin settings at their defaults if unset)."""
    def plugin_setting(plugin, name):
        if name in settings:
            return settings[name]
        module = __import__(f"{plugin}.settings", fromlist=["SETTINGS"])
        return default_of(module.SETTINGS, name)

    own_folders = [plugin_setting("presentations", "PRESENTATIONS_PATH"), plugin_setting("glossary", "GLOSSARY_PATH")]
    excluded = [*settings.get("ARTICLE_EXCLUDES", ()), *settings.get("STATIC_PATHS", ()), *own_folders]
    urls = [settings.get(key) for key in ("TAG_URL", "CATEGORY_URL", "AUTHOR_URL")]
    urls += [plugin_setting("chat_recaps", "RECAPS_PEOPLE_URL"), plugin_setting("presentations", "PRESENTATIONS_URL")]
    return Layout(
        article_paths=tuple(settings.get("ARTICLE_PATHS") or ("",)),
        page_paths=tuple(settings.get("PAGE_PATHS") or ()),
        excluded=tuple(folder for folder in excluded if folder),
        slug_folders=frozenset(filter(None, map(first_segment, urls))),
    )


def read_layout(settings_file, site_url=None):
    """(content folder, Layout) of the build `settings_file` describes, read as Pelican reads it."""
    from pelican.settings import read_settings

    with environment(SITEURL=site_url):  # publishconf.py takes SITEURL from the environment
        settings = read_settings(str(settings_file))
    return Path(settings_file).resolve().parent / settings["PATH"], layout_from_settings(settings)


@contextmanager
def environment(**values):
    """Set the environment variables in `values` (None: leave alone) for the duration."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update({name: value for name, value in values.items() if value is not None})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ---------------------------------------------------------------- links


class LinkCollector(HTMLParser):
    """Collect (line, tag, attribute, value) for every link-bearing attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if not value:
                continue
            if name in URL_ATTRIBUTES:
                self.found.append((line, tag, name, value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.found.append((line, tag, name, url))

    handle_startendtag = handle_starttag


def html_links(path):
    parser = LinkCollector()
    parser.feed(Path(path).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.found


def page_url(output, file):
    """The site-relative URL of a built file; index.html stands for its folder."""
    rel = Path(file).relative_to(output).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def site_relative(link, site_url):
    """For a link under `site_url` return its site-relative path (and query/fragment), else None."""
    if not link.startswith(site_url):
        return None
    rest = link[len(site_url):]
    if rest and rest[0] not in "/?#":
        return None  # https://example.org/blogroll is not under https://example.org/blog
    return "/" + rest.lstrip("/")


def resolve(output, file, link, site_url):
    """The file of the build that `link` (found in `file`) points at.

    Returns None for a link to elsewhere (another host, mailto:, a fragment
    of the same page), else (path, reason): path is the file it must be,
    reason says why it cannot be one (escapes the site, outside SITEURL).
    """
    if link.startswith("#") or link.lower().startswith(SKIPPED_SCHEMES):
        return None
    inside = site_relative(link, site_url)
    if inside is not None:
        link = inside
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        prefix = urlsplit(site_url).path.rstrip("/")
        if inside is None and prefix:
            if path != prefix and not path.startswith(prefix + "/"):
                return Path(output) / path.lstrip("/"), f"is outside the site's path {prefix}/"
            path = path[len(prefix):] or "/"
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        base = posixpath.dirname(page_url(output, file))
        target = posixpath.normpath(posixpath.join(base, path))
    if target == ".." or target.startswith("../"):
        return Path(output) / target, "points above the site's root"
    resolved = Path(output) / target
    if path.endswith("/") or target == "." or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, ""


def check_links(output, site_url):
    problems = []
    for file in sorted(output.rglob("*")):
        if file.suffix in (".html", ".htm"):
            links = [(line, f"<{tag} {name}>", value) for line, tag, name, value in html_links(file)]
        elif file.suffix == ".xml":
            links = xml_links(file)
        else:
            continue
        for line, where, value in links:
            found = resolve(output, file, value, site_url)
            if found is None:
                continue
            target, reason = found
            if not reason and target.is_file():
                continue
            rel = file.relative_to(output).as_posix()
            why = reason or f"no file {target.relative_to(output).as_posix()} in the build"
            at = f"{rel}:{line}" if line else rel
            problems.append(f"broken link: {at}: {where} {value!r}: {why}")
    return problems


def xml_links(path):
    """Links to the site in a feed or sitemap: Atom link/@href, RSS <link>, sitemap <loc>."""
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        return []  # reported by the feed check
    links = []
    for element in tree.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "link" and element.get("href"):
            links.append((0, "<link href>", element.get("href").strip()))
        elif name in ("link", "loc") and element.text and element.text.strip():
            links.append((0, f"<{name}>", element.text.strip()))
    # Feeds only link to pages by absolute URL; relative values are not links here.
    return [(line, where, value) for line, where, value in links if urlsplit(value).scheme]


# ---------------------------------------------------------------- feeds


def feed_errors(path, site_url):
    """The problems of one feed: the feed_extras validator when it exists, else XML well-formedness."""
    try:
        from feed_extras.validate import validate_file
    except ImportError as error:
        if error.name not in ("feed_extras", "feed_extras.validate"):
            raise
        return xml_errors(path)
    return list(validate_file(path, site_url))


def xml_errors(path):
    """Well-formedness only: what can be checked without the feed validator."""
    try:
        if Path(path).suffix == ".json":
            json.loads(Path(path).read_text(encoding="utf-8"))
        else:
            ET.parse(path)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    except (ValueError, UnicodeDecodeError) as error:
        return [f"not valid JSON: {error}"]
    return []


def is_feed(path):
    """Atom, RSS or JSON Feed; a file that cannot be parsed counts, so that it is reported."""
    path = Path(path)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return path.parent.name == "feeds" or "feeds" in path.parts
        return isinstance(data, dict) and str(data.get("version", "")).startswith("https://jsonfeed.org/version/")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return True
    return root.tag in ("rss", f"{ATOM}feed")


def check_feeds(output, site_url):
    """Every feed valid; every other XML file (a sitemap) at least well-formed."""
    problems = []
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".xml", ".json") or not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        if is_feed(path):
            errors = feed_errors(path, site_url)
        elif path.suffix == ".xml":
            errors = xml_errors(path)
        else:
            continue  # other JSON (a search index) is the site's own business
        problems += [f"invalid feed: {rel}: {error}" for error in errors]
    return problems


# ---------------------------------------------------------------- unpublished posts


def read_header(path):
    """The metadata header of a content file (keys lower-case): `Key: value` lines up to the first
    blank line, a `---` YAML header read as the build reads it (`draft: true` is a draft), or the
    `:key: value` fields of a reStructuredText file."""
    lines = Path(path).read_text(encoding="utf-8", errors="replace").lstrip("\ufeff").splitlines()
    if Path(path).suffix == ".rst":
        return rst_fields(lines)
    try:
        front = read_front_matter(path, lines)
    except ValueError:  # an unreadable header: the build refuses the file, so it is published nowhere
        return {}
    if front is not None:
        return dict(front.meta)
    return read_header_lines(lines)[0]


RST_FIELD = re.compile(r"^:(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*)$")


def rst_fields(lines):
    """The docinfo fields (`:status: draft`) after a reStructuredText file's title."""
    meta, started = {}, False
    titled = [line.strip() for line in lines[:3] if line.strip()]
    if len(titled) >= 2 and set(titled[1]) <= set("=-~#*^+\"'`:._") and len(titled[1]) >= len(titled[0]):
        meta["title"] = titled[0]  # the title, with its underline
    for line in lines:
        match = RST_FIELD.match(line)
        if match:
            started = True
            meta[match["key"].lower()] = match["value"].strip()
        elif started and line.strip():
            break
    return meta


def parse_date(text, timezone):
    """A header date as an aware datetime (the file's Timezone, else UTC); None if unreadable."""
    try:
        from pelican.utils import get_date

        date = get_date(text)
    except (ValueError, OverflowError, ImportError):
        return None
    if date.tzinfo is None:
        try:
            zone = ZoneInfo(timezone) if timezone else datetime.UTC
        except (ZoneInfoNotFoundError, ValueError):
            zone = datetime.UTC
        date = date.replace(tzinfo=zone)
    return date


def make_slug(title):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def unpublished(content, now=None, layout=None):
    """Every draft, hidden or future-dated post in `content`: dicts with file, why, title, slug."""
    content, layout = Path(content), layout or Layout()
    now = now or datetime.datetime.now(datetime.UTC)
    found = []
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content)
        kind = layout.kind(rel.as_posix())
        if path.suffix not in CONTENT_SUFFIXES or not path.is_file() or kind is None:
            continue
        meta = read_header(path)
        status = meta.get("status", "").lower()
        is_page = kind == "page"
        why = ""
        if status == "draft":
            why = "draft"
        elif status == "hidden" and not is_page:
            why = "hidden"
        elif meta.get("date"):
            date = parse_date(meta["date"], meta.get("timezone", ""))
            if date and date > now:
                why = f"dated {meta['date']}, in the future"
        if not why:
            continue
        title = meta.get("title", "")
        slug = meta.get("slug", "") or (make_slug(title) if title else "")
        found.append({
            "file": (content.name / rel).as_posix(),
            "why": why,
            "title": title,
            "slug": slug,
            "save_as": meta.get("save_as", ""),
        })
    return found


def slug_in_path(url_path, slug, slug_folders=Layout.slug_folders):
    """Whether a site-relative path names the post `slug` (a folder or a file called so)."""
    segments = [s for s in url_path.split("/") if s]
    for index, segment in enumerate(segments):
        stem = segment.split(".", 1)[0]
        if slug not in (segment, stem):
            continue
        before = segments[:index]
        if before and before[-1] in slug_folders:
            continue
        if len(before) >= 2 and before[-2] == "feeds" and before[-1] in slug_folders:
            continue
        return True
    return False


def text_files(output):
    """(path, text) of every text file, and of every gzip-compressed one (search index fragments)."""
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix.lower() in TEXT_SUFFIXES:
            yield path, path.read_text(encoding="utf-8", errors="replace")
            continue
        with open(path, "rb") as handle:
            compressed = handle.read(2) == GZIP_MAGIC
        if compressed and path.stat().st_size <= MAX_COMPRESSED:
            try:
                yield path, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            except (OSError, EOFError):
                continue


URLISH = re.compile(
    r"""(?:href|src|poster|action)\s*=\s*["']([^"']+)["']"""  # attribute values
    r"""|(https?:(?:\\?/){2}[^\s"'<>)\\]+(?:\\/[^\s"'<>)\\]*)*)"""  # absolute URLs, also JSON-escaped
    r"""|["'](/[^"'\s<>]*)["']"""  # quoted root-relative paths ("url": "/2011/...")
)


def urls_in(text):
    """Every link-like string of a text file: attribute values and absolute http(s) URLs."""
    for match in URLISH.finditer(text):
        value = match.group(1) or match.group(2) or match.group(3)
        yield value.replace("\\/", "/")


def title_forms(title):
    forms = {title, html.escape(title), html.escape(title, quote=False), json.dumps(title)[1:-1]}
    return {form for form in forms if form}


def check_unpublished(output, site_url, content, layout=None):
    """Report every trace of a draft, hidden or future-dated post in the build."""
    layout = layout or Layout()
    posts = unpublished(content, layout=layout)
    if not posts:
        return []
    files = list(text_files(output))
    all_paths = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    problems = []
    for post in posts:
        slug, title = post["slug"], post["title"]
        traces = []
        if slug:
            traces += [f"file {p}" for p in all_paths if slug_in_path(p, slug, layout.slug_folders)]
        if post["save_as"] and (output / post["save_as"]).exists():
            traces.append(f"file {post['save_as']}")
        forms = title_forms(title) if title else set()
        for path, text in files:
            rel = path.relative_to(output).as_posix()
            if slug and slug in text:
                for url in urls_in(text):
                    inside = site_relative(url, site_url)
                    if inside is None and urlsplit(url).scheme:
                        continue
                    url_path = urlsplit(inside if inside is not None else url).path
                    if slug_in_path(url_path, slug, layout.slug_folders):
                        traces.append(f"link {url} in {rel}")
                        break
            if any(form in text for form in forms):
                traces.append(f"title in {rel}")
        if traces:
            shown = traces[:MAX_SHOWN]
            more = f" (and {len(traces) - MAX_SHOWN} more)" if len(traces) > MAX_SHOWN else ""
            problems.append(
                f"unpublished post in the build: {post['file']} ({post['why']}; "
                f"title {title!r}, slug {slug!r}): " + "; ".join(shown) + more
            )
    return problems
