"""The reader cache (content_cache plugin): a build that reuses it shows every change a build from nothing shows.

A post's HTML comes from more than its own file: the deck it shows, the export
a recap reads, the theme fragment that draws the deck viewer, the glossary
terms linked in it. Each is changed
in turn between builds of one project, and the post that depends on it must
show the change; at the end the output equals, byte for byte, a build with
the cache off. A source whose reading warns is not kept, so it warns again.
Sources the cache lacks are read by worker processes when there are many;
the site is the same as one process reads it.
"""

import filecmp
import gzip
import pickle
import shutil
import sys

import pytest
from recap_pages import FIXTURES, NO_SEARCH_NO_CARDS, recap_header

from bench import corpus
from helpers import assert_clean_build, copy_project, page, run_pelican

DECK = "content/presentations/why-your-customers-need-an-online-community.md"
DECK_POST = "2011/10/why-your-customers-need-an-online-community/"
VIEWER = "theme/templates/fragments/presentations/viewer.html"
TERM = "content/glossary/klout-score.md"
RECAP_POST = "2011/10/from-irc/"
WARNING_EXTENSION = '''\
"""A Markdown extension that warns, as a reader does about a source it can read but doubts."""
import logging

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Warn(Preprocessor):
    def run(self, lines):
        if any("WARN-ME" in line for line in lines):
            logging.getLogger("warning_extension").warning("this post asks for a warning")
        return lines


class WarningExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Warn(md), "warn", 5)


def makeExtension(**kwargs):
    return WarningExtension(**kwargs)
'''
WARNING_SETTINGS = '''\
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

MARKDOWN = {**MARKDOWN, "extensions": [*MARKDOWN.get("extensions", []), "warning_extension"]}  # noqa: F405
'''


def new_project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    return copy_project(folder)


def build(project, output, *settings):
    result = run_pelican(output, cwd=project, extra=["-e", *NO_SEARCH_NO_CARDS, *settings])
    assert_clean_build(result)
    return output


def edit(path, old, new, encoding="utf-8"):
    data = path.read_bytes()
    assert old.encode(encoding) in data, f"{old!r} not in {path.name}"
    path.write_bytes(data.replace(old.encode(encoding), new.encode(encoding), 1))


def kept_sources(project, name="ArticlesGenerator-Readers"):
    """The source paths in the kept reader caches called `name`."""
    found = set()
    for kept in (project / "cache" / "content").glob(f"*/{name}"):
        with gzip.open(kept, "rb") as handle:
            found |= set(pickle.load(handle))
    return found


def files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_cached_build_shows_a_changed_deck_export_and_fragment(tmp_path):
    project = new_project(tmp_path)
    recaps = project / "content" / "recaps"
    shutil.copy(FIXTURES / "irc" / "cmgrchat.log", recaps / "irc.log")
    (recaps / "irc.recap").write_text(recap_header("From irc", "irc.log", "", "cmgrchat_host"), encoding="utf-8")
    output = tmp_path / "output"
    build(project, output)
    assert str(project / "content" / "posts" / "clouting-klout.md") in kept_sources(project)
    assert "Down 14 points" in page(output, RECAP_POST).get_text()

    edit(project / DECK, "## Your customers are already talking", "## Your customers talk about you already")
    build(project, output)
    assert "Your customers talk about you already" in page(output, DECK_POST).select_one(".deck").get_text()

    edit(recaps / "irc.log", "Down 14 points", "Down 41 points", encoding="latin-1")
    build(project, output)
    assert "Down 41 points" in page(output, RECAP_POST).get_text()

    edit(project / VIEWER, '<h2 class="deck-title">', '<h2 class="deck-title" data-edited>')
    edit(project / TERM, "A number from 1 to 100", "A score from 1 to 100")
    build(project, output)
    assert page(output, DECK_POST).select_one(".deck-title[data-edited]") is not None
    assert "A score from 1 to 100" in page(output, "2011/10/clouting-klout/").get_text()  # its glossary tooltip

    fresh = build(project, tmp_path / "fresh", "CACHE_CONTENT=false")
    assert files(output) == files(fresh)
    _, differ, errors = filecmp.cmpfiles(output, fresh, files(fresh), shallow=False)
    assert differ == [] and errors == []


def test_a_post_whose_reading_warns_is_read_and_warns_again(tmp_path):
    project = new_project(tmp_path)
    (project / "warning_extension.py").write_text(WARNING_EXTENSION, encoding="utf-8")
    (project / "warning.py").write_text(WARNING_SETTINGS, encoding="utf-8")
    doubtful = project / "content" / "posts" / "doubtful.md"
    doubtful.write_text("Title: Doubtful\nDate: 2012-01-01\n\nWARN-ME, says this post.\n", encoding="utf-8")
    for _ in range(2):
        result = run_pelican(tmp_path / "output", settings="warning.py", cwd=project, extra=["-e", *NO_SEARCH_NO_CARDS])
        log = result.stdout + result.stderr
        assert result.returncode == 0 and "this post asks for a warning" in log, log
    kept = kept_sources(project)
    assert str(project / "content" / "posts" / "clouting-klout.md") in kept
    assert str(doubtful) not in kept


def test_a_damaged_cache_only_means_reading_again(tmp_path):
    project = new_project(tmp_path)
    first = build(project, tmp_path / "first")
    kept = max((project / "cache" / "content").glob("*/ArticlesGenerator-Readers"), key=lambda p: p.stat().st_mtime)
    kept.write_bytes(b"not a cache")
    second = build(project, tmp_path / "second")
    _, differ, errors = filecmp.cmpfiles(first, second, files(first), shallow=False)
    assert differ == [] and errors == []
    assert str(project / "content" / "posts" / "clouting-klout.md") in kept_sources(project)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked on Linux only")
def test_workers_read_what_one_process_reads(tmp_path):
    project = new_project(tmp_path)
    (project / "warning_extension.py").write_text(WARNING_EXTENSION, encoding="utf-8")
    (project / "warning.py").write_text(WARNING_SETTINGS, encoding="utf-8")
    corpus.write(project / "content" / "posts", 12, seed=5)
    (project / "content" / "pages" / f"{corpus.HUB_SLUG}.md").write_text(corpus.HUB_PAGE, encoding="utf-8")
    (project / "content" / "posts" / "doubtful.md").write_text(
        "Title: Doubtful\nDate: 2012-01-01\n\nWARN-ME, says this post.\n", encoding="utf-8")

    def build_with(output, workers):
        settings = [*NO_SEARCH_NO_CARDS, f"CONTENT_CACHE_WORKERS={workers}", "CONTENT_CACHE_PARALLEL_MIN=10"]
        result = run_pelican(output, settings="warning.py", cwd=project, extra=["-v", "-e", *settings])
        log = result.stdout + result.stderr
        assert result.returncode == 0 and "ERROR" not in log, log
        assert log.count("this post asks for a warning") == 1, log  # said once, by this process
        return output, " ".join(log.split())

    parallel, log = build_with(tmp_path / "parallel", 2)
    assert "content_cache: 15 of 16 sources read by 2 workers" in log  # all but the one that warned
    shutil.rmtree(project / "cache" / "content")
    single, log = build_with(tmp_path / "single", 1)
    assert "read by" not in log
    assert files(parallel) == files(single)
    _, differ, errors = filecmp.cmpfiles(parallel, single, files(single), shallow=False)
    assert differ == [] and errors == []
