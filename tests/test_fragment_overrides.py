"""A theme override folder (THEME_TEMPLATES_OVERRIDES) changes the HTML our plugins render from fragments.

The glossary tooltip (fragments/glossary/tooltip.html) and the heading anchor
(fragments/structure/anchor.html) come from the theme, not from Python: a site
that overrides them gets its own markup, still escaped.
"""

import json
from textwrap import dedent

import pytest

from helpers import ROOT, assert_clean_build, page, run_pelican

POST = """\
    Title: Readers who stay quiet
    Date: 2011-10-27 10:00
    Category: Notes

    Every lurker counts.

    ## Why they read

    Some text.
    """
TERM = """\
    Title: lurker
    Summary: A member who writes &lt;b&gt; & rarely posts.

    More about lurkers.
    """
TOOLTIP = (
    '<span class="my-gloss" data-term="{{ entry.slug }}"><a href="{{ entry.href }}">{{ words }}</a>'
    '<small id="{{ tip_id }}" {{ markers.FEED_IGNORE }}>{{ entry.definition }}</small></span>'
)
ANCHOR = '<a class="my-anchor" href="#{{ id }}">¶<span hidden>{{ title }}</span></a>'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("overrides")
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "glossary").mkdir()
    (root / "content" / "posts" / "quiet.md").write_text(dedent(POST), encoding="utf-8")
    (root / "content" / "glossary" / "lurker.md").write_text(dedent(TERM), encoding="utf-8")
    overrides = root / "overrides"
    for name, text in (("glossary/tooltip.html", TOOLTIP), ("structure/anchor.html", ANCHOR)):
        (overrides / "fragments" / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / "fragments" / name).write_text(text, encoding="utf-8")
    extra = ["-e", f"THEME_TEMPLATES_OVERRIDES={json.dumps([str(overrides)])}",
             "SEARCH_PAGEFIND=false", "SEO_CARDS=false"]
    output = root / "output"
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=root / "content", cwd=root, extra=extra)
    assert_clean_build(result)
    return page(output, "2011/10/readers-who-stay-quiet/").find("main")


def test_the_glossary_tooltip_comes_from_the_override(built):
    (mention,) = built.select("span.my-gloss")
    assert mention["data-term"] == "lurker" and mention.a.get_text() == "lurker"
    assert mention.a["href"].endswith("glossary/lurker/")  # the {filename} link Pelican resolved
    assert built.select(".gloss, .gloss-tip") == []  # nothing of the theme's own tooltip is left


def test_an_overridden_fragment_still_escapes_what_it_prints(built):
    tip = built.select_one("span.my-gloss small")
    assert tip.get_text() == "A member who writes <b> & rarely posts."
    assert tip.find("b") is None and tip.has_attr("data-feed-ignore")


def test_the_heading_anchor_comes_from_the_override(built):
    heading = built.find("h2", id="why-they-read")
    assert heading.find("a", class_="my-anchor")["href"] == "#why-they-read"
    assert built.select(".heading-anchor") == []
