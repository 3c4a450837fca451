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

from .settings import SETTINGS
from .generator import SeoGenerator, record_written, write_sitemap_and_robots
from .structured import FILTERS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up, and hand the templates our filters."""
    settings = pelican.settings
    configure_settings(settings, SETTINGS, logger)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    # Every plugin has registered by now. Reconnecting moves our generator after those
    # of plugins listed after "seo" too, so aliases are checked against all their pages.
    signals.get_generators.disconnect(add_generator)
    signals.get_generators.connect(add_generator)


def add_generator(pelican):
    return SeoGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.content_written.connect(record_written)
    # finalized: every page is written by then. It runs after build_guard's check,
    # so nothing there may report a problem; everything that can is checked earlier.
    signals.finalized.connect(write_sitemap_and_robots)
