"""Deck pages, handouts, PDFs and the presentations index."""

import glob
import logging
import os

from pelican.generators import Generator

from kbutil.diagnostics import SourceError, display_path, report
from kbutil.filecache import kept_file
from kbutil.paths import content_path, output_path, write_output

from .deck import parse_deck
from .pages import DeckPage
from .pdf import deck_pdf, pdf_key

logger = logging.getLogger(__name__)
PDF_CACHE_FOLDER = "deck-pdfs"  # in CACHE_PATH


class PresentationsGenerator(Generator):
    """Read content/presentations/*.md; write a page, handout and PDF for each."""

    def generate_context(self):
        folder = self.settings["PRESENTATIONS_PATH"].strip("/")
        self.decks = []
        for path in sorted(glob.glob(os.path.join(self.path, folder, "*.md"))):
            try:
                page = self.read_deck(path)
            except (SourceError, UnicodeDecodeError) as err:
                if isinstance(err, UnicodeDecodeError):
                    err = SourceError(path, None, f"is not UTF-8 text ({err.reason})")
                report(logger, err, self.settings)
                continue
            self.decks.append(page)
            self.context["generated_content"].update(page.content_links(folder))
        self.decks.sort(key=lambda d: (d.metadata.get("date", ""), d.name), reverse=True)
        self.context["presentations"] = self.decks

    def read_deck(self, path):
        """The DeckPage of the deck file at `path`; SourceError when it or its pages leave their folder."""
        try:
            content_path(self.path, self.path, path)
        except ValueError as err:
            raise SourceError(path, None, f"{err}; copy the deck into the content folder") from None
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as handle:
            page = DeckPage(parse_deck(path, handle.read(), name), self.settings)
        for save_as in (page.save_as, page.handout_save_as, page.download_save_as):
            try:
                output_path(self.output_path, save_as)
            except ValueError as err:
                raise SourceError(path, None, f"would be written to {save_as!r}, which {err}; "
                                  "rename the deck file (letters, digits and hyphens)") from None
        return page

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        for deck in self.decks:
            for template, save_as, url in (
                ("presentation", deck.save_as, deck.url),
                ("presentation_handout", deck.handout_save_as, deck.handout_url),
            ):
                writer.write_file(save_as, self.get_template(template), self.context,
                                  relative_urls=relative, url=url, deck=deck)
            self.write_pdf(deck)
        if not self.inside_output("PRESENTATIONS_INDEX_SAVE_AS"):
            return
        writer.write_file(
            self.settings["PRESENTATIONS_INDEX_SAVE_AS"], self.get_template("presentations"),
            self.context, relative_urls=relative, url=self.settings["PRESENTATIONS_INDEX_URL"],
            decks=self.decks,
        )
        self.write_feeds(writer)

    def write_feeds(self, writer):
        """Atom and RSS feeds of the decks, newest first (PRESENTATIONS_FEED_ATOM/_RSS)."""
        title = "Presentations"  # Pelican puts the site name in front
        for setting, kind in (("PRESENTATIONS_FEED_ATOM", "atom"), ("PRESENTATIONS_FEED_RSS", "rss")):
            path = self.settings.get(setting)
            if path and self.decks and self.inside_output(setting):
                writer.write_feed(self.decks, self.context, path, feed_type=kind, feed_title=title)

    def inside_output(self, key):
        """True when the setting `key` names a file inside the output; else log why and say False."""
        try:
            output_path(self.output_path, self.settings[key])
        except ValueError as err:
            logger.error("%s=%r %s; give a path like 'presentations/index.html'", key, self.settings[key], err)
            return False
        return True

    def write_pdf(self, deck):
        """Write the deck's PDF, laid out only when the build cache has none for what it shows."""
        if not deck.download_save_as:  # empty when another file has its place (build_guard said so)
            return
        site = self.settings.get("SITENAME", "")
        cache = os.path.join(self.settings["CACHE_PATH"], PDF_CACHE_FOLDER)
        try:
            kept, _ = kept_file(cache, pdf_key(deck, site), ".pdf", lambda: deck_pdf(deck, site))
            with open(kept, "rb") as handle:
                data = handle.read()
        except OSError as err:
            logger.warning("presentations: cannot keep deck PDFs in %s (%s); laying out %s anew",
                           display_path(cache), err, deck.download_save_as)
            data = deck_pdf(deck, site)
        write_output(self.output_path, deck.download_save_as, data)
