"""search: offline full-text search with Pagefind.

- A search page (SEARCH_SAVE_AS, from theme/templates/search.html) that runs
  Pagefind's JavaScript API in the reader's browser: results with excerpts,
  filters by category and tag, `?q=` from the header's search box.
- After every build (Pelican's `finalized` signal) Pagefind indexes the
  output: only what pages mark with data-pagefind-body (posts, pages, recaps,
  decks with their notes, glossary terms), filtered by data-pagefind-filter.
  A failure is logged as an ERROR naming the problem and fails the build;
  a full disk as `search index: PATH: no space left on device (...)`.

See settings.py for the settings.
"""

import logging

from pelican import signals
from pelican.generators import Generator

from kbutil.config import configure as configure_settings
from kbutil.diagnostics import display_path

from .indexer import DiskFullError, SearchIndexError, build_index
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


class SearchPageGenerator(Generator):
    """Write the search page; Pagefind's index comes after everything is written."""

    def generate_output(self, writer):
        save_as = self.settings["SEARCH_SAVE_AS"]
        if not save_as:
            return
        writer.write_file(
            save_as, self.get_template("search"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["SEARCH_URL"],
        )


def add_generator(pelican):
    return SearchPageGenerator


def index_site(pelican):
    """finalized receiver: run Pagefind on the output; an ERROR fails the build."""
    settings = pelican.settings
    if not settings["SEARCH_PAGEFIND"]:
        return
    try:
        warnings, counts = build_index(
            pelican.output_path,
            bundle=settings["SEARCH_PAGEFIND_BUNDLE"],
            binary=settings["SEARCH_PAGEFIND_BINARY"],
            extra=settings["SEARCH_PAGEFIND_ARGS"],
            timeout=settings["SEARCH_PAGEFIND_TIMEOUT"],
        )
    except DiskFullError as err:
        logger.error("search index: %s: no space left on device (free some space and build again)",
                     display_path(err.path))
        return
    except SearchIndexError as err:
        logger.error("search index of %s: %s", display_path(pelican.output_path), err)
        return
    for line in warnings:
        logger.warning("search index: Pagefind says: %s", line)
    logger.info(
        "search index: Pagefind indexed %d page(s) into %s/",
        sum(counts.values()), display_path(f"{pelican.output_path}/{settings['SEARCH_PAGEFIND_BUNDLE']}"),
    )


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(index_site)
