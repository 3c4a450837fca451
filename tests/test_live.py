"""`make serve` shows an edit first (a preview of the page) and then rebuilds; output/ ends as a full build's.

The live server's builder (sitetools/live.py LiveSite) runs in a process of
its own, driven line by line: the test edits the project's files, asks for a
preview or a build, and reads output/ in between, as a browser would.
"""

import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from bench import corpus
from helpers import copy_project, run_pelican

DRIVER = """
import json, sys
from sitetools.live import LiveSite
site = LiveSite("pelicanconf.py", "content", "output")
for line in sys.stdin:
    command = json.loads(line)
    if command["op"] == "build":
        answer = site.build()
    else:
        answer = site.preview(command["paths"], command.get("viewed"))
    print("@@" + json.dumps(answer), flush=True)
"""
POSTS = 200
OLD_STYLE_LINK = "Title: An old-style link\nDate: 2012-01-01\n\n[Our icon]({filename}/extra/favicon.ico)\n"
WARNING = "1 link(s) use {filename} for a static file"
KLOUT = "2011/10/clouting-klout/index.html"
PRESENTATION = "2011/10/why-your-customers-need-an-online-community/index.html"


class Live:
    """The live builder in a process of its own."""

    def __init__(self, project):
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER], cwd=project, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONUTF8="1", COLUMNS="200"),
        )
        self.log = []
        self.builds = 0

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith("@@"):
                return json.loads(line[2:])
            self.log.append(line)
        pytest.fail("the live builder stopped:\n" + "".join(self.log))

    def build(self):
        self.builds += 1
        return self.ask(op="build")

    def preview(self, *paths, viewed=None):
        return self.ask(op="preview", paths=[str(self.project / p) for p in paths], viewed=viewed)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def live(tmp_path_factory, production_site):
    """One live builder for the module's tests, which run in order: each leaves the site built."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    corpus.write(project / "content" / "posts", POSTS, seed=5)
    (project / "content" / "pages" / f"{corpus.HUB_SLUG}.md").write_text(corpus.HUB_PAGE, encoding="utf-8")
    (project / "content" / "posts" / "old-style-link.md").write_text(OLD_STYLE_LINK, encoding="utf-8")
    builder = Live(project)
    assert builder.build() is True, "".join(builder.log)
    yield builder
    builder.close()


def read(project, relative):
    return (project / "output" / relative).read_text(encoding="utf-8")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_saved_post_is_shown_before_the_build_and_as_the_build_makes_it(live):
    project = live.project
    post = project / "content" / "posts" / "clouting-klout.md"
    other_before = read(project, PRESENTATION)
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence saved a moment ago.\n", encoding="utf-8")

    assert live.preview(post.relative_to(project)) == [KLOUT]
    previewed = read(project, KLOUT)
    assert "A sentence saved a moment ago." in previewed
    assert read(project, PRESENTATION) == other_before  # only the saved post's page, so far

    assert live.build() is True
    # The preview was the page itself: glossary links, contents, related posts and all.
    assert read(project, KLOUT) == previewed


def test_a_template_change_shows_on_the_page_in_view_first(live):
    project = live.project
    edit(project / "theme" / "templates" / "article.html", "{% block content %}",
         "{% block content %}<!-- template saved a moment ago -->")
    assert live.preview("theme/templates/article.html", viewed=PRESENTATION) == [PRESENTATION]
    assert "<!-- template saved a moment ago -->" in read(project, PRESENTATION)
    assert "<!-- template saved a moment ago -->" not in read(project, KLOUT)
    assert live.build() is True
    assert "<!-- template saved a moment ago -->" in read(project, KLOUT)


def test_a_stylesheet_is_copied_over_at_once(live):
    project = live.project
    stylesheet = project / "theme" / "static" / "css" / "main.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 7px; }\n", encoding="utf-8")
    assert live.preview(stylesheet.relative_to(project)) == ["theme/css/main.css"]
    assert read(project, "theme/css/main.css").endswith("h1 { letter-spacing: 7px; }\n")


def test_a_post_with_a_problem_is_not_previewed_and_its_build_changes_nothing(live):
    project = live.project
    output = project / "output"
    before = {name: (output / name).read_bytes() for name in tree(output)}
    post = project / "content" / "posts" / "clouting-klout.md"
    edit(post, "Date: 2011-10-28 10:00", "Date: the day after tomorrow")

    try:
        assert live.preview(post.relative_to(project)) == []
        assert live.build() is False
        assert "clouting-klout.md:2" in "".join(live.log)  # the build names the file and line
        assert {name: (output / name).read_bytes() for name in tree(output)} == before
    finally:
        edit(post, "Date: the day after tomorrow", "Date: 2011-10-28 10:00")
        assert live.build() is True, "".join(live.log[-40:])


def test_after_every_kind_of_change_the_output_equals_a_full_build(live, tmp_path):
    """After the edits above (a post, a template, a stylesheet, a broken and mended post) and these."""
    project = live.project
    posts = project / "content" / "posts"
    generated = sorted(posts.glob("bench-post-*.md"))
    edited, retagged, deleted = generated[3], generated[7], generated[-1]

    edit(edited, "Title: ", "Title: Retitled while served, ")
    tags = next(line for line in retagged.read_text(encoding="utf-8").splitlines() if line.startswith("Tags: "))
    edit(retagged, tags, "Tags: retagged-while-served, onboarding")
    assert len(live.preview(edited.relative_to(project), retagged.relative_to(project))) == 2
    assert live.build() is True

    deleted.unlink()
    (posts / "written-while-served.md").write_text(
        "Title: Written while served\nDate: 2015-06-01 10:00\nTags: lurkers\n\nLurkers read every word.\n",
        encoding="utf-8",
    )
    assert live.preview(deleted.relative_to(project), "content/posts/written-while-served.md") == []
    assert live.build() is True

    reference = tmp_path / "reference"
    result = run_pelican(reference, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    output = project / "output"
    assert tree(output) == tree(reference)
    _, differ, errors = filecmp.cmpfiles(output, reference, tree(reference), shallow=False)
    assert differ == [] and errors == []
    html = "".join(p.read_text(encoding="utf-8") for p in output.glob("*/*/*/index.html"))
    assert "Retitled while served" in html and "<!-- template saved a moment ago -->" in html  # and the template
    assert (output / "tag" / "retagged-while-served" / "index.html").is_file()
    assert (output / "2015" / "06" / "written-while-served" / "index.html").is_file()
    assert not list(output.glob(f"*/*/{deleted.stem}/index.html"))
    shutil.rmtree(reference)


def test_every_build_shows_its_warnings(live):
    """Pelican shows a warning once per process; the live builder's every build shows its own."""
    assert live.builds >= 2
    assert "".join(live.log).count(WARNING) == live.builds


def test_a_changed_plugin_restarts_the_server_which_serves_again(tmp_path, production_site):
    """Code the server has loaded (a plugin, the settings) changes: it runs itself again, same port."""
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=project,
            stdout=handle, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUTF8="1"), start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"

    def serving_after(starts, seconds=60):
        """True once the log says `Serving on` more than `starts` times and the site answers."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            if log.read_text(encoding="utf-8").count("Serving on") > starts:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        return response.status == 200
                except OSError:
                    pass
            time.sleep(0.2)
        return False

    try:
        assert serving_after(0), log.read_text(encoding="utf-8")
        time.sleep(0.5)  # the whole start-up message is written
        first = log.read_text(encoding="utf-8").count("Serving on")
        plugin = project / "plugins" / "glossary" / "settings.py"
        plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# changed while served\n", encoding="utf-8")
        assert serving_after(first), log.read_text(encoding="utf-8")
        assert "Settings or plugin code changed: restarting the server." in log.read_text(encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
