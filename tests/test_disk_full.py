"""A full disk: one line naming the path, a non-zero exit, output/ left as it was.

The builds run on a real small filesystem (a tmpfs, which needs root); the
message rules are also checked on log records, which needs nothing.
"""

import errno
import logging
import os
import re
import shutil
import subprocess
import sys

import pytest

from search.indexer import DiskFullError, build_index, disk_is_full
from sitetools.building import BuildMessages

NO_SPACE = "no space left on device (free some space and build again)"


class SmallDisk:
    """A tmpfs whose size is set so that it has a given room left."""

    def __init__(self, path):
        self.path = path

    def used_kib(self):
        stats = os.statvfs(self.path)
        return (stats.f_blocks - stats.f_bfree) * stats.f_frsize // 1024

    def leave_free(self, kib):
        subprocess.run(
            ["mount", "-o", f"remount,size={self.used_kib() + int(kib)}k", str(self.path)],
            check=True, capture_output=True,
        )


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root: these tests mount a small tmpfs to fill it")
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mountpoint)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield SmallDisk(mountpoint)
    finally:
        if subprocess.run(["umount", str(mountpoint)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def build(site):
    return subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=site,
        env=dict(os.environ, COLUMNS="200", PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True, text=True, encoding="utf-8", check=False,
    )


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def kib(folder):
    return sum(-(-p.stat().st_size // 4096) * 4 for p in folder.rglob("*") if p.is_file())


def test_full_disk_stops_the_build_with_one_line(project, small_disk):
    site = small_disk.path / "site"
    site.mkdir()
    for item in project.iterdir():
        if item.name != "disk":
            (shutil.copytree if item.is_dir() else shutil.copy)(item, site / item.name)
    first = build(site)  # with room: the previous site, and the social cards' cache
    assert first.returncode == 0, first.stdout + first.stderr
    output = site / "output"
    (output / "previous.html").write_text("the last good build")
    before = files(output)
    size, index = kib(output), kib(output / "pagefind")

    cases = [
        # room for a few pages only: Pelican's writer or a plugin's write fails
        (100, re.compile(r"^.*? (output/\S+): " + re.escape(NO_SPACE) + r"\s*(\S+\.py:\d+)?$", re.M)),
        # room for every page but half the search index: Pagefind's files are cut short
        (size - index // 2, re.compile(r"search index: (output/pagefind): " + re.escape(NO_SPACE))),
    ]
    for free, expected in cases:
        small_disk.leave_free(free)
        result = build(site)
        log = result.stdout + result.stderr
        assert result.returncode != 0, log
        assert expected.search(log), log
        assert log.count(NO_SPACE) == 1, log
        for word in ("Traceback", "Errno", "OSError", "output.partial"):
            assert word not in log, log
        assert "output/ was left as it was" in log
        assert files(output) == before
        assert sorted(p.name for p in site.glob("output*")) == ["output"]


def test_search_index_on_a_full_disk_says_so(small_disk, tmp_path):
    site = small_disk.path / "site"
    (site / "post").mkdir(parents=True)
    for number in range(40):
        (site / "post" / f"{number}.html").write_text(
            f"<html lang='en'><body><main data-pagefind-body><h1>Post {number}</h1>"
            + " ".join(f"word{number}x{i}" for i in range(300)) + "</main></body></html>"
        )
    roomy = tmp_path / "roomy"
    shutil.copytree(site, roomy)
    build_index(roomy)
    small_disk.leave_free(kib(roomy / "pagefind") // 2)
    assert not disk_is_full(site)
    with pytest.raises(DiskFullError) as raised:
        build_index(site)
    assert str(raised.value) == f"{site.resolve() / 'pagefind'}: {NO_SPACE}"
    assert raised.value.path == str(site.resolve() / "pagefind")


# ---------------------------------------------------------------- the rules, on log records


def record(level, message, *args, exc_info=None):
    return logging.LogRecord("pelican", level, __file__, 1, message, args, exc_info)


def caught(error, work):
    try:
        work()
    except OSError:
        return sys.exc_info()
    raise AssertionError(f"{error} was not raised")


def test_a_full_disk_record_becomes_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    staging, output = tmp_path / "output.partial", tmp_path / "output"
    staging.mkdir()
    messages = BuildMessages(staging, output)

    def write_page():
        with open(staging / "page.html", "w", encoding="utf-8") as handle:
            handle.write("x")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # Pelican's main(): logger.critical("%s: %s", type name, error, exc_info=True)
    info = caught("ENOSPC", write_page)
    crash = record(logging.CRITICAL, "%s: %s", "OSError", info[1], exc_info=info)
    assert messages.filter(crash) is True
    assert crash.getMessage() == f"output/page.html: {NO_SPACE}"
    assert crash.exc_info is None

    # The next ones are the same cause: not repeated.
    copy = OSError(errno.ENOSPC, "No space left on device")
    copy.filename, copy.filename2 = "/src/a.css", str(staging / "theme" / "a.css")
    again = record(logging.WARNING, "A problem occurred copying file %s to %s; %s", "/src/a.css", copy.filename2, copy)
    assert messages.filter(again) is False
    assert messages.disk_full

    first_copy = BuildMessages(staging, output)
    assert first_copy.filter(again) is True
    assert again.getMessage() == f"output/theme/a.css: {NO_SPACE}"

    unknown = BuildMessages(staging, output)
    said = record(logging.ERROR, "seo: cannot write: [Errno 28] No space left on device")
    assert unknown.filter(said) is True
    assert said.getMessage() == f"output/: {NO_SPACE}"

    other = record(logging.ERROR, "%s: %s", "x", OSError(errno.EACCES, "Permission denied"))
    assert unknown.filter(other) is True and "Permission denied" in other.getMessage()


def test_disk_is_full_reads_the_free_room(monkeypatch, tmp_path):
    class Stats:
        f_frsize = 4096
        f_bfree = f_bavail = 0

    monkeypatch.setattr(os, "statvfs", lambda path: Stats)
    assert disk_is_full(tmp_path)
    Stats.f_bfree = Stats.f_bavail = 1000
    assert not disk_is_full(tmp_path)
