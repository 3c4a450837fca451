"""Building: bad input fails clearly, tags merge, output is reproducible, tasks work."""

import datetime
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, SITE_CONTENT, article_slugs, assert_clean_build, copy_project, page, run_pelican

FIXTURES = Path(__file__).parent / "fixtures"


def invoke(project, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=dict(os.environ, COLUMNS="200", **(env or {})),
        capture_output=True,
        text=True, encoding="utf-8",
        check=False,
    )


BAD_POSTS = [
    ("post_with_invalid_date.md", ":2: invalid date '2011-13-45'"),
    ("post_with_broken_header.md", ":3: broken metadata header: 'Tags community, klout'"),
    ("post_with_link_to_nowhere.md", ":7: link {filename}no-such-post.md points to no file"),
]


@pytest.fixture(scope="module")
def bad_posts_build(tmp_path_factory):
    """`invoke build` of the sample site with every bad post above added, over a last good output."""
    project = copy_project(tmp_path_factory.mktemp("bad-posts"))
    for fixture, _ in BAD_POSTS:
        shutil.copy(FIXTURES / "bad" / fixture, project / "content" / "posts" / fixture)
    (project / "output").mkdir()
    (project / "output" / "previous.html").write_text("the last good build")
    result = invoke(project, "build")
    return project, result.stdout + result.stderr, result.returncode


def test_a_bad_post_fails_the_build_and_leaves_the_last_good_output(bad_posts_build):
    project, log, code = bad_posts_build
    assert code != 0, log
    assert "Traceback" not in log
    # Messages name output/, not the staging folder the task deletes.
    assert "output.partial" not in log
    # Nothing half-written: the last good output is untouched, no partial folder left.
    assert sorted(p.name for p in (project / "output").iterdir()) == ["previous.html"]
    assert not (project / "output.partial").exists()


@pytest.mark.parametrize("fixture, message", BAD_POSTS)
def test_bad_post_fails_build_naming_file_and_line(bad_posts_build, fixture, message):
    _, log, _ = bad_posts_build
    assert f"content/posts/{fixture}{message}" in log


POST_TITLE = "Moderating a #cmgrchat: Notes"
EXPORT = ROOT / "tests" / "fixtures" / "recaps" / "klout.csv"
NEW_RECAP = ("new-recap", str(EXPORT), "--title", "Klout chat again", "--hashtag", "cmgrchat",
             "--host", "cmgrchat_host", "--date", "2011-10-27 20:00")
TRANSCRIPT = "[20:05] @host: Q1: Hello?\n[20:06] @guest: A1: Hi!\n"


@pytest.fixture(scope="module")
def tasks_run(tmp_path_factory):
    """One project where new-post and new-recap (an export, a transcript) each add a file, then one `invoke build`.

    The build starts over a stale output/. Returns (project, {"post"|"recap"|"transcript"|"build": result}).
    """
    project = copy_project(tmp_path_factory.mktemp("tasks"))
    (project / "output").mkdir()
    (project / "output" / "stale.html").write_text("old")
    transcript = tmp_path_factory.mktemp("transcript") / "chat.txt"
    transcript.write_text(TRANSCRIPT)
    results = {
        "post": invoke(project, "new-post", POST_TITLE),
        "recap": invoke(project, *NEW_RECAP),
        "transcript": invoke(project, "new-recap", str(transcript), "--title", "Tiny chat", "--hashtag", "#tiny",
                             "--host", "@host", "--date", "2011-10-20 20:00"),
    }
    results["build"] = invoke(project, "build")
    return project, results


def built(results):
    build = results["build"]
    assert build.returncode == 0, build.stdout + build.stderr


def test_good_build_replaces_output(tasks_run):
    project, results = tasks_run
    built(results)
    assert not (project / "output" / "stale.html").exists()
    assert (project / "output" / "index.html").is_file()


@pytest.mark.parametrize(
    "value, says",
    [
        (None, "SITEURL is not set"),
        ("example.org", "is not an absolute http(s) URL"),
        ("ftp://example.org", "is not an absolute http(s) URL"),
    ],
)
def test_production_build_needs_an_absolute_siteurl(project, value, says):
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    if value is not None:
        env["SITEURL"] = value
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "preview"],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "SITEURL" in log and says in log, log
    assert "Traceback" not in log
    assert not (project / "output").exists()


def test_tags_differing_in_case_or_spacing_are_one_tag(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "tags", content / "posts")
    output = tmp_path / "output"
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=content, cwd=tmp_path)
    assert_clean_build(result)
    log = result.stdout + result.stderr
    assert "merged spellings 'Community', 'community' into 'community'" in log
    assert "merged spellings 'Online  Community', 'online community' into 'Online Community'" in log

    tags = sorted(p.name for p in (output / "tag").iterdir())
    assert tags == ["community", "klout", "online-community"]
    feeds = sorted(p.name for p in (output / "feeds" / "tag").iterdir())
    assert feeds == [f"{t}.{kind}" for t in tags for kind in ("atom.xml", "json", "rss.xml")]
    assert article_slugs(page(output, "tag/community/")) == {
        "spelled-with-capitals", "spelled-in-lower-case", "spelled-in-lower-case-again",
    }
    index = page(output, "tags/").find("main")
    names = sorted(a.get_text(" ", strip=True) for a in index.find_all("a", href=re.compile("tag/")))
    assert names == ["Klout", "Online Community", "community"]


def test_pagination_links_pages_in_order(tmp_path):
    small = tmp_path / "paged"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(SITE_CONTENT), "-s", "pelicanconf.py", "-o", str(small),
         "-e", "DEFAULT_PAGINATION=1"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert_clean_build(result)
    pages = [page(small, url) for url in ("", "page/2/", "page/3/")]
    assert [article_slugs(p) for p in pages] == [
        {"clouting-klout"},
        {"cmgrchat-recap-klout-and-influence-scores"},
        {"why-your-customers-need-an-online-community"},
    ]
    assert pages[0].find("a", rel="next")["href"].rstrip("/").endswith("page/2")
    assert pages[1].find("a", rel="prev") is not None and pages[1].find("a", rel="next") is not None
    assert pages[2].find("a", rel="next") is None


def test_two_builds_are_byte_identical(site, tmp_path):
    first = site  # the session's build of the sample site, with the same settings
    time.sleep(1.1)  # a different second, so any timestamp would show
    second = tmp_path / "b" / "elsewhere" / "output"
    assert_clean_build(run_pelican(second, env={"TZ": "America/New_York"}))

    def tree(root):
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    assert tree(first) == tree(second)
    _, mismatch, errors = filecmp.cmpfiles(first, second, tree(first), shallow=False)
    assert mismatch == [] and errors == []


def test_new_post_writes_a_draft_with_header(tasks_run):
    project, results = tasks_run
    result = results["post"]
    assert result.returncode == 0, result.stderr
    path = project / "content" / "posts" / "moderating-a-cmgrchat-notes.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: Moderating a #cmgrchat: Notes\n")
    assert f"Date: {datetime.date.today():%Y-%m-%d}" in text
    assert "Slug: moderating-a-cmgrchat-notes\n" in text
    assert "Status: draft\n" in text
    # The draft builds cleanly and stays off the home page.
    built(results)
    assert "moderating-a-cmgrchat-notes" not in article_slugs(page(project / "output", ""))

    again = invoke(project, "new-post", POST_TITLE)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("title", ["", "   "])
def test_new_post_refuses_an_empty_title(project, title):
    before = sorted((project / "content" / "posts").iterdir())
    result = invoke(project, "new-post", title)
    assert result.returncode != 0
    assert "title is empty" in result.stderr
    assert sorted((project / "content" / "posts").iterdir()) == before


def test_clean_removes_the_output(project):
    (project / "output").mkdir()
    (project / "output" / "x.html").write_text("x")
    assert invoke(project, "clean").returncode == 0
    assert not (project / "output").exists()


def build_fixture_posts(tmp_path, name):
    """Build the posts in tests/fixtures/NAME with the site's settings; return the output."""
    shutil.copytree(FIXTURES / name, tmp_path / "content" / "posts")
    output = tmp_path / "output"
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=tmp_path / "content", cwd=tmp_path)
    assert_clean_build(result)
    return output


@pytest.fixture(scope="module")
def code_site(tmp_path_factory):
    """The posts of tests/fixtures/code, built once for the tests that read them."""
    return build_fixture_posts(tmp_path_factory.mktemp("code"), "code")


def test_modified_date_is_shown_when_it_differs(code_site):
    main = page(code_site, "2011/10/a-post-with-a-code-block/").find("main")
    times = [t["datetime"][:16] for t in main.find_all("time")]
    assert times[:2] == ["2011-10-05T00:00", "2011-10-07T12:30"]


def test_code_is_highlighted_in_light_and_dark(code_site):
    output = code_site
    block = page(output, "2011/10/a-post-with-a-code-block/").find(class_="highlight")
    assert block is not None
    assert block.find("span", class_="k").get_text() == "def"  # a Pygments keyword token
    css = (output / "theme" / "css" / "pygments.css").read_text(encoding="utf-8")
    light, _, dark = css.partition("prefers-color-scheme: dark")
    assert ".highlight .k" in light and ".highlight .k" in dark


def test_new_recap_copies_an_export_with_its_header(tasks_run):
    project, results = tasks_run
    result = results["recap"]
    assert result.returncode == 0, result.stderr
    recap = project / "content" / "recaps" / "klout-chat-again.recap"
    header = recap.read_text(encoding="utf-8")
    assert "Title: Klout chat again\n" in header and "Hosts: cmgrchat_host\n" in header
    assert "Source: klout-chat-again.csv\nFormat: csv\n" in header
    assert (project / "content" / "recaps" / "klout-chat-again.csv").read_bytes() == EXPORT.read_bytes()
    built(results)
    assert (project / "output" / "2011" / "10" / "klout-chat-again" / "index.html").is_file()

    recap.write_text(header + "\n")
    again = invoke(project, *NEW_RECAP)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert recap.read_text(encoding="utf-8") == header + "\n"


def test_new_recap_puts_a_transcript_after_the_header(tasks_run):
    project, results = tasks_run
    result = results["transcript"]
    assert result.returncode == 0, result.stderr
    text = (project / "content" / "recaps" / "tiny-chat.recap").read_text(encoding="utf-8")
    assert text.endswith("\n\n" + TRANSCRIPT)
    assert "Hashtag: #tiny\n" in text and "Hosts: host\n" in text and "Source:" not in text
    built(results)
    assert (project / "output" / "2011" / "10" / "tiny-chat" / "index.html").is_file()


@pytest.mark.parametrize("enabled", [True, False])
def test_compiled_templates_are_kept_in_the_cache_path_unless_turned_off(tmp_path, enabled):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "one.md").write_text("Title: One\nDate: 2020-01-01\n\nA post.\n")
    cache = tmp_path / "elsewhere" / "cache"
    settings = {"CACHE_PATH": str(cache), "TEMPLATE_CACHE": enabled, "SEARCH_PAGEFIND": False, "SEO_CARDS": False}
    extra = ["-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    result = run_pelican(tmp_path / "output", settings=ROOT / "pelicanconf.py", content=tmp_path / "content",
                         cwd=tmp_path, extra=extra)
    assert_clean_build(result)
    compiled = list((cache / "templates").glob("__jinja2_*.cache"))
    assert (len(compiled) > 10) if enabled else compiled == []
