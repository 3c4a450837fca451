"""The builds of one benchmark size, in order, alternating ours and vanilla Pelican, with progress lines.

One run is six builds, each in its own process (bench/measure.py):

    ours_cold      our production build (publishconf.py), CACHE_PATH emptied first
    vanilla        vanilla Pelican on the same posts (default theme, no plugins)
    ours_warm      our build again, nothing changed: it finds output/ up to date
    ours_full      our build again with BUILD_FULL=1: every page written again from the warm caches
    edit_post      our build after one post's text changed (warm cache)
    edit_template  our build after theme/templates/article.html changed (warm cache)

Ours run as `invoke preview` runs them: python -m sitetools.building, which
builds into a staging folder and swaps it in (or finds nothing changed).

Both edits are undone at the end of the run, so every run starts from the same files.
"""

import os
import shutil
import sys
import time
from dataclasses import asdict

from sitetools.building import pelican_args, pelican_command

from . import measure
from . import project as projects

STEPS = {
    "ours_cold": "ours, cold cache",
    "vanilla": "vanilla Pelican",
    "ours_warm": "ours, warm cache, nothing changed",
    "ours_full": "ours, warm cache, full build forced",
    "edit_post": "ours, after editing one post",
    "edit_template": "ours, after editing one template",
}
SITEURL = "https://example.org"


class Progress:
    """Print one line per build on stderr: which, how long, time elapsed and an estimate of what is left."""

    def __init__(self, total):
        self.total, self.done, self.began = total, 0, time.perf_counter()

    def start(self, label):
        """Say which build starts (the line is ended by finish)."""
        print(f"[{self.done + 1:>2}/{self.total}] {label} ...", end="", file=sys.stderr, flush=True)

    def finish(self, result):
        """End the line with the build's figures, the time elapsed and an estimate of the time left."""
        self.done += 1
        elapsed = time.perf_counter() - self.began
        left = elapsed / self.done * (self.total - self.done)
        print(f" {result.wall:.1f} s wall, {result.cpu:.1f} s CPU, {result.peak_mb:.0f} MB"
              f"  (elapsed {clock(elapsed)}, about {clock(left)} left)", file=sys.stderr, flush=True)


def clock(seconds):
    """Seconds as M:SS (H:MM:SS past an hour)."""
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def environment():
    """The environment of every build: the production SITEURL, UTF-8 mode, wide log lines."""
    return dict(os.environ, SITEURL=SITEURL, PYTHONUTF8="1", COLUMNS="160")


def build(project, step, run):
    """Run build `step` of run `run` and measure it."""
    log = project.logs / f"run{run}-{step}.log"
    env = environment()
    if step == "vanilla":
        command = pelican_command(project.vanilla_settings, project.output("vanilla"), project.content)
    else:
        output = project.output("ours")
        staging = output.with_name(output.name + ".partial")
        command = [sys.executable, "-m", "sitetools.building", str(staging), str(output),
                   *pelican_args(projects.ROOT / "publishconf.py", staging, project.content,
                                 projects.ours_overrides(project))]
        if step == "ours_full":
            env["BUILD_FULL"] = "1"
    return measure.run(command, projects.ROOT, env, log)


def one_run(project, posts, run, progress, label):
    """The six builds of run `run`; ({step: Measure}, {"ours"/"vanilla": (files, bytes)})."""
    results, sizes = {}, {}
    undo = []
    try:
        for step in STEPS:
            if step == "ours_cold":
                shutil.rmtree(project.cache, ignore_errors=True)
            elif step == "edit_post":
                undo.append(projects.edit_post(project, posts, run))
            elif step == "edit_template":
                undo.append(projects.edit_template(project, run))
            progress.start(f"{label}, run {run}: {STEPS[step]}")
            results[step] = build(project, step, run)
            progress.finish(results[step])
            if step in ("ours_cold", "vanilla"):
                sizes[step.split("_")[0]] = measure.output_size(project.output(step.split("_")[0]))
    finally:
        for function in reversed(undo):
            function()
    return results, sizes


def bench_size(project, posts, runs, progress, after_run=None):
    """`runs` runs on one project; {"runs": {step: [measure dicts]}, "output": {name: [(files, bytes)]}}.

    `after_run(collected)`, when given, is called after every run (to save what is measured so far).
    """
    label = f"{len(posts):,} posts"
    collected = {"runs": {step: [] for step in STEPS}, "output": {"ours": [], "vanilla": []}}
    for run in range(1, runs + 1):
        results, sizes = one_run(project, posts, run, progress, label)
        for step, result in results.items():
            collected["runs"][step].append(asdict(result))
        for name, size in sizes.items():
            collected["output"][name].append(size)
        if after_run is not None:
            after_run(collected)
    return collected
