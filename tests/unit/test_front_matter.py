"""`---` YAML headers, as Jekyll, Hugo and stock Pelican blogs write them, read without a build."""

import pytest

from kbutil.diagnostics import SourceError
from kbutil.frontmatter import read_front_matter
from kbutil.header import check_header


def front(text):
    return read_front_matter("posts/p.md", text.splitlines())


def test_quoted_values_lists_and_iso_dates_mean_what_they_say():
    found = front('---\ntitle: "A post: with a colon"\ndate: "2021-01-01 00:00:00 +0200"\n'
                  'modified: "2021-11-10T23:31:49.429+01:00"\ntags: [community, "moderation"]\n'
                  "authors:\n  - Jane Doe\n  - Li Wei\nslug: a-post\n---\n\nBody\n")
    assert front is not None and found.end == 9
    assert found.meta == {"title": "A post: with a colon", "date": "2021-01-01 00:00:00 +0200",
                          "modified": "2021-11-10T23:31:49.429+01:00", "tags": "community, moderation",
                          "authors": "Jane Doe, Li Wei", "slug": "a-post"}
    check_header("posts/p.md", "---\ntitle: A\ndate: 2021-11-10T23:31:49.429+01:00\n---\n")


def test_other_generators_names_become_pelicans():
    found = front("---\ntitle: T\ncategories: [Guides, Python]\ntags: [a]\nlastmod: 2022-01-02\n"
                  "draft: true\ndescription: Short text.\nheader:\n  image: x.png\nlayout: post\n---\n")
    assert found.meta["category"] == "Guides" and found.meta["tags"] == "a, Python"
    assert found.meta["modified"] == "2022-01-02" and found.meta["status"] == "draft"
    assert found.meta["summary"] == "Short text." and "draft" not in found.meta
    assert found.ignored == ["header"] and found.meta["layout"] == "post"


def test_an_explicit_status_wins_over_draft_and_a_single_category_is_kept():
    found = front("---\ntitle: T\ncategory: Notes\nstatus: published\ndraft: true\nauthor: A, B\n---\n")
    assert found.meta["category"] == "Notes" and found.meta["status"] == "published"
    assert found.meta["authors"] == "A, B" and "author" not in found.meta


def test_key_value_lines_yaml_refuses_are_read_as_stock_pelican_reads_them():
    found = front("---\nTitle: Foo: bar\nDate: 2021-01-01 10:00\nTags: a, b\nSummary: first\n    second\n---\n")
    assert found.meta == {"title": "Foo: bar", "date": "2021-01-01 10:00", "tags": "a, b",
                          "summary": "first second"}


def test_the_body_keeps_its_line_numbers():
    lines = "---\ntitle: T\n---\n\nBody on line 5\n".splitlines()
    assert front("\n".join(lines)).body_lines(lines) == ["", "", "", "", "Body on line 5"]


def test_no_header_is_none():
    assert front("Title: T\n\nBody\n") is None and front("") is None


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("---\ntitle: A\ntags: [a, b\n  - c: [\n---\n", 4, "is not YAML"),
        ("---\n- a\n- b\n---\n", 2, "must be 'key: value' lines"),
        ("---\ntitle: A\nbody without end\n", 1, "is not closed"),
    ],
)
def test_unreadable_headers_name_their_line(text, line, says):
    with pytest.raises(SourceError) as caught:
        front(text)
    assert caught.value.line == line and says in caught.value.message


def test_yaml_tags_construct_nothing(monkeypatch):
    ran = []
    monkeypatch.setattr("os.system", ran.append)
    assert front("---\ntitle: !!python/object/apply:os.system [echo hi]\n---\n").meta == {"title": "echo hi"}
    assert ran == []


def test_a_bad_date_in_a_yaml_header_names_its_line(tmp_path):
    path = tmp_path / "p.md"
    text = "---\ntitle: A\ntags: [x]\ndate: \"28/10/2011 25:00\"\n---\n\nBody\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        check_header(path, text)
    assert caught.value.line == 4 and "invalid date '28/10/2011 25:00'" in caught.value.message
