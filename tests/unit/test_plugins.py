"""Pure parts of our plugins, tested directly."""

import os

import pytest

from article_extras.plugin import reading_minutes
from build_guard.links import broken_links, link_target
from kbutil.diagnostics import SourceError
from kbutil.header import check_header
from kbutil.siteurl import site_url_from_env
from tag_merge.merge import choose_spellings


@pytest.mark.parametrize(
    "text",
    [
        "Title: A\nDate: 2011-10-28\n\nBody",
        "Title: A\nSummary: first line\n    continued\n\nBody",
        "\ufeffTitle: A\n\nBody",
        "Title: A\nDate: 2011-10-28 10:00\nModified: 2011-10-29T08:00:00+00:00\n",
    ],
)
def test_good_headers_pass(text):
    check_header("p.md", text)


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Title: A\nTags community\n\nBody", 2, "broken metadata header: 'Tags community'"),
        ("Date: 2011-10-28\n\nBody", 1, "no 'Title:' line"),
        ("Title: A\nDate: 28/10/2011 25:00\n\nBody", 2, "invalid date '28/10/2011 25:00'"),
        ("Title: A\nModified: yesterday-ish\n", 2, "invalid modified 'yesterday-ish'"),
        ("---\ntitle: A\n\nBody\n", 1, "the '---' header is not closed"),
        ("---\ndate: 2021-01-01\n---\n", 1, "the '---' header has no 'title:' line"),
        ("Just some text without a header\n", 1, "broken metadata header"),
    ],
)
def test_bad_headers_name_the_line(text, line, says):
    with pytest.raises(SourceError) as caught:
        check_header("posts/p.md", text)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"posts/p.md:{line}: ")
    assert says in str(caught.value)


def test_link_targets_resolve_like_pelican():
    assert link_target("posts", "other.md") == "posts/other.md"
    assert link_target("posts", "../pages/about.md#team") == "pages/about.md"
    assert link_target("posts", "/images/a%20b.png") == "images/a b.png"


def test_broken_links_name_line_and_skip_good_ones(tmp_path):
    source = tmp_path / "p.md"
    source.write_text("Title: P\n\nGood [a]({filename}ok.md)\n\nBad [b]({filename}gone.md)\n")
    html = '<a href="{filename}ok.md">a</a> <a href="{filename}gone.md">b</a> <img src="{static}/x.png">'
    errors = list(broken_links(source, "posts", html, {"posts/ok.md"}.__contains__, "content"))
    assert [(e.line, "gone.md" in e.message) for e in errors] == [(5, True), (None, False)]


def test_a_target_linked_from_many_pages_is_checked_once_and_reported_on_each(tmp_path):
    asked = []

    def exists(target):
        asked.append(target)
        return target == "posts/ok.md"

    checked, errors = {}, []
    for name in ("a", "b", "c"):
        source = tmp_path / f"{name}.md"
        source.write_text("Title: P\n\n[ok]({filename}ok.md) [gone]({filename}gone.md)\n")
        html = '<a href="{filename}ok.md">ok</a> <a href="{filename}gone.md">gone</a>'
        errors += broken_links(source, "posts", html, exists, "content", checked)
    assert sorted(asked) == ["posts/gone.md", "posts/ok.md"]
    assert [(os.path.basename(e.path), e.line) for e in errors] == [("a.md", 3), ("b.md", 3), ("c.md", 3)]


def test_one_broken_link_on_three_lines_is_three_errors_each_with_its_line(tmp_path):
    source = tmp_path / "p.md"
    body = ["Title: P", ""] + [f"Line {n}" for n in range(3, 40)]
    for line in (34, 12, 25):
        body[line - 1] = "See [it]({filename}/gone.md) again."
    source.write_text("\n".join(body) + "\n[ref]: {static}/nothing.png\n")
    html = '<a href="{filename}/gone.md">it</a>' * 3 + '<img src="{static}/nothing.png">' * 2
    errors = list(broken_links(source, "posts", html, lambda target: False, "content"))
    assert [(e.line, e.message.split()[1]) for e in errors] == [
        (12, "{filename}/gone.md"), (25, "{filename}/gone.md"), (34, "{filename}/gone.md"),
        (40, "{static}/nothing.png"),  # a reference used twice: once, at its definition
    ]


def test_spellings_pick_the_most_used_then_first_sorted():
    mapping, merged = choose_spellings(
        ["Community", "community", "community", "Klout", "twitter  chats", "Twitter Chats"],
    )
    assert mapping["Community"] == mapping["community"] == "community"
    assert mapping["Klout"] == "Klout"
    assert mapping["twitter  chats"] == mapping["Twitter Chats"] == "Twitter Chats"
    assert merged == [
        ("Twitter Chats", ["Twitter Chats", "twitter  chats"]),
        ("community", ["Community", "community"]),
    ]


def test_spellings_do_not_depend_on_order():
    names = ["Online Community", "online community", "ONLINE community"]
    assert choose_spellings(names) == choose_spellings(list(reversed(names)))


@pytest.mark.parametrize("words, minutes", [(0, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time(words, minutes):
    assert reading_minutes("<p>" + "word " * words + "</p>", 200) == minutes


@pytest.mark.parametrize(
    "environ, result",
    [
        ({"SITEURL": "https://example.org/"}, "https://example.org"),
        ({"SITEURL": " http://example.org/blog "}, "http://example.org/blog"),
    ],
)
def test_site_url_from_environment(environ, result):
    assert site_url_from_env(environ) == result


@pytest.mark.parametrize("environ", [{}, {"SITEURL": "example.org"}, {"SITEURL": "javascript:x"}, {"SITEURL": "https://"}])
def test_bad_site_url_stops_with_a_message(environ):
    with pytest.raises(SystemExit) as caught:
        site_url_from_env(environ)
    assert "SITEURL" in str(caught.value)


def test_plain_text_is_what_a_reader_sees():
    from kbutil.text import plain_text

    html = ('<figure><template class="embed-feed"><blockquote>feed copy</blockquote></template>'
            '<blockquote><p>Seen &amp; <em>read</em></p></blockquote><script>x()</script></figure>\n<p>Next</p>')
    assert plain_text(html) == "Seen & read Next"
    assert plain_text("") == plain_text(None) == plain_text("  ") == ""
