"""feeds/: one page lists every feed of the site, says what a feed is and how to subscribe; the footer links to it.

A feed opened in a browser still shows its XSLT view (test_feed_page.py), which
no longer carries the feed's namespace onto the page it makes.
"""

import lxml.etree

from helpers import PRODUCTION_URL, ROOT, page, resolve


def feed_files(output):
    return {p for p in (output / "feeds").rglob("*") if p.suffix in (".xml", ".json")}


def listed(output):
    doc = page(output, "feeds/")
    file = output / "feeds" / "index.html"
    return doc, {resolve(output, file, a["href"], PRODUCTION_URL) for a in doc.select("main .feed-list a")}


def test_the_page_lists_every_feed_and_nothing_else(site):
    doc, targets = listed(site)
    assert targets == feed_files(site)
    assert len(targets) >= 30  # all, decks, 2 categories, 9 tags, 1 author, each in Atom, RSS and JSON
    text = doc.select_one("main").get_text(" ", strip=True)
    assert "A feed is a file that lists the newest posts" in text and "To subscribe" in text
    names = [n.get_text() for n in doc.select("main .feed-name")]
    assert names[:2] == ["All posts", "Presentations"] and "klout" in names and "Site Owner" in names


def test_production_lists_absolute_addresses(production_site):
    doc, targets = listed(production_site)
    assert targets == feed_files(production_site)
    assert all(a["href"].startswith(PRODUCTION_URL + "/feeds/") for a in doc.select("main .feed-list a"))


def test_every_page_footer_links_to_it(site):
    for url in ("", "2011/10/clouting-klout/", "tags/", "glossary/"):
        file = site / url / "index.html"
        hrefs = [a["href"] for a in page(site, url).select("footer a")]
        assert site / "feeds" / "index.html" in {resolve(site, file, href) for href in hrefs}, url


def test_the_xslt_view_carries_no_feed_namespace(site):
    transform = lxml.etree.XSLT(lxml.etree.parse(str(ROOT / "theme" / "static" / "xsl" / "feed.xsl")))
    for feed in ("all.atom.xml", "all.rss.xml"):
        result = transform(lxml.etree.parse(str(site / "feeds" / feed)))
        html = str(result)
        assert result.getroot().tag == "html" and "Clouting Klout" in html
        assert "xmlns:atom" not in html and "http://www.w3.org/2005/Atom" not in html, feed
