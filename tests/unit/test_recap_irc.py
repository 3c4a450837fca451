"""The IRC log parser: the sample chat as irssi logs it (cp1252), the other clients' styles, bad lines.

The fixtures in tests/fixtures/recaps/irc/ are written by make_irc.py from the
sample recap, so the irssi log holds the same chat as the transcript.
"""

import logging
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import irc, transcript
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
FOLDER = FIXTURES / "irc"
MAIN = FOLDER / "cmgrchat.log"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOST = "cmgrchat_host"
DAY = date(2011, 10, 27)
OPTIONS = ReadOptions(hosts=(HOST,), day=DAY)
NO_DAY = ReadOptions(hosts=(HOST,))
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York
VARIANTS = ["weechat.log", "znc.log", "bracket.log", "bracket-dated.log"]


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


def parse(path, options=OPTIONS, tz=NEW_YORK):
    return irc.parse(path, tz, options)


def log(tmp_path, text, options=OPTIONS, name="chat.log"):
    """The messages of a log whose text is `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path, options)


def said(messages):
    return [(m.handle, m.text) for m in messages]


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def one_line(text):
    """How the fixture writes a message of several lines (IRC has no line breaks)."""
    return text.replace("\n", " ")


@pytest.fixture(scope="module")
def messages():
    return parse(MAIN)


@pytest.fixture(scope="module")
def sample():
    return read_recap(SAMPLE)


def excerpt(messages):
    return messages[:12] + messages[-3:]


# -- the sample chat -------------------------------------------------------------


def test_the_log_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages, sample):
    """Threaded with the host's nick, the irssi log gives the transcript's recap."""
    assert summary(messages, (HOST,)) == summary(sample, (HOST,))
    threads, numbers = summary(messages, (HOST,))
    assert numbers == (77, 13, 4, 58) and len(threads) == 4
    assert summary(messages, ("@cmgrchat_host",)) == summary(sample, (HOST,))  # as the Hosts header spells it


def test_every_message_as_in_the_transcript(messages, sample):
    """Same nicks, minutes and texts (the two-line message on one line), the retweet marked."""
    assert [(m.handle, m.time, m.text) for m in messages] == [(m.handle, m.time, one_line(m.text)) for m in sample]
    assert all(m.author == m.handle for m in messages)
    assert [m.handle for m in messages if m.is_retweet] == [HOST]
    assert messages[0].time == CHAT_START and messages[0].time.tzinfo == NEW_YORK
    assert all(m.id == "" and m.reply_to == "" for m in messages)


def test_the_log_is_cp1252_and_the_build_says_so(caplog, monkeypatch):
    """An old Windows log: not UTF-8, read in the encoding charset-normalizer finds, which is logged."""
    from pelican.log import LimitFilter

    monkeypatch.setattr(LimitFilter, "_raised_messages", set())  # Pelican logs a message once per process
    data = MAIN.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "caf\u00e9".encode("cp1252") in data and "\u201c".encode("cp1252") in data
    with caplog.at_level(logging.INFO, logger="chat_recaps.notices"):
        parse(MAIN)
    assert f"{display_path(MAIN)}: not UTF-8; read as cp1252" in caplog.messages


def test_status_lines_are_skipped(messages):
    """Joins, modes, the topic, a notice, a nick change, quits, a part and the log lines are not messages."""
    lines = MAIN.read_text(encoding="cp1252").split("\n")
    for status in ("--- Log opened", "has joined #cmgrchat", "mode/#cmgrchat [+o", "changed the topic",
                   "-ChanServ(", "is now known as steve_away", "has quit [Quit: \u00e0 bient\u00f4t",
                   "has left #cmgrchat", "--- Log closed"):
        assert any(status in line for line in lines), status
        assert not any(status in m.text for m in messages), status
    assert {m.handle for m in messages} == {m.handle for m in read_recap(SAMPLE)}
    assert len([line for line in lines if line]) == 79 + 18 + 2 + 3  # messages; status lines before, among, after


def test_line_numbers_count_the_status_lines(messages):
    lines = MAIN.read_text(encoding="cp1252").split("\n")
    assert all(lines[int(m.where.split()[1]) - 1].endswith(m.text) for m in messages)
    assert messages[0].where == "line 19"


def test_nick_modes_are_dropped(messages):
    """irssi's @ (op), + (voice) and blank (none) are not part of the nick."""
    text = MAIN.read_text(encoding="cp1252")
    assert "<@cmgrchat_host>" in text and "< jen_builds_cmty>" in text and "<+devrel_dana>" in text
    assert {"cmgrchat_host", "jen_builds_cmty", "devrel_dana", "moderator_mo"} <= {m.handle for m in messages}


# -- the clients' styles ---------------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_style_gives_the_same_messages(sample, name):
    """WeeChat, ZNC and bracketed logs, with and without dates: the same nicks, times and texts."""
    variant = parse(FOLDER / name)
    assert [(m.handle, m.time, m.text) for m in variant] == [
        (m.handle, m.time, one_line(m.text)) for m in excerpt(sample)
    ]


@pytest.mark.parametrize("name", VARIANTS[:1] + VARIANTS[-1:])
def test_dated_styles_need_no_date_from_the_recap(sample, name):
    variant = parse(FOLDER / name, NO_DAY)
    assert [m.time for m in variant] == [m.time for m in excerpt(sample)]


@pytest.mark.parametrize(
    "line, moment",
    [
        ("20:02 <@jen> hi", datetime(2011, 10, 27, 20, 2)),  # irssi
        ("20:02 < jen> hi", datetime(2011, 10, 27, 20, 2)),
        ("20:02:11 <+jen> hi", datetime(2011, 10, 27, 20, 2, 11)),
        ("20:02 <%jen> hi", datetime(2011, 10, 27, 20, 2)),
        ("20:02 <~jen> hi", datetime(2011, 10, 27, 20, 2)),
        ("20:02 <&jen> hi", datetime(2011, 10, 27, 20, 2)),
        ("2011-10-28 20:02:11\t@jen\thi", datetime(2011, 10, 28, 20, 2, 11)),  # WeeChat
        ("2011-10-28 20:02:11\tjen\thi", datetime(2011, 10, 28, 20, 2, 11)),
        ("[20:02:11] <jen> hi", datetime(2011, 10, 27, 20, 2, 11)),  # ZNC
        ("[20:02] <jen> hi", datetime(2011, 10, 27, 20, 2)),  # mIRC and others
        ("[2011-10-28 20:02:11] <jen> hi", datetime(2011, 10, 28, 20, 2, 11)),
        ("[2011-10-28T20:02:11] <jen> hi", datetime(2011, 10, 28, 20, 2, 11)),
        ("2011-10-28 20:02:11 <jen> hi", datetime(2011, 10, 28, 20, 2, 11)),
        ("[ 8:02] <jen> hi", datetime(2011, 10, 27, 8, 2)),
    ],
)
def test_message_styles(tmp_path, line, moment):
    [m] = log(tmp_path, line + "\n")
    assert m.time == moment.replace(tzinfo=NEW_YORK)
    assert (m.author, m.handle, m.text) == ("jen", "jen", "hi")


@pytest.mark.parametrize(
    "line",
    [
        "20:03  * jen waves at everyone",  # irssi
        "2011-10-27 20:03:00\t *\tjen waves at everyone",  # WeeChat
        "[20:03:00] * jen waves at everyone",  # ZNC
        "[20:03] * jen waves at everyone",
        "[20:03:00] <jen> \x01ACTION waves at everyone\x01",  # a raw CTCP ACTION
    ],
)
def test_actions_are_messages_by_their_nick(tmp_path, line):
    """`/me waves at everyone` is kept as the message "waves at everyone" by jen."""
    [m] = log(tmp_path, f"{line}\n")
    assert (m.handle, m.text) == ("jen", "waves at everyone")


@pytest.mark.parametrize(
    "line",
    [
        "20:00 -!- jen [~jen@example.org] has joined #cmgrchat",  # irssi
        "20:00 -!- jen [~jen@example.org] has quit [Quit: bye]",
        "20:00 -!- jen [~jen@example.org] has left #cmgrchat [bye]",
        "20:00 -!- jen is now known as jen_away",
        "20:00 -!- mode/#cmgrchat [+o jen] by ChanServ",
        "20:00 -!- jen changed the topic of #cmgrchat to: Klout",
        "20:00 -!- Irssi: #cmgrchat: Total of 5 nicks [1 ops, 0 halfops, 0 voices, 4 normal]",
        "20:00 -ChanServ(ChanServ@services.)- [#cmgrchat] Welcome",
        "20:00 -jen:#cmgrchat- a channel notice",
        "--- Log closed Thu Oct 27 21:05:12 2011",
        "2011-10-27 20:00:00\t-->\tjen (~jen@example.org) has joined #cmgrchat",  # WeeChat
        "2011-10-27 20:00:00\t<--\tjen (~jen@example.org) has quit (Quit: bye)",
        "2011-10-27 20:00:00\t--\tMode #cmgrchat [+o jen] by ChanServ",
        "2011-10-27 20:00:00\t--\tjen is now known as jen_away",
        "2011-10-27 20:00:00\t=!=\tjen: No such nick",
        "2011-10-27 20:00:00\t\tan empty prefix",
        "[20:00:00] *** Joins: jen (~jen@example.org)",  # ZNC
        "[20:00:00] *** Quits: jen (~jen@example.org) (Quit: bye)",
        "[20:00:00] *** jen is now known as jen_away",
        "[20:00:00] *** ChanServ sets mode: +o jen",
        "[20:00] * Joins: jen (~jen@example.org)",  # mIRC
        "[20:00] * Quits: jen (~jen@example.org) (Quit: bye)",
        "[20:00] * Now talking in #cmgrchat",
        "[20:00] * Topic is 'Klout'",
        "[20:00] * jen is now known as jen_away",
        "[20:00] * ChanServ sets mode: +o jen",
        "[20:00] * jen changes topic to 'Klout'",
        "[20:00] <jen> ",
        "[20:00] <jen> \x02\x03",
        "[20:00] <jen> \x01VERSION\x01",
    ],
)
def test_status_lines_and_empty_messages_are_skipped(tmp_path, line):
    messages = log(tmp_path, f"[19:59] <mo> A1: kept\n{line}\n")
    assert said(messages) == [("mo", "A1: kept")]


def test_formatting_codes_are_removed(tmp_path):
    [m] = log(tmp_path, "[20:02] <jen> \x02A1:\x02 \x0304,01red\x03 and \x1ditalic\x1d\x0f\n")
    assert m.text == "A1: red and italic"


def test_text_is_kept_as_written(tmp_path):
    """Markup and tabs in the text stay text (the page escapes it); "RT @" is a retweet."""
    messages = log(tmp_path, "[20:02] <jen> <b>A1</b> &amp; <script>\n[20:03] <mo> RT @jen: A1\n")
    assert said(messages) == [("jen", "<b>A1</b> &amp; <script>"), ("mo", "RT @jen: A1")]
    assert [m.is_retweet for m in messages] == [False, True]


def test_windows_line_ends_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "chat.log"
    path.write_bytes("\ufeff[20:02] <jen> A1: one\r\n\r\n[20:03] <mo> A2\r\n".encode())
    messages = parse(path)
    assert said(messages) == [("jen", "A1: one"), ("mo", "A2")]
    assert [m.where for m in messages] == ["line 1", "line 3"]


# -- dates -----------------------------------------------------------------------------------


def test_log_opened_and_day_changed_give_the_date(tmp_path):
    """irssi's lines set the date of the times after them, whatever the recap's Date."""
    messages = log(tmp_path, (
        "--- Log opened Thu Oct 27 23:50:00 2011\n"
        "23:58 <jen> before midnight\n"
        "--- Day changed Fri Oct 28 2011\n"
        "00:02 <jen> after midnight\n"
        "--- Log closed Fri Oct 28 00:10:00 2011\n"
        "--- Log opened Thu Nov 03 19:00:00 2011\n"
        "19:01 <jen> a week later\n"
    ), ReadOptions(day=date(2020, 1, 1)))
    assert [m.time.replace(tzinfo=None) for m in messages] == [
        datetime(2011, 10, 27, 23, 58), datetime(2011, 10, 28, 0, 2), datetime(2011, 11, 3, 19, 1),
    ]


def test_a_date_on_the_line_wins(tmp_path):
    messages = log(tmp_path, (
        "--- Log opened Thu Oct 27 20:00:00 2011\n"
        "[2011-12-24 20:02:00] <jen> dated\n"
        "20:03 <jen> time only\n"
    ))
    assert [m.time.date() for m in messages] == [date(2011, 12, 24), date(2011, 10, 27)]


def test_a_time_only_log_goes_past_midnight(tmp_path):
    """Without a date, a time 12 hours earlier than the message before is the next day."""
    messages = log(tmp_path, "[23:58] <jen> A1: late\n[00:03] <mo> A1: later\n[01:10] <jen> A2: latest\n")
    assert [m.time.replace(tzinfo=None) for m in messages] == [
        datetime(2011, 10, 27, 23, 58), datetime(2011, 10, 28, 0, 3), datetime(2011, 10, 28, 1, 10),
    ]


def test_status_lines_need_no_date(tmp_path):
    assert log(tmp_path, "[20:00] *** Joins: jen (~jen@example.org)\n", NO_DAY) == []


def test_times_are_in_the_recaps_zone(tmp_path):
    path = tmp_path / "chat.log"
    path.write_text("[2011-10-27 20:02:00] <jen> hi\n", encoding="utf-8")
    [m] = parse(path, tz=ZoneInfo("Asia/Kolkata"))
    assert m.time == datetime(2011, 10, 27, 20, 2, tzinfo=ZoneInfo("Asia/Kolkata"))


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Hello there\n[20:02] <jen> hi\n", 1, "expected an IRC log line such as '20:02 <nick> text', "
         "'[20:02:11] <nick> text' or '2011-10-27 20:02:11<TAB>nick<TAB>text'"),
        ("[20:02] <jen> hi\n\n[20:03] jen: hi\n", 3, "expected an IRC log line"),
        ("[20:02] <jen> hi\n20:03\n", 2, "expected an IRC log line"),
        ("[20:02] <@> hi\n", 1, "expected an IRC log line"),
        ("2011-10-27 20:02:11\tjen smith\thi\n", 1, "expected an IRC log line"),
        ("[25:02] <jen> hi\n", 1, "invalid time '25:02'"),
        ("20:61:00 <jen> hi\n", 1, "invalid time '20:61:00'"),
        ("[20:00] *** Joins: jen\n[20:02:61] <jen> hi\n", 2, "invalid time '20:02:61'"),
        ("2011-02-30 20:02:11\tjen\thi\n", 1, "invalid date '2011-02-30'"),
        ("[2011-13-01 20:02] <jen> hi\n", 1, "invalid date '2011-13-01'"),
        ("[1969-12-31 20:02] <jen> hi\n", 1, "the time 1969-12-31T20:02:00-05:00 is out of range"),
        ("--- Log opened Thu Okt 27 20:00:00 2011\n", 1,
         "cannot read the date of '--- Log opened Thu Okt 27 20:00:00 2011' (expected e.g. 'Thu Oct 27 2011')"),
        ("--- Day changed yesterday\n", 1, "cannot read the date of '--- Day changed yesterday'"),
        ("--- Day changed Mon Feb 30 2011\n", 1, "invalid date 'Mon Feb 30 2011'"),
        ("--- Log opened Fri Jan 01 00:00:00 3000\n", 1, "the time 3000-01-01T12:00:00-05:00 is out of range"),
    ],
)
def test_bad_lines_are_named(tmp_path, text, line, says):
    path = tmp_path / "cmgrchat.log"
    path.write_text(text, encoding="utf-8")
    assert str(raised(parse, path)).startswith(where(path, line) + says)


def test_a_time_only_log_needs_a_date(tmp_path):
    """No date on the lines, no irssi date line and no Date in the recap: the first message says so."""
    path = tmp_path / "znc.log"
    path.write_text("[19:59:00] *** Joins: jen (~jen@example.org)\n[20:02:11] <jen> hi\n", encoding="utf-8")
    assert str(raised(parse, path, NO_DAY)) == where(path, 2) + (
        "this log gives times without a date: give the recap a 'Date:' (or keep irssi's '--- Log opened' line)"
    )


def test_an_empty_log(tmp_path):
    path = tmp_path / "chat.log"
    path.write_text("\n \n", encoding="utf-8")
    assert str(raised(parse, path)) == where(path) + "the file is empty"


def test_a_log_mixing_encodings_names_the_line(tmp_path):
    path = tmp_path / "chat.log"
    path.write_bytes("[20:02] <jos\u00e9> hi\n".encode() + b"[20:03] <ren\xe9> hi\n")
    assert str(raised(parse, path)).startswith(where(path, 2) + "byte 0xE9 at column")


# -- recognising the format ------------------------------------------------------------------


@pytest.mark.parametrize("name", [MAIN.name, *VARIANTS])
def test_irc_logs_are_recognised(name):
    head = (FOLDER / name).read_bytes().decode("utf-8", errors="replace")  # as exports.read_head does
    assert irc.sniff(head)
    assert irc.sniff(head[:900])  # cut in the middle of a line


@pytest.mark.parametrize("name", [MAIN.name, *VARIANTS])
def test_the_registry_recognises_irc_logs(name):
    from chat_recaps import exports

    assert exports.recognise(FOLDER / name).name == "irc"


@pytest.mark.parametrize(
    "head",
    [
        "",
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n[8:01 PM] @jen: Hi all!\n",
        "[20:00] @cmgrchat_host: Welcome\n[20:01] jen: hi\n",
        "20:00:05 From Jen Alvarez to Everyone:\n\tA1: hi\n20:00:09 From Mo to Everyone:\n\tA1: yo\n",
        "20:00:05\t From  Jen Alvarez : A1: hi\n20:00:06\t From  Mo : A1: yo\n",
        "10/27/11, 8:00 PM - Jen Alvarez: A1: hi\n10/27/11, 8:01 PM - Mo: A1: yo\n",
        "[27/10/2011, 20:00:05] Jen Alvarez: A1: hi\n[27/10/2011, 20:00:06] Mo: yo\n",
        "id_str,from_user,text,created_at\n1,jen,hi,Thu Oct 27 20:02:11 +0000 2011\n",
        '{"name": "cmgrchat", "messages": []}',
        "10:00 - intro\n10:30 - coffee\n11:00 - talks\n",
        "[20:00] *** Joins: jen\n[20:01] *** Quits: jen\n",  # no message: could be anything
        "Dear diary,\ntoday I read\n[20:00] <jen> hi\nand more\nand more\n",
    ],
)
def test_other_files_are_not_taken_for_irc(head):
    assert irc.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert irc.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

STAMPS = st.sampled_from([
    "20:02 ", "[20:02:11] ", "[2011-10-27 20:02:11] ", "2011-10-27 20:02:11\t", "2011-02-30 20:02:11\t",
    "[25:61] ", "99:99 ", "[1969-12-31 23:59] ", "[9999-12-31 23:59] ", "--- Log opened Thu Oct 27 20:00:00 2011",
    "--- Day changed Fri Dec 31 2999", "--- Day changed Sat Feb 30 2011", "--- Log closed", "", "\ufeff",
])
NICKS = st.sampled_from(["<jen> ", "<@jen> ", "< jen> ", "<@> ", "* jen ", "* Joins: ", "*** ", "-!- ", "-->\t",
                         "@jen\t", " *\t", "\t", "<jen>", "jen: "])
PIECES = st.sampled_from(["A1: ", "RT @jen: ", "\x02", "\x0304,01", "\x01ACTION ", "\x01", " ", "\t", "\r", "<", ">",
                          "is now known as x", "has joined", "caf\u00e9"])
LINE = st.tuples(STAMPS, NICKS, st.lists(PIECES | st.text(max_size=8), max_size=5).map("".join))
LINES = st.lists(LINE.map("".join), max_size=10).map("\n".join)
DAYS = st.sampled_from([DAY, None, date(2999, 12, 31), date(1970, 1, 1)])


@given(text=LINES | st.text(max_size=200), day=DAYS,
       tz=st.sampled_from([NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Pacific/Kiritimati")]))
def test_any_text_gives_messages_or_a_source_error(tmp_path_factory, text, day, tz):
    """Whatever the file holds: a list of Messages, or a SourceError naming the file (and line)."""
    path = tmp_path_factory.mktemp("irc") / "chat.log"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        result = parse(path, ReadOptions(day=day), tz)
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text and m.handle for m in result)


@given(data=st.binary(max_size=300))
def test_any_bytes_give_messages_or_a_source_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("irc") / "chat.log"
    path.write_bytes(data)
    try:
        result = parse(path)
    except SourceError:
        return
    assert all(isinstance(m, Message) for m in result)


# -- the fixtures are what the generator writes ------------------------------------------------------


def test_the_fixtures_are_up_to_date(tmp_path, sample):
    """make_irc.py writes the same bytes as the fixtures hold (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_irc
    finally:
        sys.path.remove(str(FIXTURES))
    make_irc.write(sample, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in FOLDER.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
