"""Deck pages, handouts, PDFs and the presentations index."""

import glob
import logging
import os

from pelican.generators import Generator

from kbutil.diagnostics import SourceError, report

from .deck import parse_deck
from .pages import DeckPage
from .pdf import deck_pdf

logger = logging.getLogger(__name__)


class PresentationsGenerator(Generator):
    """Read content/presentations/*.md; write a page, handout and PDF for each."""

    def generate_context(self):
        folder = self.settings["PRESENTATIONS_PATH"].strip("/")
        self.decks = []
        for path in sorted(glob.glob(os.path.join(self.path, folder, "*.md"))):
            name = os.path.splitext(os.path.basename(path))[0]
            try:
                with open(path, encoding="utf-8") as handle:
                    deck = parse_deck(path, handle.read(), name)
                page = DeckPage(deck, self.settings)
            except (SourceError, UnicodeDecodeError) as err:
                if isinstance(err, UnicodeDecodeError):
                    err = SourceError(path, None, f"is not UTF-8 text ({err.reason})")
                report(logger, err, self.settings)
                continue
            self.decks.append(page)
            self.context["generated_content"].update(page.content_links(folder))
        self.decks.sort(key=lambda d: (d.metadata.get("date", ""), d.name), reverse=True)
        self.context["presentations"] = self.decks

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
            if path and self.decks:
                writer.write_feed(self.decks, self.context, path, feed_type=kind, feed_title=title)

    def write_pdf(self, deck):
        path = os.path.join(self.output_path, deck.download_save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(deck_pdf(deck, self.settings.get("SITENAME", "")))
