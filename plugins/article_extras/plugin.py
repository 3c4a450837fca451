"""article_extras: reading time and previous/next links for article pages.

Sets `article.reading_time` (whole minutes, at least 1, at
ARTICLE_EXTRAS_WORDS_PER_MINUTE, default 200; see settings.py) and `article.prev_article` /
`article.next_article` (the older and the newer published post).
"""

import logging
import math
import re

from pelican import signals
from pelican.contents import Article

from kbutil.config import configure as configure_settings

from .settings import SETTINGS

logger = logging.getLogger(__name__)
TAG = re.compile(r"<[^>]*>")


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


def reading_minutes(html, words_per_minute):
    """Return the minutes needed to read `html` at `words_per_minute`."""
    words = len(TAG.sub(" ", html).split())
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(instance):
    """Give each article its reading time when it is created."""
    if isinstance(instance, Article):
        wpm = instance.settings["ARTICLE_EXTRAS_WORDS_PER_MINUTE"]
        instance.reading_time = reading_minutes(instance._content or "", wpm)


def link_neighbours(generator):
    """Link each published article to the one before and after it by date."""
    by_date = sorted(generator.articles, key=lambda a: (a.date, a.source_path))
    for index, article in enumerate(by_date):
        article.prev_article = by_date[index - 1] if index > 0 else None
        article.next_article = (
            by_date[index + 1] if index + 1 < len(by_date) else None
        )


def register():
    signals.initialized.connect(configure)
    signals.content_object_init.connect(add_reading_time)
    signals.article_generator_finalized.connect(link_neighbours)
