"""The twarc2 (Twitter API v2 JSON Lines) parser: the sample chat, each field rule, broken lines.

The fixture tests/fixtures/recaps/twarc/cmgrchat.jsonl is written by
make_twarc.py from the sample recap, so it holds the same chat as the transcript.
"""

import json
import sys
from dataclasses import astuple
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import transcript, twarc
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
EXPORT = FIXTURES / "twarc" / "cmgrchat.jsonl"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOSTS = ("cmgrchat_host",)
NO_OPTIONS = ReadOptions()
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York


def read_recap(path):
    """The transcript Messages of a .recap file (header handled as the reader does)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    blank = lines.index("")
    header = dict(line.split(": ", 1) for line in lines[:blank])
    day = date.fromisoformat(header["Date"].split()[0])
    return transcript.parse_lines(path, lines[blank + 1 :], blank + 2, day, ZoneInfo(header["Timezone"]))


def summary(messages, hosts=HOSTS):
    """What a recap page shows of a chat: questions, their answers' texts, and the numbers."""
    recap = thread_chat(messages, hosts=hosts)
    numbers = stats.compute(recap)
    threads = [(t.question.text, [a.text for a in t.answers]) for t in recap.threads]
    return threads, (numbers.messages, numbers.participants, numbers.questions, numbers.answers)


def parse(path, tz=NEW_YORK):
    return twarc.parse(path, tz, NO_OPTIONS)


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def tweet(**fields):
    """A v2 tweet by user 1 (jen), changed by `fields` (a value of ... removes the field)."""
    base = {"id": "1001", "text": "A1: hello", "created_at": "2011-10-28T00:06:00.000Z", "author_id": "1",
            "conversation_id": "1001", "edit_history_tweet_ids": ["1001"]}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


USERS = [
    {"id": "1", "username": "jen_builds_cmty", "name": "Jen Alvarez",
     "profile_image_url": "https://pbs.twimg.com/profile_images/1/a.png", "description": "Woodworking",
     "location": "Portland", "public_metrics": {"followers_count": 12}},
    {"id": "2", "username": "cmgrchat_host", "name": "CMGR Chat Host"},
]


def page(tweets, users=USERS, **extra):
    """A response page holding `tweets`."""
    return {"data": tweets, "includes": {"users": users}, "meta": {"result_count": len(tweets)}, **extra}


def write_lines(tmp_path, *values, name="chat.jsonl"):
    """Write one JSON value per line (a str is written as it is); return the path."""
    path = tmp_path / name
    lines = [v if isinstance(v, str) else json.dumps(v) for v in values]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def one(tmp_path, **fields):
    """The one Message of a page holding one tweet."""
    [message] = parse(write_lines(tmp_path, page([tweet(**fields)])))
    return message


@pytest.fixture(scope="module")
def messages():
    return parse(EXPORT)


@pytest.fixture(scope="module")
def sample():
    return read_recap(SAMPLE)


# -- the sample chat -------------------------------------------------------------------


def test_the_export_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages, sample):
    """Threaded with the host's handle, the twarc2 search gives the transcript's recap."""
    assert summary(messages) == summary(sample)
    threads, numbers = summary(messages)
    assert numbers == (77, 13, 4, 58) and len(threads) == 4


def test_sample_messages(messages):
    """Each tweet once (the duplicate captured on two pages is one), in time order, with the author's names."""
    assert len(messages) == 78
    assert len({m.id for m in messages}) == 78
    assert len({m.handle for m in messages}) == 13
    assert [m.time for m in messages] == sorted(m.time for m in messages)
    assert messages[0].handle == "cmgrchat_host" and messages[0].author == "CMGR Chat Host"
    assert messages[0].time == CHAT_START and messages[0].time.tzinfo == NEW_YORK
    assert messages[0].where == "line 3"  # the oldest tweets are on the last page
    assert {m.author for m in messages if m.handle == "jen_builds_cmty"} == {"Jen Alvarez"}


def test_texts_are_the_transcripts(messages, sample):
    """Texts unescaped, t.co links expanded; the same order as the transcript, without the duplicate."""
    firsts = [m for i, m in enumerate(sample) if (m.handle, m.text) not in {(s.handle, s.text) for s in sample[:i]}]
    assert [(m.handle, m.time, m.text) for m in messages] == [(m.handle, m.time, m.text) for m in firsts]
    assert not any("t.co/" in m.text for m in messages)
    assert any("https://example.com/devrel/finding-advocates" in m.text for m in messages)
    assert any("<script>alert(1)</script>" in m.text for m in messages)


def test_the_retweet_is_marked(messages):
    """The host's retweet of Mo's answer is a `retweeted` reference."""
    assert [(m.handle, m.text[:17]) for m in messages if m.is_retweet] == [("cmgrchat_host", "RT @moderator_mo:")]


def test_replies_and_conversations(messages):
    """'@handle ...' answers reply to that person's tweet; conversation_id is the chain's first tweet."""
    by_id = {m.id: m for m in messages}
    carla = next(m for m in messages if m.text.startswith("@newbie_nate Not at all"))
    assert by_id[carla.reply_to].text.startswith("A1: I had to look up my score")
    assert carla.thread == carla.reply_to
    assert sum(bool(m.reply_to) for m in messages) == sum(m.text.startswith("@") for m in messages)
    assert all(m.thread in by_id for m in messages if m.thread)
    assert not any(m.thread for m in messages if not m.reply_to)


def test_nothing_of_the_users_but_their_names_is_kept(messages):
    """User ids, avatars, descriptions and locations never reach a message."""
    text = json.dumps([[str(v) for v in astuple(m)] for m in messages])
    for private in ("380007919", "pbs.twimg.com", "Somewhere, USA", "Opinions my own"):
        assert private not in text


# -- field rules ----------------------------------------------------------------------------


def test_handle_name_and_time(tmp_path):
    m = one(tmp_path)
    assert (m.handle, m.author, m.id, m.where) == ("jen_builds_cmty", "Jen Alvarez", "1001", "line 1")
    assert m.time == datetime(2011, 10, 27, 20, 6, tzinfo=NEW_YORK) and m.time.tzinfo == NEW_YORK


def test_a_user_without_a_name_is_shown_by_handle(tmp_path):
    path = write_lines(tmp_path, page([tweet()], users=[{"id": "1", "username": "@jen", "name": ""}]))
    [m] = parse(path)
    assert (m.handle, m.author) == ("jen", "jen")


def test_escapes_are_undone_once(tmp_path):
    assert one(tmp_path, text="A1: &lt;b&gt; Q&amp;A &amp;lt;").text == "A1: <b> Q&A &lt;"


def test_lone_surrogates_are_replaced(tmp_path):
    """JSON may escape half a character ("\\ud800"); no page could be written with it."""
    path = write_lines(tmp_path, page([tweet(text="A1: \ud800!")], users=[{"id": "1", "username": "jen",
                                                                          "name": "J\udc00"}]))
    [m] = parse(path)
    assert (m.text, m.author) == ("A1: \ufffd!", "J\ufffd")


def test_tco_links_become_the_links_posted(tmp_path):
    """entities.urls (media links among them) give the expanded_url; a longer t.co link is not cut."""
    urls = [
        {"start": 4, "end": 27, "url": "https://t.co/abc", "expanded_url": "https://example.com/a?x=1&amp;y=2"},
        {"url": "https://t.co/abcd", "expanded_url": "https://example.com/d"},
        {"url": "https://t.co/pic", "expanded_url": "https://twitter.com/jen/status/1001/photo/1",
         "display_url": "pic.twitter.com/pic", "media_key": "3_1001"},
        {"url": "https://t.co/js", "expanded_url": "javascript:alert(1)"},
    ]
    m = one(tmp_path, text="A1: https://t.co/abc https://t.co/abcd &amp; https://t.co/js https://t.co/pic",
            entities={"urls": urls})
    assert m.text == ("A1: https://example.com/a?x=1&amp;y=2 https://example.com/d & https://t.co/js "
                      "https://twitter.com/jen/status/1001/photo/1")


def test_a_long_tweet_is_read_from_its_note_tweet(tmp_path):
    note = {"text": "A1: " + "long " * 70 + "https://t.co/n1 &amp; more",
            "entities": {"urls": [{"url": "https://t.co/n1", "expanded_url": "https://example.com/note"}]}}
    m = one(tmp_path, text="A1: long long… https://t.co/cut", note_tweet=note)
    assert m.text == "A1: " + "long " * 70 + "https://example.com/note & more"


@pytest.mark.parametrize(
    "references, reply_to, retweet",
    [
        ([{"type": "replied_to", "id": "900"}], "900", False),
        ([{"type": "quoted", "id": "900"}], "", False),
        ([{"type": "retweeted", "id": "900"}], "", True),
        ([{"type": "quoted", "id": "800"}, {"type": "replied_to", "id": 900}], "900", False),
        ([], "", False),
    ],
)
def test_referenced_tweets(tmp_path, references, reply_to, retweet):
    m = one(tmp_path, referenced_tweets=references)
    assert (m.reply_to, m.is_retweet) == (reply_to, retweet)


def test_rt_text_is_a_retweet(tmp_path):
    assert one(tmp_path, text="RT @cmgrchat_host: Q1: go").is_retweet


def test_conversation_id_is_the_thread_of_a_reply(tmp_path):
    assert one(tmp_path, conversation_id="500").thread == "500"
    assert one(tmp_path, conversation_id="1001").thread == ""


def test_flattened_tweets_with_their_author(tmp_path):
    """`twarc2 flatten` lines: one tweet per line, `author` embedded; pages may be mixed in."""
    flat = tweet(author={"id": "1", "username": "jen_builds_cmty", "name": "Jen Alvarez"}, __twarc={"url": "x"})
    other = tweet(id="1002", author_id="2", text="Q1: first", created_at="2011-10-28T00:05:00.000Z")
    path = write_lines(tmp_path, flat, page([other]))
    assert [(m.handle, m.author, m.text, m.where) for m in parse(path)] == [
        ("cmgrchat_host", "CMGR Chat Host", "Q1: first", "line 2"),
        ("jen_builds_cmty", "Jen Alvarez", "A1: hello", "line 1"),
    ]


def test_a_lookup_page_holds_one_tweet(tmp_path):
    path = write_lines(tmp_path, {"data": tweet(), "includes": {"users": USERS}})
    assert [m.text for m in parse(path)] == ["A1: hello"]


def test_tweets_repeated_across_pages_are_kept_once(tmp_path):
    path = write_lines(tmp_path, page([tweet(id="2"), tweet(id="1")]), page([tweet(id="1", text="A1: again")]))
    assert [(m.id, m.text) for m in parse(path)] == [("1", "A1: hello"), ("2", "A1: hello")]


def test_same_time_tweets_come_in_id_order(tmp_path):
    """Newest first in the file, oldest first out; ids compare as numbers ("9" before "10")."""
    path = write_lines(tmp_path, page([tweet(id="10", text="A1: b"), tweet(id="9", text="A1: a"),
                                       tweet(id="11", text="Q1: q", created_at="2011-10-28T00:05:00.000Z")]))
    assert [m.id for m in parse(path)] == ["11", "9", "10"]


def test_an_author_may_be_in_another_pages_includes(tmp_path):
    path = write_lines(tmp_path, page([tweet(author_id="2")], users=[]), page([], users=USERS))
    assert parse(path)[0].handle == "cmgrchat_host"


def test_included_tweets_are_not_messages(tmp_path):
    """includes.tweets are what the chat's tweets reply to or retweet: context only."""
    path = write_lines(tmp_path, page([tweet()]) | {"includes": {"users": USERS, "tweets": [tweet(id="7")]}})
    assert [m.id for m in parse(path)] == ["1001"]


def test_pages_without_tweets_blank_lines_and_error_pages_are_skipped(tmp_path):
    path = write_lines(
        tmp_path, "", page([tweet()]), "   ", {"meta": {"result_count": 0}, "__twarc": {}},
        {"errors": [{"title": "Not Found Error", "resource_id": "5"}]}, page([]),
    )
    assert len(parse(path)) == 1


def test_tweets_without_text_are_skipped(tmp_path):
    path = write_lines(tmp_path, page([tweet(text="  "), tweet(id="2", text=...)]))
    assert parse(path) == []


def test_a_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(page([tweet()])).encode() + b"\r\n\r\n")
    assert [m.text for m in parse(path)] == ["A1: hello"]


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"id": ...}, "'data[2]' has no 'id'"),
        ({"id": 1.5}, "'data[2].id' should be a string or a whole number, not a number"),
        ({"created_at": ...}, "'data[2]' has no 'created_at'"),
        ({"created_at": 1319760000}, "'data[2].created_at' should be a string, not a number"),
        ({"created_at": "Thu Oct 27 20:02:11 +0000 2011"},
         "invalid 'data[2].created_at' 'Thu Oct 27 20:02:11 +0000 2011' (expected e.g. '2011-10-28T00:02:11.000Z')"),
        ({"created_at": "2011-02-30T00:00:00.000Z"}, "invalid 'data[2].created_at' '2011-02-30T00:00:00.000Z'"),
        ({"created_at": "0001-01-01T00:00:00Z"}, "invalid 'data[2].created_at' '0001-01-01T00:00:00Z'"),
        ({"text": ["A1"]}, "'data[2].text' should be a string, not a list"),
        ({"author_id": ...}, "'data[2]' has no 'author_id'"),
        ({"author_id": "99"}, "the author of 'data[2]' ('author_id' '99') is not among the users of any page's "
                              "'includes.users'"),
        ({"referenced_tweets": {"type": "replied_to"}}, "'data[2].referenced_tweets' should be a list, not an object"),
        ({"referenced_tweets": ["900"]}, "'data[2].referenced_tweets[1]' should be an object, not a string"),
        ({"referenced_tweets": [{"type": "replied_to", "id": None}, {"type": 5}]},
         "'data[2].referenced_tweets[2].type' should be a string, not a number"),
        ({"entities": {"urls": [{"url": "https://t.co/a", "expanded_url": 3}]}},
         "'data[2].entities.urls[1].expanded_url' should be a string, not a number"),
        ({"entities": []}, "'data[2].entities' should be an object, not a list"),
        ({"note_tweet": {"text": ["x"]}}, "'data[2].note_tweet.text' should be a string, not a list"),
        ({"conversation_id": True},
         "'data[2].conversation_id' should be a string or a whole number, not true or false"),
    ],
)
def test_bad_tweets_are_named_by_line_and_place(tmp_path, fields, says):
    path = write_lines(tmp_path, page([tweet(id="1")]), page([tweet(id="1"), tweet(**{"id": "2", **fields})]))
    assert str(raised(parse, path)).startswith(where(path, 2) + says)


@pytest.mark.parametrize(
    "line, says",
    [
        ({"data": "x"}, "'data' should be a list, not a string"),
        ({"data": [3]}, "'data[1]' should be a tweet object, not a number"),
        ({"data": [], "includes": []}, "'includes' should be an object, not a list"),
        ({"data": [], "includes": {"users": [None]}}, "'includes.users[1]' should be a user object, not null"),
        ({"data": [], "includes": {"users": [{"id": "1", "username": 5}]}},
         "'includes.users[1].username' should be a string, not a number"),
        ({"data": [], "includes": {"tweets": ["1"]}}, "'includes.tweets[1]' should be a tweet object, not a string"),
        ({"id": "1", "text": "hi", "created_at": "2011-10-28T00:06:00Z", "author": "jen"},
         "'author' should be an object, not a string"),
        ({"id": "1", "text": "hi", "created_at": "2011-10-28T00:06:00Z"}, "the tweet has no 'author_id'"),
        ([page([tweet()])], "expected a twarc2 response page ({\"data\": [tweets], \"includes\": {...}}) or a tweet "
                            "({\"id\": ..., \"text\": ...}), one JSON object per line; found a list"),
        ({"statuses": []}, "expected a twarc2 response page"),
        ("42", "expected a twarc2 response page"),
        ('{"data": [}', "invalid JSON: expecting value at column 11 (is the export complete?)"),
        ('{"data": []} {"data": []}', "unexpected text after the JSON object (one object per line)"),
        ('{"data": [], "meta": {"result_count": 1e999}}', "invalid JSON: the number 1e999 is too large"),
        ("[" * 100_000, "invalid JSON: lists or objects nested too deeply"),
        ("{", "expected one JSON object per line (JSON Lines, as twarc2 writes them), not indented JSON"),
    ],
)
def test_bad_lines_are_named_by_their_line(tmp_path, line, says):
    path = write_lines(tmp_path, page([tweet()]), "", line)
    assert str(raised(parse, path)).startswith(where(path, 3) + says)


def test_a_line_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "chat.jsonl"
    first = json.dumps(page([tweet(text="A1: café")]), ensure_ascii=False).encode()
    path.write_bytes(first + b'\n{"data": ["caf\xe9"]}\n')
    assert str(raised(parse, path)).startswith(where(path, 2) + "byte 0xE9 at column 15 is not UTF-8")


def test_an_empty_file(tmp_path):
    path = write_lines(tmp_path, "  ")
    assert str(raised(parse, path)) == where(path) + "the file is empty"


# -- recognising the format ----------------------------------------------------------------


def test_twarc_exports_are_recognised(tmp_path):
    head = EXPORT.read_text(encoding="utf-8")[: 64 * 1024]
    assert twarc.sniff(head)
    assert twarc.sniff(head[:700])  # cut in the middle of a tweet
    flat = json.dumps(tweet(author={"id": "1", "username": "jen"})) + "\n"
    assert twarc.sniff(flat)
    assert twarc.sniff("\ufeff" + json.dumps({"data": [tweet()], "__twarc": {"version": "2.14.0"}}))


@pytest.mark.parametrize(
    "head",
    [
        "",
        "{",
        '{"id": "1", "text": "A1: hi", "created_at": "Thu Oct 27 20:02:11 +0000 2011", "user": {}}\n',
        '{"guild": {"id": "1"}, "channel": {}, "messages": [{"id": "1", "type": "Default"}]}',
        '[{"id": "1", "created_at": "2011-10-28T00:06:00.000Z", "account": {"acct": "jen"}, "visibility": "public"}]',
        '{\n "name": "cmgrchat",\n "type": "public_supergroup",\n "messages": []}',
        '[{"data": [{"author_id": "1", "created_at": "2011-10-28T00:06:00.000Z"}]}]',
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n",
        "id_str,from_user,text,created_at\n1,jen,hi,Thu Oct 27 20:02:11 +0000 2011\n",
        "\x00\x01\x02 binary",
    ],
)
def test_other_files_are_not_taken_for_twarc(head):
    assert twarc.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert twarc.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

KEYS = ["data", "includes", "users", "tweets", "meta", "errors", "id", "text", "created_at", "author_id",
        "author", "username", "name", "conversation_id", "referenced_tweets", "type", "entities", "urls",
        "url", "expanded_url", "note_tweet"]
SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["1", "2", "replied_to", "retweeted", "quoted", "2011-10-28T00:06:00.000Z", "jen",
                       "https://t.co/a", "https://example.com", "javascript:x", "0001-01-01T00:00:00Z", "",
                       "RT @jen: x", "&amp;&lt;"])
    | st.text(max_size=12)
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=6),
    max_leaves=25,
)
PLAUSIBLE = {
    "id": st.sampled_from(["1", "2", "3", 4]),
    "text": st.sampled_from(["A1: hi https://t.co/a", "RT @jen: A1", "Q1: go", "", "&lt;b&gt;"]) | st.text(max_size=15),
    "created_at": st.sampled_from(["2011-10-28T00:06:00.000Z", "2011-10-28T00:06:00+02:00", "1970-01-01T00:00:00Z",
                                   "2011-03-13T07:30:00.000Z"]),
    "author_id": st.sampled_from(["1", "2", "1", "3"]),
    "conversation_id": st.sampled_from(["1", "2"]),
    "referenced_tweets": st.lists(st.fixed_dictionaries({"type": st.sampled_from(["replied_to", "retweeted"]),
                                                         "id": st.sampled_from(["1", "2"])}), max_size=2),
    "entities": st.fixed_dictionaries({"urls": st.lists(st.fixed_dictionaries(
        {"url": st.sampled_from(["https://t.co/a", "https://t.co/"]),
         "expanded_url": st.sampled_from(["https://example.com/x", "ftp://x", ""])}), max_size=2)}),
    "note_tweet": st.fixed_dictionaries({"text": st.text(max_size=10)}),
    "author": st.fixed_dictionaries({"id": st.sampled_from(["1", "9"]), "username": st.sampled_from(["jen", ""])}),
}
REQUIRED = ("id", "text", "created_at", "author_id")
LIKELY_TWEET = st.fixed_dictionaries(  # a tweet as the API writes it
    {key: PLAUSIBLE[key] for key in REQUIRED},
    optional={key: PLAUSIBLE[key] for key in PLAUSIBLE if key not in REQUIRED},
)
TWEET = LIKELY_TWEET | LIKELY_TWEET | st.fixed_dictionaries(  # or one with any field of any kind
    {}, optional={key: plausible | JSONISH for key, plausible in PLAUSIBLE.items()})
LIKELY_USER = st.fixed_dictionaries({"id": st.sampled_from(["1", "2"]), "username": st.sampled_from(["jen", "@mo"])},
                                    optional={"name": st.sampled_from(["Jen", ""])})
USER = LIKELY_USER | LIKELY_USER | st.fixed_dictionaries(
    {}, optional={"id": JSONISH, "username": st.sampled_from(["jen", ""]) | JSONISH, "name": JSONISH}) | JSONISH
PAGE = st.builds(lambda data, users, tweets: {"data": data, "includes": {"users": users, "tweets": tweets}},
                 st.lists(TWEET, max_size=4) | TWEET | JSONISH, st.lists(USER, max_size=3),
                 st.lists(TWEET, max_size=2))
LIKELY_PAGE = st.builds(lambda data, users: {"data": data, "includes": {"users": users}},
                        st.lists(LIKELY_TWEET, max_size=4), st.lists(LIKELY_USER, min_size=1, max_size=3))
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
LINE = (PAGE | TWEET | JSONISH).map(json.dumps) | TEXT.filter(lambda t: "\n" not in t and "\r" not in t)
LINES = st.lists(LIKELY_PAGE.map(json.dumps), min_size=1, max_size=3) | st.lists(LINE, min_size=1, max_size=4)


@given(lines=LINES)
def test_any_lines_give_messages_or_a_source_error(tmp_path_factory, lines):
    """Whatever the lines hold: a list of Messages in time order, or a SourceError naming the file."""
    path = tmp_path_factory.mktemp("twarc") / "chat.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = parse(path)
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text and m.handle for m in result)
    assert [m.time for m in result] == sorted(m.time for m in result)


# -- the fixture is what the generator writes ----------------------------------------------------


def test_the_fixture_is_up_to_date(tmp_path, sample):
    """make_twarc.py writes the same bytes as the fixture holds (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_twarc
    finally:
        sys.path.remove(str(FIXTURES))
    make_twarc.write(sample, tmp_path)
    assert (tmp_path / "cmgrchat.jsonl").read_bytes() == EXPORT.read_bytes()
