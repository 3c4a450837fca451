"""Development settings: `invoke build` / `make serve` use this file.

Production settings live in publishconf.py, which imports everything here.
"""

import logging
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Our plugins share helpers (plugins/kbutil) that they import by name.
if os.path.join(HERE, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "plugins"))

from kbutil import markers  # noqa: E402  (needs the path above)

AUTHOR = "Site Owner"
SITENAME = "Community Management Notes"
SITESUBTITLE = "Building, keeping and growing online communities"
SITEURL = ""  # relative links in development; publishconf.py sets the real URL

PATH = "content"
ARTICLE_PATHS = ["posts", "recaps"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/favicon.ico": {"path": "favicon.ico"},
}

# A post without `Category:` is filed here, not under its folder's name ("posts").
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "General"
# Errors (a broken header, link or template) fail the build; warnings are listed and do not.
BUILD_GUARD_FAIL_ON = "error"

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
LOCALE = ("C",)

THEME = "theme"
THEME_STATIC_DIR = "theme"
RELATIVE_URLS = True

PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
# Order is run order; the rules it must follow (build_guard first, seo after the plugins whose
# pages it redirects around and lists in the sitemap, ...) are in plugins/kbutil/contracts.py.
PLUGINS = [
    "build_guard", "template_cache", "content_cache", "fixed_urls", "tag_merge", "article_extras", "presentations",
    "chat_recaps", "feed_extras", "glossary", "structure", "connections", "search", "seo",
]

# Markdown: highlight code with Pygments (classes styled by theme/static/css/pygments.css).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Embeds: more hosts whose https <iframe> players are shown (click to load, sandboxed), beside
# the built-in providers. Bare host names only, e.g. ["player.example.org"]; checked at start-up.
EMBED_EXTRA_HOSTS = []

# URLs: directory-style, so moving to another server keeps every link.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: Atom and RSS for everything, every category, tag and author.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
FEED_ATOM = None
FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
MENUITEMS = (
    ("Presentations", "presentations/"),
    ("Chat recaps", "category/chat-recaps/"),
    ("Glossary", "glossary/"),
)

# What is cached (compiled templates, social cards, deck PDFs, cleaned feed content, each
# source's reader output; see README "The build cache") lives in the project's cache/, whatever
# folder Pelican runs in. Each cache is keyed by its input, so a cached build gives the same
# output as a build from nothing. The reader cache is the content_cache plugin's: a post is read
# again when its bytes change (sha256), and every post when a deck, an export, a fragment, a
# setting or the code does.
CACHE_PATH = os.path.join(HERE, "cache")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
IGNORE_FILES = [".*", "__pycache__"]


class _RelativeDevFeeds(logging.Filter):
    """Hide Pelican's 'feeds without SITEURL' warning for development builds.

    Development feeds have relative links on purpose; publishconf.py sets
    SITEURL and FEED_DOMAIN. Pelican logs this while reading the settings,
    before LOG_FILTER applies, so the filter is installed here.
    """

    def filter(self, record):
        return "Feeds generated without SITEURL" not in record.getMessage()


if not SITEURL:
    logging.getLogger("pelican.settings").addFilter(_RelativeDevFeeds())

# Escape every value templates print unless marked |safe (rendered content is):
# titles and other metadata are text, never markup.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# The HTML markers plugins and templates share, by name: `{{ markers.SEARCH_IGNORE }}` (plugins/kbutil/markers.py).
JINJA_GLOBALS = {"markers": markers.FOR_TEMPLATES}
