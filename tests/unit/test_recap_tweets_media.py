"""The X/Twitter archive parser (tweets.js): t.co links of photos and videos become the links posted."""

import json
from zoneinfo import ZoneInfo

import pytest

from chat_recaps.parsers import tweets_js
from kbutil.diagnostics import SourceError, display_path

NEW_YORK = ZoneInfo("America/New_York")
PHOTO_PAGE = "https://twitter.com/cmgrchat_host/status/129706000000000000/photo/1"


def media(url, expanded):
    """A media entity as an archive writes it."""
    return {"url": url, "expanded_url": expanded, "display_url": "pic.twitter.com/ph0t0",
            "media_url_https": "https://pbs.twimg.com/media/AbC.jpg", "type": "photo", "id_str": "1"}


def archive(tmp_path, **tweet):
    """Write a tweets.js holding one tweet with `tweet`'s fields; return its path."""
    record = {"id_str": "129706000000000000", "created_at": "Fri Oct 28 00:00:00 +0000 2011",
              "full_text": "Q1: look https://t.co/link1 https://t.co/ph0t0", **tweet}
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps([{"tweet": record}]), encoding="utf-8")
    return path


def text_of(path):
    [message] = tweets_js.parse(path, "cmgrchat_host", "CMGR Chat Host", NEW_YORK)
    return message.text


def test_media_links_are_expanded_as_page_links_are(tmp_path):
    """entities.media and extended_entities.media (the same link, once per photo) give the photo's page."""
    entities = {"urls": [{"url": "https://t.co/link1", "expanded_url": "https://example.com/a"}],
                "media": [media("https://t.co/ph0t0", PHOTO_PAGE)]}
    extended = {"media": [media("https://t.co/ph0t0", PHOTO_PAGE), media("https://t.co/ph0t0", PHOTO_PAGE)]}
    path = archive(tmp_path, entities=entities, extended_entities=extended)
    assert text_of(path) == f"Q1: look https://example.com/a {PHOTO_PAGE}"


def test_extended_entities_alone_are_enough(tmp_path):
    path = archive(tmp_path, extended_entities={"media": [media("https://t.co/ph0t0", PHOTO_PAGE)]})
    assert text_of(path) == f"Q1: look https://t.co/link1 {PHOTO_PAGE}"


@pytest.mark.parametrize("expanded", ["javascript:alert(1)", "", "pic.twitter.com/ph0t0", "data:image/png;base64,x"])
def test_only_http_links_replace_a_tco_link(tmp_path, expanded):
    path = archive(tmp_path, entities={"media": [media("https://t.co/ph0t0", expanded)]})
    assert text_of(path) == "Q1: look https://t.co/link1 https://t.co/ph0t0"


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"entities": {"media": {"url": "x"}}}, "'entities.media' should be a list, not an object"),
        ({"entities": {"media": ["https://t.co/ph0t0"]}}, "'entities.media[1]' should be an object, not a string"),
        ({"extended_entities": []}, "'extended_entities' should be an object, not a list"),
        ({"extended_entities": {"media": [{"url": "https://t.co/ph0t0", "expanded_url": 5}]}},
         "'extended_entities.media[1].expanded_url' should be a string, not a number"),
    ],
)
def test_bad_media_entities_are_named(tmp_path, fields, says):
    path = archive(tmp_path, **fields)
    with pytest.raises(SourceError) as caught:
        text_of(path)
    assert str(caught.value) == f"{display_path(path)}: record 1: {says}"
