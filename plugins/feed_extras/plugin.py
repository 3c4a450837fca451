"""feed_extras: feeds readers can trust.

- every item gets a stable id (see items.stable_id), a tag: URI even for a
  non-ASCII slug, and content with no scripts, players, forms or event
  handlers, its links made absolute;
- a JSON Feed 1.1 is written beside every Atom feed;
- feeds link an XSLT stylesheet, so a browser shows a readable page;
- a page (feeds/, template feeds.html) lists every feed of the site: all
  posts, each category, tag and author, the decks; it says what a feed is and
  how to subscribe, and the footer links to it;
- every feed is validated after it is written (Atom, RSS, JSON Feed) and an
  invalid one fails the build, naming the file, and the post when the problem
  is one item's.
See settings.py for the settings.
"""

import logging
import os
import posixpath
from urllib.parse import unquote

from pelican import signals
from pelican.generators import Generator

from kbutil.config import configure as configure_settings
from kbutil.diagnostics import SourceError, display_path, report
from kbutil.siteurl import is_site_url

from .items import stable_id
from .jsonfeed import json_feed
from .memo import CleanedContent
from .settings import SETTINGS
from .uris import iri_to_uri
from .validate import validate_file

logger = logging.getLogger(__name__)
LOOKUP = "feed_extras_items"  # context key: {absolute item URI: content object}
SOURCES = "feed_extras_sources"  # context key: {item id or link: source file}, for error messages
CLEANED = "feed_extras_cleaned"  # context key: the build's memo.CleanedContent, see cleaned()


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


def site_url(context):
    return (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/")


def items_by_link(context):
    """{feed item link: article or deck}, built once per build and kept in the context.

    Keys are URIs, as feedgenerator makes item links (`…/comunidade-vers%C3%A3o/`).
    """
    base = site_url(context)
    if context.get(LOOKUP, (None,))[0] != base:
        objects = [*context.get("articles", []), *context.get("presentations", [])]
        context[LOOKUP] = (base, {iri_to_uri(f"{base}/{o.url}" if base else o.url): o for o in objects})
    return context[LOOKUP][1]


def improve_feed(context, feed):
    """Stable ids, clean absolute content, a stylesheet and a JSON twin for one feed."""
    lookup = items_by_link(context)
    sources = context.setdefault(SOURCES, {})
    for item in feed.items:
        source = lookup.get(iri_to_uri(item["link"].split("?")[0]))
        if source is not None:
            item["unique_id"] = stable_id(site_url(context), source.date, source.metadata, source.slug)
            if source.source_path:
                sources[item["unique_id"]] = sources[item["link"]] = source.source_path
        item["unique_id_is_permalink"] = False
        for key in ("description", "content"):
            item[key] = cleaned(context, item, key)
    if context["FEED_EXTRAS_JSON"] and (feed.feed.get("feed_url") or "").endswith(".atom.xml"):
        write_json_twin(context, feed)


def cleaned(context, item, key):
    """item[key] (its description or content) cleaned for feeds, once per build and HTML (see memo.py).

    Atom and RSS, or feeds at different depths of a site with relative URLs,
    may carry different HTML for one post: each is cleaned once.
    """
    html = item.get(key)
    if not html:
        return html
    if CLEANED not in context:
        context[CLEANED] = CleanedContent(context.get("CACHE_PATH"))
    return context[CLEANED].get(item["link"], html)


def keep_cleaned(generator, writer):
    """Once the posts' feeds are written, keep what was cleaned for the next build."""
    memo = generator.context.get(CLEANED)
    if memo is not None:
        memo.save()


def add_stylesheet(path, context):
    """Link the XSLT that shows the feed at `path` as a page (feedgenerator's Atom can't)."""
    stylesheet = context["FEED_EXTRAS_STYLESHEET"]
    if not stylesheet:
        return
    base = site_url(context)
    if is_site_url(base):
        href = f"{base}/{stylesheet}"
    else:
        relative = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
        href = posixpath.relpath(stylesheet, posixpath.dirname(relative) or ".")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    instruction = f'<?xml-stylesheet href="{href}" type="text/xsl"?>\n'
    declaration, _, rest = text.partition("\n")
    if declaration.startswith("<?xml"):
        text = f"{declaration}\n{instruction}{rest}"
    else:
        text = instruction + text
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_json_twin(context, feed):
    base = site_url(context)
    url = feed.feed["feed_url"][: -len(".atom.xml")] + ".json"
    relative = url[len(iri_to_uri(base)):].lstrip("/") if base else url.lstrip("/")
    path = os.path.join(context["OUTPUT_PATH"], unquote(relative))  # the feed URL is a URI: %C3%A3 is ã
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json_feed(feed, url))
    check(context, path)


def finish_written_feed(path, context, feed):
    """Add the stylesheet link, then validate the feed file."""
    add_stylesheet(path, context)
    check(context, path)


def check(context, path):
    """Log an error for each problem in the feed at `path` (absolute-URL builds only).

    A problem with one item names the post or deck it comes from, then the feed.
    """
    base = site_url(context)
    if not (context["FEED_EXTRAS_VALIDATE"] and is_site_url(base)):
        return
    sources = context.get(SOURCES, {})
    for problem in validate_file(path, base):
        source = sources.get(getattr(problem, "item", None))
        if source:
            error = SourceError(source, None, f"its item in {display_path(path)} is invalid: {problem}")
        else:
            error = SourceError(path, None, f"invalid feed: {problem}")
        report(logger, error, context)


class FeedsPageGenerator(Generator):
    """Write the page that lists every feed (FEED_EXTRAS_PAGE_SAVE_AS)."""

    def generate_output(self, writer):
        save_as = self.settings["FEED_EXTRAS_PAGE_SAVE_AS"]
        if not save_as:
            return
        writer.write_file(
            save_as, self.get_template("feeds"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["FEED_EXTRAS_PAGE_URL"],
        )


def add_generator(pelican):
    return FeedsPageGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(improve_feed)
    signals.feed_written.connect(finish_written_feed)
    signals.article_writer_finalized.connect(keep_cleaned)
