"""Feeds readers can trust: valid, complete, safe, with ids that never change."""

import json
import re
import shutil
import xml.etree.ElementTree as ET

import lxml.html
import pytest

from feed_extras.validate import validate_file, validate_json_feed
from helpers import PRODUCTION_URL, ROOT, SITE_CONTENT, assert_clean_build, read_feed, run_pelican

ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(output, suffixes=(".xml", ".json")):
    return sorted(p for p in (output / "feeds").rglob("*") if p.suffix in suffixes)


def test_every_production_feed_validates(production_site):
    files = feeds(production_site)
    assert len(files) >= 30
    problems = {f.name: validate_file(f, PRODUCTION_URL) for f in files}
    assert {name: errors for name, errors in problems.items() if errors} == {}
    for file in feeds(production_site, (".xml",)):
        parsed = read_feed(file)
        assert not parsed.bozo, (file, parsed.get("bozo_exception"))


def test_three_formats_for_every_feed(production_site):
    atoms = {str(p)[: -len(".atom.xml")] for p in (production_site / "feeds").rglob("*.atom.xml")}
    rss = {str(p)[: -len(".rss.xml")] for p in (production_site / "feeds").rglob("*.rss.xml")}
    jsons = {str(p)[: -len(".json")] for p in (production_site / "feeds").rglob("*.json")}
    assert atoms == rss == jsons
    names = {p.split("/feeds/")[1] for p in atoms}
    assert {"all", "presentations", "category/chat-recaps", "tag/klout", "author/site-owner"} <= names


def entry_contents(output):
    """(feed file, item link, content html) for every item of every Atom and JSON feed."""
    for file in feeds(output, (".xml",)):
        root = ET.parse(file).getroot()
        for entry in root.iter(f"{ATOM}entry"):
            for content in (entry.find(f"{ATOM}content"), entry.find(f"{ATOM}summary")):
                if content is not None and content.text:
                    yield file, entry.find(f"{ATOM}link").get("href"), content.text
        for item in root.iter("item"):
            yield file, item.findtext("link"), item.findtext("description") or ""
    for file in feeds(output, (".json",)):
        for item in json.loads(file.read_text(encoding="utf-8"))["items"]:
            yield file, item["url"], item["content_html"]


ACTIVE_TAGS = ("iframe", "script", "form", "button", "object", "embed", "template")


def test_item_content_is_complete_absolute_and_inert(production_site):
    count = 0
    for file, link, html in entry_contents(production_site):
        doc = lxml.html.fragment_fromstring(html, create_parent="div")
        for element in doc.iter():
            assert element.tag not in ACTIVE_TAGS, (file, link)
            assert "gloss-tip" not in element.get("class", ""), (file, link)  # page-only tooltips
            assert not [a for a in element.attrib if a.startswith("on")], (file, link)
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    assert value.startswith(("https://", "http://", "mailto:")), (file, link, value)
        count += 1
    assert count > 50


def test_items_carry_full_content_summary_dates_author_categories(production_site):
    feed = read_feed(production_site / "feeds" / "all.atom.xml")
    klout = next(e for e in feed.entries if e.link.endswith("/clouting-klout/"))
    assert "I’ll say it now: I don’t “get” Klout." in klout.content[0].value
    assert klout.summary.startswith("<p>Klout's new")
    assert klout.published.startswith("2011-10-28") and klout.updated.startswith("2011-10-28")
    assert klout.author == "Site Owner"
    assert {"klout", "cmgrchat", "Community Management"} <= {t.term for t in klout.tags}
    rss = (production_site / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    assert f'<atom:link rel="self" href="{PRODUCTION_URL}/feeds/all.rss.xml"' in rss or \
        f'<atom:link href="{PRODUCTION_URL}/feeds/all.rss.xml" rel="self"' in rss


def test_feeds_link_a_readable_stylesheet(production_site, site):
    for output, prefix in ((production_site, f"{PRODUCTION_URL}/"), (site, "../../")):
        text = (output / "feeds" / "tag" / "klout.atom.xml").read_text(encoding="utf-8")
        assert f'<?xml-stylesheet href="{prefix}theme/xsl/feed.xsl" type="text/xsl"?>' in text
    ET.parse(production_site / "theme" / "xsl" / "feed.xsl")


def test_decks_have_a_feed_with_their_notes(production_site):
    feed = read_feed(production_site / "feeds" / "presentations.atom.xml")
    (deck,) = feed.entries
    assert deck.link == f"{PRODUCTION_URL}/presentations/why-your-customers-need-an-online-community/"
    assert "Speaker notes" in deck.content[0].value and "Q3 forum migration" not in deck.content[0].value
    assert deck.id.endswith(":presentations/why-your-customers-need-an-online-community")


def ids_of(output):
    feed = read_feed(output / "feeds" / "all.atom.xml")
    return {e.title: (e.id, e.link, e.updated) for e in feed.entries}


def build_copy(tmp_path, name, edit=None):
    content = tmp_path / name / "content"
    shutil.copytree(SITE_CONTENT, content)
    if edit:
        edit(content)
    output = tmp_path / name / "output"
    assert_clean_build(run_pelican(output, settings=ROOT / "publishconf.py", content=content,
                                   cwd=tmp_path, env={"SITEURL": PRODUCTION_URL}))
    return output


def rename_klout(content):
    post = content / "posts" / "clouting-klout.md"
    text = post.read_text(encoding="utf-8").replace(
        "Slug: clouting-klout", "Slug: klout-scores-revisited\nAliases: /2011/10/clouting-klout/")
    post.write_text(text)


def test_ids_survive_a_republish_and_a_changed_slug(production_site, tmp_path):
    first = ids_of(production_site)  # the same content and settings, built from another folder
    again = ids_of(build_copy(tmp_path, "again"))
    renamed = ids_of(build_copy(tmp_path, "renamed", rename_klout))
    assert first == again
    assert renamed["Clouting Klout"][0] == first["Clouting Klout"][0]
    assert renamed["Clouting Klout"][1].endswith("/klout-scores-revisited/")
    assert renamed["Clouting Klout"][2] == first["Clouting Klout"][2]  # not "updated" by a rename
    assert len({entry[0] for entry in first.values()}) == len(first)


def test_updated_follows_the_modified_date(tmp_path):
    def edit(content):
        post = content / "posts" / "clouting-klout.md"
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("Modified: 2011-10-28 10:00", "Modified: 2011-11-02 09:30"))

    entry = ids_of(build_copy(tmp_path, "edited", edit))["Clouting Klout"]
    assert entry[2].startswith("2011-11-02T09:30")


def test_an_invalid_feed_fails_the_build_naming_it(tmp_path):
    def edit(content):
        post = content / "posts" / "clouting-klout.md"
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("Slug: clouting-klout", "Slug: clouting-klout\nUid: not an IRI"))

    content = tmp_path / "content"
    shutil.copytree(SITE_CONTENT, content)
    edit(content)
    result = run_pelican(tmp_path / "out", settings=ROOT / "publishconf.py", content=content, cwd=tmp_path,
                         env={"SITEURL": PRODUCTION_URL})
    log = result.stdout + result.stderr
    assert result.returncode != 0
    flat = " ".join(log.split())
    # The post is named first, then the feed its item makes invalid.
    assert re.search(
        r"content/posts/clouting-klout\.md: its item in \S*feeds/all\.atom\.xml is invalid: "
        r"entry \d+ atom:id 'not an IRI' is not an absolute address", flat,
    ), log


@pytest.mark.parametrize(
    "feed, says",
    [
        ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2011-10-28T10:00:00Z</updated>'
         '<link rel="self" href="https://x.org/feeds/a.atom.xml"/></feed>', "feed has 0 <id> elements"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><id>https://x.org/</id><title>t</title><updated>Oct 28</updated>'
         '<link rel="self" href="https://x.org/feeds/a.atom.xml"/></feed>', "is not an RFC 3339 date"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><id>https://x.org/</id><title>t</title><updated>2011-10-28T10:00:00Z</updated>'
         '<link rel="self" href="https://x.org/feeds/other.xml"/></feed>', "not the feed's own URL"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><id>https://x.org/</id><title>t</title><updated>2011-10-28T10:00:00Z</updated>'
         '<link rel="self" href="https://x.org/feeds/a.atom.xml"/><entry><id>https://x.org/1</id><title>e</title>'
         '<updated>2011-10-28T10:00:00Z</updated><link href="/relative/"/></entry></feed>', "has no author"),
        ('<rss version="2.0"><channel><title>t</title><link>https://x.org/</link><description>d</description>'
         '<item><title>i</title><guid>tag:x.org,2011:1</guid></item></channel></rss>', "atom:link rel=\"self\""),
        ('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>https://x.org/</link>'
         '<description>d</description><atom:link rel="self" href="https://x.org/feeds/a.atom.xml"/>'
         '<item><title>i</title><guid>tag:x.org,2011:1</guid></item></channel></rss>', "is a permalink but not a URL"),
        ("<feed", "not well-formed XML"),
    ],
)
def test_validators_catch_broken_feeds(tmp_path, feed, says):
    path = tmp_path / "feeds" / "a.atom.xml"
    path.parent.mkdir()
    path.write_text(feed)
    assert any(says in e for e in validate_file(path, "https://x.org")), validate_file(path, "https://x.org")


@pytest.mark.parametrize(
    "feed, says",
    [
        ({"title": "t", "items": []}, "version is None"),
        ({"version": "https://jsonfeed.org/version/1.1", "title": "t", "feed_url": "https://x.org/feeds/a.json",
          "items": [{"content_html": "x"}]}, "has no string id"),
        ({"version": "https://jsonfeed.org/version/1.1", "title": "t", "feed_url": "https://x.org/feeds/a.json",
          "items": [{"id": "1", "content_html": "x", "date_published": "yesterday"}]}, "not an RFC 3339 date"),
        ({"version": "https://jsonfeed.org/version/1.1", "title": "t", "feed_url": "https://x.org/feeds/b.json",
          "items": []}, "not the feed's own URL"),
    ],
)
def test_json_feed_validator(feed, says):
    errors = validate_json_feed(json.dumps(feed), "https://x.org/feeds/a.json")
    assert any(says in e for e in errors), errors
