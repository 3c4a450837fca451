"""article_extras: reading time and previous/next links for article pages.

Sets `article.reading_time` (whole minutes, at least 1, at
ARTICLE_EXTRAS_WORDS_PER_MINUTE, default 200) and `article.prev_article` /
`article.next_article` (the older and the newer published post).
"""

import math
import re

from pelican import signals
from pelican.contents import Article

TAG = re.compile(r"<[^>]*>")


def reading_minutes(html, words_per_minute):
    """Return the minutes needed to read `html` at `words_per_minute`."""
    words = len(TAG.sub(" ", html).split())
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(instance):
    """Give each article its reading time when it is created."""
    if isinstance(instance, Article):
        wpm = instance.settings.get("ARTICLE_EXTRAS_WORDS_PER_MINUTE", 200)
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
    signals.content_object_init.connect(add_reading_time)
    signals.article_generator_finalized.connect(link_neighbours)
