"""tag_merge: tags that differ only in case or spacing become one tag.

"Community" and "community " get one tag page and one feed, under the
spelling used most often; the build logs which spellings it merged.
Runs in time proportional to posts x tags.
"""

import logging

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Tag

from kbutil.items import every_item

from .merge import choose_spellings

logger = logging.getLogger(__name__)
# Merges are worth seeing in a normal build, which shows only warnings.
logger.setLevel(logging.INFO)

def merge_tags(generator):
    """Give every article the canonical Tag object for each of its tags."""
    articles = [a for a in every_item(generator, kinds=Article) if getattr(a, "tags", None)]
    names = [tag.name for article in articles for tag in article.tags]
    mapping, merged = choose_spellings(names)
    tags = {}
    for article in articles:
        unique = {}
        for tag in article.tags:
            name = mapping[tag.name]
            if name not in tags:
                tags[name] = Tag(name, generator.settings)
            unique.setdefault(tags[name].slug, tags[name])
        article.tags = list(unique.values())
        article.metadata["tags"] = article.tags
    for canonical, spellings in merged:
        logger.info(
            "tags: merged spellings %s into %r",
            ", ".join(repr(s) for s in spellings),
            canonical,
        )


def register():
    # Before Pelican groups articles by tag, so each tag gets one page and feed.
    signals.article_generator_pretaxonomy.connect(merge_tags)
