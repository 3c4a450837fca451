"""A feed opened in a browser reads as a "subscribe" page, thanks to its XSLT stylesheet."""

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/tag/klout.rss.xml"])
def test_feed_shows_a_subscribe_page(page, traffic, feed):
    # "load", not "networkidle": an XSLT-rendered document never reports idle.
    assert page.goto(feed, wait_until="load").ok
    title = "Community Management Notes" if "all" in feed else "Community Management Notes - klout"
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".about")).to_contain_text("This is a web feed")
    expect(page.locator("main ol li a").first).to_have_text("Clouting Klout")
    traffic.assert_clean()
