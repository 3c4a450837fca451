"""connections: "Linked from" on every post, page, deck and glossary term, and related posts.

Settings: see settings.py.
"""

import logging
import os

from pelican import signals

from kbutil.config import configure as configure_settings

from .backlinks import backlinks
from .related import related_posts
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


def add_related_posts(generator):
    """Give each published article `related_posts`, its most similar articles."""
    settings = generator.settings
    posts = generator.articles  # newest first
    related = related_posts(
        posts,
        lambda a: ([t.slug for t in getattr(a, "tags", [])], getattr(getattr(a, "category", None), "slug", None)),
        count=settings["CONNECTIONS_RELATED_COUNT"],
        cap=settings["CONNECTIONS_RELATED_CAP"],
    )
    for post in posts:
        post.related_posts = related[id(post)]


def published_items(context):
    """(object, raw html, source folder, content path) for every published page-like object."""
    seen = {}
    for path, obj in context.get("generated_content", {}).items():
        if not getattr(obj, "title", None) or getattr(obj, "status", "published") != "published":
            continue
        if id(obj) in seen:
            continue
        html = getattr(obj, "_content", None)
        if html is None and hasattr(obj, "get_content"):
            html = obj.get_content("")
        source_dir = os.path.dirname(path).replace(os.sep, "/")
        seen[id(obj)] = (obj, html or "", source_dir, path)
    return list(seen.values())


def add_backlinks(generators):
    """Give every published object `linked_from`: the pages whose content links to it."""
    context = generators[0].context
    items = published_items(context)
    found = backlinks(items, (context.get("SITEURL") or "").rstrip("/"))
    for obj, _, _, _ in items:
        sources = found.get(id(obj), [])
        obj.linked_from = sorted(sources, key=lambda s: (str(s.title).casefold(), s.url))


def register():
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(add_related_posts)
    # After every generator has read its content (and the glossary has linked its terms).
    signals.all_generators_finalized.connect(add_backlinks)
