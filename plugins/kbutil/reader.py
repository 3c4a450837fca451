"""The readers our plugins share: errors name the file and line, and HTML is sanitized.

The Markdown reader checks the metadata header before Python-Markdown reads
the file, cleans what Markdown makes with the site's sanitizer
(kbutil.safe_markdown, for the body and the `Summary:`), and turns a
LineError raised by one of our Markdown extensions, or active markup the
sanitizer removed, into a SourceError naming the file and line. Pelican's
HTML and reStructuredText readers are wrapped so their HTML is cleaned too.
Plugins that need them connect `use_checked_reader` to readers_init (blinker
connects a receiver once, however many plugins ask).
"""

import logging
import os
import re
import sys

from docutils.utils import SystemMessage
from markdown import Markdown
from pelican.readers import HTMLReader, MarkdownReader, RstReader

from kbutil.diagnostics import LineError, SourceError, display_path, report
from kbutil.frontmatter import read_front_matter
from kbutil.header import check_header
from kbutil.sanitize import UnsafeHTML, clean, find_line

logger = logging.getLogger(__name__)
EXTENSION = "kbutil.safe_markdown"
# Python-Markdown takes seconds per megabyte, and every later step (glossary,
# search, feeds) again: a file past this is refused rather than left to stall
# the build. Ten times the longest post we know of; split longer text into a series.
MAX_SOURCE_BYTES = 2_000_000
DOCUTILS_MESSAGE = re.compile(r"^.*?:(?P<line>\d+): \((?:[A-Z]+)/\d\) (?P<reason>.*)$", re.DOTALL)


class CheckedMarkdownReader(MarkdownReader):
    """Markdown reader that checks the header first, sanitizes, and names file:line on errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extensions = self.settings["MARKDOWN"]["extensions"]
        if EXTENSION not in extensions:
            extensions.append(EXTENSION)

    def read(self, source_path):
        text = ""
        try:
            check_size(source_path)
            with open(source_path, encoding="utf-8-sig") as handle:
                text = handle.read()
            check_header(source_path, text)
            content, metadata = self.convert(source_path, text)
            log_dropped(source_path, self._md.kb_dropped)
            return content, metadata
        except Exception as err:
            error = source_error(source_path, text, err)
            report(logger, error, self.settings)
            raise error from None


    def convert(self, source_path, text):
        """(HTML, metadata) of checked source text; a `---` YAML header is read by kbutil.frontmatter."""
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        lines = text.split("\n")
        front = read_front_matter(source_path, lines)
        if front is None:
            content = self._md.convert(text)
            meta = getattr(self._md, "Meta", {})
        else:
            content = self._md.convert("\n".join(front.body_lines(lines)))
            meta = {key: [value] for key, value in front.meta.items()}
            if front.ignored:
                logger.info("%s: left out of the metadata (nested values): %s",
                            display_path(source_path), ", ".join(front.ignored))
        return content, self._parse_metadata(meta) if meta else {}


def check_size(path):
    """Refuse a source file larger than MAX_SOURCE_BYTES before reading it."""
    size = os.path.getsize(path)
    if size > MAX_SOURCE_BYTES:
        raise SourceError(
            path, None, f"is {size / 1e6:.1f} MB; a post or page may be at most "
            f"{MAX_SOURCE_BYTES / 1e6:.0f} MB (split it into a series)"
        )


def source_error(path, text, err):
    """The SourceError that names `path` (and the line, where known) for `err`."""
    if isinstance(err, SourceError):
        return err
    if isinstance(err, LineError):
        return SourceError(path, err.line, err.message)
    if isinstance(err, UnsafeHTML):
        return SourceError(path, find_line(text, err.needles), str(err))
    if isinstance(err, SystemMessage):  # docutils: "PATH:LINE: (ERROR/3) reason"
        match = DOCUTILS_MESSAGE.match(str(err))
        if match:
            return SourceError(path, int(match["line"]), f"{match['reason'].splitlines()[0]} (reStructuredText)")
        return SourceError(path, None, f"{err} (reStructuredText)")
    if isinstance(err, UnicodeDecodeError):
        return SourceError(path, None, f"is not UTF-8 text ({err.reason} at byte {err.start})")
    if isinstance(err, RecursionError):
        return SourceError(path, None, "is nested too deeply to read (lists or quotes inside each other)")
    if isinstance(err, OSError):
        return SourceError(path, None, f"could not be read ({err.strerror or err})")
    return SourceError(path, None, f"could not be read: {err}")


def log_dropped(path, dropped):
    """Say, once per file, which inert markup the sanitizer dropped (its text is kept)."""
    if dropped:
        logger.info(
            "%s: dropped markup the site does not allow (the text is kept): %s",
            display_path(path), ", ".join(dict.fromkeys(dropped)),
        )


def sanitizing(reader_class):
    """A subclass of a Pelican reader of HTML whose body and summary are cleaned."""

    class SanitizingReader(reader_class):
        def read(self, source_path):
            try:
                content, metadata = super().read(source_path)
                content, dropped = clean(content)
                if isinstance(metadata.get("summary"), str):
                    metadata["summary"], more = clean(metadata["summary"])
                    dropped += more
            except Exception as err:
                with open(source_path, encoding="utf-8-sig", errors="replace") as handle:
                    error = source_error(source_path, handle.read(), err)
                report(logger, error, self.settings)
                raise error from None
            log_dropped(source_path, dropped)
            return content, metadata

    SanitizingReader.__name__ = f"Sanitizing{reader_class.__name__}"
    return SanitizingReader


WRAPPED = {MarkdownReader: CheckedMarkdownReader, HTMLReader: sanitizing(HTMLReader), RstReader: sanitizing(RstReader)}


class ReasonForCouldNotProcess(logging.Filter):
    """Pelican's "Could not process FILE" drops the reason: give it, or drop the line.

    Pelican logs it inside the `except` block, so the exception is at hand. A
    SourceError was already logged by the reader that raised it (with file and
    line): the record would only repeat it. Any other exception keeps the
    record, with its message as the reason.
    """

    def filter(self, record):
        if not str(record.msg).startswith("Could not process"):
            return True
        error = sys.exc_info()[1]
        if isinstance(error, SourceError):
            return False
        if error is not None and record.args:
            record.msg, record.args = "%s: could not be read: %s", (record.args[0], error)
        return True


def use_checked_reader(readers):
    """Replace Pelican's Markdown, HTML and reST readers for every extension they serve."""
    for ext, reader_class in list(readers.reader_classes.items()):
        if reader_class in WRAPPED:
            readers.reader_classes[ext] = WRAPPED[reader_class]
    generators_log = logging.getLogger("pelican.generators")
    if not any(isinstance(f, ReasonForCouldNotProcess) for f in generators_log.filters):
        generators_log.addFilter(ReasonForCouldNotProcess())
