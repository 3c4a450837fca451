"""Error messages that name the source file and line: `path:LINE: reason`."""

import os


def display_path(path):
    """Return `path` relative to the working directory when it lies below it."""
    path = os.fspath(path)
    rel = os.path.relpath(os.path.abspath(path))
    return path if rel.startswith("..") else rel


class LineError(ValueError):
    """A problem at a line of the file being read, before its path is known.

    Markdown extensions raise it (Python-Markdown does not know file names);
    the reader turns it into a SourceError naming the file.
    """

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}" if line else message)


class SourceError(ValueError):
    """A problem in an author's file, with the line where it is (if known)."""

    def __init__(self, path, line, message):
        self.path = os.fspath(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = display_path(self.path)
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


def report(logger, err, settings):
    """Log `err` at ERROR, with a traceback only when DEBUG is set."""
    logger.error("%s", err, exc_info=bool(settings.get("DEBUG", False)))
