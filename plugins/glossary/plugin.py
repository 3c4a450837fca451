"""glossary: one Markdown file per term, an A–Z page, a page per term, and the first
mention of each term in every post and page linked to its definition, with a tooltip.

See terms.py for the term files, linker.py for the markup, settings.py for the settings.
"""

import logging

from pelican import signals

from kbutil.config import configure as configure_settings
from kbutil.reader import use_checked_reader

from .generator import GlossaryGenerator
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings; keep Pelican's own page and post readers out of the term files."""
    settings = pelican.settings
    configure_settings(settings, SETTINGS, logger)
    folder = settings["GLOSSARY_PATH"].strip("/")
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key) or [])
        if folder not in excludes:
            settings[key] = [*excludes, folder]


def add_generator(pelican):
    return GlossaryGenerator


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_checked_reader)
    signals.get_generators.connect(add_generator)
