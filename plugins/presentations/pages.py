"""What the generator writes for each deck: its URLs and rendered slides."""

from pelican.utils import get_date, set_date_tzinfo

from kbutil.content import Link
from kbutil.fragments import render_fragment, site_fragment_env

from .deck import public_notes
from .render import markdown_html


class DeckPage:
    """A parsed deck with its output locations and rendered slides (picklable)."""

    def __init__(self, deck, settings):
        self.name = deck.name
        self.title = deck.title
        self.metadata = deck.metadata
        self.summary = deck.metadata.get("summary", "")
        self.source_path = deck.path
        self.slug = f"presentations/{deck.name}"  # for feed ids: never the same as a post's
        self.author = deck.metadata.get("author") or settings.get("AUTHOR", "")
        self.date = set_date_tzinfo(get_date(deck.metadata["date"]), settings.get("TIMEZONE"))
        self.modified = set_date_tzinfo(
            get_date(deck.metadata.get("modified") or deck.metadata["date"]), settings.get("TIMEZONE")
        )
        include_private = settings["PRESENTATIONS_PRIVATE_NOTES"]
        self.slides = [
            {
                "number": slide.number,
                "id": f"slide-{slide.number}",
                "html": markdown_html(slide.body, 2, (deck.path, slide.line)),
                "notes_html": markdown_html(public_notes(slide, include_private), 3, (deck.path, slide.line)),
                "body": slide.body,
                "notes": public_notes(slide, include_private),
            }
            for slide in deck.slides
        ]
        for kind in ("", "HANDOUT_", "DOWNLOAD_"):
            for what in ("URL", "SAVE_AS"):
                value = settings[f"PRESENTATIONS_{kind}{what}"].format(name=deck.name)
                setattr(self, f"{kind.lower()}{what.lower()}", value)
        # Rendered now, not kept as an environment: the page must stay picklable.
        self.feed_html = render_fragment(site_fragment_env(settings), "presentations/feed_entry", slides=self.slides)

    def get_content(self, siteurl=""):
        """The deck as feeds carry it (fragments/presentations/feed_entry.html)."""
        return self.feed_html

    def content_links(self, folder):
        """{filename} keys (inside PATH) for this deck's page, handout and download."""
        base = f"{folder}/{self.name}"
        return {
            f"{base}.md": self,
            f"{base}/handout": Link(self.handout_url),
            f"{base}/download": Link(self.download_url),
        }
