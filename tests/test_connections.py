"""Backlinks and related posts in the built site."""

import re

from helpers import html_files, page, soup

RECAP = "2011/10/cmgrchat-recap-klout-and-influence-scores/"
KLOUT = "2011/10/clouting-klout/"
POST = "2011/10/why-your-customers-need-an-online-community/"
DECK = "presentations/why-your-customers-need-an-online-community/"


def linked_from(doc):
    aside = doc.find("aside", class_="linked-from")
    assert aside is not None
    return {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in aside.find_all("a")}


def test_every_post_page_and_deck_shows_linked_from(site):
    for url in (KLOUT, POST, RECAP, DECK, "about/"):
        assert page(site, url).find("aside", class_="linked-from") is not None, url


def test_backlinks_follow_filename_links(site):
    assert linked_from(page(site, RECAP)) == {"clouting-klout"}
    assert linked_from(page(site, DECK)) == {"why-your-customers-need-an-online-community"}
    assert "clouting-klout" not in linked_from(page(site, KLOUT))


def test_backlinks_resolve(site):
    for file in html_files(site):
        aside = soup(file).find("aside", class_="linked-from")
        for link in aside.find_all("a") if aside else []:
            target = (file.parent / link["href"]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (file, link["href"])


def test_related_posts_share_tags_most_specific_first(site):
    related = page(site, KLOUT).find("aside", class_="related")
    slugs = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in related.find_all("a")]
    # The recap shares klout, influence, twitter chats, cmgrchat; the presentation only the category.
    assert slugs == ["cmgrchat-recap-klout-and-influence-scores", "why-your-customers-need-an-online-community"]
    assert "clouting-klout" not in slugs
    assert re.search("Related posts", related.get_text())


def test_glossary_terms_list_the_posts_that_mention_them(site):
    assert "clouting-klout" in linked_from(page(site, "glossary/klout-score/"))
    assert "clouting-klout" in linked_from(page(site, "glossary/true-reach/"))
