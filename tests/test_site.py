"""The sample site (tests/fixtures/site), built into a temporary folder: what readers get.

One test builds the owner's own content/ and asks only that it builds cleanly.
"""

import re
from collections import defaultdict

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from helpers import (
    PRODUCTION_URL,
    ROOT,
    SITE_CONTENT,
    article_slugs,
    assert_clean_build,
    html_files,
    links,
    page,
    post_metadata,
    read_feed,
    resolve,
    run_pelican,
    soup,
    without_glossary,
)

ARTICLES = {
    "clouting-klout": "2011/10/clouting-klout/",
    "why-your-customers-need-an-online-community": "2011/10/why-your-customers-need-an-online-community/",
    "cmgrchat-recap-klout-and-influence-scores": "2011/10/cmgrchat-recap-klout-and-influence-scores/",
}

# The sample posts' words, as written (see tests/fixtures/site/content/posts/).
SEED_TEXT = {
    "2011/10/why-your-customers-need-an-online-community/": [
        "Here’s what I was mentioning yesterday!",
        "Now on SlideShare, find out how you can go about building, maintaining, and "
        "fostering a valuable relationship between you and your customer, and among your "
        "customers themselves, through a managed online space.",
        "Download it to get the speaker notes:",
    ],
    "2011/10/clouting-klout/": [
        "If you’re in the Twitter world, you may have been enmeshed in the Klout furor the "
        "other day, with its claims for a more accurate, transparent score with yet another "
        "refined algorithm.",
        "I’ll say it now: I don’t “get” Klout.",
        "Your “Klout” Factor",
        "With factors such as True Reach, Amplification Probability, and Network Score, "
        "Klout shows how your influence is driving people to take action.",
        "A recent Community Manager Twitter Chat (#cmgrchat) answered some great questions "
        "about “Klout” (and inspired this post). Check it out!",
    ],
}


def slug(name):
    return slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def source_metadata():
    """The headers of every post and recap, with what the site adds to recaps."""
    for path in sorted((SITE_CONTENT / "posts").glob("*.md")):
        yield post_metadata(path)
    for path in sorted((SITE_CONTENT / "recaps").glob("*.recap")):
        meta = post_metadata(path)
        meta["tags"] = f"{meta['tags']}, {meta['hashtag'].lstrip('#')}"
        yield {**meta, "category": "Chat recaps", "author": "Site Owner", "slug": slug(meta["title"])}


def expected_taxonomy():
    """Map (kind, slug) to the set of post slugs, read from the sources' headers."""
    expected = defaultdict(set)
    for meta in source_metadata():
        if meta.get("status", "published") != "published":
            continue
        for tag in filter(None, (t.strip() for t in meta.get("tags", "").split(","))):
            expected["tag", slug(tag)].add(meta["slug"])
        expected["category", slug(meta["category"])].add(meta["slug"])
        expected["author", slug(meta["author"])].add(meta["slug"])
    return expected


def text_of(doc):
    return " ".join(doc.get_text(" ").split())


@pytest.mark.parametrize(
    "url",
    [
        "",  # home
        *ARTICLES.values(),
        "about/",
        "tags/",
        "tag/klout/",
        "categories/",
        "category/community-management/",
        "authors/",
        "author/site-owner/",
        "archives/",
        "2011/",
        "2011/10/",
        "404.html",
    ],
)
def test_every_page_type_exists_with_one_h1(site, url):
    doc = page(site, url)
    assert len(doc.find_all("h1")) == 1
    assert doc.find("main") is not None


def test_every_html_file_has_one_h1_and_landmarks(site):
    for file in html_files(site):
        doc = soup(file)
        assert len(doc.find_all("h1")) == 1, file
        for landmark in ("header", "nav", "main", "footer"):
            assert doc.find(landmark) is not None, (file, landmark)
        skip = doc.find("a", href="#content")
        assert skip is not None and doc.find(id="content") is not None, file


@pytest.mark.parametrize("which", ["site", "production_site"])
def test_every_internal_link_resolves(which, request):
    output = request.getfixturevalue(which)
    site_url = PRODUCTION_URL if which == "production_site" else ""
    missing = []
    for file in html_files(output):
        for tag, attribute, value in links(soup(file)):
            target = resolve(output, file, value, site_url)
            if target is not None and not target.is_file():
                missing.append(f"{file.relative_to(output)}: {tag.name} {attribute}={value}")
    assert not missing, "\n".join(missing)


def test_no_page_loads_anything_from_another_host(site):
    for file in html_files(site):
        doc = soup(file)
        for tag in doc.find_all(["script", "img", "iframe", "link", "source", "video", "audio"]):
            for attribute in ("src", "href", "srcset"):
                value = tag.get(attribute, "")
                if tag.name == "link" and "alternate" in (tag.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", value), (file, str(tag))
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "@import" not in css.read_text(encoding="utf-8"), css


@pytest.mark.parametrize("url, paragraphs", SEED_TEXT.items())
def test_seed_posts_keep_their_words(site, url, paragraphs):
    text = text_of(without_glossary(page(site, url)))
    for paragraph in paragraphs:
        assert paragraph in text


def test_home_lists_both_posts_with_summaries(site):
    doc = page(site, "")
    assert article_slugs(doc) == set(ARTICLES)
    text = text_of(doc)
    assert "Clouting Klout" in text
    assert "Presentation: Why Your Customers Need an Online Community" in text
    assert "through a managed online space" in text  # the presentation post's summary


def test_taxonomy_pages_list_exactly_their_posts(site):
    expected = expected_taxonomy()
    assert len([k for k in expected if k[0] == "tag"]) >= 8
    for (kind, name), slugs in expected.items():
        assert article_slugs(page(site, f"{kind}/{name}/")) == slugs, (kind, name)
    tag_dirs = {p.name for p in (site / "tag").iterdir()}
    assert tag_dirs == {name for kind, name in expected if kind == "tag"}


def test_tags_index_shows_counts(site):
    doc = page(site, "tags/")
    text = text_of(doc)
    for (kind, name), slugs in expected_taxonomy().items():
        if kind != "tag":
            continue
        link = doc.find("a", href=re.compile(rf"tag/{name}/$"))
        assert link is not None, name
        around = " ".join(link.parent.get_text(" ").split())
        assert str(len(slugs)) in around, (name, around)
    assert "klout" in text.lower()


def test_article_page_shows_its_details(site):
    doc = page(site, ARTICLES["clouting-klout"])
    times = {t["datetime"][:10] for t in doc.find_all("time")}
    assert "2011-10-28" in times
    main = doc.find("main")
    assert main.find("a", href=re.compile(r"author/site-owner/$"))
    assert main.find("a", href=re.compile(r"category/community-management/$"))
    for tag in ("klout", "influence", "cmgrchat", "twitter-chats"):
        assert main.find("a", href=re.compile(rf"tag/{tag}/$")), tag
    assert re.search(r"\b\d+ min read", text_of(main))
    # previous: the next older post, the recap of the chat the day before
    previous = doc.find("nav", class_="post-nav")
    assert previous.find("a", href=re.compile(r"cmgrchat-recap-klout-and-influence-scores/$"))
    recap = page(site, ARTICLES["cmgrchat-recap-klout-and-influence-scores"]).find("nav", class_="post-nav")
    assert recap.find("a", href=re.compile(r"why-your-customers-need-an-online-community/$"))
    assert recap.find("a", href=re.compile(r"clouting-klout/$"))


def test_archives_group_by_year_and_month(site):
    doc = page(site, "archives/")
    assert doc.find("a", href=re.compile(r"2011/$"))
    assert doc.find("a", href=re.compile(r"2011/10/$"))
    assert article_slugs(doc) == set(ARTICLES)
    assert article_slugs(page(site, "2011/10/")) == set(ARTICLES)


FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml"]


def feed_files(output):
    return sorted((output / "feeds").rglob("*.xml"))


def test_feeds_exist_for_everything(site):
    expected = expected_taxonomy()
    names = {p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*.*")}
    wanted = set()
    for kind, name in [*expected, ("", "all"), ("", "presentations")]:
        base = f"feeds/{kind}/{name}" if kind else f"feeds/{name}"
        wanted |= {f"{base}.atom.xml", f"{base}.rss.xml", f"{base}.json"}
    assert names == wanted | {"feeds/index.html"}  # and the page that lists them (test_feeds_page.py)


@pytest.mark.parametrize("which", ["site", "production_site"])
def test_every_feed_parses_and_holds_its_posts(which, request):
    output = request.getfixturevalue(which)
    expected = expected_taxonomy()
    for file in feed_files(output):
        feed = read_feed(file)
        assert not feed.bozo, (file, feed.get("bozo_exception"))
        rel = file.relative_to(output / "feeds").as_posix()
        if rel.startswith("presentations."):
            continue  # the decks' feed: tests/test_feeds.py
        if rel.startswith("all."):
            wanted = set(ARTICLES)
        else:
            kind, name = rel.split("/")
            wanted = expected[kind, name.split(".")[0]]
        got = {e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries}
        assert got == wanted, file


def test_production_feeds_and_discovery_links_are_absolute(production_site):
    for file in feed_files(production_site):
        feed = read_feed(file)
        for entry in feed.entries:
            assert entry.link.startswith(PRODUCTION_URL + "/"), (file, entry.link)
        assert feed.feed.link.startswith(PRODUCTION_URL), file
    for file in html_files(production_site):
        alternates = soup(file).find_all("link", rel="alternate")
        assert alternates, file
        for link in alternates:
            assert link["href"].startswith(PRODUCTION_URL + "/feeds/"), (file, link)


def test_every_page_head_advertises_feeds(site):
    for file in html_files(site):
        head = soup(file).find("head")
        types = {link.get("type") for link in head.find_all("link", rel="alternate")}
        assert {"application/atom+xml", "application/rss+xml", "application/feed+json"} <= types, file


def test_taxonomy_pages_advertise_their_own_feed(site):
    for url, feed in [
        ("tag/klout/", "feeds/tag/klout.atom.xml"),
        ("category/community-management/", "feeds/category/community-management.atom.xml"),
        ("author/site-owner/", "feeds/author/site-owner.atom.xml"),
    ]:
        hrefs = [link["href"] for link in page(site, url).find("head").find_all("link", rel="alternate")]
        assert any(h.endswith(feed) for h in hrefs), (url, hrefs)


def test_extra_files_at_the_site_root(site):
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent:")
    assert (site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_no_none_or_undefined_in_pages(site):
    for file in html_files(site):
        text = text_of(soup(file))
        assert not re.search(r"\bNone\b|\bUndefined\b", text), file


def test_the_owners_content_builds_cleanly(tmp_path):
    """The owner's content/ builds with the development settings, without a warning; what it holds is theirs."""
    assert_clean_build(run_pelican(tmp_path / "output", content=ROOT / "content"))
