"""`invoke build` does nothing when nothing changed since output/'s last clean build, and everything otherwise.

Each change below (a post, a stylesheet of the theme, the settings, a file
removed from output/) must make the next build run; a build with a warning
leaves no stamp, so the next one runs and shows the warning again.
"""

import os
import subprocess
import sys

import pytest

from helpers import copy_project

UP_TO_DATE = "Nothing changed since the last build"


@pytest.fixture
def project(tmp_path, production_site):
    return copy_project(tmp_path)


def build(project, **env):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, PYTHONUTF8="1", COLUMNS="200", **env), check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    return log


def skipped(project, **env):
    return UP_TO_DATE in build(project, **env)


def test_a_second_build_with_nothing_changed_does_nothing(project):
    assert not skipped(project)
    home = project / "output" / "index.html"
    before = home.stat().st_mtime_ns
    assert skipped(project)
    assert home.stat().st_mtime_ns == before  # not written again
    assert not skipped(project, BUILD_FULL="1")
    assert home.stat().st_mtime_ns != before


def test_every_kind_of_change_makes_the_next_build_run(project):
    assert not skipped(project)
    post = project / "content" / "posts" / "clouting-klout.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    assert not skipped(project)
    page = project / "output" / "2011" / "10" / "clouting-klout" / "index.html"
    assert "A sentence added later." in page.read_text(encoding="utf-8")
    assert skipped(project)

    stylesheet = project / "theme" / "static" / "css" / "main.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh1 { color: teal; }\n", encoding="utf-8")
    assert not skipped(project)
    assert "color: teal" in (project / "output" / "theme" / "css" / "main.css").read_text(encoding="utf-8")

    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nSITESUBTITLE = "Changed since"\n',
                        encoding="utf-8")
    assert not skipped(project)
    assert "Changed since" in (project / "output" / "index.html").read_text(encoding="utf-8")

    (project / "output" / "index.html").unlink()
    assert not skipped(project)
    assert (project / "output" / "index.html").is_file()
    assert skipped(project)


def test_a_build_with_a_warning_runs_again_and_warns_again(project):
    (project / "content" / "posts" / "old-style.md").write_text(
        "Title: Old style\nDate: 2012-01-01\n\n[Our icon]({filename}/extra/favicon.ico)\n", encoding="utf-8")
    warning = "link(s) use {filename} for a static file"
    assert warning in build(project)
    second = build(project)
    assert UP_TO_DATE not in second and warning in second
