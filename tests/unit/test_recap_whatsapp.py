"""The WhatsApp "Export chat" parser: the sample chat, the phones' date styles, system lines, bad lines.

The fixtures in tests/fixtures/recaps/whatsapp/ are written by make_whatsapp.py
from the sample recap, so the main export holds the same chat as the transcript.
"""

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import transcript, whatsapp
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
FOLDER = FIXTURES / "whatsapp"
MAIN = FOLDER / "WhatsApp Chat with cmgrchat.txt"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOST_NAME = "CMGR Chat Host"
OPTIONS = ReadOptions(hosts=(HOST_NAME,), day=date(2011, 10, 27))
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York
VARIANTS = ["iphone-24h-day-first.txt", "iphone-12h-us.txt", "android-24h-dots.txt", "android-dashes-no-comma.txt"]
NNBSP = "\u202f"
LRM = "\u200e"


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


def parse(path, tz=NEW_YORK):
    return whatsapp.parse(path, tz, OPTIONS)


def chat(tmp_path, text, name="chat.txt"):
    """The messages of an export whose text is `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path)


def said(messages):
    return [(m.author, m.text) for m in messages]


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


@pytest.fixture(scope="module")
def messages():
    return parse(MAIN)


@pytest.fixture(scope="module")
def sample():
    return read_recap(SAMPLE)


def named(messages):
    """(display name, time, text) of the sample's messages, with display names for handles."""
    sys.path.insert(0, str(FIXTURES))
    try:
        from make_fixtures import PEOPLE
    finally:
        sys.path.remove(str(FIXTURES))
    return [(PEOPLE.get(m.handle, m.handle), m.time, m.text) for m in messages]


# -- the sample chat -------------------------------------------------------------


def test_the_export_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages, sample):
    """Threaded with the host's name, the export gives the transcript's recap."""
    assert summary(messages, (HOST_NAME,)) == summary(sample, ("cmgrchat_host",))
    threads, numbers = summary(messages, (HOST_NAME,))
    assert numbers == (77, 13, 4, 58) and len(threads) == 4


def test_every_message_as_in_the_transcript(messages, sample):
    """Same people (by display name), minutes and texts, the retweet marked; handle = name."""
    assert [(m.author, m.time, m.text) for m in messages] == named(sample)
    assert all(m.handle == m.author for m in messages)
    assert [m.author for m in messages if m.is_retweet] == [HOST_NAME]
    assert messages[0].time == CHAT_START and messages[0].time.tzinfo == NEW_YORK
    assert all(m.id == "" and m.reply_to == "" for m in messages)


def test_line_numbers_count_system_and_continuation_lines(messages):
    """Four system lines come first; the two-line message moves the next message down two lines."""
    assert messages[0].where == "line 5"
    index = next(i for i, m in enumerate(messages) if "\n" in m.text)
    assert messages[index].text.endswith("communities.\nSuggest questions with #cmgrchat any time")
    assert int(messages[index + 1].where.split()[1]) == int(messages[index].where.split()[1]) + 2


def test_system_lines_media_and_deleted_messages_are_skipped(messages):
    """The notices, the omitted media and the deleted message are in the file but not in the chat."""
    lines = MAIN.read_text(encoding="utf-8").split("\n")
    for notice in ("end-to-end encrypted", 'created group "cmgrchat"', "changed the subject from",
                   "joined using this group's invite link", "Steve Ruiz left", "<Media omitted>",
                   "This message was deleted"):
        assert any(notice in line for line in lines), notice
        assert not any(notice in m.text for m in messages), notice
    assert len(lines) == 79 + 4 + 4 + 1 + 1  # messages, system lines first, 4 others, a continuation, the end


def test_the_edited_marker_is_dropped(messages):
    assert "<This message was edited>" in MAIN.read_text(encoding="utf-8")
    assert not any("edited>" in m.text for m in messages)


# -- the phones' styles -------------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_date_style_gives_the_same_messages(messages, name):
    """iPhone and Android, 12- and 24-hour, slashes, dots and dashes: the same people, times and texts."""
    variant = parse(FOLDER / name)
    expected = messages[:12] + messages[-3:]
    assert [(m.author, m.time, m.text) for m in variant] == [(m.author, m.time, m.text) for m in expected]


def test_phone_numbers_are_names(messages):
    """A contact known by number keeps it as name and handle, without Android's direction marks."""
    variant = parse(FOLDER / "android-phone-numbers.txt")
    assert "\u202a+1 555 0100\u202c" in (FOLDER / "android-phone-numbers.txt").read_text(encoding="utf-8")
    nate = [m for m in variant if m.author == "+1 555 0100"]
    assert len(nate) == 5 and all(m.handle == "+1 555 0100" for m in nate)
    assert {m.author for m in variant} >= {"+1 555 0100", "+44 7700 900123", HOST_NAME}
    assert [(m.time, m.text) for m in variant] == [(m.time, m.text) for m in messages]


@pytest.mark.parametrize(
    "line, moment",
    [
        ("12/31/20, 9:41 PM - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("31/12/2020, 21:41 - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("[31/12/2020, 21:41:05] Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41, 5)),
        (f"[12/31/20, 9:41:05{NNBSP}PM] Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41, 5)),
        ("31.12.20, 21:41 - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("31-12-2020 21:41 - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("2020-12-31, 21:41 - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("[2020/12/31 21:41:05] Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41, 5)),
        ("31/12/2020, 9:41\u00a0p.\u00a0m. - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("31/12/2020, 9:41 p. m. - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
        ("12/31/20, 12:05 am - Jen Alvarez: hi", datetime(2020, 12, 31, 0, 5)),
        ("12/31/20, 12:05 PM \u2013 Jen Alvarez: hi", datetime(2020, 12, 31, 12, 5)),
        (f"{LRM}[31/12/2020, 21:41:05] Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41, 5)),
        ("31.12.20, 21.41 - Jen Alvarez: hi", datetime(2020, 12, 31, 21, 41)),
    ],
)
def test_date_and_time_styles(tmp_path, line, moment):
    [m] = chat(tmp_path, line + "\n")
    assert m.time == moment.replace(tzinfo=NEW_YORK)
    assert (m.author, m.text) == ("Jen Alvarez", "hi")


@pytest.mark.parametrize(
    "dates, day_first",
    [
        (["05/10/2011, 20:00", "13/10/2011, 20:00"], True),  # the second date's first number is a day
        (["05/10/2011, 20:00", "10/13/2011, 20:00"], False),  # its second number is
        (["05/10/2011, 20:00", "06/10/2011, 20:00"], True),  # no date tells; 24-hour: day-first
        (["05/10/2011, 8:00 PM", "06/10/2011, 8:00 PM"], False),  # no date tells; 12-hour: US, month-first
        (["05/10/2011, 8:00 PM", "25/10/2011, 8:00 PM"], True),  # a date tells, whatever the clock
    ],
)
def test_day_and_month_order_is_decided_per_file(tmp_path, dates, day_first):
    text = "".join(f"{stamp} - Jen: A{n}: hi\n" for n, stamp in enumerate(dates, start=1))
    first = chat(tmp_path, text)[0]
    assert (first.time.day, first.time.month) == ((5, 10) if day_first else (10, 5))


def test_multi_line_messages_and_blank_lines(tmp_path):
    messages = chat(tmp_path, (
        "31/12/2020, 21:41 - Jen Alvarez: A1: first line\n"
        "\n"
        "third line: with a colon\n"
        "31/12/2020, 21:42 - Mo Haddad: A1: next\n"
        "\n"
    ))
    assert said(messages) == [("Jen Alvarez", "A1: first line\n\nthird line: with a colon"), ("Mo Haddad", "A1: next")]
    assert [m.where for m in messages] == ["line 1", "line 4"]


def test_windows_line_ends_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes("\ufeff31/12/2020, 21:41 - Jen: A1: one\r\ntwo\r\n31/12/2020, 21:42 - Mo: A2\r\n".encode())
    assert said(parse(path)) == [("Jen", "A1: one\ntwo"), ("Mo", "A2")]


def test_retweets_are_marked(tmp_path):
    [m] = chat(tmp_path, "31/12/2020, 21:41 - Mo: RT @jen: A1: yes\n")
    assert m.is_retweet


# -- system lines and media -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
        "can read or listen to them. Tap to learn more.",
        "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
        "Jen Alvarez joined using this group's invite link",
        "Jen Alvarez added Mo Haddad",
        "\u202a+1 555 0100\u202c left",
        "You created group \"cmgrchat\"",
        "Jen Alvarez changed the subject from \"cmgrchat\" to \"cmgrchat: Klout night\"",
        "Jen Alvarez changed the group description",
        "Your security code with Mo Haddad changed. Tap to learn more.",
        "Jen Alvarez: <Media omitted>",
        "Jen Alvarez: <Medien ausgeschlossen>",
        "Jen Alvarez: This message was deleted",
        "Jen Alvarez: You deleted this message",
        "Jen Alvarez: Missed voice call",
        "Jen Alvarez: location: https://maps.google.com/?q=40.7,-74.0",
        "Jen Alvarez: ",
        "Jen Alvarez:",
    ],
)
def test_android_system_lines_and_media_are_skipped(tmp_path, line):
    messages = chat(tmp_path, f"31/12/2020, 21:40 - Mo: A1: kept\n31/12/2020, 21:41 - {line}\n")
    assert said(messages) == [("Mo", "A1: kept")]


@pytest.mark.parametrize(
    "line",
    [
        f"cmgrchat: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
        f"cmgrchat: {LRM}Jen Alvarez joined using this group's invite link",
        f"cmgrchat: {LRM}Jen Alvarez added Mo Haddad",
        f"Jen Alvarez: {LRM}image omitted",
        f"Jen Alvarez: {LRM}Report.pdf \u2022 3 pages {LRM}document omitted",
        f"Jen Alvarez: {LRM}This message was deleted.",
        f"Jen Alvarez: {LRM}<attached: 00000012-PHOTO-2020-12-31-21-41-05.jpg>",
        "Jen Alvarez: sticker omitted",
    ],
)
def test_iphone_notices_and_media_are_skipped(tmp_path, line):
    messages = chat(tmp_path, f"[31/12/2020, 21:40:00] Mo: A1: kept\n{LRM}[31/12/2020, 21:41:00] {line}\n")
    assert said(messages) == [("Mo", "A1: kept")]


@pytest.mark.parametrize(
    "first_line",
    [f"{LRM}<attached: 00000012-PHOTO-2020-12-31-21-41-05.jpg>", "IMG-20201231-WA0001.jpg (file attached)"],
)
def test_an_attached_file_is_dropped_and_its_caption_kept(tmp_path, first_line):
    messages = chat(tmp_path, f"31/12/2020, 21:41 - Jen: {first_line}\nA1: our dashboard, see the dip\n")
    assert said(messages) == [("Jen", "A1: our dashboard, see the dip")]


def test_a_continuation_of_a_system_line_is_skipped_with_it(tmp_path):
    messages = chat(tmp_path, (
        "31/12/2020, 21:40 - Jen Alvarez changed the subject to \"two\n"
        "lines\"\n"
        "31/12/2020, 21:41 - Mo: A1: kept\n"
    ))
    assert said(messages) == [("Mo", "A1: kept")]


def test_a_file_of_system_lines_only_has_no_messages(tmp_path):
    assert chat(tmp_path, "31/12/2020, 21:40 - Messages and calls are end-to-end encrypted.\n") == []


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Hello there\n31/12/2020, 21:41 - Jen: hi\n", 1, "expected a WhatsApp message line such as "
         "'12/31/20, 9:41 PM - Name: text' or '[31/12/2020, 21:41:05] Name: text'"),
        ("\n\n  just words\n", 3, "expected a WhatsApp message line"),
        ("31/12/2020, 21:41 - Jen: hi\n30/02/2020, 21:41 - Jen: hi\n", 2,
         "invalid date '30/02/2020' (read as day/month/year)"),
        ("12/31/2020, 9:41 PM - Jen: hi\n13/13/2020, 9:41 PM - Jen: hi\n", 2, "invalid date '13/13/2020'"),
        ("2020-13-01, 21:41 - Jen: hi\n", 1, "invalid date '2020-13-01'"),
        ("31/12/2020, 25:41 - Jen: hi\n", 1, "invalid time '25:41'"),
        ("31/12/2020, 21:61 - Jen: hi\n", 1, "invalid time '21:61'"),
        ("12/31/20, 13:41 PM - Jen: hi\n", 1, "invalid time '13:41 PM' (12-hour times run from 1 to 12)"),
        ("12/31/20, 0:41 AM - Jen: hi\n", 1, "invalid time '0:41 AM' (12-hour times run from 1 to 12)"),
        ("31/12/1969, 21:41 - Jen: hi\n", 1, "the time 1969-12-31T21:41:00-05:00 is out of range"),
        ("31/12/2020, 21:41 - Jen: hi\nmore\n12/31/2020, 21:42 - Jen: hi\n", 3,
         "the date '12/31/2020' is month-first but '31/12/2020' on line 1 is day-first; "
         "an export writes every date one way"),
    ],
)
def test_bad_lines_are_named(tmp_path, text, line, says):
    path = tmp_path / "WhatsApp Chat with x.txt"
    path.write_text(text, encoding="utf-8")
    assert str(raised(parse, path)).startswith(where(path, line) + says)


def test_an_empty_export(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("\n\n", encoding="utf-8")
    assert str(raised(parse, path)) == where(path) + "the file is empty"


def test_an_export_mixing_encodings_names_the_line(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes("31/12/2020, 21:41 - Jos\u00e9: hi\n".encode() + b"31/12/2020, 21:42 - Ren\xe9: hi\n")
    assert str(raised(parse, path)).startswith(where(path, 2) + "byte 0xE9 at column")


# -- recognising the format ------------------------------------------------------------------


@pytest.mark.parametrize("name", [MAIN.name, *VARIANTS, "android-phone-numbers.txt"])
def test_whatsapp_exports_are_recognised(name):
    head = (FOLDER / name).read_text(encoding="utf-8")
    assert whatsapp.sniff(head)
    assert whatsapp.sniff(head[:700])  # cut in the middle of a line


@pytest.mark.parametrize(
    "head",
    [
        "",
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n[8:01 PM] @jen: Hi all!\n",
        "[20:00] <jen> hi all\n[20:01] <mo> A1: yes\n",
        "[2011-10-27 20:00:05] <jen> mo: hi all\n[2011-10-27 20:00:06] * mo waves\n",
        "2011-10-27 20:00:05\tjen\thi all\n2011-10-27 20:00:06\tmo\tA1: yes\n",
        "--- Log opened Thu Oct 27 20:00:00 2011\n20:00 -!- jen [~jen@host] has joined #cmgrchat\n",
        "20:00:05 From Jen Alvarez to Everyone:\n\tA1: hi\n",
        "20:00:05\t From  Jen Alvarez : A1: hi\n",
        "id_str,from_user,text,created_at,time\n1,jen,hi,Thu Oct 27 20:02:11 +0000 2011,27/10/2011 20:02:11\n",
        '{"name": "cmgrchat", "messages": []}',
        "Dear diary,\n27/10/2011, 20:00 - Jen: hi\n",
        "31/12/2020, 21:40 - Messages and calls are end-to-end encrypted.\n",
    ],
)
def test_other_files_are_not_taken_for_whatsapp(head):
    assert whatsapp.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert whatsapp.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

STAMPS = st.sampled_from([
    "12/31/20, 9:41 PM - ", "31/12/2020, 21:41 - ", "[31/12/2020, 21:41:05] ", f"[12/31/20, 9:41:05{NNBSP}PM] ",
    "31.12.20, 21:41 - ", "2020-12-31 21:41 - ", "5/6/20, 9:41 - ", "13/13/20, 9:41 - ", "02/30/20, 9:41 - ",
    "1/1/1969, 0:00 - ", "[2020-12-31 25:61] ", "9/9/99, 12:00 am - ", "12/31/20, 0:41 AM - ", "",
])
NAMES = st.sampled_from(["Jen Alvarez: ", "\u202a+1 555 0100\u202c: ", "cmgrchat: ", "<x> y: ", "", "Mo:"])
PIECES = st.sampled_from([
    LRM, " ", "A1: ", "<Media omitted>", "image omitted", "<attached: x.jpg>", "x.jpg (file attached)", '"', ": ",
    "<This message was edited>", "This message was deleted", "joined using this group's invite link", "RT @jen: ",
    "\r", "\t",
])
LINE = st.tuples(st.sampled_from(["", LRM]), STAMPS, NAMES,
                 st.lists(PIECES | st.text(max_size=8), max_size=5).map("".join))
LINES = st.lists(LINE.map("".join), max_size=10).map("\n".join)


@given(text=LINES | st.text(max_size=200), tz=st.sampled_from([NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")]))
def test_any_text_gives_messages_or_a_source_error(tmp_path_factory, text, tz):
    """Whatever the file holds: a list of Messages, or a SourceError naming the file (and line)."""
    path = tmp_path_factory.mktemp("whatsapp") / "chat.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        result = parse(path, tz)
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text and m.handle for m in result)


@given(data=st.binary(max_size=300))
def test_any_bytes_give_messages_or_a_source_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("whatsapp") / "chat.txt"
    path.write_bytes(data)
    try:
        result = parse(path)
    except SourceError:
        return
    assert all(isinstance(m, Message) for m in result)


# -- the fixtures are what the generator writes ------------------------------------------------------


def test_the_fixtures_are_up_to_date(tmp_path, sample):
    """make_whatsapp.py writes the same bytes as the fixtures hold (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_whatsapp
    finally:
        sys.path.remove(str(FIXTURES))
    make_whatsapp.write(sample, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in FOLDER.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
