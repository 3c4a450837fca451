"""Counts per stage while a build runs (sitetools.progress), drawn on a recording console."""

import io
from types import SimpleNamespace

from blinker import Signal
from rich.console import Console, Group

from sitetools.progress import BuildProgress, build_progress, delay_from_environment


def pelican_like_signals():
    names = ("content_object_init", "content_written", "feed_written", "finalized")
    return SimpleNamespace(**{name: Signal() for name in names})


def shown(progress):
    """The text the display draws now."""
    console = Console(record=True, width=80, file=io.StringIO())
    console.print(Group(*progress.display.get_renderables()))
    return console.export_text()


def test_each_stage_is_a_row_with_its_count():
    signals = pelican_like_signals()
    progress = BuildProgress(Console(file=io.StringIO(), force_terminal=True), delay=0)
    progress.connect(signals)
    for _ in range(1234):
        signals.content_object_init.send(object())
    for _ in range(3):
        signals.feed_written.send("feeds/all.atom.xml", context={}, feed=None)
    for _ in range(12):
        signals.content_written.send("index.html", context={})
    signals.finalized.send(object())
    rows = [line.split() for line in shown(progress).splitlines() if line.strip()]
    assert [row[:2] for row in rows] == [["Reading", "content"], ["Writing", "feeds"], ["Writing", "pages"],
                                         ["Search", "index"]]
    assert [row[2] for row in rows[:3]] == ["1,234", "3", "12"]
    assert all(row[-1] == "s" for row in rows[:3])  # each with its time


def test_nothing_shows_before_the_delay():
    signals = pelican_like_signals()
    progress = BuildProgress(Console(file=io.StringIO(), force_terminal=True), delay=1000)
    progress.connect(signals)
    signals.content_object_init.send(object())
    assert shown(progress).strip() == ""


def test_no_display_without_a_terminal():
    assert build_progress(Console(file=io.StringIO())) is None
    assert build_progress(Console(file=io.StringIO(), force_terminal=True)) is not None


def test_the_delay_comes_from_the_environment():
    assert delay_from_environment({}) == 2.0
    assert delay_from_environment({"BUILD_PROGRESS_DELAY": "0.5"}) == 0.5
    assert delay_from_environment({"BUILD_PROGRESS_DELAY": "soon"}) == 2.0
    assert delay_from_environment({"BUILD_PROGRESS_DELAY": "-1"}) == 2.0
