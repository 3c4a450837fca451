"""The Telegram Desktop JSON parser: the sample chat, exports of one chat and of an account, bad records.

The fixtures in tests/fixtures/recaps/telegram/ are written by make_telegram.py
from the sample recap, so result.json holds the same chat as the transcript.
"""

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import telegram, transcript
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
FOLDER = FIXTURES / "telegram"
RESULT = FOLDER / "result.json"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOST_NAME = "CMGR Chat Host"
NO_OPTIONS = ReadOptions()
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York


def read_recap(path):
    """The transcript Messages of a .recap file (header handled as the reader does)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    blank = lines.index("")
    header = dict(line.split(": ", 1) for line in lines[:blank])
    day = date.fromisoformat(header["Date"].split()[0])
    return transcript.parse_lines(path, lines[blank + 1 :], blank + 2, day, ZoneInfo(header["Timezone"]))


def summary(messages, hosts):
    """What a recap page shows of a chat: questions, their answers' texts, and the numbers."""
    recap = thread_chat(messages, hosts=hosts)
    numbers = stats.compute(recap)
    threads = [(t.question.text, [a.text for a in t.answers]) for t in recap.threads]
    return threads, (numbers.messages, numbers.participants, numbers.questions, numbers.answers)


def parse(path, tz=NEW_YORK, options=NO_OPTIONS):
    return telegram.parse(path, tz, options)


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def write_chat(tmp_path, messages, **chat):
    """Write a one-chat export holding `messages`; return its path."""
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "cmgrchat", "type": "private_group", "id": 1, **chat,
                                "messages": messages}), encoding="utf-8")
    return path


def record(**fields):
    """A message record with a time, an author and a text, changed by `fields`."""
    base = {"id": 1, "type": "message", "date": "2011-10-27T20:00:00", "date_unixtime": "1319760000",
            "from": "Jen Alvarez", "from_id": "user42", "text": "A1: hello"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def one(tmp_path, **fields):
    """The one Message of an export holding one record."""
    [message] = parse(write_chat(tmp_path, [record(**fields)]))
    return message


@pytest.fixture(scope="module")
def messages():
    return parse(RESULT)


# -- the sample chat -------------------------------------------------------------


def test_the_export_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages):
    """Threaded with the host's name, result.json gives the transcript's recap."""
    assert summary(messages, (HOST_NAME,)) == summary(read_recap(SAMPLE), ("cmgrchat_host",))
    threads, numbers = summary(messages, (HOST_NAME,))
    assert numbers == (77, 13, 4, 58) and len(threads) == 4


def test_sample_messages(messages):
    """Every message with its display name as handle, an id, a zone-aware time and its record."""
    assert len(messages) == 79
    assert len({m.handle for m in messages}) == 13
    assert all(m.handle == m.author for m in messages)
    assert messages[0].author == HOST_NAME and messages[0].where == "record 2"  # record 1 is a service record
    assert messages[0].time == CHAT_START and messages[0].time.tzinfo == NEW_YORK
    assert messages[-1].time == datetime(2011, 10, 28, 1, 0, tzinfo=UTC)
    assert all(m.id.isdigit() for m in messages) and len({m.id for m in messages}) == 79


def test_texts_are_the_transcripts(messages):
    """Entity lists join back to the text as written; the forward is the retweet, without 'RT @x: '."""
    sample = read_recap(SAMPLE)
    for got, want in zip(messages, sample):
        assert got.time == want.time
        assert got.text == (want.text.split(": ", 1)[1] if want.is_retweet else want.text)
    assert any("https://example.com/devrel/finding-advocates" in m.text for m in messages)  # a text_link
    assert any("<script>alert(1)</script>" in m.text for m in messages)


def test_forwarded_messages_are_retweets(messages):
    """The host's forward of Mo's answer is marked, so threading drops it."""
    forwarded = [m for m in messages if m.is_retweet]
    assert [(m.author, m.text[:11]) for m in forwarded] == [(HOST_NAME, "A1: Down 9.")]


def test_replies_point_at_the_message_replied_to(messages):
    """reply_to_message_id becomes reply_to: "@newbie_nate ..." replies to Nate."""
    by_id = {m.id: m for m in messages}
    welcome = next(m for m in messages if m.text.startswith("@newbie_nate Welcome"))
    assert by_id[welcome.reply_to].author == "Nate Pruitt"
    assert sum(bool(m.reply_to) for m in messages) == 8
    assert all(m.reply_to in by_id for m in messages if m.reply_to)


def test_service_records_and_media_without_a_caption_are_skipped(messages):
    """Joins, pins and the group's creation are not messages; nor a photo or sticker alone."""
    records = json.loads(RESULT.read_text(encoding="utf-8"))["messages"]
    assert sum(r["type"] == "service" for r in records) == 3
    assert sum(r["type"] == "message" and not r["text"] for r in records) == 2
    assert len(records) == 79 + 5
    assert all(m.text for m in messages)


def test_a_caption_is_the_text_and_no_file_reaches_a_message(messages):
    """The photo with a caption is its caption; no file name, path or user id is kept."""
    caption = next(m for m in messages if "klout.com" in m.text)
    assert caption.text.startswith("Read the announcement on klout.com")
    text = repr(messages)
    for leak in ("photo", ".jpg", ".webp", "File not included", "user51", "from_id"):
        assert leak not in text, leak


def test_an_older_export_with_local_dates_only(messages):
    """No date_unixtime, numeric from_id, plain texts: the same messages, times read in the zone."""
    old = parse(FOLDER / "old_export.json")
    assert [(m.author, m.time, m.text) for m in old] == [(m.author, m.time, m.text) for m in messages[:16]]


# -- whole-account exports ---------------------------------------------------------


def test_an_account_export_gives_the_chat_named_by_channel(messages):
    """The chat called Channel: is read; personal information and contacts are not."""
    chat = parse(FOLDER / "full_export.json", NEW_YORK, ReadOptions(channel="cmgrchat"))
    assert [(m.author, m.time, m.text) for m in chat] == [(m.author, m.time, m.text) for m in messages[:16]]
    assert "555" not in repr(chat)


@pytest.mark.parametrize("channel", ["CMGRCHAT", "#cmgrchat", " cmgrchat "])
def test_the_channel_is_matched_without_case_or_hash(channel):
    assert len(parse(FOLDER / "full_export.json", NEW_YORK, ReadOptions(channel=channel))) == 16


def test_an_account_export_without_channel_lists_its_chats():
    path = FOLDER / "full_export.json"
    err = raised(parse, path)
    assert str(err) == where(path) + (
        "holds 3 chats ('Aunt May', 'cmgrchat', 'Community Managers 2010'); "
        "name the one the recap is about in a 'Channel:' header"
    )


def test_an_account_export_without_the_channel_lists_its_chats():
    path = FOLDER / "full_export.json"
    err = raised(parse, path, NEW_YORK, ReadOptions(channel="cmgr"))
    assert str(err) == where(path) + (
        "has no chat named 'cmgr' (chats: 'Aunt May', 'cmgrchat', 'Community Managers 2010')"
    )


def test_an_account_export_of_one_chat_needs_no_channel(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "", "personal_information": {"phone_number": "+1 555 0100"},
                                "chats": {"list": [{"name": None, "messages": [record()]}]}}), encoding="utf-8")
    assert [m.text for m in parse(path)] == ["A1: hello"]


def test_a_one_chat_export_of_another_chat_is_refused(tmp_path):
    path = write_chat(tmp_path, [record()], name="Family")
    err = raised(parse, path, NEW_YORK, ReadOptions(channel="cmgrchat"))
    assert str(err) == where(path) + "is the export of the chat 'Family', not 'cmgrchat' (the recap's Channel:)"


# -- fields -------------------------------------------------------------------------------


def test_text_entities_are_joined(tmp_path):
    message = one(tmp_path, text=[{"type": "bold", "text": "A1:"}, " see ",
                                  {"type": "mention", "text": "@jen"}, " ",
                                  {"type": "hashtag", "text": "#cmgrchat"}, " ",
                                  {"type": "mention_name", "text": "Mo Haddad", "user_id": 42}])
    assert message.text == "A1: see @jen #cmgrchat Mo Haddad"


@pytest.mark.parametrize(
    "label, href, text",
    [
        ("the post", "https://example.com/post", "the post (https://example.com/post)"),
        ("https://example.com/post", "https://example.com/post", "https://example.com/post"),
        ("example.com/post", "https://example.com/post/", "example.com/post"),
        ("Jen", "tg://user?id=42", "Jen"),
        ("click", "javascript:alert(1)", "click"),
    ],
)
def test_a_text_link_shows_its_address_when_it_differs(tmp_path, label, href, text):
    message = one(tmp_path, text=["A1: ", {"type": "text_link", "text": label, "href": href}])
    assert message.text == "A1: " + text


def test_text_entities_are_read_when_there_is_no_text(tmp_path):
    message = one(tmp_path, text=..., text_entities=[{"type": "plain", "text": "A1: "},
                                                     {"type": "link", "text": "https://x.example"}])
    assert message.text == "A1: https://x.example"


def test_a_deleted_account_is_named_so(tmp_path):
    message = one(tmp_path, **{"from": None})
    assert (message.author, message.handle) == ("Deleted Account", "Deleted Account")


def test_date_unixtime_wins_over_the_local_date(tmp_path):
    message = one(tmp_path, date="2011-10-27T23:59:59", date_unixtime="1319760060")
    assert message.time == datetime(2011, 10, 28, 0, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "written, moment",
    [
        ("2011-10-27T20:00:00", datetime(2011, 10, 28, 0, 0, tzinfo=UTC)),  # New York local time
        ("2011-10-27T20:00:00+00:00", datetime(2011, 10, 27, 20, 0, tzinfo=UTC)),
        ("2011-10-27 20:00", datetime(2011, 10, 28, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_date_alone_is_read_in_the_recaps_zone(tmp_path, written, moment):
    message = one(tmp_path, date=written, date_unixtime=...)
    assert message.time == moment and message.time.tzinfo == NEW_YORK


def test_replies_ids_and_retweet_text(tmp_path):
    message = one(tmp_path, id=7, reply_to_message_id=3, text="RT @mo: A1: yes")
    assert (message.id, message.reply_to, message.is_retweet) == ("7", "3", True)


def test_forwarded_from_marks_a_retweet(tmp_path):
    assert one(tmp_path, forwarded_from="Mo Haddad").is_retweet


@pytest.mark.parametrize(
    "skipped",
    [
        {"type": "service", "action": "pin_message", "actor": "Jen", "text": ""},
        {"type": "service", "action": "join_group_by_link", "actor": "Jen"},
        {"photo": "photos/photo_1.jpg", "text": ""},
        {"file": "files/report.pdf", "media_type": "document", "text": "", "text_entities": []},
        {"poll": {"question": "Q?", "answers": []}, "text": ...},
        {"text": "   "},
    ],
)
def test_records_without_text_are_skipped(tmp_path, skipped):
    assert parse(write_chat(tmp_path, [record(**skipped)])) == []


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"text": 5}, "'text' should be a string or a list, not a number"),
        ({"text": ["A1: ", 5]}, "'text' item 2 should be a string or an object, not a number"),
        ({"text": [{"type": "bold", "text": ["x"]}]}, "'text[1].text' should be a string, not a list"),
        ({"text": [{"type": "text_link", "text": "x", "href": 3}]}, "'text[1].href' should be a string, not a number"),
        ({"text": ..., "text_entities": "A1"}, "'text_entities' should be a list, not a string"),
        ({"type": ["message"]}, "'type' should be a string, not a list"),
        ({"id": ...}, "the message has no 'id'"),
        ({"id": 1.5}, "'id' should be a string or a whole number, not a number"),
        ({"date_unixtime": "soon"}, "invalid date_unixtime 'soon' (expected whole seconds, e.g. '1319760000')"),
        ({"date_unixtime": "99999999999999"}, "invalid date_unixtime '99999999999999'"),
        ({"date_unixtime": ..., "date": "27/10/2011 20:00"},
         "invalid date '27/10/2011 20:00' (expected e.g. '2011-10-27T20:00:00')"),
        ({"date_unixtime": ..., "date": "2011-02-30T20:00:00"}, "invalid date '2011-02-30T20:00:00'"),
        ({"date_unixtime": ..., "date": "0001-01-01T00:00:00"}, "invalid date '0001-01-01T00:00:00'"),
        ({"date_unixtime": ..., "date": ...}, "the message has no 'date'"),
        ({"from": {"name": "Jen"}}, "'from' should be a string, not an object"),
        ({"forwarded_from": 3}, "'forwarded_from' should be a string, not a number"),
        ({"reply_to_message_id": [1]}, "'reply_to_message_id' should be a string or a whole number, not a list"),
    ],
)
def test_bad_records_are_named_by_their_place(tmp_path, fields, says):
    path = write_chat(tmp_path, [record(id=1, text="A1: fine"), record(**{"id": 2, **fields})])
    assert str(raised(parse, path)).startswith(where(path) + "record 2: " + says)


def test_a_record_that_is_not_an_object(tmp_path):
    path = write_chat(tmp_path, [record(), ["x"]])
    assert str(raised(parse, path)) == where(path) + "record 2: expected a message object, not a list"


@pytest.mark.parametrize(
    "content, line, says",
    [
        ('[{"id": 1}]', None, "expected a Telegram Desktop JSON export: an object with a 'messages' list"),
        ('{"name": "x"}', None, "expected a Telegram Desktop JSON export"),
        ('{"name": "x", "messages": {}}', None, "the chat 'x' has no 'messages' list"),
        ('{"chats": []}', None, "'chats' should be an object with a 'list' of chats"),
        ('{"chats": {"list": [3]}}', None, "'chats.list' item 1 should be a chat object, not a number"),
        ('{"chats": {"list": []}}', None, "the export holds no chats"),
        ('{"chats": {"list": [{"name": "a"}]}}', None, "the chat 'a' has no 'messages' list"),
        ('{\n "name": "x",\n "messages": [\n  {"id": 1,\n', 5, "invalid JSON: "),
        ('{"name": "x", "messages": []}\n{}', 2, "unexpected text after the JSON value"),
        ("  \n", None, "the file is empty"),
    ],
)
def test_broken_exports(tmp_path, content, line, says):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    assert str(raised(parse, path)).startswith(where(path, line) + says)


# -- recognising the format ------------------------------------------------------------------


def test_telegram_exports_are_recognised():
    for name in ("result.json", "full_export.json", "old_export.json"):
        head = (FOLDER / name).read_text(encoding="utf-8")
        assert telegram.sniff(head), name
        assert telegram.sniff(head[:300]), name  # cut in the middle of a record


@pytest.mark.parametrize(
    "head",
    [
        "",
        "{",
        '{"guild": {"id": "1"}, "channel": {}, "messages": [{"id": "1", "type": "Default"}]}',
        '[{"type": "message", "user": "U0CM00001", "text": "hi", "ts": "1319760000.000100"}]',
        '{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": []}',
        '{"id": "1", "text": "A1: hi", "created_at": "Thu Oct 27 20:02:11 +0000 2011"}\n{"id": "2"}',
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n",
        "10/27/11, 8:00 PM - CMGR Chat Host: Welcome\n",
        '{"messages": [], "type": "message"}',
        "\x00\x01\x02 binary",
    ],
)
def test_other_files_are_not_taken_for_telegram(head):
    assert telegram.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert telegram.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

KEYS = ["name", "type", "id", "messages", "chats", "left_chats", "list", "date", "date_unixtime", "from",
        "from_id", "text", "text_entities", "href", "reply_to_message_id", "forwarded_from", "photo", "file"]
SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["message", "service", "text_link", "cmgrchat", "2011-10-27T20:00:00", "1319760000",
                       "-5", "2011-13-40T99:00:00", "Jen", "", "https://x.example", "tg://user?id=1"])
    | st.text(max_size=12)
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=6),
    max_leaves=25,
)
ENTITY = st.fixed_dictionaries(
    {"type": st.sampled_from(["plain", "bold", "mention", "hashtag", "link", "text_link"]),
     "text": st.text(max_size=8)},
    optional={"href": st.sampled_from(["https://x.example", "tg://user?id=1", "javascript:x"]) | JSONISH},
)
PLAUSIBLE = {  # values an export holds, so that records often make it through to messages
    "id": st.integers(min_value=0, max_value=10**6),
    "date": st.sampled_from(["2011-10-27T20:00:00", "2011-10-27T20:00:00-04:00", "1969-12-31T23:59:59",
                             "2011-03-13T02:30:00", "2011-11-06T01:30:00"]),
    "date_unixtime": st.integers(min_value=0, max_value=4 * 10**9).map(str),
    "from": st.sampled_from(["Jen Alvarez", "CMGR Chat Host", "+1 555 0100", "", None]),
    "text": st.text(max_size=20) | st.lists(st.text(max_size=6) | ENTITY, max_size=4),
    "text_entities": st.lists(ENTITY, max_size=3),
    "reply_to_message_id": st.integers(min_value=0, max_value=10**6),
    "forwarded_from": st.sampled_from(["Mo Haddad", None]),
}
MESSAGE = st.fixed_dictionaries(  # an export's record, or one with a field of any kind
    {"type": st.sampled_from(["message", "message", "service"]), "id": PLAUSIBLE["id"],
     "date": PLAUSIBLE["date"], "text": PLAUSIBLE["text"]},
    optional={key: PLAUSIBLE[key] for key in PLAUSIBLE if key not in ("id", "date", "text")},
) | st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "service"]) | JSONISH},
    optional={key: plausible | JSONISH for key, plausible in PLAUSIBLE.items()},
)
EXPORTS = (
    st.builds(lambda messages, name: {"name": name, "messages": messages}, st.lists(MESSAGE | JSONISH, max_size=5),
              JSONISH)
    | st.builds(lambda chats: {"chats": {"list": chats}}, st.lists(
        st.builds(lambda messages, name: {"name": name, "messages": messages}, st.lists(MESSAGE, max_size=3),
                  st.sampled_from(["cmgrchat", "other", None])), max_size=3))
    | JSONISH
)


@given(export=EXPORTS, channel=st.sampled_from(["", "cmgrchat", "nope"]))
def test_any_export_gives_messages_or_a_source_error(tmp_path_factory, export, channel):
    """Whatever the JSON holds: a list of Messages, or a SourceError naming the file."""
    path = tmp_path_factory.mktemp("telegram") / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    try:
        result = parse(path, NEW_YORK, ReadOptions(channel=channel))
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text for m in result)


# -- the fixtures are what the generator writes ------------------------------------------------------


def test_the_fixtures_are_up_to_date(tmp_path):
    """make_telegram.py writes the same bytes as the fixtures hold (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_telegram
    finally:
        sys.path.remove(str(FIXTURES))
    make_telegram.write(read_recap(SAMPLE), tmp_path)
    for name in ("result.json", "full_export.json", "old_export.json"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
