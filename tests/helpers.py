"""Building the site and reading it the way a reader's browser would."""

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_URL = "https://example.org/blog"
# The sample site the tests describe: a copy of content/ as it was when they were written.
# Tests read and build this, never the owner's content/, so a new post cannot break them.
SITE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"


PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py")
PROJECT_FOLDERS = ("theme", "plugins", "sitetools")
# What earlier builds kept (compiled templates, social cards): a copy starts with it, as a moved
# project would. Both are checked against their sources (template_cache, seo.cards).
BUILD_CACHE = Path("cache")


def copy_project(folder, content=SITE_CONTENT):
    """Copy the project into `folder`, with `content` (default: the sample site) as its content/; return `folder`.

    With content=None the copy has no content/ yet.
    """
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, folder / name)
    for name in PROJECT_FOLDERS:  # with their bytecode (valid: copies keep mtimes), not Python's half-written files
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("*.pyc.*"))
    copy_build_cache(folder)
    if content is not None:
        shutil.copytree(content, folder / "content")
    return folder


def copy_build_cache(folder):
    """Give the project copy in `folder` what this project's builds have cached so far."""
    if (ROOT / BUILD_CACHE).is_dir():
        # Not the reader cache (cache/content): it is keyed by the content folder's path, which a copy changes.
        shutil.copytree(ROOT / BUILD_CACHE, folder / BUILD_CACHE, ignore=shutil.ignore_patterns("*.tmp", "content"))


def run_pelican(output, settings="pelicanconf.py", content=None, env=None, cwd=ROOT, extra=()):
    """Run Pelican as `invoke build` does; return the finished process.

    Without `content`, a build from the project itself reads the sample site
    (SITE_CONTENT); a build in a copy of the project (`cwd`) reads the copy's content/.
    """
    if content is None:
        content = SITE_CONTENT if Path(cwd).resolve() == ROOT else "content"
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), *extra]
    environ = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True, encoding="utf-8", check=False)


def assert_clean_build(result):
    """Fail with Pelican's own output unless the build exited 0 without problems."""
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    for level in ("WARNING", "ERROR", "CRITICAL"):
        assert level not in log, log


def failed_build_log(result):
    """The log of a build that had to fail: it exited non-zero and with messages, not a traceback."""
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log, log
    return log


def html_files(output):
    """Every HTML file of the built site, sorted."""
    return sorted(Path(output).rglob("*.html"))


def soup(path):
    """Parse a built page with lxml's HTML parser (libxml2: a real parser, and quick)."""
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


def read_feed(path):
    """Parse a built feed with feedparser, taking its content as written.

    feedparser would otherwise clean every entry's HTML and make its links absolute,
    hiding the very things the tests look for (active content, relative links), and
    doing so is most of its time.
    """
    return feedparser.parse(Path(path).read_bytes(), sanitize_html=False, resolve_relative_uris=False)


def page(output, url_path):
    """Parse the page served at `url_path` ('' is the home page)."""
    path = Path(output) / url_path
    if url_path == "" or url_path.endswith("/"):
        path = path / "index.html"
    return soup(path)


def page_url(output, file):
    """Return the site-relative URL path of a built file (index.html -> folder)."""
    rel = Path(file).relative_to(output).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(output, file, link, site_url=""):
    """Return the file a link in `file` points at, or None when it is external.

    Relative links are resolved against the page's URL; links starting with
    `site_url` (production builds) are mapped back into the output folder.
    """
    if site_url and link.startswith(site_url):
        link = "/" + link[len(site_url):].lstrip("/")
        base = ""
    else:
        base = page_url(output, file)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return Path(file)
    if parts.path.startswith("/"):
        target = parts.path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    path = Path(output) / unquote(target)
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def links(doc):
    """Yield (tag, attribute, value) for every href and src in a parsed page."""
    for tag in doc.find_all(True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if value:
                yield tag, attribute, value


ARTICLE_URL = re.compile(r"(?:^|/)\d{4}/\d{2}/(?P<slug>[^/]+)/(?:index\.html)?$")


def article_slugs(doc):
    """The slugs of the articles a page's <main> links to."""
    found = set()
    for a in doc.find("main").find_all("a", href=True):
        match = ARTICLE_URL.search(urlsplit(a["href"]).path)
        if match:
            found.add(match["slug"])
    return found


def post_metadata(path):
    """Read a post's 'Key: value' header into a dict with lower-case keys."""
    meta = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def without_glossary(doc):
    """The page as its words read: glossary tooltips out, linked terms back to plain text."""
    for tip in doc.select(".gloss-tip"):
        tip.decompose()
    for wrapper in doc.select(".gloss, .gloss-term"):
        wrapper.unwrap()
    doc.smooth()
    return doc
