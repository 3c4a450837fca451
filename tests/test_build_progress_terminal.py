"""A build run the way `invoke build` runs it shows counts per stage on a terminal, and nothing of them in a log."""

import os
import pty
import re
import subprocess
import sys

from helpers import ROOT, SITE_CONTENT

ROWS = ("Reading content", "Writing feeds", "Writing pages", "Search index and checks")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def building(tmp_path):
    """`python -m sitetools.building STAGING SHOWN PELICAN-ARGS`, as tasks.pelican_build runs it."""
    staging = tmp_path / "output.partial"
    return [sys.executable, "-m", "sitetools.building", str(staging), str(tmp_path / "output"),
            str(SITE_CONTENT), "-s", "pelicanconf.py", "-o", str(staging), "-e", "SEARCH_PAGEFIND=false",
            "SEO_CARDS=false"]


def on_a_terminal(command, env):
    """Run `command` with a pseudo-terminal as its output; (exit code, what it showed, without escapes)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=follower)
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(), ESCAPES.sub("", shown.decode("utf-8", errors="replace"))


def test_a_terminal_shows_a_row_per_stage_with_its_count(tmp_path):
    env = dict(os.environ, BUILD_PROGRESS_DELAY="0", TERM="xterm", COLUMNS="100", PYTHONUTF8="1")
    code, shown = on_a_terminal(building(tmp_path), env)
    assert code == 0, shown
    for row in ROWS:
        assert row in shown, shown
    counts = {name: int(number.replace(",", "")) for name, number in
              re.findall(r"(Reading content|Writing pages)\s+([\d,]+)\s+[\d.]+ s", shown)}
    assert counts["Reading content"] >= 3 and counts["Writing pages"] > counts["Reading content"], shown


def test_a_log_gets_no_progress(tmp_path):
    env = dict(os.environ, BUILD_PROGRESS_DELAY="0", PYTHONUTF8="1")
    result = subprocess.run(building(tmp_path), cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not any(row in log for row in ROWS), log
