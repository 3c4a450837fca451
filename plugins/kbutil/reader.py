"""The Markdown reader our plugins share: errors name the file and line.

It checks the metadata header before Python-Markdown reads the file, and turns
a LineError raised by one of our Markdown extensions into a SourceError naming
the file. Plugins that need it connect `use_checked_reader` to readers_init
(blinker connects a receiver once, however many plugins ask).
"""

import logging

from pelican.readers import MarkdownReader

from kbutil.diagnostics import LineError, SourceError, report
from kbutil.header import check_header

logger = logging.getLogger(__name__)


class CheckedMarkdownReader(MarkdownReader):
    """Markdown reader that checks the header first and names file:line on errors."""

    def read(self, source_path):
        try:
            with open(source_path, encoding="utf-8-sig") as handle:
                check_header(source_path, handle.read())
            return super().read(source_path)
        except LineError as err:
            error = SourceError(source_path, err.line, err.message)
            report(logger, error, self.settings)
            raise error from None
        except SourceError as err:
            report(logger, err, self.settings)
            raise
        except UnicodeDecodeError as err:
            error = SourceError(source_path, None, f"is not UTF-8 text ({err.reason} at byte {err.start})")
            report(logger, error, self.settings)
            raise error from None


def use_checked_reader(readers):
    """Replace the Markdown reader for every extension it serves."""
    for ext in MarkdownReader.file_extensions:
        if readers.reader_classes.get(ext) is MarkdownReader:
            readers.reader_classes[ext] = CheckedMarkdownReader
