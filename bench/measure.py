"""Run one build in its own process and measure it: wall time, CPU time, peak memory, output.

Each build is a child process waited for with os.wait4, whose resource usage
is that child's alone (plus its own children, such as Pagefind): CPU time is
user + system of the whole tree, and peak memory is ru_maxrss, the largest
resident set of any one process in it (Linux: kB; macOS: bytes).
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024  # bytes per ru_maxrss unit


@dataclass(frozen=True)
class Measure:
    """What one build took: seconds of wall and CPU time, peak resident memory in MB, exit code."""

    wall: float
    cpu: float
    peak_mb: float
    code: int


class BuildFailed(RuntimeError):
    """A build exited with a non-zero status; the message names its log."""


def run(command, cwd, env, log):
    """Run `command`, its output into the file `log`; the Measure (raise BuildFailed on failure)."""
    begin = time.perf_counter()
    with Path(log).open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begin
    process.returncode = code = os.waitstatus_to_exitcode(status)  # waited above, not by Popen
    measure = Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * MAXRSS_UNIT / 1e6, code)
    if code:
        raise BuildFailed(f"build failed with exit status {code}; its log is {log}:\n{log_tail(log)}")
    return measure


def log_tail(log, lines=40):
    """The last `lines` lines of a build log."""
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def output_size(folder):
    """(files, bytes) of everything under `folder`."""
    files = total = 0
    for path in Path(folder).rglob("*"):
        if path.is_file():
            files += 1
            total += path.stat().st_size
    return files, total
