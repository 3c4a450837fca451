"""Feed item ids and addresses as URIs, content for empty posts, and errors that name the post."""

import datetime
import json
import logging
import os
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from feed_extras import items, memo, plugin
from feed_extras.items import stable_id
from feed_extras.jsonfeed import json_item
from feed_extras.uris import iri_to_uri, is_tag_uri, is_uri, tag_specific
from feed_extras.validate import Problem, feed_url, validate_atom, validate_json_feed, validate_rss

SITE = "https://example.org/blog"
DATE = datetime.datetime(2024, 3, 4, 10, 0)
ATOM_NS = "http://www.w3.org/2005/Atom"


# -- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug, metadata, expected",
    [
        # ASCII slugs: exactly the ids published before, so no subscriber sees a post twice.
        ("clouting-klout", {}, "tag:example.org,2024-03-04:clouting-klout"),
        ("new-name", {"aliases": "/2011/10/27/old-name/, /x.html"}, "tag:example.org,2024-03-04:old-name"),
        ("a_b.c~d", {}, "tag:example.org,2024-03-04:a_b.c~d"),
        ("with%20escape", {}, "tag:example.org,2024-03-04:with%20escape"),
        # Non-ASCII: percent-encoded UTF-8.
        ("comunidade-versão", {}, "tag:example.org,2024-03-04:comunidade-vers%C3%A3o"),
        ("x", {"aliases": "/2011/10/comunidade-versão/"}, "tag:example.org,2024-03-04:comunidade-vers%C3%A3o"),
        ("コミュニティ", {}, "tag:example.org,2024-03-04:" + quote("コミュニティ")),
        # What a tag: URI cannot hold raw: a space, "#", brackets, a lone "%".
        ("a b#c[d]%", {}, "tag:example.org,2024-03-04:a%20b%23c%5Bd%5D%25"),
    ],
)
def test_stable_ids_are_tag_uris(slug, metadata, expected):
    assert stable_id(SITE, DATE, metadata, slug) == expected
    assert is_tag_uri(expected) and is_uri(expected)


def test_an_idn_host_is_given_in_ascii():
    assert stable_id("https://exämple.org/", DATE, {}, "post") == "tag:xn--exmple-cua.org,2024-03-04:post"


def test_uid_is_kept_as_written():
    assert stable_id(SITE, DATE, {"uid": " urn:uuid:0f1e "}, "x") == "urn:uuid:0f1e"
    assert stable_id(SITE, DATE, {"uid": "tag:old.example,2009:versão"}, "x") == "tag:old.example,2009:versão"


@pytest.mark.parametrize("title", ["Comunidade e versão", "コミュニティ管理の基本", "Klout: a score?"])
def test_whatever_slugify_gives_makes_a_valid_id(title):
    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    for use_unicode in (False, True):
        slug = slugify(title, regex_subs=subs, use_unicode=use_unicode)
        assert is_tag_uri(stable_id(SITE, DATE, {}, slug)), (title, use_unicode, slug)
    # Pelican's default (SLUGIFY_USE_UNICODE off) gives ASCII: those ids are the slug itself.
    ascii_slug = slugify(title, regex_subs=subs)
    assert ascii_slug.isascii()
    assert stable_id(SITE, DATE, {}, ascii_slug).endswith(":" + ascii_slug)


def test_iri_to_uri_keeps_uris_and_encodes_the_rest():
    for uri in ("https://example.org/blog/2011/10/clouting-klout/", "https://example.org/a%20b/?q=1&r=2#top"):
        assert iri_to_uri(uri) == uri
    assert iri_to_uri("https://example.org/blog/comunidade-versão/") == "https://example.org/blog/comunidade-vers%C3%A3o/"
    assert iri_to_uri("https://exämple.org:8080/a b") == "https://xn--exmple-cua.org:8080/a%20b"
    assert iri_to_uri("https://example.org/100%") == "https://example.org/100%25"
    assert tag_specific("a/b?c:d@e") == "a/b?c:d@e"


@pytest.mark.parametrize(
    "text, uri, tag",
    [
        ("tag:example.org,2024-03-04:comunidade-vers%C3%A3o", True, True),
        ("tag:example.org,2024-03-04:comunidade-versão", False, False),
        ("tag:example.org,2024-03-04:a b", False, False),
        ("tag:example.org,2024:a", True, True),
        ("tag:user@example.org,2024-03:a#frag", True, True),
        ("tag:example.org:a", True, False),  # no date
        ("tag:-bad-.org,2024:a", True, False),
        ("https://example.org/a%zz", False, False),
    ],
)
def test_uri_checks(text, uri, tag):
    assert is_uri(text) is uri
    assert is_tag_uri(text) is tag


def test_feed_url_of_a_non_ascii_file_is_a_uri():
    assert feed_url("/out/feeds/tag/versão.atom.xml", SITE) == f"{SITE}/feeds/tag/vers%C3%A3o.atom.xml"


# -- JSON Feed items of posts without text --------------------------------------------------------


def item(**fields):
    return {"unique_id": "tag:example.org,2024-03-04:x", "link": f"{SITE}/x/", "title": "X", **fields}


@pytest.mark.parametrize(
    "fields, content",
    [
        ({"content": "", "description": ""}, {"content_text": ""}),
        ({"content": None, "description": None}, {"content_text": ""}),
        ({"content": "  \n ", "description": "<p>  </p>"}, {"content_text": ""}),
        ({"content": "", "description": "<p>What this post will say.</p>"},
         {"content_html": "<p>What this post will say.</p>"}),
        ({"content": "<p></p>", "description": "<p>The summary.</p>"}, {"content_html": "<p>The summary.</p>"}),
        ({"content": '<p><img src="https://example.org/a.png" alt=""></p>'},
         {"content_html": '<p><img src="https://example.org/a.png" alt=""></p>'}),
        ({"content": "<p>Text.</p>", "description": "<p>Sum.</p>"}, {"content_html": "<p>Text.</p>"}),
    ],
)
def test_every_json_item_has_content(fields, content):
    entry = json_item(item(**fields))
    assert {k: v for k, v in entry.items() if k.startswith("content_")} == content


def json_feed_text(items):
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "t", "feed_url": f"{SITE}/feeds/all.json",
        "home_page_url": f"{SITE}/", "items": items,
    })


def test_json_validator_wants_content_present_and_uris():
    good = {"id": "tag:example.org,2024-03-04:x", "url": f"{SITE}/x/", "content_text": ""}
    assert validate_json_feed(json_feed_text([good]), f"{SITE}/feeds/all.json") == []
    no_content = {"id": "tag:example.org,2024-03-04:y", "url": f"{SITE}/y/"}
    raw = {"id": "tag:example.org,2024-03-04:versão", "url": f"{SITE}/versão/", "content_html": "<p>x</p>"}
    errors = validate_json_feed(json_feed_text([no_content, raw]), f"{SITE}/feeds/all.json")
    assert [e for e in errors if "neither content_html nor content_text" in e][0].item == no_content["id"]
    about_raw = [e for e in errors if e.item == raw["id"]]
    assert any("id 'tag:example.org,2024-03-04:versão' is not a URI" in e for e in about_raw), errors
    assert any(f"url '{SITE}/versão/' is not a URI" in e for e in about_raw), errors
    bad_type = {"id": "z", "content_html": 3}
    assert any("content_html is not a string" in e for e in validate_json_feed(json_feed_text([bad_type]), None))


# -- Atom and RSS ---------------------------------------------------------------------------------


def atom(entries, feed_id=f"{SITE}/"):
    import xml.etree.ElementTree as ET

    return ET.fromstring(
        f'<feed xmlns="{ATOM_NS}"><id>{feed_id}</id><title>t</title><updated>2024-03-04T10:00:00Z</updated>'
        f'<author><name>a</name></author><link rel="self" href="{SITE}/feeds/all.atom.xml"/>{entries}</feed>'
    )


def entry(id_="tag:example.org,2024-03-04:x", inner=f'<link href="{SITE}/x/" rel="alternate"/>'):
    return f"<entry><id>{id_}</id><title>e</title><updated>2024-03-04T10:00:00Z</updated>{inner}</entry>"


@pytest.mark.parametrize(
    "entries, says",
    [
        (entry(), None),
        # RFC 4287 §4.1.2: no content, then an alternate link; an empty content is content.
        (entry(inner='<content type="html"/>'), None),
        (entry(inner=f'<link href="{SITE}/x.pdf" rel="enclosure"/>'), "has neither content nor an alternate link"),
        (entry(inner=f'<content src="{SITE}/x.pdf" type="application/pdf"/><link href="{SITE}/x/"/>'),
         "has content with src but no summary"),
        (entry(inner='<content type="html">a</content><content type="html">b</content>'),
         "has 2 <content> elements, may have one at most"),
        (entry(inner=f'<link href="{SITE}/x/"/><link href="{SITE}/y/" rel="alternate"/>'),
         "two alternate links with type=None hreflang=None"),
        (entry(id_="tag:example.org,2024-03-04:versão"), "atom:id 'tag:example.org,2024-03-04:versão' is not a URI"),
        (entry(id_="tag:example.org:x"), "is not a valid tag: URI"),
        (entry(inner=f'<link href="{SITE}/versão/" rel="alternate"/>'), "is not a URI"),
        (entry(inner=f'<link href="{SITE}/a b/" rel="alternate"/>'), "is not a URI"),
        (entry(inner='<link href="/x/" rel="alternate"/>'), "is not an absolute address"),
    ],
)
def test_atom_validator_follows_rfc_4287(entries, says):
    errors = validate_atom(atom(entries), f"{SITE}/feeds/all.atom.xml")
    if says is None:
        assert errors == []
    else:
        assert any(says in e for e in errors), errors
        entry_id = atom(entries).find(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}id").text
        assert all(e.item == entry_id for e in errors if e.startswith("entry 1")), errors


def test_atom_feed_id_must_be_a_uri():
    errors = validate_atom(atom("", feed_id=f"{SITE}/versão/"), f"{SITE}/feeds/all.atom.xml")
    assert any("feed atom:id" in e and "is not a URI" in e for e in errors)


def rss(items):
    import xml.etree.ElementTree as ET

    return ET.fromstring(
        f'<rss version="2.0" xmlns:atom="{ATOM_NS}"><channel><title>t</title><link>{SITE}/</link>'
        f'<description>d</description><atom:link rel="self" href="{SITE}/feeds/all.rss.xml"/>{items}</channel></rss>'
    )


def test_rss_guids_and_links_are_uris():
    good = f'<item><title>i</title><link>{SITE}/x/</link><guid isPermaLink="false">tag:example.org,2024:x</guid></item>'
    assert validate_rss(rss(good), f"{SITE}/feeds/all.rss.xml") == []
    bad = (f'<item><title>i</title><link>{SITE}/versão/</link>'
           '<guid isPermaLink="false">tag:example.org,2024:versão</guid></item>')
    errors = validate_rss(rss(bad), f"{SITE}/feeds/all.rss.xml")
    assert any("item 1 link" in e and "is not a URI" in e for e in errors), errors
    assert any("item 1 guid" in e and "is not a URI" in e for e in errors), errors
    assert {e.item for e in errors} == {"tag:example.org,2024:versão"}


# -- errors name the post -------------------------------------------------------------------------


def test_an_invalid_item_names_its_post_then_the_feed(tmp_path, caplog):
    feeds = tmp_path / "output" / "feeds"
    feeds.mkdir(parents=True)
    path = feeds / "all.json"
    bad = {"id": "tag:example.org,2024-03-01:empty-body", "url": f"{SITE}/2024/03/empty-body/"}
    path.write_text(json_feed_text([bad]), encoding="utf-8")
    source = tmp_path / "content" / "posts" / "empty-body.md"
    context = {
        "FEED_EXTRAS_VALIDATE": True, "SITEURL": SITE, "OUTPUT_PATH": str(tmp_path / "output"),
        plugin.SOURCES: {bad["id"]: str(source)},
    }
    with caplog.at_level(logging.ERROR, logger="feed_extras.plugin"):
        plugin.check(context, path)
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"{source}: its item in ")
    assert "feeds/all.json is invalid: item 1 has neither content_html nor content_text" in message


def test_a_feed_level_problem_names_the_feed(tmp_path, caplog):
    path = tmp_path / "feeds" / "all.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"version": "x", "title": "t", "items": []}), encoding="utf-8")
    context = {"FEED_EXTRAS_VALIDATE": True, "SITEURL": SITE, plugin.SOURCES: {}}
    with caplog.at_level(logging.ERROR, logger="feed_extras.plugin"):
        plugin.check(context, path)
    assert any("all.json: invalid feed: version is 'x'" in r.getMessage() for r in caplog.records)


def test_items_of_non_ascii_posts_find_their_source():
    post = SimpleNamespace(url="2024/03/comunidade-versão/", date=DATE, metadata={}, slug="comunidade-versão",
                           source_path="/site/content/posts/comunidade.md")
    context = {"SITEURL": SITE, "articles": [post], "FEED_EXTRAS_JSON": False}
    feed = SimpleNamespace(feed={}, items=[{
        "link": f"{SITE}/2024/03/comunidade-vers%C3%A3o/",  # feedgenerator gives item links as URIs
        "unique_id": "tag:example.org,2024-03-04:/blog/2024/03/comunidade-versão/",  # Pelican's own id
        "content": "<p>x</p>", "description": None,
    }])
    plugin.improve_feed(context, feed)
    assert feed.items[0]["unique_id"] == "tag:example.org,2024-03-04:comunidade-vers%C3%A3o"
    assert context[plugin.SOURCES][feed.items[0]["unique_id"]] == post.source_path


def test_problem_pickles_with_its_item():
    import pickle

    problem = pickle.loads(pickle.dumps(Problem("entry 1 is bad", "tag:x,2024:a")))
    assert problem == "entry 1 is bad" and problem.item == "tag:x,2024:a"


def counting_cleaner(monkeypatch):
    """Make feed cleaning record each HTML it cleans; return the record."""
    calls = []
    monkeypatch.setattr(items, "feed_content", lambda html, link: calls.append(html) or f"clean:{html}")
    return calls


def test_a_post_in_many_feeds_is_cleaned_once_and_again_when_its_html_changes(monkeypatch):
    calls = counting_cleaner(monkeypatch)
    context = {}
    link = "https://example.org/2011/10/a/"
    for html in ("<p>A</p>", "<p>A</p>", "<p>A</p>", "<p>B</p>"):
        item = {"link": link, "description": html, "content": html}
        assert plugin.cleaned(context, item, "description") == f"clean:{html}"
        assert plugin.cleaned(context, item, "content") == f"clean:{html}"
    assert calls == ["<p>A</p>", "<p>B</p>"]


def test_each_html_of_a_post_is_cleaned_once_for_all_its_feeds(monkeypatch):
    """Atom and RSS (or feeds at different depths) may carry different HTML for one post: each is cleaned once."""
    calls = counting_cleaner(monkeypatch)
    context = {}
    atom = {"link": f"{SITE}/post/", "content": '<p><a href="../a/">a</a></p>'}
    rss = {"link": f"{SITE}/post/", "content": '<p><a href="../../a/">a</a></p>'}
    results = [plugin.cleaned(context, item, "content") for item in (atom, rss, atom, rss, atom)]
    assert calls == [atom["content"], rss["content"]]
    assert results == [f"clean:{item['content']}" for item in (atom, rss, atom, rss, atom)]
    assert plugin.cleaned(context, {"link": f"{SITE}/post/", "content": ""}, "content") == ""


def build_feeds(cache, posts):
    """Clean `posts` ({link: html}) as one build's feeds do, then keep the results as the build's end does."""
    context = {"CACHE_PATH": str(cache)}
    cleaned = [plugin.cleaned(context, {"link": link, "content": html}, "content") for link, html in posts.items()]
    plugin.keep_cleaned(SimpleNamespace(context=context), writer=None)
    return cleaned


def test_the_next_build_cleans_only_the_posts_that_changed(monkeypatch, tmp_path):
    calls = counting_cleaner(monkeypatch)
    posts = {f"{SITE}/a/": "<p>A</p>", f"{SITE}/b/": "<p>B</p>"}
    first = build_feeds(tmp_path, posts)
    assert calls == ["<p>A</p>", "<p>B</p>"]
    calls.clear()
    assert build_feeds(tmp_path, posts) == first and calls == []
    posts[f"{SITE}/b/"] = "<p>B, edited</p>"
    assert build_feeds(tmp_path, posts) == ["clean:<p>A</p>", "clean:<p>B, edited</p>"]
    assert calls == ["<p>B, edited</p>"]
    kept = json.loads((tmp_path / memo.FILE).read_text(encoding="utf-8"))["items"]
    assert sorted(kept.values()) == ["clean:<p>A</p>", "clean:<p>B, edited</p>"]  # only what the last build used


def test_an_unchanged_build_leaves_the_kept_file_alone_and_a_removed_post_leaves_it(monkeypatch, tmp_path):
    counting_cleaner(monkeypatch)
    posts = {f"{SITE}/a/": "<p>A</p>", f"{SITE}/b/": "<p>B</p>"}
    build_feeds(tmp_path, posts)
    kept = tmp_path / memo.FILE
    written = kept.stat().st_mtime_ns
    os.utime(kept, ns=(written - 10**9, written - 10**9))
    build_feeds(tmp_path, posts)
    assert kept.stat().st_mtime_ns == written - 10**9  # not written again
    del posts[f"{SITE}/b/"]
    build_feeds(tmp_path, posts)
    assert list(json.loads(kept.read_text(encoding="utf-8"))["items"].values()) == ["clean:<p>A</p>"]


def test_kept_content_is_not_used_when_the_cleaning_code_changes_or_the_file_is_damaged(monkeypatch, tmp_path):
    calls = counting_cleaner(monkeypatch)
    posts = {f"{SITE}/a/": "<p>A</p>"}
    build_feeds(tmp_path, posts)
    monkeypatch.setattr(memo, "stamp", lambda: "cleaning code of another version")
    build_feeds(tmp_path, posts)
    (tmp_path / memo.FILE).write_text("{not json", encoding="utf-8")
    assert build_feeds(tmp_path, posts) == ["clean:<p>A</p>"]
    assert calls == ["<p>A</p>"] * 3
