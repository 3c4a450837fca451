"""Hostile input that is allowed to build: nothing active reaches any built file, the words stay.

The fixture site (tests/fixtures/hostile) puts markup where text belongs
(titles, categories, tags, authors, summaries, recap topics and messages,
deck titles, attribute values) and markup the sanitizer drops (presentational
tags, our own data- markers). A production build must succeed, every HTML
page, Atom/RSS feed and JSON Feed must pass the independent html5lib check in
tests/inert.py, and the text must read as the author typed it.
"""

from pathlib import Path

import pytest
from inert import active_in_html, active_in_site

from helpers import PRODUCTION_URL, ROOT, assert_clean_build, copy_project, page, run_pelican

HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "content"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"), content=HOSTILE)
    output = project / "output"
    result = run_pelican(output, settings="publishconf.py", env={"SITEURL": PRODUCTION_URL}, cwd=project)
    assert_clean_build(result)
    return output


def test_no_page_or_feed_holds_anything_active(hostile_site):
    assert active_in_site(hostile_site, PRODUCTION_URL) == {}


def test_the_checker_sees_what_it_must(tmp_path):
    """The check above can fail: the same kinds of markup, unsanitized, are caught."""
    for markup in ('<img src=x onerror=alert(1)>', '<a href="jav&#x09;ascript:x">x</a>', '<svg/onload=alert(1)>',
                   '<script>alert(1)</script>', '<link rel=stylesheet href=https://other.host/x.css>',
                   '<iframe src="https://other.host/"></iframe>', '<div style="background:url(https://o.h/x)">',
                   '<base href="https://other.host/">', '<form action="https://other.host/"></form>'):
        assert active_in_html(markup, PRODUCTION_URL, fragment=True), markup
    assert active_in_html('<template><iframe src="https://speakerdeck.com/player/x"></iframe></template>',
                          fragment=True) == []
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "x.atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        "&lt;img src=x onerror=alert(1)&gt;</content></entry></feed>")
    assert active_in_site(tmp_path) == {"feeds/x.atom.xml": ["<img onerror=...>"]}


def test_markup_in_metadata_reads_as_text(hostile_site):
    post = page(hostile_site, "2011/10/hostile-metadata/")
    assert '<script>alert("title")</script> "quotes" & <b>bold</b>' in post.find("h1").get_text()
    home = page(hostile_site, "").get_text()
    assert '<img src=x onerror=alert("summary")> and <svg/onload=alert(2)>' in home


def test_dropped_markup_keeps_its_words_and_loses_its_markers(hostile_site):
    body = page(hostile_site, "2011/10/hostile-metadata/").find("article")
    text = body.get_text()
    assert "red words" in text and "our own markers" in text and "not ours to set" in text
    assert body.find("font") is None
    assert body.find(attrs={"data-embed-src": "https://evil.example/"}) is None
    assert body.find(attrs={"data-feed-ignore": True}) is None


def test_code_shows_markup_as_text(hostile_site):
    body = page(hostile_site, "2011/10/hostile-metadata/").find("article")
    code = " ".join(c.get_text() for c in body.find_all("code"))
    assert '<script>alert("fenced")</script>' in code and '<iframe src="https://evil.example/"></iframe>' in code


def test_other_text_files_carry_no_script_links(hostile_site):
    for path in Path(hostile_site).rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".conf"} or path.name == "sitemap.xml":
            assert "javascript:" not in path.read_text(encoding="utf-8").lower(), path
