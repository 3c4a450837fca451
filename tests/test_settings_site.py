"""A build with a bad value in a setting of every plugin: each is named once, the build fails, no traceback."""

import re

import pytest

from helpers import ROOT, run_pelican

POST = """Title: One post
Date: 2011-10-27 10:00
Category: Notes
Tags: one

One short post.
"""

# (-e argument, the name and value the error line starts with)
BAD = [
    ('BUILD_GUARD_FAIL_ON="sometimes"', "setting BUILD_GUARD_FAIL_ON='sometimes': must be one of"),
    ('RECAPS_TOP="x"', "setting RECAPS_TOP='x': must be a whole number of at least 1 (default 5)"),
    ("SEO_SITEMAP_MAX_URLS=0", "setting SEO_SITEMAP_MAX_URLS=0: must be a whole number of at least 1"),
    ("ARTICLE_EXTRAS_WORDS_PER_MINUTE=0", "setting ARTICLE_EXTRAS_WORDS_PER_MINUTE=0: must be a whole number"),
    ('CONNECTIONS_RELATED_COUNT="a"', "setting CONNECTIONS_RELATED_COUNT='a': must be a whole number"),
    ("CONNECTIONS_RELATED_CAP=0", "setting CONNECTIONS_RELATED_CAP=0: must be a whole number"),
    ('GLOSSARY_SKIP_TAGS="django"', "setting GLOSSARY_SKIP_TAGS='django': must be a list"),
    ('EMBED_EXTRA_HOSTS=["https://player.example.org"]', "setting EMBED_EXTRA_HOSTS=['https://player.example.org']:"),
    ("SEARCH_PAGEFIND_TIMEOUT=0", "setting SEARCH_PAGEFIND_TIMEOUT=0: must be a number above 0"),
    ('STRUCTURE_TOC_MIN_HEADINGS="3"', "setting STRUCTURE_TOC_MIN_HEADINGS='3': must be a whole number"),
    ("FEED_EXTRAS_JSON=1", "setting FEED_EXTRAS_JSON=1: must be True or False"),
]
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("settings")
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "one.md").write_text(POST, encoding="utf-8")
    extra = ["-e", *(arg for arg, _ in BAD), "SEARCH_PAGEFIND=false"]
    result = run_pelican(root / "output", settings=ROOT / "pelicanconf.py", content=root / "content", extra=extra)
    return result, result.stdout + result.stderr


def test_the_build_fails(bad_build):
    result, log = bad_build
    assert result.returncode == 1, log


@pytest.mark.parametrize("starts", [starts for _, starts in BAD])
def test_every_bad_setting_is_named_once(bad_build, starts):
    _, log = bad_build
    name = starts.split("=")[0]
    assert log.count(starts) == 1, log
    assert log.count(f"{name}=") == 1, log


def test_every_problem_is_counted(bad_build):
    _, log = bad_build
    # build_guard's counter was there before any plugin checked its settings.
    assert f"build failed: {len(BAD)} problem(s)" in log, log


def test_no_traceback_and_no_exception_names(bad_build):
    _, log = bad_build
    assert not EXCEPTION_NAME.search(log), log
    assert "Could not process" not in log, log
