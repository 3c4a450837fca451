"""presentations: one-line embeds, click-to-load facades, Markdown decks with notes.

See extension.py for the author syntax, settings.py for the settings.
"""

import os

from pelican import signals

from kbutil.fragments import template_dirs
from kbutil.reader import use_checked_reader

from . import settings as plugin_settings
from .feeds import feed_html
from .generator import PresentationsGenerator

EXTENSION = "presentations.extension"


def configure(pelican):
    """Check the settings and hand the Markdown extension its configuration."""
    settings = plugin_settings.configure(pelican.settings)
    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})[EXTENSION] = {
        "deck_dir": os.path.join(settings["PATH"], settings["PRESENTATIONS_PATH"]),
        "deck_prefix": settings["PRESENTATIONS_PATH"].strip("/"),
        "template_dirs": template_dirs(settings),
        "private_notes": settings["PRESENTATIONS_PRIVATE_NOTES"],
    }
    extensions = markdown.setdefault("extensions", [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)


def add_generator(pelican):
    return PresentationsGenerator


def links_in_feeds(context, feed):
    """Give feed readers a link (with poster) in place of each player or deck viewer."""
    for item in feed.items:
        for key in ("description", "content"):
            item[key] = feed_html(item.get(key))


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_checked_reader)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(links_in_feeds)
