"""Building the site for `invoke build`: a complete output/ at every instant, messages a reader can follow.

- `swap_in(new, current)` puts a finished build in place of the current one in
  one step (Linux: renameat2 with RENAME_EXCHANGE), so at every instant
  `current` holds either the previous complete site or the new one.
- `clean_leftovers(current)` removes what a killed earlier build left beside
  it (CURRENT.partial, CURRENT.old) before the next build starts.
- `python -m sitetools.building STAGING SHOWN PELICAN-ARGS...` runs Pelican
  building into STAGING while its messages name SHOWN (see BuildMessages), a
  full disk is one line instead of a traceback, and a terminal shows counts
  per stage (sitetools/progress.py); then swaps STAGING in for SHOWN, or on
  failure removes it. When nothing changed since SHOWN's last clean build
  (sitetools/stamp.py) it runs nothing and says so.
- `pelican_args` / `pelican_command`: the one way every task, tool and test
  spells a Pelican build on the command line.
"""

import contextlib
import ctypes
import errno
import io
import logging
import os
import re
import shutil
import sys
from pathlib import Path

# ---------------------------------------------------------------- the Pelican command line


def pelican_args(settings, output, content=None, extra=()):
    """Pelican's arguments: [CONTENT] -s SETTINGS -o OUTPUT EXTRA... (no CONTENT: the settings' PATH)."""
    return [*([str(content)] if content is not None else []), "-s", str(settings), "-o", str(output), *extra]


def pelican_command(settings, output, content=None, extra=()):
    """The command that runs Pelican with this Python: python -m pelican ARGS (see pelican_args)."""
    return [sys.executable, "-m", "pelican", *pelican_args(settings, output, content, extra)]


# ---------------------------------------------------------------- swapping the output in

AT_FDCWD = -100  # <fcntl.h>: paths relative to the working directory
RENAME_EXCHANGE = 1 << 1  # <linux/fs.h>: swap the two paths atomically
UNSUPPORTED = (errno.EINVAL, errno.ENOSYS)  # the filesystem or kernel cannot exchange


class ExchangeUnsupported(OSError):
    """This system or filesystem cannot exchange two paths in one step."""


def _renameat2():
    """glibc's renameat2, or None where there is none (not Linux, old glibc, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first, second):
    """Swap the paths `first` and `second` (both must exist) in one step."""
    function = _renameat2()
    if function is None:
        raise ExchangeUnsupported(errno.ENOSYS, "renameat2 is not available here")
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    error = ExchangeUnsupported if code in UNSUPPORTED else OSError
    raise error(code, os.strerror(code), os.fspath(first), None, os.fspath(second))


def leftover_names(current):
    """The folders a build keeps beside `current`: (CURRENT.partial, CURRENT.old)."""
    current = Path(current)
    return current.with_name(current.name + ".partial"), current.with_name(current.name + ".old")


def swap_in(new, current):
    """Replace the folder `current` by `new`; at every instant one complete site is at `current`."""
    new, current = Path(new), Path(current)
    if not os.path.lexists(current):
        new.rename(current)
        return
    try:
        exchange(new, current)
    except ExchangeUnsupported:
        swap_in_two_steps(new, current)
        return
    shutil.rmtree(new, ignore_errors=True)  # it holds the previous site now


def swap_in_two_steps(new, current):
    """The swap where paths cannot be exchanged (not Linux, some network or FUSE filesystems).

    Two renames: CURRENT -> CURRENT.old, NEW -> CURRENT. Between them (two
    system calls, microseconds) there is no CURRENT; a build killed right
    there leaves CURRENT.old, the previous complete site, which
    clean_leftovers() puts back before the next build does anything.
    """
    _, old = leftover_names(current)
    shutil.rmtree(old, ignore_errors=True)
    current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)


def clean_leftovers(current):
    """Remove what a killed earlier build left beside `current`; restore the site if it was taken away."""
    staging, old = leftover_names(current)
    shutil.rmtree(staging, ignore_errors=True)
    if os.path.lexists(old):
        if os.path.lexists(current):
            shutil.rmtree(old, ignore_errors=True)
        else:
            # Killed between the two renames of swap_in_two_steps: the previous site goes back.
            old.rename(current)


# ---------------------------------------------------------------- Pelican's messages

NO_SPACE = "no space left on device (free some space and build again)"
DISK_FULL_TEXT = re.compile(r"no space left on device|\[Errno 28\]|os error 28", re.IGNORECASE)


def disk_full_error(record):
    """The OSError 'no space left on device' a log record carries, or None."""
    candidates = []
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        while error is not None and len(candidates) < 10:
            candidates.append(error)
            error = error.__cause__ or error.__context__
    args = record.args if isinstance(record.args, tuple) else ()
    candidates += [arg for arg in args if isinstance(arg, BaseException)]
    for error in candidates:
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return error
    return None


def file_being_written(error):
    """The name of a file open for writing in the frames `error` went through, innermost first."""
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame)
        traceback = traceback.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            mode = getattr(value, "mode", "")
            name = getattr(value, "name", None)
            if isinstance(value, io.IOBase) and isinstance(name, str) and set(str(mode)) & set("wax+"):
                return name
    return None


class BuildMessages(logging.Filter):
    """Make Pelican's and the plugins' messages name the output folder the reader knows.

    Why rewrite instead of naming the folder otherwise: Pelican writes into
    STAGING (output.partial), which the task deletes when the build fails or
    swaps in when it succeeds, so a message naming output.partial/x.html
    points at a file the reader never sees. The reader knows output/; the
    file's place in the site is the same there. Rewriting in the log handler
    (rather than in Pelican's printed text) sees each message whole, before
    Rich wraps it to the terminal's width and could split a path.

    A record about a full disk (an OSError ENOSPC, with or without a
    traceback) becomes one line `PATH: no space left on device (...)`, shown
    once for the build.
    """

    def __init__(self, staging, shown):
        super().__init__()
        staging, shown = os.path.abspath(staging), os.path.abspath(shown)
        pairs = [(staging, shown)]
        relative = os.path.relpath(staging)
        if not relative.startswith(".."):
            pairs.append((relative, os.path.relpath(shown)))
        # Whole path names only: not output.partial.old, not /elsewhere/output.partial.
        self.names = [
            (re.compile(r"(?<![\w./-])" + re.escape(old) + r"(?![\w-]|\.\w)"), new)
            for old, new in pairs
        ]
        self.shown = shown
        self.disk_full = False

    def rename(self, text):
        for pattern, new in self.names:
            text = pattern.sub(lambda _, new=new: new, text)
        return text

    def filter(self, record):
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed record: let logging report it as it does
        error = disk_full_error(record)
        if error is not None or DISK_FULL_TEXT.search(text):
            if self.disk_full:
                return False
            self.disk_full = True
            if NO_SPACE not in text:
                text = f"{self.where(record, error)}: {NO_SPACE}"
            record.exc_info = record.exc_text = record.stack_info = None
        record.msg, record.args = self.rename(text), ()
        return True

    def where(self, record, error):
        """The path to name for a full disk: the file being written, else the output folder."""
        path = None
        if error is not None:
            # A copy names its source in filename, its destination (the full disk) in filename2.
            path = error.filename2 or error.filename or file_being_written(error)
        if path is None and isinstance(record.args, tuple):
            # e.g. Pelican's "A problem occurred copying file SOURCE to DESTINATION; ERROR"
            strings = [
                os.fspath(arg) for arg in record.args
                if isinstance(arg, (str, os.PathLike)) and os.sep in os.fspath(arg)
            ]
            path = strings[-1] if strings else None
        if path is None:
            return display(self.shown) + "/"
        return display(self.rename(os.fspath(path)))


def display(path):
    """`path` relative to the working directory when it lies below it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


class ProblemCount(logging.Handler):
    """Counts the records at WARNING or above (a build with any leaves no stamp)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def start_logging(args, verbosity=None):
    """Pelican's logging, set up as `pelican` sets it up for a build."""
    from pelican import LOG_HANDLERS
    from pelican.log import init as init_logging

    init_logging(
        level=args.verbosity if verbosity is None else verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )


def run_pelican(instance, verbosity, status=True):
    """Run the build as `pelican` does; its exit code (an exception is logged as `pelican` logs it).

    `status`: Pelican's "Generating..." line on a terminal (not for the live server's rebuilds).
    """
    from pelican.log import console

    try:
        with console.status("Generating...") if status else contextlib.nullcontext():
            instance.run()
    except SystemExit as stop:  # build_guard: the problems are listed above
        return stop.code or 0
    except Exception as error:
        logging.getLogger("pelican").critical("%s: %s", error.__class__.__name__, error, exc_info=True)
        if verbosity == logging.DEBUG:
            console.print_exception()
        return getattr(error, "exitcode", 1)
    return 0


def main(argv=None):
    """Build into STAGING and swap it in for SHOWN; or do nothing when SHOWN is up to date (sitetools/stamp.py)."""
    staging, shown, *pelican_args = sys.argv[1:] if argv is None else argv
    from pelican import get_instance, parse_arguments, signals
    from pelican.log import DEFAULT_LOG_HANDLER, console

    from sitetools.progress import build_progress
    from sitetools.stamp import Stamp

    clean_leftovers(shown)
    messages = BuildMessages(staging, shown)
    DEFAULT_LOG_HANDLER.addFilter(messages)
    args = parse_arguments(pelican_args)
    start_logging(args)
    problems = ProblemCount()
    logging.getLogger().addHandler(problems)
    try:
        instance, settings = get_instance(args)
    except Exception as error:  # a settings file that does not run
        logging.getLogger("pelican").critical("%s: %s", error.__class__.__name__, error, exc_info=True)
        sys.exit(1)
    stamp = Stamp(settings, shown)
    if os.environ.get("BUILD_FULL") != "1" and not problems.count and stamp.current():
        console.print(f"Nothing changed since the last build: {display(shown)}/ is up to date "
                      "(BUILD_FULL=1 builds anyway).")
        sys.exit(0)
    stamp.forget()
    progress = build_progress(console)  # counts per stage, on a terminal only
    if progress is not None:
        progress.connect(signals)
    with progress or contextlib.nullcontext():
        code = run_pelican(instance, args.verbosity)
    # A full disk fails the build even where Pelican only warned (a static file not copied).
    if messages.disk_full and not code:
        code = 1
    if code:
        shutil.rmtree(staging, ignore_errors=True)
        sys.exit(code)
    swap_in(staging, shown)
    if not problems.count:
        stamp.save(shown)
    sys.exit(0)


if __name__ == "__main__":
    main()
