"""chat_recaps: chat exports to recap pages, with people pages; see source.py for the format."""

import logging

from pelican import signals

from kbutil.config import configure as configure_settings
from kbutil.reader import use_checked_reader

from .people import PeopleGenerator
from .reader import RecapReader
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def configure(pelican):
    """Check the settings once, at start-up."""
    configure_settings(pelican.settings, SETTINGS, logger)


def add_reader(readers):
    readers.reader_classes["recap"] = RecapReader


def add_generator(pelican):
    return PeopleGenerator


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_checked_reader)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(add_generator)
