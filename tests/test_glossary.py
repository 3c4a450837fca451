"""The glossary in the built site: the A–Z page, a page per term, and terms linked in posts."""

import re
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from helpers import (
    ROOT,
    SITE_CONTENT,
    assert_clean_build,
    copy_project,
    failed_build_log,
    html_files,
    page,
    post_metadata,
    read_feed,
    resolve,
    run_pelican,
    soup,
    without_glossary,
)

GLOSSARY = SITE_CONTENT / "glossary"
FIXTURES = ROOT / "tests" / "fixtures" / "glossary"
KLOUT_POST = "2011/10/clouting-klout/"
DECK_POST = "2011/10/why-your-customers-need-an-online-community/"
# The seed terms, in the order the A–Z page lists them.
SEED_TERMS = [
    "Amplification Probability", "community manager", "engagement rate", "hashtag", "influence",
    "Klout score", "lurker", "Network Score", "online community", "superuser", "True Reach", "Twitter chat",
]
# Elements whose text is never linked.
NEVER_INSIDE = {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "button"}


def term_sources():
    """{slug: header} of every term file in content/glossary/."""
    return {path.stem: post_metadata(path) for path in sorted(GLOSSARY.glob("*.md"))}



def words(node):
    return " ".join(node.get_text(" ").split())


def glossary_links(doc):
    """{term slug: [link text]} of the glossary links in a page's content."""
    found = {}
    for link in doc.select("main a.gloss-term"):
        slug = link["href"].rstrip("/").rsplit("/", 1)[-1]
        found.setdefault(slug, []).append(link.get_text())
    return found


# -- the A–Z page and the term pages ------------------------------------------------------------


def test_every_seed_term_has_a_file_with_title_summary_and_body():
    sources = term_sources()
    assert sorted(m["title"] for m in sources.values()) == sorted(SEED_TERMS)
    for slug, meta in sources.items():
        assert meta.get("summary"), slug
        body = (GLOSSARY / f"{slug}.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
        assert 2 <= len(re.findall(r"[.!?](\s|$)", body.strip())) <= 4, slug


def test_a_to_z_lists_every_term_in_order_with_its_definition(site):
    doc = page(site, "glossary/")
    assert words(doc.find("h1")) == "Glossary"
    entries = doc.select("main dl.glossary-list > div.glossary-entry")
    assert [words(e.find("dt").find("a")).casefold() for e in entries] == [t.casefold() for t in SEED_TERMS]
    sources = term_sources()
    for entry in entries:
        link = entry.find("dt").find("a")
        slug = link["href"].rstrip("/").rsplit("/", 1)[-1]
        assert resolve(site, site / "glossary" / "index.html", link["href"]) == site / "glossary" / slug / "index.html"
        assert words(entry.find("dd")) == sources[slug]["summary"]
        assert entry["id"] == f"term-{slug}"


def test_a_to_z_letters_link_to_their_sections(site):
    doc = page(site, "glossary/")
    nav = doc.find("nav", attrs={"aria-label": "Glossary letters"})
    linked = [a.get_text() for a in nav.find_all("a")]
    assert linked == sorted({t[0].upper() for t in SEED_TERMS})
    for link in nav.find_all("a"):
        section = doc.find(id=link["href"][1:])
        assert section is not None and section.name == "h2" and words(section) == link.get_text()
        terms = [words(dt) for dt in section.find_parent("section").select("dt > a")]
        assert terms and all(t[0].upper() == link.get_text() for t in terms)
    assert len(nav.find_all("li")) == 26


@pytest.mark.parametrize("slug", sorted(term_sources()))
def test_every_term_has_its_page(site, slug):
    meta = term_sources()[slug]
    doc = page(site, f"glossary/{slug}/")
    article = doc.find("main").find("article")
    assert article.has_attr("data-pagefind-body")
    assert words(article.find("h1")).casefold() == meta["title"].casefold()
    assert words(article.select_one(".glossary-definition")) == f"Definition: {meta['summary']}"
    for alias in filter(None, (a.strip() for a in meta.get("aliases", "").split(","))):
        assert alias in [words(s) for s in article.select(".glossary-alias")]
    body = (GLOSSARY / f"{slug}.md").read_text(encoding="utf-8").split("\n\n", 1)[1].split(".")[0]
    assert body in words(without_glossary(article))
    assert doc.find("title").get_text().startswith(words(article.find("h1")) + " · Glossary")
    back = doc.find("main").find("a", string="Glossary A–Z")
    assert resolve(site, site / "glossary" / slug / "index.html", back["href"]) == site / "glossary" / "index.html"


def test_a_term_page_never_links_to_itself(site):
    for slug in term_sources():
        doc = page(site, f"glossary/{slug}/")
        assert slug not in glossary_links(doc), slug
    # …but other terms in its text are linked: Klout score explains its three measures.
    assert set(glossary_links(page(site, "glossary/klout-score/"))) == {
        "true-reach", "amplification-probability", "network-score",
    }


def test_term_pages_are_linkable_with_filename(site):
    """generated_content has "glossary/FILE.md": the posts' {filename} links resolved to the pages."""
    for file in html_files(site):
        text = file.read_text(encoding="utf-8")
        assert "{filename}" not in text, file


# -- terms in posts and pages -------------------------------------------------------------------


def test_seed_posts_link_their_terms(site):
    assert glossary_links(page(site, KLOUT_POST)) == {
        "klout-score": ["Klout"],
        "influence": ["influence"],
        "true-reach": ["True Reach"],
        "amplification-probability": ["Amplification Probability"],
        "network-score": ["Network Score"],
        "community-manager": ["Community Manager"],
        "twitter-chat": ["Twitter Chat"],
    }
    assert "online-community" in glossary_links(page(site, DECK_POST))


def test_seed_posts_keep_their_words(site):
    """Linking changes no visible word: the seed text reads the same without the tooltips."""
    from test_site import SEED_TEXT

    for url, paragraphs in SEED_TEXT.items():
        text = words(without_glossary(page(site, url)))
        for paragraph in paragraphs:
            assert paragraph in text, (url, paragraph)


def test_each_link_has_its_tooltip_with_the_definition(site):
    sources = term_sources()
    for url in (KLOUT_POST, DECK_POST, "about/"):
        doc = page(site, url)
        for link in doc.select("main a.gloss-term"):
            file = site / url / "index.html"
            target = resolve(site, file, link["href"])
            assert target.is_file(), link["href"]
            slug = target.parent.name
            tips = doc.find_all(id=link["aria-describedby"])
            assert len(tips) == 1
            tip = tips[0]
            assert tip["role"] == "tooltip" and "gloss-tip" in tip["class"] and tip.has_attr("data-pagefind-ignore")
            assert tip.parent is link.parent and "gloss" in link.parent["class"]
            assert sources[slug]["summary"] in words(tip)


def test_first_mention_only_once_per_page(site):
    for file in html_files(site):
        doc = soup(file)
        hrefs = Counter(a["href"] for a in doc.select("a.gloss-term"))
        assert all(count == 1 for count in hrefs.values()), (file, hrefs)
        ids = [tag["id"] for tag in doc.find_all(id=True)]
        assert len(ids) == len(set(ids)), file


def test_the_first_mention_is_the_linked_one(site):
    """Of all the words "Klout" a reader can follow (not in headings, code or other links), the first is linked."""
    content = page(site, KLOUT_POST).select_one("main .content")
    mentions = [
        s for s in content.find_all(string=re.compile(r"\bKlout\b"))
        if not any("gloss-tip" in (p.get("class") or []) for p in s.parents)
        and not ({p.name for p in s.parents if "gloss-term" not in (p.get("class") or [])} & NEVER_INSIDE)
    ]
    assert len(mentions) > 3
    assert mentions[0].parent.name == "a" and "gloss-term" in mentions[0].parent["class"]
    assert all(m.parent.name != "a" for m in mentions[1:])


def test_never_inside_code_links_or_headings(site):
    for file in html_files(site):
        for gloss in soup(file).select(".gloss"):
            inside = {p.name for p in gloss.parents} & NEVER_INSIDE
            assert not inside, (file, inside, str(gloss)[:200])


def test_feeds_link_terms_without_the_page_only_tooltip(production_site):
    feed = read_feed(production_site / "feeds" / "all.atom.xml")
    entry = next(e for e in feed.entries if e.link.endswith("/clouting-klout/"))
    html = entry.content[0].value
    assert "https://example.org/blog/glossary/klout-score/" in html
    content = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not content.xpath('.//*[contains(@class, "gloss-tip")]') and "gloss-tip" not in html
    assert "enmeshed in the Klout furor" in " ".join(content.text_content().split())


# -- builds with fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("glossary"))
    for name in ("post_glossary_off.md", "post_terms_everywhere.md"):
        shutil.copy(FIXTURES / name, root / "content" / "posts" / name)
    output = root / "output"
    assert_clean_build(run_pelican(output, cwd=root))
    return output


def test_glossary_off_in_the_header_links_nothing(fixture_site):
    doc = page(fixture_site, "2011/11/a-post-without-glossary-links/")
    assert doc.select(".gloss") == []
    assert "Your Klout score, your True Reach and your Network Score stay plain words here." in words(doc)


def test_only_text_outside_code_links_and_headings_is_linked(fixture_site):
    doc = page(fixture_site, "2011/11/terms-in-every-kind-of-place/")
    assert glossary_links(doc) == {"klout-score": ["Klout score"], "lurker": ["lurker"], "superuser": ["Superusers"]}
    linked_paragraph = doc.select_one("main a.gloss-term").find_parent("p")
    assert words(without_glossary(linked_paragraph)) == (
        "A Klout score counts, a lurker reads, and lurkers are most members. Klout again, and a lurker again."
    )


@pytest.fixture(scope="module")
def bad_terms_log(tmp_path_factory):
    """One build of the sample site with a second 'Klout' term and a term without a summary."""
    root = copy_project(tmp_path_factory.mktemp("bad-terms"))
    shutil.copy(FIXTURES / "duplicate" / "klout.md", root / "content" / "glossary" / "klout.md")
    shutil.copy(FIXTURES / "bad" / "no-summary.md", root / "content" / "glossary" / "moderator.md")
    return " ".join(failed_build_log(run_pelican(root / "output", cwd=root)).split())


def test_a_duplicate_term_fails_the_build_naming_both_files(bad_terms_log):
    line = re.search(r"content/glossary/klout\.md:1: glossary term 'Klout' is defined twice[^\n]*", bad_terms_log)
    assert line, bad_terms_log
    assert "content/glossary/klout-score.md" in bad_terms_log


def test_a_term_without_summary_fails_the_build_naming_it(bad_terms_log):
    assert re.search(r"content/glossary/moderator\.md\S* .*no 'Summary:' line", bad_terms_log), bad_terms_log


def test_glossary_files_are_neither_pages_nor_posts(site):
    assert not (site / "klout-score").exists()
    assert not list(Path(site).glob("*/*/klout-score"))
    assert (site / "glossary" / "klout-score" / "index.html").is_file()
