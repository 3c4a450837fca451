"""The output swap: output/ always holds a complete site, the previous one or the new one.

Three levels: the exchange itself; swap_in interrupted at every line it runs
(deterministic); a real `invoke build` killed with SIGKILL at chosen moments
while a watcher reads output/ as fast as it can.
"""

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from sitetools import building
from sitetools.building import ExchangeUnsupported, clean_leftovers, exchange, swap_in


def write_site(folder, which):
    """A small complete site whose every file says which build it is from."""
    for rel in ("index.html", "sub/page.html", f"{which}-marker.txt"):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(which)


def site_state(folder):
    """'old' or 'new' when `folder` holds that complete site, else what is wrong."""
    if not folder.exists():
        return "missing"
    files = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    for which in ("old", "new"):
        if files == {"index.html": which, "sub/page.html": which, f"{which}-marker.txt": which}:
            return which
    return f"incomplete: {sorted(files.items())}"


def exchange_or_skip(first, second):
    try:
        exchange(first, second)
    except ExchangeUnsupported as err:
        pytest.skip(f"this system cannot exchange two paths in one step ({err.strerror})")


def test_exchange_swaps_two_folders(tmp_path):
    write_site(tmp_path / "a", "old")
    write_site(tmp_path / "b", "new")
    exchange_or_skip(tmp_path / "a", tmp_path / "b")
    assert site_state(tmp_path / "a") == "new"
    assert site_state(tmp_path / "b") == "old"
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "a", tmp_path / "no-such-folder")


def test_first_build_is_renamed_into_place(tmp_path):
    write_site(tmp_path / "output.partial", "new")
    swap_in(tmp_path / "output.partial", tmp_path / "output")
    assert site_state(tmp_path / "output") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


class Crash(BaseException):
    """Stands for the process being killed at a given line."""


def crash_at_line(number, work):
    """Run work(), raising Crash at its `number`-th line in sitetools/building.py; True if it crashed."""
    count = 0

    def each_line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count == number:
                raise Crash
        return each_line

    def on_call(frame, event, arg):
        return each_line if frame.f_code.co_filename == building.__file__ else None

    sys.settrace(on_call)
    try:
        work()
    except Crash:
        return True
    finally:
        sys.settrace(None)
    return False


@pytest.mark.parametrize("how", ["exchange", "two renames"])
def test_swap_killed_at_every_line_leaves_a_complete_site(tmp_path, monkeypatch, how):
    if how == "two renames":
        def unsupported(first, second):
            raise ExchangeUnsupported(errno.EINVAL, "Invalid argument")
        monkeypatch.setattr(building, "exchange", unsupported)
    else:
        write_site(tmp_path / "probe-a", "old")
        write_site(tmp_path / "probe-b", "new")
        exchange_or_skip(tmp_path / "probe-a", tmp_path / "probe-b")
    output, staging = tmp_path / "output", tmp_path / "output.partial"
    line, states = 0, set()
    while True:
        line += 1
        for leftover in tmp_path.glob("output*"):
            shutil.rmtree(leftover)
        write_site(output, "old")
        write_site(staging, "new")
        crashed = crash_at_line(line, lambda: swap_in(staging, output))
        if how == "exchange":
            # No instant without a complete site, not even before the next build cleans up.
            assert site_state(output) in ("old", "new"), f"killed at line {line}"
        clean_leftovers(output)  # what the next build does first
        state = site_state(output)
        assert state in ("old", "new"), f"killed at line {line}: {state}"
        assert sorted(p.name for p in tmp_path.glob("output*")) == ["output"], f"killed at line {line}"
        states.add(state)
        if not crashed:
            break
    assert line > 3 and states == {"old", "new"}
    assert site_state(output) == "new"


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    output = tmp_path / "output"
    write_site(output, "old")
    (tmp_path / "output.partial" / "half").mkdir(parents=True)
    (tmp_path / "output.old" / "half").mkdir(parents=True)
    clean_leftovers(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert site_state(output) == "old"

    # Killed between the two renames of the fallback: output.old is the previous site.
    output.rename(tmp_path / "output.old")
    write_site(tmp_path / "output.partial", "new")
    clean_leftovers(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert site_state(output) == "old"


# ---------------------------------------------------------------- a real build, killed


def invoke_build(project):
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"], cwd=project,
        env=dict(os.environ, COLUMNS="200"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def listing(folder):
    """The files under `folder` as one consistent snapshot, or None if it was swapped meanwhile.

    os.fwalk holds the folder open, so the walk stays in one tree even when
    the path is exchanged; a walk that overlapped the exchange is discarded
    (the old tree is deleted once it is away, which is not what a reader of
    output/ sees).
    """
    names, top = set(), None
    try:
        for root, _, files, fd in os.fwalk(folder):
            if top is None:
                top = os.fstat(fd).st_ino
            names.update(os.path.relpath(os.path.join(root, name), folder) for name in files)
        still = os.stat(folder).st_ino
    except FileNotFoundError:
        return None if folder.exists() else frozenset()  # frozenset(): no output/ at all
    return frozenset(names) if still == top else None


class Watcher(threading.Thread):
    """Read output/ over and over; remember every snapshot that is not a complete site."""

    def __init__(self, output, complete):
        super().__init__(daemon=True)
        self.output, self.complete = output, complete
        self.stop, self.bad, self.snapshots = threading.Event(), [], 0

    def run(self):
        while not self.stop.is_set():
            names = listing(self.output)
            if names is None:
                continue
            self.snapshots += 1
            if names not in self.complete:
                has_index = "index.html" in names
                self.bad.append(f"{len(names)} files, index.html: {has_index}" if names else "no output/")


# Moments to kill a build at, as fractions of a whole build's duration.
KILL_POINTS = (0.4, 0.9, 0.97, 1.0, 1.03)


def test_killed_builds_leave_the_old_or_the_new_site(project):
    output = project / "output"
    started = time.monotonic()
    first = invoke_build(project)
    assert first.wait(timeout=120) == 0
    duration = time.monotonic() - started
    new_site = listing(output)
    assert "index.html" in new_site and "pagefind/pagefind-entry.json" in new_site
    (output / "previous-build.txt").write_text("the last good build")
    complete = {new_site, new_site | {"previous-build.txt"}}

    watcher = Watcher(output, complete)
    watcher.start()
    seed = random.randrange(1 << 32)
    moments = random.Random(seed)
    # Kill before the swap (while Pelican writes output.partial, then while Pagefind indexes it),
    # and just before, at and just after the swap itself.
    delays = [duration * f * moments.uniform(0.95, 1.05) for f in KILL_POINTS]
    try:
        for delay in delays:
            build = invoke_build(project)
            time.sleep(delay)
            os.killpg(build.pid, signal.SIGKILL)
            build.wait(timeout=30)
            assert listing(output) in complete, f"killed after {delay:.2f} s (seed {seed})"
        last = invoke_build(project)
        assert last.wait(timeout=120) == 0
    finally:
        watcher.stop.set()
        watcher.join()
    assert watcher.bad == [], f"output/ was not a complete site {len(watcher.bad)} time(s): {watcher.bad[:5]}"
    assert watcher.snapshots > 50
    assert listing(output) == new_site
    assert sorted(p.name for p in project.glob("output*")) == ["output"]


def test_failed_build_messages_name_output_not_the_staging_folder(project):
    # The search plugin names the output folder in its message, and build_guard's
    # summary too: both would say output.partial, a folder the task deletes.
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nSEARCH_PAGEFIND_BINARY = "no-such-pagefind-program"\n')
    (project / "output").mkdir()
    (project / "output" / "previous.html").write_text("the last good build")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=project, env=dict(os.environ, COLUMNS="200"),
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "search index of output: could not run Pagefind (no-such-pagefind-program)" in log
    assert "output.partial" not in log
    assert "the new build was discarded; output/ was left as it was" in log
    assert sorted(p.name for p in (project / "output").iterdir()) == ["previous.html"]
    assert sorted(p.name for p in project.glob("output*")) == ["output"]


@pytest.mark.parametrize(
    "message, shown",
    [
        ("{staging}/a.html is to be overwritten", "{output}/a.html is to be overwritten"),
        ("the output in output.partial is incomplete", "the output in output is incomplete"),
        ("wrote output.partial/feeds/all.atom.xml.", "wrote output/feeds/all.atom.xml."),
        ("in output.partial.", "in output."),
        ("'output.partial'", "'output'"),
        ("output.partial.old and output.partials stay", "output.partial.old and output.partials stay"),
        ("/elsewhere/output.partial stays", "/elsewhere/output.partial stays"),
    ],
)
def test_messages_name_output(tmp_path, monkeypatch, message, shown):
    import logging

    monkeypatch.chdir(tmp_path)
    staging, output = tmp_path / "output.partial", tmp_path / "output"
    messages = building.BuildMessages(staging, output)
    text = message.format(staging=staging, output=output)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "%s", (text,), None)
    assert messages.filter(record) is True
    assert record.getMessage() == shown.format(staging=staging, output=output)
