"""Topic hubs, breadcrumbs, series and tables of contents, on a small fixture site (plugins/structure)."""

import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers import (
    ROOT,
    article_slugs,
    assert_clean_build,
    failed_build_log,
    html_files,
    page,
    resolve,
    run_pelican,
    soup,
)

FIXTURES = Path(__file__).parent / "fixtures" / "structure"

HUB = "community-basics/"
TOPIC_POSTS = {  # reading order: Order 1, 2, 3, then the posts without an order by date
    "start-here": "2020/03/start-here/",
    "welcome-new-members": "2020/01/welcome-new-members/",
    "moderation-part-three": "2020/04/moderation-part-three/",
    "old-notes": "2020/01/old-notes/",
    "newer-notes": "2020/02/newer-notes/",
}
SERIES = [  # Series_index 1, 2, 5; dates in the opposite order
    ("Moderation, part one: rules", "2020/06/moderation-part-one/"),
    ("Moderation, part two: warnings", "2020/05/moderation-part-two/"),
    ("Moderation, part three: bans", "2020/04/moderation-part-three/"),
]
SERIES_PAGE = "series/moderation-101/"


def build(tmp_path, *extra):
    """Build the fixture site (plus `extra` bad posts) with the site's settings."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    for name in extra:
        shutil.copy(FIXTURES / "bad" / name, content / "posts" / name)
    output = tmp_path / "output"
    return output, run_pelican(output, settings=ROOT / "pelicanconf.py", content=content, cwd=tmp_path)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output, result = build(tmp_path_factory.mktemp("structure"))
    assert_clean_build(result)
    return output


def target(output, url, href):
    """The built file a link on the page at `url` leads to."""
    path = output / url / "index.html" if url.endswith("/") or not url else output / url
    return resolve(output, path, href)


# ---------- Topic hubs and breadcrumbs ----------

def test_hub_page_lists_its_posts_in_reading_order_under_its_introduction(site):
    doc = page(site, HUB)
    main = doc.find("main")
    assert main.find("h1").get_text(strip=True) == "Community basics"
    intro = main.find(class_="content")
    assert "Read these posts in order" in intro.get_text()
    listing = main.find("section", class_="hub-posts")
    assert intro.find_next("section", class_="hub-posts") is listing  # the list follows the introduction
    hrefs = [a["href"] for a in listing.select("ol.hub-list > li h3 a")]
    files = [target(site, HUB, href) for href in hrefs]
    assert files == [site / url / "index.html" for url in TOPIC_POSTS.values()]
    assert "A draft in the topic" not in listing.get_text()
    # A part of a series says so in the list.
    assert "Part 3 of 3 in Moderation 101" in " ".join(listing.get_text(" ").split())


def test_posts_in_a_topic_have_breadcrumbs_home_topic_post(site):
    for url in TOPIC_POSTS.values():
        doc = page(site, url)
        navs = doc.find_all("nav", attrs={"aria-label": "Breadcrumb"})
        assert len(navs) == 1, url
        items = navs[0].select("ol > li")
        title = doc.find("h1").get_text(strip=True)
        assert [li.get_text(strip=True) for li in items] == ["Home", "Community basics", title]
        links = [li.find("a") for li in items]
        assert [target(site, url, a["href"]) for a in links] == [
            site / "index.html", site / HUB / "index.html", site / url / "index.html",
        ]
        assert [a.get("aria-current") for a in links] == [None, None, "page"]


def test_no_breadcrumbs_outside_topic_posts(site):
    # A draft in a topic keeps its breadcrumbs in its preview (drafts/), but no hub lists it.
    with_topic = {site / url / "index.html" for url in [*TOPIC_POSTS.values(), "drafts/draft-in-topic/"]}
    for file in html_files(site):
        if file not in with_topic:
            assert soup(file).find("nav", attrs={"aria-label": "Breadcrumb"}) is None, file


BAD_TOPICS = [
    ("unknown-topic.md", "content/posts/unknown-topic.md:4: topic 'no-such-hub' names no hub page"),
    ("not-a-hub.md", "content/posts/not-a-hub.md:5: topic 'contact' names the page"),
    ("bad-order.md", "content/posts/bad-order.md:5: order: 'first' is not a whole number"),
]
BAD_SERIES = [
    ("duplicate-series-index.md",
     "content/posts/duplicate-series-index.md:6: series 'Moderation 101' already has a part 2"),
    ("bad-series-index.md", "content/posts/bad-series-index.md:5: series_index: 'two' is not a whole number"),
]


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """The fixture site with every bad post below added: one build, which must report each of them."""
    _, result = build(tmp_path_factory.mktemp("bad"), *(name for name, _ in BAD_TOPICS + BAD_SERIES))
    return failed_build_log(result)


@pytest.mark.parametrize("bad, says", BAD_TOPICS)
def test_bad_topic_or_order_fails_the_build_naming_the_file(bad_build, bad, says):
    assert says in bad_build


# ---------- Series ----------

def test_each_part_has_a_series_box_with_its_place_and_the_other_parts(site):
    for number, (_title, url) in enumerate(SERIES, start=1):
        box = page(site, url).find("aside", class_="series-box")
        assert box is not None, url
        heading = " ".join(box.find(class_="series-box-title").get_text(" ").split())
        assert heading == f"Part {number} of 3 in Moderation 101"
        assert target(site, url, box.find(class_="series-box-title").a["href"]) == site / SERIES_PAGE / "index.html"
        items = box.select("ol > li")
        assert [li.find(["a", "span"]).get_text(strip=True) for li in items] == [t for t, _ in SERIES]
        for other, (li, (_, other_url)) in enumerate(zip(items, SERIES), start=1):
            link = li.find("a")
            if other == number:  # this part: marked, not linked
                assert link is None
                assert li.find(attrs={"aria-current": "page"}) is not None
            else:
                assert target(site, url, link["href"]) == site / other_url / "index.html"
                assert li.find(attrs={"aria-current": True}) is None


def test_posts_outside_a_series_have_no_series_box(site):
    for url in ("2020/04/standalone/", TOPIC_POSTS["start-here"], "handbook/", HUB):
        assert page(site, url).find(class_="series-box") is None, url


def test_series_page_lists_the_parts_in_order(site):
    doc = page(site, SERIES_PAGE)
    assert doc.find("h1").get_text(" ", strip=True) == "Series: Moderation 101"
    links = doc.find("main").select("ol.series-parts > li h2 a")
    assert [a.get_text(strip=True) for a in links] == [t for t, _ in SERIES]
    assert [target(site, SERIES_PAGE, a["href"]) for a in links] == [site / u / "index.html" for _, u in SERIES]


def test_a_post_can_link_to_its_series_page(site):
    link = page(site, SERIES[1][1]).find(class_="content").find("a", string="Moderation 101")
    assert target(site, SERIES[1][1], link["href"]) == site / SERIES_PAGE / "index.html"


@pytest.mark.parametrize("bad, says", BAD_SERIES)
def test_bad_series_index_fails_the_build_naming_the_files(bad_build, bad, says):
    line = next(line for line in bad_build.splitlines() if says in line)
    if bad.startswith("duplicate"):
        assert "content/posts/moderation-part-two.md" in line  # the part it clashes with


# ---------- Tables of contents and heading anchors ----------

def headings(doc):
    return doc.find(class_="content").find_all(["h2", "h3", "h4"])


@pytest.mark.parametrize(
    "url, expected",
    [
        ("2020/06/moderation-part-one/", [
            ("Why rules", "why-rules", [("Short rules", "short-rules", []),
                                        ("Visible rules", "rules-on-every-page", [])]),
            ("Enforcing rules", "enforcing-rules", []),
            ("Why rules", "why-rules_1", []),
            ("Content", "content-2", []),  # "content" is the id of <main>
        ]),
        ("2020/04/moderation-part-three/", [
            ("When to ban", "when-to-ban", []), ("How to ban", "how-to-ban", []), ("After a ban", "after-a-ban", []),
        ]),
        ("handbook/", [
            ("Before you start", "before-you-start", []),
            ("Day to day", "day-to-day", [("Answering reports", "answering-reports", [])]),
            ("When things go wrong", "when-things-go-wrong", []),
        ]),
    ],
)
def test_three_or_more_headings_give_a_nested_table_of_contents(site, url, expected):
    doc = page(site, url)
    navs = doc.find_all("nav", class_="toc")
    assert len(navs) == 1
    assert navs[0]["aria-label"] == "Table of contents"

    def tree(ol):
        return [
            (li.a.get_text(strip=True), li.a["href"].lstrip("#"),
             tree(li.find("ol", recursive=False)) if li.find("ol", recursive=False) else [])
            for li in ol.find_all("li", recursive=False)
        ]

    assert tree(navs[0].find("ol")) == expected
    # Every entry leads to a heading of the content, in the page's order.
    assert [a["href"] for a in navs[0].find_all("a")] == [f"#{h['id']}" for h in headings(doc)]


@pytest.mark.parametrize("url", ["2020/04/standalone/", "contact/", TOPIC_POSTS["start-here"], HUB])
def test_fewer_than_three_headings_give_no_table_of_contents(site, url):
    assert page(site, url).find("nav", class_="toc") is None


def test_every_heading_has_an_id_and_a_self_link(site):
    for url in ("2020/06/moderation-part-one/", "2020/04/standalone/", "handbook/", "contact/"):
        doc = page(site, url)
        found = headings(doc)
        assert found, url
        for heading in found:
            anchor = heading.find("a", class_="heading-anchor")
            assert heading.get("id") and anchor is not None, (url, str(heading))
            assert anchor["href"] == f"#{heading['id']}"
            title = heading.get_text(" ", strip=True)
            assert anchor["aria-label"] == f"Link to this section: {title}"


def test_ids_are_unique_and_every_fragment_link_resolves(site):
    for file in html_files(site):
        doc = soup(file)
        ids = Counter(tag["id"] for tag in doc.find_all(id=True))
        assert not [i for i, n in ids.items() if n > 1], file
        for a in doc.find_all("a", href=True):
            if a["href"].startswith("#") and len(a["href"]) > 1:
                assert a["href"][1:] in ids, (file, a["href"])


def test_cross_post_fragment_link_reaches_the_heading(site):
    doc = page(site, "2020/06/moderation-part-one/")
    link = doc.find("a", string="the next part")
    path, _, fragment = link["href"].partition("#")
    assert target(site, "2020/06/moderation-part-one/", path) == site / SERIES[1][1] / "index.html"
    assert page(site, SERIES[1][1]).find(id=fragment).name == "h2"


def test_summaries_cut_from_the_content_carry_no_heading_links(site):
    home = page(site, "")
    assert {"standalone", "moderation-part-three"} <= article_slugs(home)
    assert home.find(class_="heading-anchor") is None
    assert home.find(class_="toc") is None


def test_stylesheet_is_linked_and_shows_anchors_on_hover_and_focus(site):
    doc = page(site, "")
    hrefs = [link["href"] for link in doc.find_all("link", rel="stylesheet")]
    assert any(h.endswith("theme/css/structure.css") for h in hrefs)
    css = (site / "theme" / "css" / "structure.css").read_text(encoding="utf-8")
    assert ".heading-anchor:focus" in css and ":hover > .heading-anchor" in css
