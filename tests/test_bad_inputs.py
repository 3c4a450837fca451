"""The bad-input corpus (tests/fixtures/bad/site): every case fails the build with its own message.

All cases are built together, once, as `invoke build` does: each must give
exactly its message (file, line where known, reason), none a traceback, a
Python type name or Pelican's reasonless "Could not process", and the last
good output/ stays as it was. The corpus is written by make_corpus.py; the
5 MB post is made here rather than stored.
"""

import os
import re
import subprocess
import sys

import pytest

from helpers import ROOT, copy_project

CORPUS = ROOT / "tests" / "fixtures" / "bad" / "site" / "content"
UNSAFE = "unsafe HTML the site does not publish: "

# (file under content/, line or None, the message after "path:line: ")
CASES = [
    ("posts/empty.md", 1, "metadata header has no 'Title:' line"),
    ("posts/not_utf8.md", None, "is not UTF-8 text (invalid continuation byte at byte 52)"),
    ("posts/binary_named_md.md", None, "is not UTF-8 text (invalid start byte at byte 0)"),
    ("posts/broken_header.md", 3, "broken metadata header: 'Tags community, klout' is not 'Key: value'"),
    ("posts/missing_title.md", 1, "metadata header has no 'Title:' line"),
    ("posts/impossible_date.md", 2, "invalid date '2011-02-30'"),
    ("posts/not_a_date.md", 2, "invalid date 'last Tuesday'"),
    ("posts/yaml_front_matter_unclosed.md", 1, "the '---' header is not closed"),
    ("posts/yaml_front_matter_not_yaml.md", 5, "the '---' header is not YAML"),
    ("posts/rst_unknown_directive.rst", 8, 'Unknown directive type "no-such-directive". (reStructuredText)'),
    ("posts/huge_post.md", None, "is 5.0 MB; a post or page may be at most 2 MB"),
    ("posts/raw_script.md", 7, UNSAFE + "<script>"),
    ("posts/svg_onload.md", 7, UNSAFE + "<svg>; onload= on <svg>"),
    ("posts/reference_link_javascript.md", 7, UNSAFE + "href='javascript:alert(1)' on <a>"),
    ("posts/attribute_split_over_lines.md", 6, UNSAFE + "onerror= on <img>"),
    ("posts/entity_javascript.md", 5, UNSAFE + "href='javascript:alert(1)' on <a>"),
    ("posts/tab_in_scheme.md", 5, UNSAFE + "href='jav\\tascript:alert(1)' on <a>"),
    ("posts/link_target_on_next_line.md", 6, UNSAFE + "href='javascript:alert(1)' on <a>"),
    ("posts/fence_with_leading_space.md", 6, UNSAFE + "<script>"),
    ("posts/unclosed_fence.md", 6, UNSAFE + "<script>"),
    ("posts/backtick_in_attribute.md", 5, UNSAFE + "onerror= on <img>"),
    ("posts/handler_under_list_item.md", 7, UNSAFE + "onerror= on <img>"),
    ("posts/style_with_remote_url.md", 5, UNSAFE + "<style>"),
    ("posts/stylesheet_from_other_host.md", 5, UNSAFE + "<link>"),
    ("posts/attr_list_handler.md", 6, UNSAFE + "onclick= on <p>"),
    ("posts/data_url_link.md", 5, UNSAFE + "href='data:text/html;base64,PHNjcmlwdD4=' on <a>"),
    ("posts/form_with_formaction.md", 5, UNSAFE + "<button>; formaction='javascript:alert(1)' on <button>; <form>"),
    ("posts/base_element.md", 5, UNSAFE + "<base>"),
    ("posts/object_element.md", 5, UNSAFE + "<object>"),
    ("posts/summary_svg_onload.md", 3, UNSAFE + "<svg>; onload= on <svg>"),
    ("posts/summary_handler_on_next_line.md", 4, UNSAFE + "onerror= on <img>"),
    ("posts/embed_unknown_host.md", 5, "host 'slides.evil.example' is not an allowed provider"),
    ("posts/embed_over_http.md", 5, "http: is not allowed, use an https:// URL"),
    ("posts/embed_javascript_url.md", 5, "javascript: is not allowed, use an https:// URL"),
    ("posts/embed_snippet_with_onload.md", 5, "event handler attribute 'onload' is not allowed in a pasted embed"),
    ("posts/embed_foreign_iframe.md", 5, "host 'other.host' is not an allowed provider"),
    ("posts/shortcode_bad_id.md", 5, "the [slideshare] shortcode id 'abc' must be digits"),
    ("posts/deck_start_superscript.md", 5, "start: '\u00b9' should be a slide number from 1 to 2"),
    ("posts/deck_with_script.md", 5,
     "deck 'deck-with-script' is invalid: content/presentations/deck-with-script.md:6: " + UNSAFE + "<script>"),
    ("posts/unknown_deck.md", 5, "no deck 'no-such-deck'"),
    ("posts/link_to_nowhere.md", 5, "link {filename}no-such-post.md points to no file"),
    ("posts/missing_static_image.md", 5, "link {static}/images/no-such-chart.png points to no file"),
    ("posts/link_to_nowhere_twice.md", 5, "link {filename}gone.md points to no file"),
    ("posts/link_to_nowhere_twice.md", 9, "link {filename}gone.md points to no file"),
    ("pages/hundred-days.md", 2, "Template: '100days' is not a template of the theme (it has 404, archives, "),
    ("pages/gallery.md", 2, "Template: 'gallery' is not a template of the theme"),
    ("pages/search.md", 1, "writes search/index.html, which is the site's search page (search.html template); "
     "give it another Slug:"),
    ("pages/front.md", 2, "writes index.html, which is the site's front page (index.html template); "
     "give it another Save_as:"),
    ("pages/page-with-handler.md", 3, UNSAFE + "onmouseover= on <p>"),
    ("presentations/deck-with-script.md", 6, UNSAFE + "<script>"),
    ("presentations/deck-without-slides.md", 4, "the deck has no slides after its header"),
    ("glossary/term-with-script.md", 4, UNSAFE + "<script>"),
    ("recaps/transcript_bad_line.recap", 6, "expected '[time] @handle: text'"),
    ("recaps/no_hosts.recap", None, "the header has no 'Hosts:' line"),
    ("recaps/unknown_format.recap", 4, "Format: 'myspace' is not one of tweets-js, discord, slack, telegram, twarc, "
     "mastodon, csv, whatsapp, zoom, irc, transcript"),
    ("recaps/diary.txt", None, "looks like text whose lines are not chat messages of a known kind "
     "(first line: 'Dear diary,'); supported: tweets-js (X/Twitter archive"),
    ("recaps/Chat export.zip", None, "'../evil.csv' would unpack outside the archive's folder"),
    ("recaps/outside_window.recap", 4, "no message between Start: and End: (the export runs from 2011-10-28 12:00"),
    ("recaps/truncated.json", 1, "invalid JSON: unterminated string starting at column 64 (is the export complete?)"),
    ("recaps/not_utf8.recap", 5, "byte 0xE9 at column 23 is not UTF-8"),
    ("recaps/missing_source.recap", None, "Source: 'nowhere.json' does not exist beside the recap"),
    ("recaps/bad_timezone.recap", None, "Timezone: 'Mars/Olympus' is not a known time zone"),
    ("recaps/empty_chat.recap", None, "the chat has no messages"),
]
# Pelican's own checks, named by file (its messages, with the path made relative).
PELICAN_CASES = [
    ("posts/missing_date.md", "could not find information about 'date'"),
    ("posts/unknown_status.md", "Unknown status 'publshed'"),
]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """Build the project with the corpus as its content; return (process, log, project)."""
    project = copy_project(tmp_path_factory.mktemp("corpus"), content=CORPUS)
    (project / "content" / "posts" / "good.md").write_text(
        "Title: A good post\nDate: 2011-10-01\nCategory: Tests\n\nThe one post that builds.\n"
    )
    (project / "content" / "posts" / "huge_post.md").write_text(
        "Title: Huge\nDate: 2011-10-01\n\n" + "All work and no play. " * 227_000
    )
    (project / "output").mkdir()
    (project / "output" / "previous.html").write_text("the last good build")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, COLUMNS="1000"), check=False,
    )
    return result, result.stdout + result.stderr, project


def error_lines(log):
    """The log's ERROR/WARNING/CRITICAL messages, one per line (rich wraps nothing at 1000 columns)."""
    found = []
    for line in log.splitlines():
        match = re.search(r"\b(ERROR|WARNING|CRITICAL)\s+(.*?)\s+\S+\.py:\d+\s*$", line)
        if match:
            found.append(match[2])
    return found


@pytest.mark.parametrize("path, line, message", CASES, ids=[c[0] for c in CASES])
def test_each_case_gives_exactly_its_message(corpus_build, path, line, message):
    _, log, _ = corpus_build
    where = f"content/{path}:{line}: " if line else f"content/{path}: "
    matching = [m for m in error_lines(log) if m.startswith(where)]
    assert matching, f"{where}{message}\n---\n{log}"
    assert any(message in m for m in matching), matching


@pytest.mark.parametrize("path, message", PELICAN_CASES, ids=[c[0] for c in PELICAN_CASES])
def test_pelicans_own_checks_name_the_file(corpus_build, path, message):
    _, log, _ = corpus_build
    assert any(f"content/{path}" in m and message in m for m in error_lines(log)), log


def test_the_build_fails_leaving_output_as_it_was(corpus_build):
    result, log, project = corpus_build
    assert result.returncode != 0, log
    assert sorted(p.name for p in (project / "output").iterdir()) == ["previous.html"]
    assert not (project / "output.partial").exists()


def test_no_traceback_no_type_names_no_reasonless_lines(corpus_build):
    _, log, _ = corpus_build
    assert "Traceback" not in log
    assert not re.search(r"\b[A-Z][a-zA-Z]+(Error|Exception)\b", log), log
    assert "Could not process" not in log


def test_one_message_per_case(corpus_build):
    """Nothing is reported twice; nothing but the corpus is reported."""
    _, log, _ = corpus_build
    messages = [m for m in error_lines(log) if m.startswith("content/")]
    assert len(messages) == len(set(messages)), log
    named = {f"content/{path}" for path, *_ in CASES + PELICAN_CASES}
    for message in messages:
        assert any(message.startswith(n) for n in named) or "Unable to find" in message, message
