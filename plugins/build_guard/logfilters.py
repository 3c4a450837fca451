"""Logging filters: Pelican's messages with paths relative to the project, and no duplicates of ours.

Pure logging: no Pelican import. build_guard installs them on `initialized`.
"""

import logging
import os

# Pelican (utils.get_original_items) warns about two posts with one slug in one
# language; build_guard reports each such clash itself, naming file and line.
SAME_SLUG_WARNINGS = ('There are %s items "%s" with lang %s', "There are %s original (not translated) items %s")
# Pelican (cache) warns without naming the post when a linked {static} file is missing.
MISSING_STAMP = "Cannot get modification stamp for %s\n\t%s"
# Pelican (urlwrappers) warns that '..' makes no category slug when a {static}
# link leads out of the content folder (the folder above is taken for a category).
NO_SLUG = 'Unable to generate valid slug for %s "%s".'


def relative_text(text, base):
    """`text` with every absolute path below `base` written relative to it."""
    prefix = base.rstrip(os.sep) + os.sep
    return text.replace(prefix, "") if prefix != os.sep else text


class RelativePaths(logging.Filter):
    """Rewrite absolute paths below the working directory in a record's message and arguments."""

    def __init__(self, base=None):
        super().__init__()
        self.base = os.path.abspath(base or os.getcwd())

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = relative_text(record.msg, self.base)
        if isinstance(record.args, tuple):
            record.args = tuple(self.relative_arg(arg) for arg in record.args)
        return True

    def relative_arg(self, arg):
        if isinstance(arg, (int, float)) or arg is None:
            return arg  # keeps %d and %f working
        text = str(arg)
        rewritten = relative_text(text, self.base)
        return arg if rewritten == text else rewritten


class HeldSlugWarnings(logging.Filter):
    """Hold Pelican's same-slug warnings until build_guard has reported its clashes.

    `release` drops the held records whose files all are in a reported clash
    and lets the others through, so nothing Pelican says is lost.
    """

    def __init__(self):
        super().__init__()
        self.held = []

    def filter(self, record):
        if not str(record.msg).startswith(SAME_SLUG_WARNINGS):
            return True
        self.held.append(record)
        return False

    def release(self, reported_paths):
        held, self.held = self.held, []
        for record in held:
            paths = {os.path.abspath(a) for a in record.args if isinstance(a, str) and os.path.isabs(a)}
            if paths and paths <= reported_paths:
                continue
            # Straight to the handlers: the logger's filters (ours, Pelican's
            # duplicate filter) have seen this record already.
            logging.getLogger(record.name).callHandlers(record)


class MissingStaticStamp(logging.Filter):
    """Drop Pelican's "Cannot get modification stamp" for a missing file: build_guard names the link."""

    def filter(self, record):
        if not str(record.msg).startswith(MISSING_STAMP) or not record.args:
            return True
        return os.path.exists(str(record.args[0]))


class FolderAboveContent(logging.Filter):
    """Drop Pelican's "no valid slug for Category '..'": build_guard names the link that leads there."""

    def filter(self, record):
        return not (record.msg == NO_SLUG and len(record.args or ()) == 2 and record.args[1] == "..")


class PelicanSaidBetter(logging.Filter):
    """Drop Pelican's messages that build_guard says itself, with the file and line, or that are not problems.

    - "Unable to find 'x'": every broken {filename}/{static} link is reported with its post and line;
    - "{filename} used for linking to static content": listed once, grouped, with every place;
    - "Empty alt attribute": alt="" is right for a decorative image.
    """

    DROPPED = ("Unable to find '%s', skipping url replacement.", "{filename} used for linking to static",
               "Other resources were not found", "Empty alt attribute for image",
               "Other images have empty alt attributes")

    def filter(self, record):
        return not str(record.msg).startswith(self.DROPPED)


def install_once(logger_name, filter_class, *args):
    """Add a `filter_class` filter to the logger (once); return the filter it has."""
    logger = logging.getLogger(logger_name)
    for existing in logger.filters:
        if isinstance(existing, filter_class):
            return existing
    added = filter_class(*args)
    logger.addFilter(added)
    return added


def install_on_handlers(filter_class, *args):
    """Add a `filter_class` filter to every handler of the root logger (once each)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, filter_class) for f in handler.filters):
            handler.addFilter(filter_class(*args))
