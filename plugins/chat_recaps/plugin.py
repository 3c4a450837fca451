"""chat_recaps: chat exports to recap pages, with people pages; see source.py for the format."""

from pelican import signals

from kbutil.reader import use_checked_reader

from . import settings as plugin_settings
from .people import PeopleGenerator
from .reader import RecapReader


def configure(pelican):
    """Check the settings once, at start-up."""
    plugin_settings.configure(pelican.settings)


def add_reader(readers):
    readers.reader_classes["recap"] = RecapReader


def add_generator(pelican):
    return PeopleGenerator


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_checked_reader)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(add_generator)
