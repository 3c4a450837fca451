"""macros/neighbours.html: the one previous/next block of posts and glossary terms."""

from pathlib import Path

from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

THEME = Path(__file__).resolve().parents[2] / "theme" / "templates"


def render(before, after, label="More posts"):
    env = Environment(loader=FileSystemLoader(str(THEME)), trim_blocks=True, lstrip_blocks=True)
    macro = env.from_string('{% from "macros/neighbours.html" import neighbours with context %}'
                            "{{ neighbours(label, before, after) }}")
    return BeautifulSoup(macro.render(SITEURL="https://example.org", label=label, before=before, after=after),
                         "html.parser")


def test_both_sides_in_order_with_their_captions_and_addresses():
    nav = render(("Older post", "2011/a/", "A"), ("Newer post", "2012/b/", "B")).nav
    assert nav["aria-label"] == "More posts" and nav["class"] == ["wrap", "post-nav"]
    items = [(li["class"], li.find(class_="label").text, li.a["href"], li.a.text) for li in nav.find_all("li")]
    assert items == [(["prev"], "Older post", "https://example.org/2011/a/", "A"),
                     (["next"], "Newer post", "https://example.org/2012/b/", "B")]


def test_one_side_only():
    nav = render(None, ("Next term", "glossary/b/", "B"), "More terms").nav
    assert [li["class"] for li in nav.find_all("li")] == [["next"]] and nav["aria-label"] == "More terms"


def test_no_neighbour_no_block():
    assert render(None, None).find("nav") is None


def test_article_and_term_pages_use_it():
    for page in ("article.html", "term.html"):
        text = (THEME / page).read_text(encoding="utf-8")
        assert 'import neighbours with context' in text and "post-nav" not in text, page
