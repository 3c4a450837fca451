"""Topic hubs: a page with `Hub: true`, and the posts that name it with `Topic: SLUG`.

A hub lists its posts in reading order (`Order:`, a whole number, ascending;
posts without one after those with one; then by date). Each post in a topic
gets breadcrumbs Home > Topic > Post. Pure: the caller reports the problems.
"""

from dataclasses import dataclass

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from kbutil.diagnostics import SourceError, display_path
from kbutil.header import header_line
from kbutil.markers import BREADCRUMBS

from .metadata import flag, text, whole_number

HUB_HINT = "a hub is a page with 'Hub: true' in its header"


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; `url` is site-relative ('' is the home page)."""

    title: str
    url: str


def problem(item, key, message):
    """A SourceError naming the file of `item` and the header line of `key`."""
    return SourceError(item.source_path, header_line(item.source_path, key), message)


def hub_flag(item):
    """True when `item` says `Hub: true`; SourceError for a value that is not true or false."""
    value = item.metadata.get("hub")
    if value is None:
        return False
    try:
        return flag(value)
    except ValueError as err:
        raise problem(item, "hub", f"hub: {err} (write 'Hub: true' to make this page a topic hub)") from None


def post_order(article):
    """The post's `Order:` as an int (None without one); SourceError when it is not a whole number."""
    value = article.metadata.get("order")
    if value is None:
        return None
    try:
        return whole_number(value)
    except ValueError as err:
        raise problem(article, "order", f"order: {err} (write e.g. 'Order: 2')") from None


def reading_key(article, order):
    """Sort key of a hub's reading order: order (posts without one last), date, file."""
    return (order is None, order if order is not None else 0, article.date, article.source_path)


def find_topic(slug, hubs, slug_subs):
    """The hub `slug` names: its slug as written, else as slugify() spells it."""
    return hubs.get(slug) or hubs.get(slugify(slug, regex_subs=slug_subs))


def unknown_topic(article, slug, hubs, pages):
    """The error for a post whose topic names no hub page."""
    page = pages.get(slug)
    if page is not None and getattr(page, "is_hub", False):
        why = f"names the hub page {display_path(page.source_path)}, which is a draft"
    elif page is not None:
        why = (f"names the page {display_path(page.source_path)}, which is not a topic hub: "
               "add 'Hub: true' to its header")
    elif hubs:
        why = f"names no hub page (hubs: {', '.join(repr(s) for s in sorted(hubs))})"
    else:
        why = f"names no hub page, and there is none ({HUB_HINT})"
    return problem(article, "topic", f"topic {slug!r} {why}")


def link_topics(articles, published, hubs, pages, problems, slug_subs=None, home="Home"):
    """Give each post naming a topic its hub and breadcrumbs, and each hub its posts.

    articles: every post to check (drafts and hidden ones too); published: the
    posts hubs list; hubs: {slug: hub page}; pages: {slug: page} of every page,
    for a helpful message. Problems are appended to `problems`. Linear in posts
    (plus sorting each hub's list).
    """
    slug_subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"] if slug_subs is None else slug_subs
    listed = {id(article) for article in published}
    members = {slug: [] for slug in hubs}
    for article in articles:
        try:
            order = post_order(article)
        except SourceError as err:
            problems.append(err)
            order = None
        value = article.metadata.get("topic")
        if value is None:
            continue
        slug = text(value)
        hub = find_topic(slug, hubs, slug_subs)
        if hub is None:
            problems.append(unknown_topic(article, slug, hubs, pages))
            continue
        article.topic_hub = hub
        trail = [Crumb(home, ""), Crumb(hub.title, hub.url), Crumb(article.title, article.url)]
        setattr(article, BREADCRUMBS, trail)
        if id(article) in listed:
            members[hub.slug].append((reading_key(article, order), article))
    for slug, hub in hubs.items():
        hub.hub_posts = [article for _, article in sorted(members[slug], key=lambda pair: pair[0])]
