"""presentations: one-line embeds, click-to-load facades, Markdown decks with notes.

See extension.py for the author syntax, settings.py for the settings.
"""

import logging
import os

from pelican import signals
from pelican.readers import RstReader

from kbutil.config import configure as configure_settings
from kbutil.diagnostics import LineError, SourceError, display_path, report
from kbutil.fragments import template_dirs
from kbutil.reader import CheckedMarkdownReader, use_checked_reader
from kbutil.sanitize import UnsafeHTML, find_lines

from .extension import LineErrors
from .feeds import feed_html
from .generator import PresentationsGenerator
from .providers import FACADE_ATTRIBUTE, embed_origins
from .rst import register_directives, restoring
from .settings import SETTINGS

logger = logging.getLogger(__name__)
EXTENSION = "presentations.extension"


def configure(pelican):
    """Check the settings and hand the Markdown extension its configuration."""
    settings = pelican.settings
    configure_settings(settings, SETTINGS, logger)
    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})[EXTENSION] = {
        "deck_dir": os.path.join(settings["PATH"], settings["PRESENTATIONS_PATH"]),
        "deck_prefix": settings["PRESENTATIONS_PATH"].strip("/"),
        "template_dirs": template_dirs(settings),
        "private_notes": settings["PRESENTATIONS_PRIVATE_NOTES"],
        "extra_hosts": list(settings["EMBED_EXTRA_HOSTS"]),
    }
    extensions = markdown.setdefault("extensions", [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)


def reporting(reader_class):
    """A subclass of the checked Markdown reader: every embed problem with its own line, and notices.

    The extension collects every problem of a file (LineErrors); the reader
    reports one, so the others are logged here, each naming the file and its
    line. What the extension did quietly (a social post's script dropped) is
    said at INFO, naming the file.
    """

    class EmbedReportingReader(reader_class):
        reports_embeds = True

        def convert(self, source_path, text):
            try:
                content, metadata = super().convert(source_path, text)
            except LineErrors as err:
                for error in err.errors[:-1]:
                    report(logger, SourceError(source_path, error.line, error.message), self.settings)
                raise err.errors[-1] from None
            except UnsafeHTML as err:
                lines = find_lines(text, err.needles)
                if len(lines) < 2:
                    raise
                for line in lines[:-1]:
                    report(logger, SourceError(source_path, line, str(err)), self.settings)
                raise LineError(lines[-1], str(err)) from None
            for notice in getattr(self._md, "kb_embed_notices", ()):
                logger.info("%s: %s", display_path(source_path), notice)
            return content, metadata

    EmbedReportingReader.__name__ = f"EmbedReporting{reader_class.__name__}"
    return EmbedReportingReader


def use_embed_readers(readers):
    """readers_init, after use_checked_reader: report every embed problem; keep reST facades."""
    use_checked_reader(readers)
    dirs = template_dirs(readers.settings)
    for ext, reader_class in list(readers.reader_classes.items()):
        if getattr(reader_class, "reports_embeds", False):
            continue
        if isinstance(reader_class, type) and issubclass(reader_class, CheckedMarkdownReader):
            readers.reader_classes[ext] = reporting(reader_class)
        elif isinstance(reader_class, type) and issubclass(reader_class, RstReader):
            wrapped = restoring(reader_class, dirs)
            wrapped.reports_embeds = True
            readers.reader_classes[ext] = wrapped


def add_generator(pelican):
    return PresentationsGenerator


def note_embed_origins(instance):
    """content_object_init: the origins of a post's (page's, term's) players, for its policy's frame-src.

    theme/templates/partials/csp.html lets a page frame only these origins
    (https://host of each facade's data-embed-src); pages without a player frame nothing.
    """
    html = getattr(instance, "_content", None)
    if isinstance(html, str) and FACADE_ATTRIBUTE in html:  # most pages have none: no parse for them
        instance.embed_origins = embed_origins(html)


def links_in_feeds(context, feed):
    """Give feed readers a link (with poster) in place of each player or deck viewer."""
    for item in feed.items:
        for key in ("description", "content"):
            item[key] = feed_html(item.get(key))


def register():
    register_directives()
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_checked_reader)
    # After use_checked_reader (and build_guard's wrapper), so it wraps the readers they chose.
    signals.readers_init.connect(use_embed_readers)
    signals.get_generators.connect(add_generator)
    signals.content_object_init.connect(note_embed_origins)
    signals.feed_generated.connect(links_in_feeds)
