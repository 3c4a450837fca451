"""structure: topic hubs with breadcrumbs, series, tables of contents and heading anchors.

- A page with `Hub: true` is a topic hub, rendered with the hub template; posts
  with `Topic: SLUG` (the hub's slug) are listed on it in reading order
  (`Order:`, then date) and get breadcrumbs Home > Topic > Post (hubs.py).
- Posts with `Series: NAME` and `Series_index: N` get a series box, and each
  series a page at series/SLUG/ (series.py).
- Every h2-h4 heading of a post or page gets an id and a "#" link to itself;
  with three or more, the post or page gets a table of contents (toc.py), above
  its text, or where the text says `[TOC]` (then only there, whatever the count).

Problems (a topic naming no hub, an order or index that is not a whole
number, two parts with one index) are logged naming the file and line, which
fails the build (build_guard). What templates read:

  article.toc_entries   nested [TocEntry(id, title, level, children)] ([] for none)
  article.toc_in_text   True when `[TOC]` put the table of contents in the text
  article.topic_hub     the hub page of the post's topic
  article.breadcrumbs   [Crumb(title, url)]: Home, the topic, the post
  article.series_info   SeriesPlace(series, number): series.name/.url/.parts/.total
  page.hub_posts        a hub's published posts in reading order
  series                on a series page: the Series
  structure_series      every Series, sorted by name (in every template's context)

A series page can be linked from a post as `{filename}/series/SLUG`.
Settings: see settings.py.
"""

import logging

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator

from kbutil.config import configure as configure_settings
from kbutil.content import Link
from kbutil.diagnostics import SourceError, report
from kbutil.fragments import fragment

from .hubs import hub_flag, link_topics, problem
from .series import collect_series
from .settings import SETTINGS
from .toc import TOC_MARKER, add_anchors, place_toc

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


def prepare_content(instance):
    """When a post or page is read: heading ids and anchors, its TOC; mark hub pages."""
    if not isinstance(instance, (Article, Page)):
        return
    settings = instance.settings
    content = instance._content or ""
    has_marker = TOC_MARKER in content
    html, entries = add_anchors(
        content,
        min_headings=1 if has_marker else settings["STRUCTURE_TOC_MIN_HEADINGS"],
        anchor=anchor_renderer(settings) if settings["STRUCTURE_HEADING_ANCHORS"] else None,
        reserved=settings["STRUCTURE_RESERVED_IDS"],
        slug_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS"),
    )
    instance.toc_in_text = False
    if has_marker:  # `[TOC]`: the table of contents goes where the author put it, and only there
        toc_html = fragment(settings, "structure/toc").render(entries=entries)
        html, instance.toc_in_text = place_toc(html, toc_html if entries else "")
    if instance._content:
        instance._content = html
    instance.toc_entries = entries
    try:
        is_hub = hub_flag(instance)
    except SourceError as err:
        report(logger, err, settings)
        is_hub = False
    if is_hub and isinstance(instance, Article):
        report(logger, problem(
            instance, "hub", "'Hub: true' is for pages (content/pages/); a post cannot be a topic hub",
        ), settings)
        is_hub = False
    instance.is_hub = is_hub
    if is_hub and "template" not in instance.metadata:
        instance.template = settings["STRUCTURE_HUB_TEMPLATE"]


def anchor_renderer(settings):
    """(heading id, title) -> the theme's self-link of a heading (fragments/structure/anchor.html)."""
    template = None

    def render(heading_id, title):
        nonlocal template
        if template is None:  # looked up once per document, at its first heading
            template = fragment(settings, "structure/anchor")
        return template.render(id=heading_id, title=title)

    return render


def by_slug(pages):
    found = {}
    for page in pages:
        found.setdefault(page.slug, page)
    return found


class StructureGenerator(Generator):
    """Once every post and page is read: link topics and series; write the series pages."""

    def generate_context(self):
        context, settings = self.context, self.settings
        published = list(context.get("articles", ()))
        everything = published + list(context.get("hidden_articles", ())) + list(context.get("drafts", ()))
        public_pages = list(context.get("pages", ())) + list(context.get("hidden_pages", ()))
        all_pages = public_pages + list(context.get("draft_pages", ()))
        hubs = by_slug(page for page in public_pages if getattr(page, "is_hub", False))
        problems = []
        link_topics(everything, published, hubs, by_slug(all_pages), problems,
                    settings.get("SLUG_REGEX_SUBSTITUTIONS"))
        self.series = collect_series(published, settings, problems)
        for err in problems:
            report(logger, err, settings)
        for series in self.series:
            context["generated_content"][f"series/{series.slug}"] = Link(series.url)
        context["structure_series"] = self.series

    def generate_output(self, writer):
        template = self.get_template(self.settings["STRUCTURE_SERIES_TEMPLATE"])
        for series in self.series:
            writer.write_file(
                series.save_as, template, self.context,
                relative_urls=self.settings["RELATIVE_URLS"], url=series.url, series=series,
            )


def add_generator(pelican):
    return StructureGenerator


def register():
    signals.initialized.connect(configure)
    signals.content_object_init.connect(prepare_content)
    signals.get_generators.connect(add_generator)
