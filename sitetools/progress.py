"""Counts per stage while a build runs: shown on a terminal once the build has run a few seconds, never in a log.

`invoke build`, `make serve` and `invoke publish` run Pelican through
sitetools.building, which wraps the build in `BuildProgress` when its output
is a terminal. The display lives on Pelican's own console, so Pelican's
"Generating..." spinner and its messages stay in place around it:

    Reading content             1,030     9.1 s
    Writing feeds                  96     1.2 s
    Writing pages               2,310     4.0 s
    Search index and checks

Each stage is counted from Pelican's signals (a post, page, term, deck or
static file read; a feed written; a page written) with the time from its first
to its latest event; the last row appears at `finalized`, when the search
index and our checks run. A build shorter than BUILD_PROGRESS_DELAY seconds
(environment, default 2) shows nothing, and the display is gone once the
build ends: what stays on screen is Pelican's own summary.
"""

import os
import time

from rich.progress import Progress, TextColumn

DEFAULT_DELAY = 2.0
STAGES = {
    "read": "Reading content",
    "pages": "Writing pages",
    "feeds": "Writing feeds",
    "finish": "Search index and checks",
}


def delay_from_environment(environ=os.environ):
    """Seconds before the display shows (BUILD_PROGRESS_DELAY); the default when unset or not a number >= 0."""
    try:
        value = float(environ.get("BUILD_PROGRESS_DELAY", DEFAULT_DELAY))
    except ValueError:
        return DEFAULT_DELAY
    return value if value >= 0 else DEFAULT_DELAY


class QuietAtFirst(Progress):
    """A Progress that renders nothing until `delay` seconds after it started."""

    def __init__(self, *columns, delay, **kwargs):
        self.shown_after = time.monotonic() + delay  # before Progress draws itself for the first time
        super().__init__(*columns, **kwargs)

    def get_renderables(self):
        if time.monotonic() >= self.shown_after:
            yield from super().get_renderables()


class BuildProgress:
    """The display of one build: a row per stage with its count and time; connect() wires it to Pelican's signals."""

    def __init__(self, console, delay=DEFAULT_DELAY):
        self.display = QuietAtFirst(
            TextColumn("{task.description:<26}"),
            TextColumn("{task.fields[count]:>8}"),
            TextColumn("{task.fields[time]:>9}"),
            console=console, transient=True, delay=delay,
        )
        self.rows = {}  # stage: (task id, time of its first event)

    def count(self, stage, step=1):
        """Count `step` more of `stage` (its row opens at its first event)."""
        now = time.monotonic()
        if stage not in self.rows:
            self.rows[stage] = (self.display.add_task(STAGES[stage], total=None, count="", time=""), now)
        task, first = self.rows[stage]
        self.display.advance(task, step)
        if step:
            done = int(self.display.tasks[task].completed)
            self.display.update(task, count=f"{done:,}", time=f"{now - first:.1f} s")

    def connect(self, signals):
        """Receive the signals that mark each stage (`signals`: pelican.signals); kept until the process ends."""
        receivers = {
            signals.content_object_init: lambda *args, **kwargs: self.count("read"),
            signals.content_written: lambda *args, **kwargs: self.count("pages"),
            signals.feed_written: lambda *args, **kwargs: self.count("feeds"),
            signals.finalized: lambda *args, **kwargs: self.count("finish", 0),
        }
        for signal, receiver in receivers.items():
            signal.connect(receiver, weak=False)

    def __enter__(self):
        self.display.start()
        return self

    def __exit__(self, *exc):
        self.display.stop()


def build_progress(console, environ=os.environ):
    """A BuildProgress for this build, or None when the output is not a terminal (a log, CI)."""
    if not console.is_terminal or console.is_dumb_terminal:
        return None
    return BuildProgress(console, delay_from_environment(environ))
