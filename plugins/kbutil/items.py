"""Every post and page of a build, each once: the one way our plugins list content.

Pelican keeps posts and pages in many lists (articles, translations, drafts,
drafts_translations, hidden_articles, hidden_translations, pages,
hidden_pages, draft_pages, draft_translations); the context holds only the
originals, their translations hang on `item.translations`. Walking some of
these lists and not others misses items or meets one twice, so a problem in
a translation was reported twice. `every_item` walks all of them and yields
each object once.
"""

from collections.abc import Mapping

from pelican.contents import Article, Page

# What Pelican's Articles and Pages generators hold, as attributes.
GENERATOR_LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations",
    "pages", "hidden_pages", "draft_pages", "draft_translations",
)
# What they put in the shared context (translations only through `item.translations`).
CONTEXT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def every_item(source, kinds=(Article, Page)):
    """Yield each post and page once, translations, drafts and hidden ones included.

    `source` is the shared context (a dict), one generator, or a list of
    generators (as all_generators_finalized gives). Order: the lists in the
    order above, each item followed by its translations. Only objects of
    `kinds` are yielded (a glossary term is not a post).
    """
    seen = set()
    for item in _listed(source):
        for each in (item, *(getattr(item, "translations", None) or ())):
            if isinstance(each, kinds) and id(each) not in seen:
                seen.add(id(each))
                yield each


def _listed(source):
    """Every item in the content lists of `source`, repeats included."""
    if isinstance(source, Mapping):
        for name in CONTEXT_LISTS:
            yield from source.get(name) or ()
        return
    generators = source if isinstance(source, (list, tuple)) else (source,)
    for generator in generators:
        for name in GENERATOR_LISTS:
            yield from getattr(generator, name, None) or ()
