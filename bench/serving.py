"""Edit → served: with the live server of `make serve` running on the corpus, how long a saved change takes to show.

The server (python -m sitetools.live, development settings as `make serve`)
starts once per size and builds the corpus. Then, in each run, a client that
has the post's page open (it asked for it, as a browser would):

    served_post      saves one post with a new sentence and asks for its page
                     again and again until the sentence is there;
    served_template  saves theme/templates/article.html with a new comment and
                     asks for the same page until the comment is there;
    settled          the time from saving the post until the server's full
                     rebuild of the whole site is done (output/ = a full build).

Both edits are undone at the end of the run (and that rebuild waited for).
"""

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from . import project as projects

STEPS = {
    "served_post": "a post saved → its page served",
    "served_template": "a template saved → the page in view served",
    "settled": "a post saved → the whole site rebuilt",
}
POLL = 0.02  # seconds between two requests of the client
START_LIMIT = 3 * 3600  # the first build of a large corpus, cold, on a slow machine
STEP_LIMIT = 3600


class ServerGone(RuntimeError):
    """The live server stopped or did not answer in time; the message names its log."""


class LiveServer:
    """python -m sitetools.live on the bench project, its output in a log, its finished builds counted."""

    def __init__(self, project, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.output = project.output("live")
        command = [
            sys.executable, "-m", "sitetools.live", str(projects.ROOT / "pelicanconf.py"), str(project.content),
            str(self.output), "--port", str(self.port), "--watch", str(project.content),
            "--watch", str(project.theme),
            *(item for setting in projects.ours_overrides(project) if setting != "-e" for item in ("-e", setting)),
        ]
        self.log = Path(log)
        self.started = self.builds = 0  # rebuilds begun and ended (the first build is not counted)
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            command, cwd=projects.ROOT, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace",
        )
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self):
        with self.log.open("w", encoding="utf-8") as handle:
            for line in self.process.stdout:
                handle.write(line)
                handle.flush()
                began, ended = line.startswith("Changed: "), line.startswith(("Rebuilt in", "Rebuild failed"))
                if began or ended:
                    with self.changed:
                        self.started += began
                        self.builds += ended
                        self.changed.notify_all()

    def wait_until_serving(self, limit=START_LIMIT):
        """Wait until the first build is done and the site answers."""
        begin = time.perf_counter()
        while time.perf_counter() - begin < limit:
            if self.process.poll() is not None:
                raise ServerGone(f"the live server stopped (exit {self.process.returncode}); its log is {self.log}")
            try:
                self.get("")
                return
            except OSError:
                time.sleep(0.5)
        raise ServerGone(f"nothing served within {limit} s; the server's log is {self.log}")

    def wait_until_idle(self, settle=1.0):
        """Wait until every rebuild begun is done, and none began for `settle` seconds."""
        while True:
            time.sleep(settle)
            with self.changed:
                started = self.started
            self.wait_for_builds(started)
            with self.changed:
                if self.started == started:
                    return

    def wait_for_builds(self, count, limit=STEP_LIMIT):
        """Wait until `count` rebuilds are done."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.builds >= count or self.process.poll() is not None, limit):
                raise ServerGone(f"no rebuild within {limit} s; the server's log is {self.log}")
        if self.process.poll() is not None:
            raise ServerGone(f"the live server stopped (exit {self.process.returncode}); its log is {self.log}")

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def wait_for_text(self, path, text, limit=STEP_LIMIT):
        """Ask for `path` until its page holds `text`; the seconds that took."""
        begin = time.perf_counter()
        while time.perf_counter() - begin < limit:
            if self.process.poll() is not None:
                raise ServerGone(f"the live server stopped (exit {self.process.returncode}); its log is {self.log}")
            try:
                if text in self.get(path):
                    return time.perf_counter() - begin
            except OSError:
                pass
            time.sleep(POLL)
        raise ServerGone(f"{path} did not show the change within {limit} s; the server's log is {self.log}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment():
    from .runner import environment as build_environment

    return build_environment()


def page_of(output, post):
    """The URL path (e.g. 2021/03/bench-post-00500/) of `post`'s page in the built site."""
    [page] = Path(output).glob(f"*/*/{post.name}/index.html")
    return page.parent.relative_to(output).as_posix() + "/"


def one_run(server, project, post, run):
    """The edits of run `run`; {step: seconds}."""
    source = project.content / "posts" / f"{post.name}.md"
    template = project.theme / "templates" / "article.html"
    originals = {source: source.read_bytes(), template: template.read_bytes()}
    path = page_of(server.output, post)
    server.get(path)  # the page in view
    figures = {}
    try:
        builds = server.builds
        sentence = f"Saved in run {run} at {time.time_ns()}."
        began = time.perf_counter()
        source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        figures["served_post"] = server.wait_for_text(path, sentence)
        server.wait_for_builds(builds + 1)  # the preview came first; now the whole site
        figures["settled"] = time.perf_counter() - began

        builds = server.builds
        comment = f"<!-- template saved in run {run} at {time.time_ns()} -->"
        text = template.read_text(encoding="utf-8")
        assert "{% block content %}" in text, "article.html has no content block to mark"
        template.write_text(text.replace("{% block content %}", "{% block content %}" + comment, 1),
                            encoding="utf-8")
        figures["served_template"] = server.wait_for_text(path, comment)
        server.wait_for_builds(builds + 1)
    finally:
        for file, data in originals.items():
            file.write_bytes(data)
        server.wait_until_idle()
    return figures


def bench_serving(project, posts, runs, log):
    """Start the live server, then `runs` runs of edits; {step: [seconds]}."""
    label = f"{len(posts):,} posts"
    print(f"[live] {label}: starting the live server (it builds the corpus first) ...", end="",
          file=sys.stderr, flush=True)
    server = LiveServer(project, log)
    collected = {step: [] for step in STEPS}
    try:
        began = time.perf_counter()
        server.wait_until_serving()
        print(f" {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
        post = posts[len(posts) // 2]
        for run in range(1, runs + 1):
            figures = one_run(server, project, post, run)
            for step, seconds in figures.items():
                collected[step].append(seconds)
            print(f"[live] {label}, run {run}: " + ", ".join(f"{step} {seconds:.2f} s"
                                                           for step, seconds in figures.items()),
                  file=sys.stderr, flush=True)
    finally:
        server.stop()
    return collected
