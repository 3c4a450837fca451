"""seo: what search engines and social sites read, and old addresses that keep working.

- partials/seo.html (included by partials/head.html) prints Open Graph and
  Twitter meta on every page and JSON-LD (BlogPosting, BreadcrumbList) on
  posts, with the filters of structured.py;
- every post gets a social card (cards.py), cached in CACHE_PATH/social-cards;
- `Aliases:` metadata writes redirect pages and nginx/Apache maps (redirects.py);
- robots.txt always, and in production (absolute SITEURL) sitemap.xml (sitemap.py).

Settings: see settings.py.
"""

import logging

from pelican import signals

from kbutil.config import configure as configure_settings

from .generator import SeoGenerator, record_written
from .settings import SETTINGS
from .structured import FILTERS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up, and hand the templates our filters."""
    settings = pelican.settings
    configure_settings(settings, SETTINGS, logger)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}


def add_generator(pelican):
    """Our generator; it runs at seo's place in PLUGINS, which kbutil/contracts.py keeps after
    glossary, structure and search so that its redirects and sitemap come after their pages."""
    return SeoGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    # Every HTML file written, by any generator, is noted in this build's record (found in its context).
    signals.content_written.connect(record_written)
