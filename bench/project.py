"""The temporary project a benchmark builds: generated posts, the sample site's other content, a theme copy.

Layout (under a temporary folder):

    content/posts/*.md      the generated corpus (bench/corpus.py)
    content/{glossary,presentations,recaps,pages,images,extra}
                            copied from tests/fixtures/site/content (else content/),
                            so glossary terms, a deck and a chat recap are built too
    content/pages/bench-playbook.md   a topic hub for the posts with `Topic:`
    theme/                  a copy of our theme (the template-edit rebuild edits it)
    vanilla.py              settings for vanilla Pelican (default theme, no plugins)
    cache/, out-ours/, out-vanilla/, logs/
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FOLDERS = ("glossary", "presentations", "recaps", "pages", "images", "extra")
EDITED_TEMPLATE = Path("templates") / "article.html"

VANILLA_SETTINGS = '''"""Vanilla Pelican for the benchmark: default theme, no plugins, the same posts and feeds."""
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = "https://example.org"
FEED_DOMAIN = SITEURL
PATH = {path!r}
ARTICLE_PATHS = ["posts"]
# Only the posts: our pages name templates (404, hubs) the default theme does not have.
PAGE_PATHS = []
STATIC_PATHS = ["images"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = []
PLUGIN_PATHS = []
DELETE_OUTPUT_DIRECTORY = True
RELATIVE_URLS = False
# Ours paginates by 10 and keeps 20 items per feed; the same here, so both write comparable pages.
DEFAULT_PAGINATION = 10
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{{slug}}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{{slug}}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{{slug}}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{{slug}}.rss.xml"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''


@dataclass(frozen=True)
class Project:
    """Paths of one benchmark project."""

    root: Path

    content = property(lambda self: self.root / "content")
    theme = property(lambda self: self.root / "theme")
    cache = property(lambda self: self.root / "cache")
    logs = property(lambda self: self.root / "logs")
    vanilla_settings = property(lambda self: self.root / "vanilla.py")

    def output(self, name):
        """The output folder of the builds called `name` ("ours", "vanilla")."""
        return self.root / f"out-{name}"


def sample_content():
    """The folder whose content is copied beside the posts: the test fixtures' sample site, else content/."""
    fixtures = ROOT / "tests" / "fixtures" / "site" / "content"
    return fixtures if fixtures.is_dir() else ROOT / "content"


def create(root, count, seed):
    """Make the project under `root` with a corpus of `count` posts; (Project, corpus posts)."""
    project = Project(Path(root))
    source = sample_content()
    for name in SAMPLE_FOLDERS:
        if (source / name).is_dir():
            shutil.copytree(source / name, project.content / name)
    pages = project.content / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / f"{corpus.HUB_SLUG}.md").write_text(corpus.HUB_PAGE, encoding="utf-8", newline="\n")
    posts = corpus.write(project.content / "posts", count, seed)
    shutil.copytree(ROOT / "theme", project.theme, ignore=shutil.ignore_patterns("__pycache__"))
    project.vanilla_settings.write_text(VANILLA_SETTINGS.format(path=str(project.content)), encoding="utf-8")
    project.logs.mkdir()
    return project, posts


def ours_overrides(project):
    """`-e KEY=VALUE` settings for our builds: the copied theme, the build cache in the project.

    Everything else is publishconf.py's, the reader cache (CACHE_CONTENT) included."""
    values = {
        "THEME": str(project.theme),
        "CACHE_PATH": str(project.cache),
    }
    return ["-e", *(f"{key}={json.dumps(value)}" for key, value in values.items())]


def edit_post(project, posts, run):
    """Change one post's text (the middle one) for the edit rebuild; return a function that undoes it."""
    path = project.content / "posts" / f"{posts[len(posts) // 2].name}.md"
    original = path.read_bytes()
    path.write_bytes(original + f"\nEdited for benchmark run {run}: one more sentence.\n".encode())
    return lambda: path.write_bytes(original)


def edit_template(project, run):
    """Change the article template (a comment in every post's page); return a function that undoes it."""
    path = project.theme / EDITED_TEMPLATE
    original = path.read_text(encoding="utf-8")
    marker = "{% block content %}"
    note = f"<!-- benchmark run {run}: template edited -->"
    edited = original.replace(marker, marker + note, 1) if marker in original else original + f"{{# {note} #}}\n"
    path.write_text(edited, encoding="utf-8")
    return lambda: path.write_text(original, encoding="utf-8")
