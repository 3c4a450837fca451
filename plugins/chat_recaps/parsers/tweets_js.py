"""The tweets of one account, from an X/Twitter archive's `data/tweets.js`.

The file is a JavaScript assignment holding a JSON list::

    window.YTD.tweets.part0 = [ {"tweet": {"id_str": "...", "full_text": "...",
        "created_at": "Thu Oct 27 20:02:11 +0000 2011",
        "in_reply_to_status_id_str": "...", "entities": {"urls": [...]}}}, ... ]

(older archives: `window.YTD.tweet.part0`, and list items that are the tweet
itself, without the {"tweet": ...} wrapper). It is never run as JavaScript:
the prefix is checked, then the rest is read as JSON (a trailing `;` is fine).

Fields used: `id_str` (or `id`), `full_text` (or `text`), `created_at`,
`in_reply_to_status_id_str`, and the t.co links listed in `entities.urls`,
`entities.media` and `extended_entities.media` to turn them back into the
links that were posted (a photo's or video's t.co link becomes its
`expanded_url`, the tweet's media page; a link whose `expanded_url` is not
http(s) stays a t.co link). `&lt;`, `&gt;`, `&amp;` are unescaped as Twitter
escapes them. Everything else in the archive is ignored.

Every tweet in an archive is the account owner's. The owner is the recap's
host handle when given; otherwise it is read from the archive's `account.js`
beside `tweets.js` (`window.YTD.account.part0 = [{"account": {"username": ...,
"accountDisplayName": ...}}]`).
"""

import os
import re

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    decode_json,
    in_zone,
    is_retweet_text,
    json_kind,
    normalize_text,
    parse_twitter_time,
    read_export_text,
    record_error,
    shown,
    strip_at,
    unescape_twitter,
)

TWEETS_PREFIX = re.compile(r"\s*window\.YTD\.tweets?\.part\d+\s*=\s*")
ACCOUNT_PREFIX = re.compile(r"\s*window\.YTD\.account\.part\d+\s*=\s*")
TRAILER = re.compile(r"\s*;?\s*")  # allowed after the list
# Where an archive lists the t.co links of a tweet: pages, then photos and videos.
LINK_ENTITIES = (("entities", "urls"), ("entities", "media"), ("extended_entities", "media"))
HTTP = re.compile(r"https?://", re.IGNORECASE)


def load_archive_part(path, prefix, expected):
    """Return the JSON list assigned in archive file `path` after `prefix` (written `expected`)."""
    text = read_export_text(path)
    m = prefix.match(text)
    if not m:
        raise SourceError(
            path, 1, f"expected the file to start with '{expected} = [' (an X/Twitter archive file)"
        )
    value, end = decode_json(path, text, m.end())
    junk = TRAILER.match(text, end).end()
    if junk < len(text):
        line = text.count("\n", 0, junk) + 1
        raise SourceError(path, line, "unexpected text after the JSON list")
    if not isinstance(value, list):
        raise SourceError(path, 1, f"expected a JSON list after '{expected} ='")
    return value


def read_owner(path):
    """Return (handle, display name) from the account.js beside tweets.js `path`."""
    account_path = os.path.join(os.path.dirname(os.fspath(path)), "account.js")
    if not os.path.exists(account_path):
        raise SourceError(
            path, None,
            "an archive's tweets.js does not say whose tweets they are: set the recap's "
            "'Hosts:' (the archive owner's @handle), or keep the archive's account.js "
            "beside tweets.js",
        )
    items = load_archive_part(account_path, ACCOUNT_PREFIX, "window.YTD.account.part0")
    account = Fields(account_path, 1, items[0] if items else {}).object("account")
    if not account.text("username").strip():
        raise record_error(account_path, 1, "no 'account' with a 'username'")
    return strip_at(account.text("username")), account.text("accountDisplayName").strip()


def expand_links(text, tweet):
    """Replace the t.co links in `text` with the links listed in the tweet's Fields `tweet`.

    Links to pages (`entities.urls`) and to photos and videos (`entities.media`,
    `extended_entities.media`) alike; only an http(s) `expanded_url` replaces its t.co link.
    """
    for group, key in LINK_ENTITIES:
        for number, url in enumerate(tweet.object(group).items(key), start=1):
            where = f"{group}.{key}[{number}]"
            if not isinstance(url, dict):
                raise tweet.error(f"'{where}' should be an object, not {json_kind(url)}")
            link = Fields(tweet.path, tweet.number, url, where + ".")
            short, expanded = link.text("url"), link.text("expanded_url")
            if short and HTTP.match(expanded):
                text = text.replace(short, expanded)
    return text


def tweet_time(tweet, tz):
    """Return the time of the tweet whose Fields are `tweet`, in `tz`."""
    written = tweet.text("created_at")
    try:
        return in_zone(parse_twitter_time(written), tz)
    except ValueError:
        raise tweet.error(
            f"invalid created_at {shown(written)} (expected e.g. 'Thu Oct 27 20:02:11 +0000 2011')"
        ) from None


def tweet_message(path, number, item, owner, tz):
    """Return the Message for list item `number` of tweets.js; `owner` is (handle, name)."""
    record = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(record, dict):
        raise record_error(path, number, "expected an object {\"tweet\": {...}}")
    tweet = Fields(path, number, record)
    key = "full_text" if tweet.has("full_text") or not tweet.has("text") else "text"
    if not tweet.has(key):
        raise tweet.error("the tweet has no 'full_text'")
    text = normalize_text(unescape_twitter(expand_links(tweet.text(key), tweet)))
    handle, name = owner
    return Message(
        author=name or handle,
        handle=handle,
        time=tweet_time(tweet, tz),
        text=text,
        where=f"record {number}",
        id=tweet.ident("id_str") or tweet.ident("id"),
        reply_to=tweet.ident("in_reply_to_status_id_str"),
        is_retweet=is_retweet_text(text),
    )


def parse(path, owner_handle, owner_name, tz):
    """Return the [Message] of the archive's tweets.js `path`, all by the owner, times in `tz`."""
    items = load_archive_part(path, TWEETS_PREFIX, "window.YTD.tweets.part0")
    owner = (strip_at(owner_handle or ""), (owner_name or "").strip())
    if not owner[0]:
        owner = read_owner(path)
    return [tweet_message(path, n, item, owner, tz) for n, item in enumerate(items, start=1)]
