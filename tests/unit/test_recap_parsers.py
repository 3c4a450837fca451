"""The chat-export parsers, on the sample chat in every format and on broken exports.

The export fixtures in tests/fixtures/recaps/ are written by make_fixtures.py
from the sample recap, so every format holds the same chat.
"""

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chat_recaps.parsers import common, csv_tweets, discord, slack, transcript, tweets_js
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
BAD = FIXTURES / "bad"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOST = "cmgrchat_host"
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York
CHAT_END = datetime(2011, 10, 28, 1, 0, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1)"


def read_recap(path):
    """Return the transcript Messages of a .recap file (header handled as the reader does)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    blank = lines.index("")
    header = dict(line.split(": ", 1) for line in lines[:blank])
    day = date.fromisoformat(header["Date"].split()[0])
    return transcript.parse_lines(path, lines[blank + 1 :], blank + 2, day, ZoneInfo(header["Timezone"]))


def raised(call, *args):
    """Return the SourceError that `call(*args)` raises."""
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    """Return how a SourceError names `path` (and `line`)."""
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def lines_of(text):
    """Split a dedented transcript into lines."""
    return text.strip("\n").split("\n")


@pytest.fixture(scope="module")
def sample():
    """The sample recap's messages."""
    return read_recap(SAMPLE)


@pytest.fixture(scope="module")
def exports():
    """The messages of every export fixture, by format."""
    return {
        "csv": csv_tweets.parse(FIXTURES / "klout.csv", NEW_YORK),
        "tweets.js": tweets_js.parse(FIXTURES / "tweets.js", "", "", NEW_YORK),
        "slack": slack.parse(FIXTURES / "slack" / "cmgrchat", NEW_YORK),
        "discord": discord.parse(FIXTURES / "discord.json", NEW_YORK),
    }


# -- common -----------------------------------------------------------------


def test_handles_compare_without_case_or_at_sign():
    """handle_key folds case and drops the leading @ (chat_recaps.handles has the rule)."""
    assert common.handle_key("@Jen_Builds_Cmty") == common.handle_key("jen_builds_cmty")
    assert common.strip_at(" @Mo ") == "Mo"


def test_twitter_times_parse_whatever_the_locale():
    """Twitter's created_at format gives an aware UTC time."""
    moment = common.parse_twitter_time("Thu Oct 27 20:02:11 +0000 2011")
    assert moment == datetime(2011, 10, 27, 20, 2, 11, tzinfo=UTC)
    assert common.parse_twitter_time("Thu Oct 27 16:02:11 -0400 2011") == moment
    with pytest.raises(ValueError):
        common.parse_twitter_time("27 Oct 2011")


def test_twitter_escapes_are_undone_once():
    """Only &lt; &gt; &amp; are unescaped, and "&amp;lt;" stays a literal "&lt;"."""
    assert common.unescape_twitter("&lt;b&gt; &amp;lt; &amp;copy;") == "<b> &lt; &copy;"


def test_a_bad_byte_is_reported_at_its_line(tmp_path):
    """read_text_strict names the line of the first byte that is not UTF-8."""
    path = tmp_path / "x.json"
    path.write_bytes(b'[\n  "ok",\n  "caf\xe9"\n]\n')
    err = raised(common.read_text_strict, path)
    assert str(err) == where(path, 3) + "byte 0xE9 at column 7 is not UTF-8 (save the export as UTF-8)"


# -- transcript -----------------------------------------------------------------


def test_sample_recap_parses(sample):
    """The sample chat: 79 messages by 13 people, 8 to 9 PM in New York."""
    assert len(sample) == 79
    assert len({m.handle for m in sample}) == 13
    assert sample[0].time == CHAT_START and sample[-1].time == CHAT_END
    assert sample[0].where == "line 11" and sample[0].handle == HOST
    assert [m.handle for m in sample if m.is_retweet] == [HOST]
    assert any(HOSTILE in m.text for m in sample)


def test_sample_recap_has_the_chat_features_the_site_shows(sample):
    """Questions in four forms, a late A1, a duplicate and a two-line message."""
    texts = [m.text for m in sample]
    for form in ("Q1: ", "Q2) ", "Q3. ", "Question 4: "):
        assert any(t.startswith(form) for t in texts), form
    q2 = next(i for i, t in enumerate(texts) if t.startswith("Q2)"))
    assert any(t.startswith("A1") for t in texts[q2:])
    assert len(texts) - len(set(zip((m.handle for m in sample), texts))) == 1
    assert any(t.endswith("\nSuggest questions with #cmgrchat any time") for t in texts)


@pytest.mark.parametrize(
    "written, hour, minute, second",
    [
        ("[20:02]", 20, 2, 0),
        ("20:02", 20, 2, 0),
        ("8:02 PM", 20, 2, 0),
        ("[8:02:15 pm]", 20, 2, 15),
        ("12:05 a.m.", 0, 5, 0),
        ("[ 09:30 ]", 9, 30, 0),
    ],
)
def test_transcript_times(written, hour, minute, second):
    """Each accepted way of writing the time gives the same clock time."""
    [m] = transcript.parse_lines("t.recap", [f"{written} @jen: hi"], 5, date(2011, 10, 27), NEW_YORK)
    assert m.time == datetime(2011, 10, 27, hour, minute, second, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    "line, author, handle",
    [
        ("[20:02] @Jen: hello there", "Jen", "Jen"),
        ("[20:02] jen.b: hello there", "jen.b", "jen.b"),
        ("[20:02] Jen Alvarez (@jen_b): hello there", "Jen Alvarez", "jen_b"),
        ("8:02 PM  Jen Alvarez  (jen_b):  hello there", "Jen Alvarez", "jen_b"),
    ],
)
def test_transcript_speakers(line, author, handle):
    """@handle, handle and 'Display Name (@handle)' all name the speaker."""
    [m] = transcript.parse_lines("t.recap", [line], 1, date(2011, 10, 27), NEW_YORK)
    assert (m.author, m.handle, m.text) == (author, handle, "hello there")


def test_transcript_lines_without_time_continuations_and_blanks():
    """Untimed lines take the last time; indented lines continue; blank lines are skipped."""
    messages = transcript.parse_lines("t.recap", lines_of("""
[8:00 PM] @host: Q1: what do you think?

@jen: A1: Two lines,
    joined by a newline.
\tAnd a tab.
"""), 20, date(2011, 10, 27), NEW_YORK)
    assert [m.where for m in messages] == ["line 20", "line 22"]
    assert messages[1].text == "A1: Two lines,\njoined by a newline.\nAnd a tab."
    assert messages[1].time == messages[0].time


def test_transcript_retweets():
    """A message whose text starts with 'RT @' is a retweet."""
    [m] = transcript.parse_lines("t.recap", ["[20:02] @mo: RT @jen: A1: yes"], 1, date(2011, 10, 27), NEW_YORK)
    assert m.is_retweet and m.text == "RT @jen: A1: yes"


def test_transcript_crosses_midnight():
    """A time 12+ hours before the previous one is on the next day."""
    messages = transcript.parse_lines("t.recap", lines_of("""
[11:58 PM] @a: late
[11:50 PM] @b: slightly out of order
[12:03 AM] @a: after midnight
[00:10] @b: still the next day
"""), 1, date(2011, 10, 27), NEW_YORK)
    assert [m.time.day for m in messages] == [27, 27, 28, 28]
    assert messages[2].time.astimezone(UTC) == datetime(2011, 10, 28, 4, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("@jen: no time yet", 7, "the first message needs a time (expected '[time] @handle: text')"),
        ("    indented first", 7, "indented line with no message above it"),
        ("[8:00 PM] @a: ok\n[25:00] @b: hm", 8, "invalid time '25:00'"),
        ("[8:00 PM] @a: ok\n[13:00 PM] @b: hm", 8, "invalid time '13:00 PM' (12-hour times run from 1 to 12)"),
        ("[8:00 PM] @a: ok\n[8:01 PM] @b:", 8, "message has no text"),
        ("[8:00 PM] @a: ok\n\njust some words", 9, "expected '[time] @handle: text'"),
    ],
)
def test_transcript_errors_name_the_line(text, line, says):
    """Every malformed transcript line is reported at its line in the file."""
    err = raised(transcript.parse_lines, "recaps/t.recap", text.split("\n"), 7, date(2011, 10, 27), NEW_YORK)
    assert str(err).startswith(f"recaps/t.recap:{line}: {says}")


def test_transcript_bad_line_fixture():
    """The fixture's line without a colon is reported at its line."""
    path = BAD / "transcript_bad_line.recap"
    err = raised(read_recap, path)
    assert str(err) == where(path, 8) + "expected '[time] @handle: text'"


# -- CSV -----------------------------------------------------------------------------


def test_csv_fixture(exports):
    """klout.csv: every tweet with its display name, id, reply link and UTC time."""
    messages = exports["csv"]
    assert len(messages) == 79 and len({m.handle for m in messages}) == 13
    assert messages[0].time == CHAT_START and messages[-1].time == CHAT_END
    assert messages[0].time.tzinfo == NEW_YORK
    assert messages[0].author == "CMGR Chat Host" and messages[0].where == "line 2"
    welcome = next(m for m in messages if m.text.startswith("@newbie_nate Welcome"))
    assert next(m for m in messages if m.id == welcome.reply_to).handle == "newbie_nate"
    assert [m.handle for m in messages if m.is_retweet] == [HOST]
    assert any(HOSTILE in m.text for m in messages)


def test_csv_keeps_the_duplicate_capture(exports):
    """The tweet captured twice appears twice, with the same id (dropping it is threading's job)."""
    ids = [m.id for m in exports["csv"]]
    assert len(ids) - len(set(ids)) == 1


def test_csv_multiline_tweet_and_line_numbers(exports):
    """A tweet with a line break spans two CSV lines; the next record's line accounts for it."""
    messages = exports["csv"]
    index = next(i for i, m in enumerate(messages) if "\n" in m.text)
    assert int(messages[index + 1].where.split()[1]) == int(messages[index].where.split()[1]) + 2


def test_csv_column_names_are_matched_without_case(tmp_path):
    """Other archivers' column names, any case, with ISO and TAGS day-first times."""
    path = tmp_path / "t.csv"
    path.write_text(
        "Tweet_ID,Screen_Name,Name,Full_Text,Timestamp,In_Reply_To_Status_ID,Retweeted_Status,Email\n"
        "1,@Jen,Jen A.,A1: yes &amp; no,2011-10-28T00:06:00Z,,,jen@example.org\n"
        "2,mo,,RT-like but flagged,2011-10-28 00:07:00,1,true,mo@example.org\n"
        "3,mo,,A1: again,28/10/2011 00:08:09,,0,\n",
        encoding="utf-8",
    )
    a, b, c = csv_tweets.parse(path, UTC)
    assert (a.handle, a.author, a.text, a.id) == ("Jen", "Jen A.", "A1: yes & no", "1")
    assert a.time == datetime(2011, 10, 28, 0, 6, tzinfo=UTC)
    assert (b.author, b.reply_to, b.is_retweet) == ("mo", "1", True)
    assert b.time == datetime(2011, 10, 28, 0, 7, tzinfo=UTC)
    assert c.time == datetime(2011, 10, 28, 0, 8, 9, tzinfo=UTC) and not c.is_retweet


@pytest.mark.parametrize(
    "body, line, says",
    [
        ('"two\nlines",jen,Thu Oct 27 20:02:11 +0000 2011\nthree,mo,yesterday\n', 4,
         "invalid time 'yesterday'"),
        ("one,jen,Thu Oct 27 20:02:11 +0000 2011\ntwo,mo\n", 3, "record has 2 fields, the header (line 1) has 3"),
        ("one, ,Thu Oct 27 20:02:11 +0000 2011\n", 2, "the tweet has no author handle"),
        ("one,jen,Thu Oct 27 20:02:11 +0000 2011\n ,jen,Thu Oct 27 20:03:11 +0000 2011\n", 3,
         "the tweet has no text"),
        ('"one,jen,Thu Oct 27 20:02:11 +0000 2011\n', 2, "broken CSV: unexpected end of data"),
    ],
)
def test_csv_bad_records_name_their_line(tmp_path, body, line, says):
    """A bad record is reported at the CSV line where it starts."""
    path = tmp_path / "t.csv"
    path.write_text("text,from_user,created_at\n" + body, encoding="utf-8")
    err = raised(csv_tweets.parse, path, UTC)
    assert str(err).startswith(where(path, line) + says)


def test_csv_missing_columns():
    """The header's line is named, with the column names that would do."""
    path = BAD / "missing_columns.csv"
    err = raised(csv_tweets.parse, path, UTC)
    assert str(err) == where(path, 1) + "no column for the tweet time (one of: created_at, time, timestamp)"


def test_csv_missing_columns_are_all_named(tmp_path):
    """Several missing columns are named in one message."""
    path = tmp_path / "t.csv"
    path.write_text("id,profile_image_url\n1,x\n", encoding="utf-8")
    assert str(raised(csv_tweets.parse, path, UTC)) == where(path, 1) + (
        "no column for the tweet text (one of: full_text, text, tweet); "
        "the author's handle (one of: from_user, screen_name, user_screen_name, username); "
        "the tweet time (one of: created_at, time, timestamp)"
    )


def test_a_csv_in_latin_1_is_read_as_such():
    """A file whose one non-ASCII byte is Latin-1 is read in that encoding (cp1252, its superset)."""
    messages = csv_tweets.parse(BAD / "bad_encoding.csv", UTC)
    assert messages[-1].text == "Caf\u00e9 chat tonight"


def test_csv_mixing_encodings_names_the_line(tmp_path):
    """UTF-8 up to a line, Latin-1 after: the line of the first byte that does not fit."""
    path = tmp_path / "mixed.csv"
    path.write_bytes((BAD / "bad_encoding.csv").read_bytes().replace(b"Welcome", "Welc\u00f6me".encode()))
    err = raised(csv_tweets.parse, path, UTC)
    assert str(err).startswith(where(path, 4) + "byte 0xE9 at column ")


def test_csv_empty():
    """An empty CSV says so."""
    path = BAD / "empty.csv"
    assert str(raised(csv_tweets.parse, path, UTC)) == where(path) + "the file is empty"


def test_csv_blank(tmp_path):
    """A CSV of blank lines is empty too."""
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\n \r\n")
    assert str(raised(csv_tweets.parse, path, UTC)) == where(path) + "the file is empty"


def test_csv_of_5_megabytes(tmp_path):
    """A 5 MB archive (about 27,000 rows) is read whole, every row a message.

    `invoke bench --recaps` measures time and memory at 120,000 messages.
    """
    path = tmp_path / "big.csv"
    header = "id_str,from_user,from_user_name,text,created_at,profile_image_url,user_followers_count\n"
    row = (
        '129706000000000000,jen_builds_cmty,Jen Alvarez,"A1: Down 14 points overnight, so what was '
        'the old number telling me? &amp; why? #cmgrchat",Fri Oct 28 00:06:00 +0000 2011,'
        "http://a0.twimg.com/profile_images/1/avatar_normal.png,137\n"
    )
    rows = 5 * 1024 * 1024 // len(row) + 1
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        for _ in range(rows // 1000):
            f.write(row * 1000)
        f.write(row * (rows % 1000))
    assert path.stat().st_size > 5 * 1024 * 1024
    assert len(csv_tweets.parse(path, UTC)) == rows


# -- tweets.js -------------------------------------------------------------------------------


def test_tweets_js_fixture(exports):
    """tweets.js: only the host's tweets, owner read from account.js, t.co links expanded."""
    messages = exports["tweets.js"]
    assert len(messages) == 11
    assert {(m.handle, m.author) for m in messages} == {(HOST, "CMGR Chat Host")}
    assert messages[0].time == CHAT_START
    assert messages[-1].time == datetime(2011, 10, 28, 0, 58, tzinfo=UTC)
    assert [m.where for m in messages[:2]] == ["record 1", "record 2"]
    assert any("https://example.com/blog/klout-score-change" in m.text for m in messages)
    assert not any("t.co/" in m.text for m in messages)
    assert sum(m.is_retweet for m in messages) == 1


def test_tweets_js_reply_points_at_the_csv_tweet(exports):
    """The host's reply names the id of the participant's tweet, as in the CSV."""
    reply = next(m for m in exports["tweets.js"] if m.text.startswith("@newbie_nate Welcome"))
    replied = next(m for m in exports["csv"] if m.id == reply.reply_to)
    assert replied.handle == "newbie_nate" and replied.text.startswith("Hi! Nate")


def test_tweets_js_owner_given_by_the_recap(tmp_path):
    """An explicit owner is used; older 'tweet' prefix, bare items and a trailing ';' are fine."""
    path = tmp_path / "tweet.js"
    path.write_text(
        'window.YTD.tweet.part0 = [{"id_str": "5", "full_text": "hi &lt;3",'
        ' "created_at": "Fri Oct 28 00:01:00 +0000 2011"}];\n',
        encoding="utf-8",
    )
    [m] = tweets_js.parse(path, "@Host", "", UTC)
    assert (m.handle, m.author, m.text, m.id, m.reply_to) == ("Host", "Host", "hi <3", "5", "")


@pytest.mark.parametrize(
    "content, line, says",
    [
        ('window.YTD.tweets.part0 = [\n{"tweet": {"id_str": "1",\n', 3,
         "invalid JSON: expecting property name enclosed in double quotes at column 1"),
        ("window.YTD.tweets.part0 = [\n]\nalert(1)\n", 3, "unexpected text after the JSON list"),
        ("window.YTD.tweets.part0 = {}\n", 1, "expected a JSON list after 'window.YTD.tweets.part0 ='"),
        ("window.evil = [];\n", 1, "expected the file to start with 'window.YTD.tweets.part0 = ['"),
    ],
)
def test_tweets_js_broken_files(tmp_path, content, line, says):
    """A broken archive file is reported at its line."""
    path = tmp_path / "tweets.js"
    path.write_text(content, encoding="utf-8")
    assert str(raised(tweets_js.parse, path, "host", "", UTC)).startswith(where(path, line) + says)


def test_tweets_js_record_errors(tmp_path):
    """A tweet without a usable time is reported by its place in the list."""
    path = tmp_path / "tweets.js"
    path.write_text(
        'window.YTD.tweets.part0 = [{"tweet": {"full_text": "a", "created_at": "Fri Oct 28 00:01:00 +0000 2011"}},'
        ' {"tweet": {"full_text": "b", "created_at": "2011-10-28"}}]',
        encoding="utf-8",
    )
    err = raised(tweets_js.parse, path, "host", "", UTC)
    assert str(err).startswith(where(path) + "record 2: invalid created_at '2011-10-28'")


def test_tweets_js_without_prefix():
    """A plain JSON file is not taken for an archive file."""
    path = BAD / "tweets_no_prefix.js"
    assert str(raised(tweets_js.parse, path, HOST, "", UTC)) == where(path, 1) + (
        "expected the file to start with 'window.YTD.tweets.part0 = [' (an X/Twitter archive file)"
    )


def test_tweets_js_needs_an_owner(tmp_path):
    """Without a host handle or account.js, the error says what to set."""
    path = tmp_path / "tweets.js"
    path.write_text((FIXTURES / "tweets.js").read_text(encoding="utf-8"), encoding="utf-8")
    err = raised(tweets_js.parse, path, "", "", UTC)
    assert "set the recap's 'Hosts:'" in str(err) and err.line is None


# -- Slack ----------------------------------------------------------------------------


def write_day(folder, records, name="2011-10-28.json"):
    """Write a Slack day file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(records), encoding="utf-8")
    return folder / name


# -- Discord --------------------------------------------------------------------------------


def test_discord_fixture(exports):
    """discord.json: nicknames, replies by reference, pins and joins skipped."""
    messages = exports["discord"]
    assert len(messages) == 79 and len({m.handle for m in messages}) == 13
    assert messages[0].time == CHAT_START and messages[-1].time == CHAT_END
    assert {m.author for m in messages if m.handle == "metrics_marco"} == {"Marco Bellini"}
    reply = next(m for m in messages if m.text.startswith("@perks_priya Most honest"))
    assert next(m for m in messages if m.id == reply.reply_to).handle == "perks_priya"
    assert not any(m.text in ("Pinned a message.", "Joined the server.") for m in messages)


@pytest.mark.parametrize(
    "record, says",
    [
        ({"id": "2", "type": "Default", "timestamp": "yesterday", "content": "x", "author": {"name": "a"}},
         "record 2: invalid timestamp 'yesterday'"),
        ({"id": "2", "type": "Reply", "timestamp": "2011-10-28T00:00:00Z", "content": "x", "author": {"id": "9"}},
         "record 2: the message has no 'author' with a 'name'"),
        ({"type": "Default", "timestamp": "2011-10-28T00:00:00Z", "content": "x"},
         "record 2: the message has no 'id'"),
    ],
)
def test_discord_record_errors(tmp_path, record, says):
    """A bad message is reported by its place in the list."""
    good = {"id": "1", "type": "Default", "timestamp": "2011-10-28T00:00:00", "content": "ok",
            "author": {"name": "a"}}
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"messages": [good, record]}), encoding="utf-8")
    assert str(raised(discord.parse, path, UTC)).startswith(where(path) + says)


def test_discord_truncated():
    """The truncated export is reported at the line where it stops."""
    path = BAD / "truncated.json"
    assert str(raised(discord.parse, path, UTC)) == where(path, 100) + (
        "invalid JSON: unterminated string starting at column 18 (is the export complete?)"
    )


@pytest.mark.parametrize(
    "content, says", [("[]", "expected a DiscordChatExporter JSON export"), ("", "the file is empty")]
)
def test_discord_not_an_export(tmp_path, content, says):
    """A file that is not an export, or is empty, says so."""
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    assert str(raised(discord.parse, path, UTC)).startswith(where(path) + says)


# -- the same chat everywhere, and nothing private -------------------------------------------


@pytest.mark.parametrize("export", ["csv", "slack", "discord"])
def test_every_export_holds_the_sample_chat(sample, exports, export):
    """Same people, texts and times as the sample recap."""
    expected = sorted((m.handle, m.text, m.time) for m in sample)
    assert sorted((m.handle, m.text, m.time) for m in exports[export]) == expected


def test_the_archive_holds_the_hosts_part_of_the_chat(sample, exports):
    """tweets.js holds exactly the host's messages."""
    expected = [(m.handle, m.text, m.time) for m in sample if m.handle == HOST]
    assert [(m.handle, m.text, m.time) for m in exports["tweets.js"]] == expected


def test_display_names_agree_across_exports(exports):
    """Each person has one display name, whichever export it comes from."""
    names = {}
    for export in ("csv", "slack", "discord"):
        for m in exports[export]:
            names.setdefault(m.handle, set()).add(m.author)
    assert all(len(found) == 1 for found in names.values()), names


def private_values():
    """Return e-mail addresses, user ids and avatar URLs present in the fixtures."""
    users = json.loads((FIXTURES / "slack" / "users.json").read_text(encoding="utf-8"))
    values = {u["id"] for u in users} | {u["profile"]["email"] for u in users}
    values |= {u["profile"]["image_72"] for u in users}
    for record in json.loads((FIXTURES / "discord.json").read_text(encoding="utf-8"))["messages"]:
        values |= {record["author"]["id"], record["author"]["avatarUrl"]}
    with open(FIXTURES / "klout.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            values |= {row["from_user_id_str"], row["profile_image_url"]}
    return values | {"host@example.org"}


def test_no_private_data_reaches_a_message(exports):
    """No e-mail address, user id, avatar or profile URL is in any field of any message."""
    private = private_values()
    assert len(private) > 40
    for export, messages in exports.items():
        for m in messages:
            fields = [m.author, m.handle, m.text, m.where, m.id, m.reply_to, m.thread]
            leaks = [v for v in private for f in fields if v in f]
            assert not leaks, (export, m.where, leaks)
            assert "@example.org" not in " ".join(fields)
            joined = " ".join(fields)
            assert not any(word in joined for word in ("avatar", "twimg", "slack-edge", "discordapp"))


# -- hostile shapes: every field of the wrong kind is a SourceError, never a Python error ------

GOOD_DISCORD = {"id": "1", "type": "Default", "timestamp": "2011-10-28T00:00:00Z", "content": "ok",
                "author": {"name": "a"}}
GOOD_SLACK = {"type": "message", "user": "U1", "text": "ok", "ts": "1319760000.000100"}
GOOD_TWEET = {"id_str": "1", "full_text": "ok", "created_at": "Fri Oct 28 00:01:00 +0000 2011"}


def with_fields(good, **changes):
    """`good` with `changes` (None removes the key)."""
    record = dict(good, **changes)
    return {key: value for key, value in record.items() if value is not None}


@pytest.mark.parametrize(
    "record, says",
    [
        (with_fields(GOOD_DISCORD, type=["Default"]), "'type' should be a string, not a list"),
        (with_fields(GOOD_DISCORD, type={"name": "Default"}), "'type' should be a string, not an object"),
        (with_fields(GOOD_DISCORD, type=True), "'type' should be a string, not true or false"),
        (with_fields(GOOD_DISCORD, id=["1"]), "'id' should be a string or a whole number, not a list"),
        (with_fields(GOOD_DISCORD, id=1.5), "'id' should be a string or a whole number, not a number"),
        (with_fields(GOOD_DISCORD, timestamp=1319760000), "'timestamp' should be a string, not a number"),
        (with_fields(GOOD_DISCORD, timestamp=None), "invalid timestamp ''"),
        (with_fields(GOOD_DISCORD, timestamp="9999-12-31T23:59:59-05:00"),
         "invalid timestamp '9999-12-31T23:59:59-05:00'"),
        (with_fields(GOOD_DISCORD, timestamp="0001-01-01T00:00:00Z"), "invalid timestamp '0001-01-01T00:00:00Z'"),
        (with_fields(GOOD_DISCORD, timestamp="2011-10-28T" + "9" * 5000), "invalid timestamp '2011-10-28T9999"),
        (with_fields(GOOD_DISCORD, content={"text": "x"}), "'content' should be a string, not an object"),
        (with_fields(GOOD_DISCORD, content=5), "'content' should be a string, not a number"),
        (with_fields(GOOD_DISCORD, author="a"), "'author' should be an object, not a string"),
        (with_fields(GOOD_DISCORD, author={"name": ["a"]}), "'author.name' should be a string, not a list"),
        (with_fields(GOOD_DISCORD, author={"name": "a", "nickname": 5}),
         "'author.nickname' should be a string, not a number"),
        (with_fields(GOOD_DISCORD, reference=[]), "'reference' should be an object, not a list"),
        (with_fields(GOOD_DISCORD, reference={"messageId": {"id": "1"}}),
         "'reference.messageId' should be a string or a whole number, not an object"),
        (5, "expected a message object"),
        ([GOOD_DISCORD], "expected a message object"),
        (None, "expected a message object"),
    ],
)
def test_discord_fields_of_the_wrong_kind(tmp_path, record, says):
    """Each field is checked before use: the message names the record and the field."""
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"messages": [GOOD_DISCORD, record]}), encoding="utf-8")
    message = str(raised(discord.parse, path, NEW_YORK))
    assert message.startswith(where(path) + "record 2: " + says), message
    assert len(message) < 300


@pytest.mark.parametrize(
    "content, says",
    [
        ('{"messages": {}}', "expected a DiscordChatExporter JSON export"),
        ('{"messages": "x"}', "expected a DiscordChatExporter JSON export"),
        ('"messages"', "expected a DiscordChatExporter JSON export"),
        ("5", "expected a DiscordChatExporter JSON export"),
        ("null", "expected a DiscordChatExporter JSON export"),
        ('{"messages": [NaN]}', "invalid JSON: NaN is not a number JSON allows"),
        ('{"messages": [{"id": Infinity}]}', "invalid JSON: Infinity is not a number JSON allows"),
        ('{"messages": [-Infinity]}', "invalid JSON: -Infinity is not a number JSON allows"),
        ('{"messages": [{"id": 1e999}]}', "invalid JSON: the number 1e999 is too large"),
        ('{"messages": [{"id": ' + "9" * 5000 + "}]}", "invalid JSON: the number 99999999999999999999... has more"),
        ('{"messages": ' + "[" * 100_000 + "]" * 100_000 + "}",
         "invalid JSON: lists or objects nested too deeply"),
    ],
)
def test_discord_exports_of_the_wrong_shape(tmp_path, content, says):
    """A top level that is not an export, or numbers no export holds, say so."""
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    assert str(raised(discord.parse, path, UTC)).startswith(where(path) + says)


def tweets_file(tmp_path, items):
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(items), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "item, says",
    [
        (5, 'expected an object {"tweet": {...}}'),
        ({"tweet": []}, 'expected an object {"tweet": {...}}'),
        ({"tweet": with_fields(GOOD_TWEET, full_text=["a"])}, "'full_text' should be a string, not a list"),
        ({"tweet": with_fields(GOOD_TWEET, full_text=None, text=5)}, "'text' should be a string, not a number"),
        ({"tweet": with_fields(GOOD_TWEET, full_text=None)}, "the tweet has no 'full_text'"),
        ({"tweet": with_fields(GOOD_TWEET, created_at=5)}, "'created_at' should be a string, not a number"),
        ({"tweet": with_fields(GOOD_TWEET, created_at="Fri Oct 28 00:01:00 +9900 2011")},
         "invalid created_at 'Fri Oct 28 00:01:00 +9900 2011'"),
        ({"tweet": with_fields(GOOD_TWEET, created_at="Fri Dec 31 23:01:00 -0500 9999")},
         "invalid created_at 'Fri Dec 31 23:01:00 -0500 9999'"),
        ({"tweet": with_fields(GOOD_TWEET, id_str=[1])}, "'id_str' should be a string or a whole number, not a list"),
        ({"tweet": with_fields(GOOD_TWEET, in_reply_to_status_id_str={})},
         "'in_reply_to_status_id_str' should be a string or a whole number, not an object"),
        ({"tweet": with_fields(GOOD_TWEET, entities=[])}, "'entities' should be an object, not a list"),
        ({"tweet": with_fields(GOOD_TWEET, entities={"urls": {}})}, "'entities.urls' should be a list, not an object"),
        ({"tweet": with_fields(GOOD_TWEET, entities={"urls": [5]})},
         "'entities.urls[1]' should be an object, not a number"),
        ({"tweet": with_fields(GOOD_TWEET, entities={"urls": [{"url": ["x"], "expanded_url": "y"}]})},
         "'entities.urls[1].url' should be a string, not a list"),
    ],
)
def test_tweets_js_fields_of_the_wrong_kind(tmp_path, item, says):
    path = tweets_file(tmp_path, [{"tweet": GOOD_TWEET}, item])
    message = str(raised(tweets_js.parse, path, "host", "", UTC))
    assert message.startswith(where(path) + "record 2: " + says), message


@pytest.mark.parametrize(
    "accounts, says",
    [
        ([{"account": {"username": ["x"]}}], "record 1: 'account.username' should be a string, not a list"),
        ([{"account": []}], "record 1: 'account' should be an object, not a list"),
        ([{"account": {"username": "x", "accountDisplayName": 5}}],
         "record 1: 'account.accountDisplayName' should be a string, not a number"),
        ([5], "record 1: no 'account' with a 'username'"),
        ([], "record 1: no 'account' with a 'username'"),
    ],
)
def test_tweets_js_account_of_the_wrong_kind(tmp_path, accounts, says):
    path = tweets_file(tmp_path, [{"tweet": GOOD_TWEET}])
    account = tmp_path / "account.js"
    account.write_text("window.YTD.account.part0 = " + json.dumps(accounts), encoding="utf-8")
    assert str(raised(tweets_js.parse, path, "", "", UTC)) == where(account) + says


@pytest.mark.parametrize(
    "time, says",
    [
        ("0001-01-01T00:00:00Z", "invalid time '0001-01-01T00:00:00Z'"),
        ("9999-12-31T23:59:59Z", "invalid time '9999-12-31T23:59:59Z'"),
        ("2011-10-28T" + "x" * 5000, "invalid time '2011-10-28Txxxxxxxxxxxxxxxxxxxxxxxxxxxx..."),
    ],
)
def test_csv_times_out_of_range(tmp_path, time, says):
    """Times at the ends of what Python can hold are refused, with the value cut short."""
    path = tmp_path / "t.csv"
    path.write_text(f"from_user,text,created_at\njen,hi,{time}\n", encoding="utf-8")
    message = str(raised(csv_tweets.parse, path, NEW_YORK))
    assert message.startswith(where(path, 2) + says) and len(message) < 300, message


def test_transcript_on_a_day_out_of_range():
    err = raised(transcript.parse_lines, "t.recap", ["[23:00] @a: hi"], 5, date(9999, 12, 31), NEW_YORK)
    assert str(err).startswith("t.recap:5: the time 9999-12-31T23:00:00-05:00 is out of range")


def test_a_chat_spanning_decades_makes_no_series_of_millions(tmp_path):
    """Two messages 40 years apart: the stats stay small (no per-minute series)."""
    from chat_recaps.stats import compute
    from chat_recaps.threading import thread_chat

    write_day(tmp_path / "chan", [with_fields(GOOD_SLACK, ts="0.1", text="first"), GOOD_SLACK])
    stats = compute(thread_chat(slack.parse(tmp_path / "chan", UTC), ("jen",)), UTC)
    assert stats.messages == 2 and 1 <= len(stats.activity.bars) <= 60


def test_an_unexpected_error_names_the_file_without_python_names(monkeypatch, caplog):
    """The reader's last resort gives the file and the reason, no exception type, no traceback."""
    from chat_recaps.reader import RecapReader

    reader = RecapReader({"DEBUG": False})

    def fail(path):
        raise TypeError("something went wrong")

    monkeypatch.setattr(reader, "read_recap", fail)
    with pytest.raises(SourceError) as caught:
        reader.read("recaps/x.recap")
    assert str(caught.value) == "recaps/x.recap: could not read this recap: something went wrong"
    assert [(r.getMessage(), bool(r.exc_info)) for r in caplog.records] == [(str(caught.value), False)]
