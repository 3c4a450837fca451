"""Tweets from the Twitter API v2, as twarc2 writes them (JSON Lines).

`twarc2 search "#cmgrchat" > chat.jsonl` writes one JSON object per line, each
a response page of the API, newest tweets first::

    {"data": [{"id": "1297...", "text": "A1: ... https://t.co/x1",
               "created_at": "2011-10-28T00:06:00.000Z", "author_id": "380015838",
               "conversation_id": "1297...",
               "referenced_tweets": [{"type": "replied_to", "id": "1297..."}],
               "entities": {"urls": [{"url": "https://t.co/x1",
                                      "expanded_url": "https://example.com/a", ...}]},
               "note_tweet": {"text": "...", "entities": {...}}}, ...],
     "includes": {"users": [{"id": "380015838", "username": "jen_builds_cmty",
                             "name": "Jen Alvarez", ...}], "tweets": [...]},
     "meta": {...}, "__twarc": {...}}

`twarc2 flatten` writes one tweet per line instead, its user embedded as
`"author": {"id", "username", "name", ...}`; both kinds of line may be mixed.
A line of a single-tweet lookup, whose `data` is one tweet object, is read too.

- Kept: the tweets in the pages' `data` (and the flattened tweets), each once:
  a tweet met again (pages of a search may overlap) is dropped by its `id`.
  `includes.tweets` (the tweets those reply to, quote or retweet) are only
  context and never messages. Pages without `data` (the last page of a
  search, an error page) are skipped, and so are tweets with no text.
- Handle: the author's `username`; display name: `name`, else the username.
  The author is found by `author_id` among the `includes.users` of every
  page (or in `author`). User ids, avatars, descriptions, locations and
  metrics never reach a message.
- Time: `created_at` (ISO 8601, "2011-10-28T00:02:11.000Z"). `id` is the
  tweet id; `reply_to` is the `referenced_tweets` entry of type `replied_to`;
  `thread` is `conversation_id` (the tweet a reply chain started from) when it
  is another tweet's. Messages come in time order (tweets of the same time by
  id, which grows with time on Twitter), not newest first as the pages list them.
- Text: `note_tweet.text` for a long tweet, else `text`; `&lt;` `&gt;` `&amp;`
  are unescaped as Twitter escapes them, then every t.co link listed in
  `entities.urls` (media links included) becomes its `expanded_url` (only
  an http(s) one). A retweet (`referenced_tweets` of type `retweeted`, or
  text starting "RT @") is marked, so threading drops it.

Errors name the file and the line, and the field by its place in the line
("line 3: 'data[5].created_at' should be a string, not a number"). Blank
lines are skipped.
"""

import re
from dataclasses import replace

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    decode_json,
    in_zone,
    is_retweet_text,
    iter_export_lines,
    json_kind,
    normalize_text,
    parse_iso_time,
    shown,
    strip_at,
    unescape_twitter,
)

NAME = "twarc"
LABEL = "Twitter API v2 JSON Lines (twarc2)"

PAGE_KEYS = ("data", "includes", "meta")
HTTP = re.compile(r"https?://", re.IGNORECASE)
# A t.co link ends where the URL's characters do ("https://t.co/ab" is not "https://t.co/abc").
LINK_END = r"(?![A-Za-z0-9_\-/])"
SURROGATE = re.compile("[\ud800-\udfff]")
SNIFF_AUTHOR_ID = re.compile(r'"author_id"\s*:\s*"\d+"')
SNIFF_TWARC = re.compile(r'"__twarc"\s*:\s*\{')
SNIFF_ISO_TIME = re.compile(r'"created_at"\s*:\s*"\d{4}-\d{2}-\d{2}T[\d:.]+Z"')
SHAPE = (
    "expected a twarc2 response page ({\"data\": [tweets], \"includes\": {...}}) "
    "or a tweet ({\"id\": ..., \"text\": ...}), one JSON object per line"
)


class LineFields(Fields):
    """Fields of a JSON object on one line of the export: errors name that line."""

    def error(self, message):
        return SourceError(self.path, self.number, message)

    def object(self, key):
        return LineFields(self.path, self.number, self.get(key, dict, "an object", {}), f"{self.prefix}{key}.")


def sniff(head):
    """Say whether text starting with `head` is twarc2's JSON Lines (pages or flattened tweets)."""
    text = head.lstrip("\ufeff \t\r\n")
    first = text.split("\n", 1)[0]
    if not first.startswith("{") or '"acct"' in text:
        return False
    return bool(SNIFF_TWARC.search(text) or (SNIFF_AUTHOR_ID.search(text) and SNIFF_ISO_TIME.search(text)))


def clean(text):
    """`text` without lone surrogates (JSON may hold "\\ud800"; no file can be written with one)."""
    return SURROGATE.sub("\ufffd", text)


def what(fields):
    """How an error names the tweet whose Fields are `fields`: "'data[3]'", or "the tweet"."""
    place = fields.prefix.rstrip(".")
    return f"'{place}'" if place else "the tweet"


def items_of(fields, key, kind="an object"):
    """The items of the list in `key`, each as LineFields; an item that is not an object is an error."""
    found = []
    for number, item in enumerate(fields.items(key), start=1):
        place = f"{fields.prefix}{key}[{number}]"
        if not isinstance(item, dict):
            raise fields.error(f"'{place}' should be {kind}, not {json_kind(item)}")
        found.append(LineFields(fields.path, fields.number, item, place + "."))
    return found


def decode_line(path, number, line):
    """The JSON value on line `number`; SourceError naming that line."""
    stripped = line.strip()
    if stripped in ("{", "["):
        raise SourceError(
            path, number,
            "expected one JSON object per line (JSON Lines, as twarc2 writes them), not indented JSON",
        )
    try:
        value, end = decode_json(path, line, len(line) - len(line.lstrip()))
    except SourceError as err:
        raise SourceError(path, number, err.message) from None
    if line[end:].strip():
        raise SourceError(path, number, "unexpected text after the JSON object (one object per line)")
    return value


def user_of(fields):
    """(id, handle, display name) of the user whose LineFields are `fields`; None without a username."""
    handle = strip_at(clean(fields.text("username")))
    if not handle:
        return None
    return fields.ident("id"), handle, clean(fields.text("name")).strip() or handle


def expand_links(text, sources):
    """`text` with each t.co link in the sources' `entities.urls` replaced by its http(s) expanded_url."""
    links = {}
    for source in sources:
        for url in items_of(source.object("entities"), "urls"):
            short, expanded = url.text("url").strip(), url.text("expanded_url").strip()
            if short and HTTP.match(expanded):
                links.setdefault(short, clean(expanded))
    if not links:
        return text
    pattern = "|".join(re.escape(s) for s in sorted(links, key=len, reverse=True))
    return re.sub(f"(?:{pattern}){LINK_END}", lambda m: links[m[0]], text)


def tweet_time(tweet, tz):
    """The time of the tweet whose LineFields are `tweet`, in `tz`."""
    written = tweet.text("created_at")
    if not written:
        raise tweet.error(f"{what(tweet)} has no 'created_at'")
    try:
        return in_zone(parse_iso_time(written), tz)
    except ValueError:
        raise tweet.error(
            f"invalid '{tweet.prefix}created_at' {shown(written)} (expected e.g. '2011-10-28T00:02:11.000Z')"
        ) from None


def tweet_text(tweet):
    """The plain text of the tweet: its note_tweet's for a long tweet, unescaped, links expanded."""
    note = tweet.object("note_tweet")
    if note.text("text").strip():
        return normalize_text(expand_links(unescape_twitter(clean(note.text("text"))), (note, tweet)))
    return normalize_text(expand_links(unescape_twitter(clean(tweet.text("text"))), (tweet,)))


def references(tweet):
    """(id replied to, whether it is a retweet) from the tweet's referenced_tweets."""
    replied, retweet = "", False
    for ref in items_of(tweet, "referenced_tweets"):
        kind = ref.text("type")
        if kind == "replied_to" and not replied:
            replied = ref.ident("id")
        elif kind == "retweeted":
            retweet = True
    return replied, retweet


def read_tweet(tweet, number, tz):
    """A tweet's Message without its author yet, and the author_id to find it by (None to skip)."""
    tweet_id = tweet.ident("id")
    if not tweet_id:
        raise tweet.error(f"{what(tweet)} has no 'id'")
    moment = tweet_time(tweet, tz)
    text = tweet_text(tweet)
    replied, retweet = references(tweet)
    conversation = tweet.ident("conversation_id")
    author_id = tweet.ident("author_id")
    if not text:
        return None
    message = Message(
        author="", handle="", time=moment, text=text, where=f"line {number}", id=tweet_id,
        reply_to=replied, thread=conversation if conversation != tweet_id else "",
        is_retweet=retweet or is_retweet_text(text),
    )
    return message, author_id


class Reading:
    """What the lines of an export give: tweets waiting for their authors, and the users seen."""

    def __init__(self, path, tz):
        self.path, self.tz = path, tz
        self.users = {}  # user id -> (handle, name)
        # (Message without its author, author_id, (handle, name) or None, line, how errors name the tweet)
        self.tweets = []
        self.seen = set()

    def add_user(self, fields):
        user = user_of(fields)
        if user and user[0]:
            self.users.setdefault(user[0], user[1:])
        return user

    def add_tweet(self, tweet, number, author=None):
        read = read_tweet(tweet, number, self.tz)
        if read is None or read[0].id in self.seen:
            return
        message, author_id = read
        if author is None and not author_id:
            raise tweet.error(f"{what(tweet)} has no 'author_id'")
        self.seen.add(message.id)
        self.tweets.append((message, author_id, author, number, what(tweet)))

    def add_page(self, page, number):
        includes = page.object("includes")
        for user in items_of(includes, "users", "a user object"):
            self.add_user(user)
        items_of(includes, "tweets", "a tweet object")  # only checked: context, not messages
        data = page.record.get("data")
        if isinstance(data, dict):
            self.add_tweet(page.object("data"), number)
        elif data is not None:
            for tweet in items_of(page, "data", "a tweet object"):
                self.add_tweet(tweet, number)

    def add_line(self, value, number):
        if not isinstance(value, dict):
            raise SourceError(self.path, number, f"{SHAPE}; found {json_kind(value)}")
        fields = LineFields(self.path, number, value)
        if any(key in value for key in PAGE_KEYS):
            self.add_page(fields, number)
        elif "id" in value:
            author = fields.object("author")
            user = self.add_user(author) if author.record else None
            self.add_tweet(fields, number, user[1:] if user else None)
        elif "errors" not in value:
            raise SourceError(self.path, number, SHAPE)

    def messages(self):
        """The Messages, with their authors, in time order."""
        found = []
        for index, (message, author_id, author, line, name) in enumerate(self.tweets):
            author = author or self.users.get(author_id)
            if author is None:
                raise SourceError(
                    self.path, line, f"the author of {name} ('author_id' {shown(author_id)}) is not among "
                    "the users of any page's 'includes.users'"
                )
            handle, display_name = author
            found.append((message.time, id_order(message.id), index,
                          replace(message, author=display_name, handle=handle)))
        return [entry[-1] for entry in sorted(found, key=lambda e: e[:3])]


def id_order(tweet_id):
    """A sort key that orders numeric ids as numbers (no int(): ids may be very long)."""
    digits = tweet_id.lstrip("0")
    return (0, len(digits), digits) if tweet_id.isascii() and tweet_id.isdigit() else (1, 0, "")


def parse(path, tz, options):
    """Return the [Message] of the twarc2 JSON Lines file `path`, times in `tz`."""
    reading = Reading(path, tz)
    for number, line in enumerate(iter_export_lines(path), start=1):
        if line.strip():
            reading.add_line(decode_line(path, number, line), number)
    return reading.messages()
