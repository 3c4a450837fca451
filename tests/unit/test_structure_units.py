"""Pure parts of the structure plugin: heading ids and TOCs, topics, series, settings."""

import datetime
import logging
import pickle
from types import SimpleNamespace

import lxml.html
import pytest

from helpers import ROOT
from kbutil.config import configure, default_of, defaults
from kbutil.diagnostics import SourceError
from kbutil.header import header_line
from structure import settings as structure_settings
from structure import toc as toc_module
from structure.hubs import Crumb, hub_flag, link_topics
from structure.metadata import flag, whole_number
from structure.plugin import anchor_renderer
from structure.series import collect_series
from structure.toc import TocEntry, count_entries, nest, scan

THEME = str(ROOT / "theme")


def add_anchors(html, **kwargs):
    """toc.add_anchors with the theme's heading anchor (fragments/structure/anchor.html), as the plugin calls it."""
    kwargs.setdefault("anchor", anchor_renderer({"THEME": THEME}))
    return toc_module.add_anchors(html, **kwargs)

# ---------- Heading ids, anchors and the table of contents ----------


def ids_and_titles(entries):
    return [(e.id, e.title, ids_and_titles(e.children)) for e in entries]


def test_headings_get_ids_anchors_and_a_nested_toc():
    html = "<p>Intro</p>\n<h2>One</h2>\n<h3>One a</h3>\n<h4>Deep</h4>\n<h2>Two</h2>\n"
    out, toc = add_anchors(html)
    assert ids_and_titles(toc) == [
        ("one", "One", [("one-a", "One a", [("deep", "Deep", [])])]),
        ("two", "Two", []),
    ]
    assert (
        '<h2 id="one">One<a class="heading-anchor toc-backref" href="#one" '
        'aria-label="Link to this section: One"></a></h2>'
    ) in out
    assert out.startswith("<p>Intro</p>\n")


def test_existing_ids_are_kept_and_new_ones_are_unique_on_the_page():
    html = ('<p id="notes">x</p><h2 id="mine" class="k">Notes</h2><h2>Notes</h2><h2>Notes</h2>'
            "<h2>Content</h2><h2 id=\"content\">Again</h2>")
    out, toc = add_anchors(html, reserved=["content"])
    assert [e.id for e in toc] == ["mine", "notes-2", "notes-3", "content-2", "again"]
    assert '<h2 id="mine" class="k">' in out  # kept as written
    assert 'id="content"' not in out  # a template of the page uses it


def test_everything_outside_the_headings_is_left_byte_for_byte():
    around = [
        '<p>A <a href="{filename}other.md#part">link</a> &amp; <img src="{static}/images/a b.png" alt=""></p>\n',
        '<svg viewBox="0 0 10 10"><rect/><h2>in a drawing</h2></svg>\n',
        "<!-- <h2>a comment</h2> -->\n",
        "<pre><code>&lt;h2&gt;code&lt;/h2&gt;</code></pre>\n",
        '<script>const s = "<h2>script</h2>";</script>\n',
        "<template><h2>inert</h2></template>\n",
        '<section class="deck" data-deck><h3>A slide</h3></section>\n',
        "<div data-no-toc><h2>Left alone</h2></div>\n",
    ]
    html = "<h2>First</h2>\n" + "".join(around) + "<h2>Last</h2>"
    out, toc = add_anchors(html, min_headings=1)
    assert [e.title for e in toc] == ["First", "Last"]
    first_end = out.index("</h2>") + len("</h2>\n")
    assert out[first_end:out.index('<h2 id="last">')] == "".join(around)


def test_headings_with_a_same_page_link_get_no_second_link():
    html = '<h3 id="q1-title"><a href="#q1">Question 1</a></h3><h3>Plain <a href="https://example.org/">out</a></h3>'
    out, toc = add_anchors(html, min_headings=1)
    assert out.count("heading-anchor") == 1
    assert [e.id for e in toc] == ["q1-title", "plain-out"]


def test_running_twice_changes_nothing_more():
    once, toc = add_anchors("<h2>A</h2><h2>B</h2><h2>C</h2>")
    twice, again = add_anchors(once)
    assert twice == once and ids_and_titles(again) == ids_and_titles(toc)


def test_the_toc_needs_enough_headings_but_every_heading_gets_its_anchor():
    html = "<h2>A</h2><h3>B</h3>"
    out, toc = add_anchors(html)
    assert toc == [] and out.count("heading-anchor") == 2
    _, toc = add_anchors(html, min_headings=2)
    assert count_entries(toc) == 2
    out, _ = add_anchors(html, anchor=None)
    assert "heading-anchor" not in out and 'id="a"' in out


def test_titles_are_plain_text_and_escaped_in_the_label():
    out, toc = add_anchors('<h2>Q&amp;A with <code>&lt;b&gt;</code> "quotes"</h2>', min_headings=1)
    assert toc[0].title == 'Q&A with <b> "quotes"'
    (link,) = lxml.html.fragment_fromstring(out, create_parent="div").find_class("heading-anchor")
    assert link.get("aria-label") == 'Link to this section: Q&A with <b> "quotes"'
    assert "<b>" not in out  # escaped, as text
    assert toc[0].id == "qa-with-b-quotes"


def test_headings_without_letters_get_a_fallback_id():
    _, toc = add_anchors("<h2>!!!</h2><h2><img src=x.png alt='Chart'></h2><h2>???</h2>", min_headings=1)
    assert [(e.id, e.title) for e in toc] == [("section", "!!!"), ("chart", "Chart"), ("section-2", "???")]


def test_no_headings_no_change():
    for html in ("", "<p>Just text</p>", "<h1>Title</h1><h5>small</h5>"):
        assert add_anchors(html) == (html, [])


def test_scan_finds_ids_and_offsets():
    html = '<div id="a">\n<h2 id="b">T</h2>\n</div>'
    ids, found = scan(html)
    assert ids == {"a", "b"}
    (heading,) = found
    assert html[heading.start:heading.end] == '<h2 id="b">T</h2>'
    assert html[heading.tag_end:heading.close] == "T"


def test_nesting_copes_with_skipped_and_leading_levels():
    flat = [TocEntry("a", "A", 3), TocEntry("b", "B", 2), TocEntry("c", "C", 4), TocEntry("d", "D", 3),
            TocEntry("e", "E", 2)]
    assert ids_and_titles(nest(flat)) == [
        ("a", "A", []),
        ("b", "B", [("c", "C", []), ("d", "D", [])]),
        ("e", "E", []),
    ]


def test_many_headings_with_one_title_get_numbered_ids():
    """2,000 headings of one title (speed at scale is measured by invoke bench, not here)."""
    html = "<p>x</p>".join("<h2>Same</h2>" for _ in range(2000))
    out, toc = add_anchors(html)
    assert len(toc) == 2000 and toc[-1].id == "same-2000"
    assert len({e.id for e in toc}) == 2000


# ---------- Metadata values ----------


@pytest.mark.parametrize("value, expected", [("true", True), ("Yes", True), (" 1 ", True), ("false", False),
                                             ("no", False), (True, True)])
def test_flags(value, expected):
    assert flag(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_bad_flags(value):
    with pytest.raises(ValueError):
        flag(value)


@pytest.mark.parametrize("value, expected", [("3", 3), (" 12 ", 12), ("-1", -1), (7, 7)])
def test_whole_numbers(value, expected):
    assert whole_number(value) == expected


@pytest.mark.parametrize("value", ["3.5", "three", "", "1e3", True])
def test_not_whole_numbers(value):
    with pytest.raises(ValueError):
        whole_number(value)


def test_header_line_finds_the_key_in_the_header_only(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("Title: T\nSeries_index: 2\n\nTopic: not the header\n", encoding="utf-8")
    assert header_line(path, "series_index") == 2
    assert header_line(path, "topic") is None
    assert header_line(tmp_path / "missing.md", "topic") is None


# ---------- Topics ----------


def post(slug, day, **meta):
    return SimpleNamespace(
        slug=slug, title=slug.title(), url=f"2020/01/{slug}/", source_path=f"/nowhere/content/posts/{slug}.md",
        date=datetime.datetime(2020, 1, day), metadata=meta,
    )


def hub(slug):
    return SimpleNamespace(slug=slug, title=slug.title(), url=f"{slug}/", source_path=f"/nowhere/pages/{slug}.md",
                           metadata={"hub": "true"}, is_hub=True)


def test_topics_order_breadcrumbs_and_problems():
    basics = hub("basics")
    posts = [
        post("late-first", 9, topic="basics", order="1"),
        post("undated-old", 1, topic="basics"),
        post("second", 2, topic="basics", order="2"),
        post("undated-new", 5, topic="Basics"),
        post("draft", 3, topic="basics", order="0"),
        post("lost", 4, topic="nowhere"),
        post("wordy", 6, topic="basics", order="first"),
        post("elsewhere", 7),
    ]
    published = [p for p in posts if p.slug != "draft"]
    problems = []
    link_topics(posts, published, {"basics": basics}, {"basics": basics}, problems)
    assert [p.slug for p in basics.hub_posts] == ["late-first", "second", "undated-old", "undated-new", "wordy"]
    assert posts[0].breadcrumbs == [
        Crumb("Home", ""), Crumb("Basics", "basics/"), Crumb("Late-First", "2020/01/late-first/"),
    ]
    assert posts[4].topic_hub is basics  # a draft keeps its breadcrumbs, but is not listed
    assert not hasattr(posts[-1], "breadcrumbs")
    messages = sorted(str(p) for p in problems)
    assert len(messages) == 2
    assert "lost.md: topic 'nowhere' names no hub page (hubs: 'basics')" in messages[0]
    assert "wordy.md: order: 'first' is not a whole number" in messages[1]
    assert all(isinstance(p, SourceError) for p in problems)


def test_a_topic_naming_an_ordinary_page_says_how_to_make_it_a_hub():
    about = SimpleNamespace(slug="about", title="About", url="about/", source_path="pages/about.md", metadata={})
    problems = []
    link_topics([post("p", 1, topic="about")], [], {}, {"about": about}, problems)
    assert "topic 'about' names the page pages/about.md, which is not a topic hub: add 'Hub: true'" in str(problems[0])


def test_hub_flag():
    assert hub_flag(SimpleNamespace(metadata={"hub": "true"}, source_path="p.md")) is True
    assert hub_flag(SimpleNamespace(metadata={}, source_path="p.md")) is False
    with pytest.raises(SourceError, match="hub: 'sometimes' is neither true nor false"):
        hub_flag(SimpleNamespace(metadata={"hub": "sometimes"}, source_path="p.md"))


# ---------- Series ----------

SETTINGS = {**defaults(structure_settings.SETTINGS), "SLUG_REGEX_SUBSTITUTIONS": [
    (r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"),
]}


def test_series_parts_in_index_order_then_date():
    parts = [
        post("c", 1, series="Onboarding", series_index="5"),
        post("a", 9, series="Onboarding", series_index="1"),
        post("late", 3, series="Onboarding"),
        post("b", 4, series="Onboarding", series_index="2"),
        post("other", 2, series="Moderation 101", series_index="1"),
        post("none", 2),
    ]
    problems = []
    found = collect_series(parts, SETTINGS, problems)
    assert problems == []
    assert [(s.name, s.slug, s.url, s.save_as) for s in found] == [
        ("Moderation 101", "moderation-101", "series/moderation-101/", "series/moderation-101/index.html"),
        ("Onboarding", "onboarding", "series/onboarding/", "series/onboarding/index.html"),
    ]
    onboarding = found[1]
    assert [p.slug for p in onboarding.parts] == ["a", "b", "c", "late"]
    place = parts[0].series_info  # index 5 is the third part of four
    assert (place.number, place.series.total) == (3, 4)
    assert place.previous is parts[3] and place.next is parts[2]
    assert parts[1].series_info.previous is None and parts[2].series_info.next is None
    assert not hasattr(parts[-1], "series_info")


def test_series_problems_name_the_files():
    parts = [
        post("one", 1, series="Onboarding", series_index="1"),
        post("also-one", 2, series="Onboarding", series_index="1"),
        post("wordy", 3, series="Onboarding", series_index="two"),
        post("spelled", 4, series="onboarding", series_index="3"),
        post("orphan", 5, series_index="4"),
    ]
    problems = []
    collect_series(parts, SETTINGS, problems)
    text = "\n".join(str(p) for p in problems)
    assert "also-one.md: series 'Onboarding' already has a part 1: /nowhere/content/posts/one.md" in text
    assert "wordy.md: series_index: 'two' is not a whole number" in text
    assert "spelled.md: series 'onboarding' is spelled 'Onboarding' in /nowhere/content/posts/one.md" in text
    assert "orphan.md: series_index without 'Series: NAME'" in text
    assert len(problems) == 4


def test_many_posts_are_linked_to_their_hub_and_series():
    posts = [post(f"p{i}", 1 + i % 28, series=f"S{i % 50}", series_index=str(i), topic="basics", order=str(i))
             for i in range(20000)]
    basics = hub("basics")
    problems = []
    link_topics(posts, posts, {"basics": basics}, {}, problems)
    found = collect_series(posts, SETTINGS, problems)
    assert problems == [] and len(basics.hub_posts) == 20000 and len(found) == 50


def test_state_pickles():
    parts = [post("a", 1, series="S", series_index="1", topic="basics"), post("b", 2, series="S", series_index="2")]
    basics = hub("basics")
    link_topics(parts, parts, {"basics": basics}, {}, [])
    (series,) = collect_series(parts, SETTINGS, [])
    _, toc = add_anchors("<h2>A</h2><h3>B</h3><h2>C</h2>")
    copy = pickle.loads(pickle.dumps((series, parts, basics, toc)))
    assert copy[1][1].series_info.series.parts[0].breadcrumbs[1] == Crumb("Basics", "basics/")
    assert ids_and_titles(copy[3]) == ids_and_titles(toc)


# ---------- Settings ----------


def configured(settings):
    """`settings` with ours filled in and checked, as at start-up."""
    configure(settings, structure_settings.SETTINGS, logging.getLogger("test"))
    return settings


def test_settings_defaults():
    settings = configured({})
    assert settings["STRUCTURE_SERIES_URL"] == "series/{slug}/"
    assert settings["STRUCTURE_TOC_MIN_HEADINGS"] == 3


@pytest.mark.parametrize(
    "key, value",
    [
        ("STRUCTURE_SERIES_URL", "series/"),
        ("STRUCTURE_SERIES_SAVE_AS", "/series/{slug}/index.html"),
        ("STRUCTURE_TOC_MIN_HEADINGS", 0),
        ("STRUCTURE_TOC_MIN_HEADINGS", "3"),
        ("STRUCTURE_HEADING_ANCHORS", 1),
        ("STRUCTURE_RESERVED_IDS", "content"),
        ("STRUCTURE_HUB_TEMPLATE", " "),
    ],
)
def test_bad_settings_are_named(key, value, caplog):
    settings = configured({key: value})
    assert len(caplog.records) == 1 and caplog.records[0].levelname == "ERROR"
    assert f"setting {key}={value!r}:" in caplog.text
    assert settings[key] == default_of(structure_settings.SETTINGS, key)


# ---------- When a post or page is read ----------


def read(cls, content, tmp_path, **meta):
    from pelican.settings import DEFAULT_CONFIG

    settings = configured(dict(DEFAULT_CONFIG, THEME=THEME))
    path = tmp_path / "p.md"
    path.write_text("".join(f"{k.title()}: {v}\n" for k, v in meta.items()) + "\nText\n", encoding="utf-8")
    metadata = {"title": "T", **meta}
    if "date" in meta:
        metadata["date"] = datetime.datetime.fromisoformat(meta["date"])
    return cls(content, metadata=metadata, settings=settings, source_path=str(path))


def test_reading_gives_posts_and_pages_ids_anchors_and_a_toc(tmp_path):
    from pelican.contents import Article, Page

    from structure.plugin import prepare_content

    html = "<h2>A</h2><p>x</p><h3>B</h3><h2>C</h2>"
    for cls in (Article, Page):
        item = read(cls, html, tmp_path, date="2020-01-01")
        prepare_content(item)
        assert [e.id for e in item.toc_entries] == ["a", "c"]
        assert item._content.count('class="heading-anchor toc-backref"') == 3


def test_a_hub_page_gets_the_hub_template_unless_it_names_one(tmp_path):
    from pelican.contents import Page

    from structure.plugin import prepare_content

    hub_page = read(Page, "<p>Intro</p>", tmp_path, hub="true")
    prepare_content(hub_page)
    assert hub_page.is_hub and hub_page.template == "hub"
    own = read(Page, "<p>Intro</p>", tmp_path, hub="yes", template="special")
    prepare_content(own)
    assert own.is_hub and own.template == "special"
    plain = read(Page, "<p>Intro</p>", tmp_path)
    prepare_content(plain)
    assert not plain.is_hub and plain.template == "page"


def test_a_post_cannot_be_a_hub_and_a_hub_must_be_true_or_false(tmp_path, caplog):
    from pelican.contents import Article, Page

    from structure.plugin import prepare_content

    post_hub = read(Article, "<p>x</p>", tmp_path, date="2020-01-01", hub="true")
    prepare_content(post_hub)
    assert not post_hub.is_hub
    odd = read(Page, "<p>x</p>", tmp_path, hub="sometimes")
    prepare_content(odd)
    assert not odd.is_hub
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("p.md:2: 'Hub: true' is for pages" in e for e in errors), errors
    assert any("p.md:1: hub: 'sometimes' is neither true nor false" in e for e in errors), errors
