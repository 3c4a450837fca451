"""The Zoom saved meeting chat parser: the sample chat, Zoom's styles, replies, reactions, private messages.

The fixtures in tests/fixtures/recaps/zoom/ are written by make_zoom.py from the
sample recap, so meeting_saved_chat.txt holds the same chat as the transcript.
"""

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import transcript, zoom
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
FOLDER = FIXTURES / "zoom"
MAIN = FOLDER / "meeting_saved_chat.txt"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOST_NAME = "CMGR Chat Host"
DAY = date(2011, 10, 27)
OPTIONS = ReadOptions(hosts=(HOST_NAME,), day=DAY)
CHAT_START = datetime(2011, 10, 28, 0, 0, 5, tzinfo=UTC)  # 8:00:05 PM in New York
VARIANTS = ["classic.txt", "one-line.txt", "replies-on-one-line.txt"]
THUMBS = "\U0001f44d"


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
    return zoom.parse(path, tz, options)


def chat(tmp_path, text, options=OPTIONS, name="meeting_saved_chat.txt"):
    """The messages of a saved chat whose text is `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path, options)


def said(messages):
    return [(m.author, m.text) for m in messages]


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def minute(moment):
    return moment.replace(second=0)


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


def excerpt(messages):
    return messages[:12] + messages[-3:]


def starting(messages, text):
    return next(m for m in messages if m.text.startswith(text))


# -- the sample chat -------------------------------------------------------------


def test_the_export_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages, sample):
    """Threaded with the host's name, the saved chat gives the transcript's recap."""
    assert summary(messages, (HOST_NAME,)) == summary(sample, ("cmgrchat_host",))
    threads, numbers = summary(messages, (HOST_NAME,))
    assert numbers == (77, 13, 4, 58) and len(threads) == 4


def test_every_message_as_in_the_transcript(messages, sample):
    """Same people (by display name), minutes and texts, the retweet marked; handle = name."""
    assert [(m.author, minute(m.time), m.text) for m in messages] == named(sample)
    assert all(m.handle == m.author for m in messages)
    assert [m.author for m in messages if m.is_retweet] == [HOST_NAME]
    assert messages[0].time == CHAT_START and messages[0].time.tzinfo == NEW_YORK
    assert "\n" in starting(messages, "Thanks, everyone!").text  # a message of two lines


def test_each_message_has_its_first_line_as_id(messages):
    lines = MAIN.read_text(encoding="utf-8").split("\n")
    assert all(m.id == m.where.split()[1] for m in messages)
    assert all(" From " in lines[int(m.id) - 1] for m in messages)
    assert messages[0].where == "line 1"


def test_replies_link_to_the_message_they_quote(messages):
    """`Replying to "A1: I had to look up..."` makes Carla's message a reply to Nate's A1."""
    text = MAIN.read_text(encoding="utf-8")
    assert text.count('Replying to "') == 2
    carla = starting(messages, "@newbie_nate Not at all")
    steve = starting(messages, "@perks_priya Most honest")
    assert carla.reply_to == starting(messages, "A1: I had to look up").id
    assert steve.reply_to == starting(messages, "A1: Fun fact").id
    assert [m for m in messages if m.reply_to] == [carla, steve]
    assert not any("Replying to" in m.text for m in messages)


def test_reactions_and_direct_messages_are_skipped(messages):
    """Reactions are not messages; a direct message was never public."""
    text = MAIN.read_text(encoding="utf-8")
    for skipped in (f'with {THUMBS}', "with \U0001f4af", f"Removed a {THUMBS} reaction", "(Direct Message)",
                    "share a cab"):
        assert skipped in text, skipped
        assert not any(skipped in m.text for m in messages), skipped
    assert len(messages) == 79 and text.count(" From ") == 79 + 3 + 1


# -- Zoom's styles --------------------------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_style_gives_the_same_messages(sample, name):
    """Zoom 5, older one-line and newer same-line replies: the same people, minutes and texts."""
    variant = parse(FOLDER / name)
    assert [(m.author, minute(m.time), m.text) for m in variant] == named(excerpt(sample))


def test_a_reply_on_one_line_links_too():
    variant = parse(FOLDER / "replies-on-one-line.txt")
    host = starting(variant, "@newbie_nate Welcome!")
    assert host.reply_to == starting(variant, "Hi! Nate").id
    assert "add \U0001f44d" in (FOLDER / "replies-on-one-line.txt").read_text(encoding="utf-8")


def test_the_classic_style_has_windows_line_ends():
    assert b"Everyone:\r\n\tWelcome" in (FOLDER / "classic.txt").read_bytes()


@pytest.mark.parametrize(
    "lines",
    [
        "20:02:11\t From  Jen Alvarez  to  Everyone:\n\tA1: hi",  # Zoom 5
        "20:02:11\t From  Jen Alvarez  to  Everyone : A1: hi",
        "20:02:11\t From  Jen Alvarez : A1: hi",  # older Zoom
        "20:02:11 From Jen Alvarez to Everyone:\nA1: hi",  # newer, unindented
        "20:02:11 From  Jen Alvarez  to  Everyone: \n  A1: hi  ",
        "20:02:11 From Jen Alvarez to everyone:\n\tA1: hi",
        "20:02:11 From Jen Alvarez to All panelists and attendees:\n\tA1: hi",  # a webinar
        "8:02:11 PM From Jen Alvarez to Everyone:\n\tA1: hi",
        "20:02:11 From Jen Alvarez to Everyone:\n\n\tA1: hi\n\n",
    ],
)
def test_message_styles(tmp_path, lines):
    [m] = chat(tmp_path, lines + "\n")
    assert (m.author, m.handle, m.text) == ("Jen Alvarez", "Jen Alvarez", "A1: hi")
    assert m.time == datetime(2011, 10, 27, 20, 2, 11, tzinfo=NEW_YORK)


def test_names_may_hold_to_and_brackets(tmp_path):
    messages = chat(tmp_path, (
        "20:02:11 From Ana to Smith to Everyone:\n\tA1: one\n"
        "20:02:12 From  Charlie Barlie (she/her)  to  Everyone: \n\tA1: two\n"
    ))
    assert said(messages) == [("Ana to Smith", "A1: one"), ("Charlie Barlie (she/her)", "A1: two")]


def test_a_message_of_several_lines(tmp_path):
    [m] = chat(tmp_path, "20:02:11 From Jen to Everyone:\n\tA1: first\n\n\t  indented: with a colon\n")
    assert m.text == "A1: first\n\nindented: with a colon"


@pytest.mark.parametrize(
    "recipient",
    ["Mo Haddad(Direct Message)", "Mo Haddad (Direct Message)", "Mo Haddad(Privately)", "Mo Haddad(privately)",
     "Hosts and panelists", "Waiting Room Participants", "Everyone (in Waiting Room)"],
)
def test_private_messages_are_skipped(tmp_path, recipient):
    messages = chat(tmp_path, (
        "20:02:00 From Mo Haddad to Everyone:\n\tA1: kept\n"
        f"20:02:11 From  Jen Alvarez  to  {recipient}:\n\tsecret\n\tstill secret\n"
        f"20:02:12\t From  Jen Alvarez  to  {recipient} : secret\n"
    ))
    assert said(messages) == [("Mo Haddad", "A1: kept")]


@pytest.mark.parametrize(
    "text",
    [
        f'Reacted to "A1: kept" with {THUMBS}',
        'Reacted to "A1: ke..." with \U0001f44b\U0001f3fd',
        f'Removed a {THUMBS} reaction from "A1: kept"',
        f"add {THUMBS}",
        "remove \u261d\ufe0f",
        "",
        "   ",
    ],
)
def test_reactions_and_empty_messages_are_skipped(tmp_path, text):
    messages = chat(tmp_path, f"20:02:00 From Mo to Everyone:\n\tA1: kept\n20:02:11 From Jen to Everyone:\n\t{text}\n")
    assert said(messages) == [("Mo", "A1: kept")]


def test_words_that_are_not_reactions_are_kept(tmp_path):
    messages = chat(tmp_path, "20:02:11 From Jen to Everyone:\n\tadd me to the list\n")
    assert said(messages) == [("Jen", "add me to the list")]


def test_text_is_kept_as_written(tmp_path):
    """Markup stays text (the page escapes it); "RT @" is a retweet."""
    messages = chat(tmp_path, "20:02:11 From Jen to Everyone:\n\t<b>A1</b> &amp;\n20:02:12 From Mo : RT @jen: A1\n")
    assert said(messages) == [("Jen", "<b>A1</b> &amp;"), ("Mo", "RT @jen: A1")]
    assert [m.is_retweet for m in messages] == [False, True]


# -- replies ---------------------------------------------------------------------------------------

REPLIED = (
    "20:01:00 From Host to Everyone:\n\tQ1: What does your score say about you?\n"
    "20:02:00 From Jen to Everyone:\n\tNot much\n"
    "20:03:00 From Mo to Everyone:\n\tNot much, and less every week\n"
)


@pytest.mark.parametrize(
    "reply, text, target",
    [
        ('Replying to "Q1: What does your sc..."\n\tA1: nothing', "A1: nothing", "1"),
        ('Replying to "Q1: What does your sc\u2026"\n\tnothing', "nothing", "1"),
        ('Replying to "Q1: What does your sc..." nothing at all', "nothing at all", "1"),
        ('Replying to "Q1: What does your score say about you?"\n\n\tnothing', "nothing", "1"),
        ('Replying to "Not much"\n\tagreed', "agreed", "5"),  # the latest message starting so
        ('Replying to "Not much, and"\n\tagreed', "agreed", "5"),
        ('Replying to "Not  much,  and less..."\n\tagreed', "agreed", "5"),  # blanks compared loosely
        ('Replying to "Not much, and less every week"\n\tagreed', "agreed", "5"),
        ('Replying to "A1: Not much"\n\tagreed', "agreed", ""),  # no message starts so
        ('Replying to "A deleted message"\n\tagreed', "agreed", ""),
        ('Replying to "unclosed\n\tagreed', 'Replying to "unclosed\nagreed', ""),
        ('Replying to "Q"', "", None),  # no text: skipped
    ],
)
def test_replies(tmp_path, reply, text, target):
    messages = chat(tmp_path, REPLIED + f"20:04:00 From Lou to Everyone:\n\t{reply}\n")
    if target is None:
        assert len(messages) == 3
        return
    assert (messages[-1].text, messages[-1].reply_to) == (text, target)


def test_a_quote_holding_quotes(tmp_path):
    messages = chat(tmp_path, (
        '20:01:00 From Jen to Everyone:\n\tA1: Klout said "bacon" again\n'
        '20:02:00 From Mo to Everyone:\n\tReplying to "A1: Klout said "bacon" again"\n\tha\n'
        '20:03:00 From Lou to Everyone:\n\tReplying to "A1: Klout said "bacon" ag..." ha ha\n'
    ))
    assert [(m.text, m.reply_to) for m in messages] == [
        ('A1: Klout said "bacon" again', ""), ("ha", "1"), ("ha ha", "1"),
    ]


def test_replies_never_link_to_skipped_messages(tmp_path):
    messages = chat(tmp_path, (
        "20:01:00 From Jen to Mo(Direct Message):\n\tsecret plan\n"
        f'20:02:00 From Mo to Everyone:\n\tReacted to "secret plan" with {THUMBS}\n'
        '20:03:00 From Mo to Everyone:\n\tReplying to "secret plan"\n\tok\n'
        '20:04:00 From Lou to Everyone:\n\tReplying to "Reacted to"\n\tok\n'
    ))
    assert [(m.text, m.reply_to) for m in messages] == [("ok", ""), ("ok", "")]


def test_replies_thread_under_the_question(tmp_path):
    """A reply to a question without an "A1:" prefix is an answer to it."""
    messages = chat(tmp_path, (
        "20:01:00 From Host to Everyone:\n\tQ1: First question?\n"
        "20:05:00 From Host to Everyone:\n\tQ2: Second question?\n"
        '20:06:00 From Jen to Everyone:\n\tReplying to "Q1: First question?"\n\tlate, but: yes\n'
    ))
    recap = thread_chat(messages, hosts=("Host",))
    assert [[a.text for a in t.answers] for t in recap.threads] == [["late, but: yes"], []]


# -- times -----------------------------------------------------------------------------------


def test_a_meeting_past_midnight(tmp_path):
    messages = chat(tmp_path, (
        "23:58:00 From Jen to Everyone:\n\tA1: late\n"
        "00:03:00 From Mo to Everyone:\n\tA1: later\n"
        "00:04:00 From Jen to Mo(Direct Message):\n\tsecret\n"
        "01:10:00 From Jen to Everyone:\n\tA2: latest\n"
    ))
    assert [m.time.replace(tzinfo=None) for m in messages] == [
        datetime(2011, 10, 27, 23, 58), datetime(2011, 10, 28, 0, 3), datetime(2011, 10, 28, 1, 10),
    ]


def test_times_are_in_the_recaps_zone(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("20:02:11 From Jen to Everyone:\n\thi\n", encoding="utf-8")
    [m] = parse(path, tz=ZoneInfo("Asia/Kolkata"))
    assert m.time == datetime(2011, 10, 27, 20, 2, 11, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert m.time - datetime(2011, 10, 27, 20, 2, 11, tzinfo=NEW_YORK) == -timedelta(hours=9, minutes=30)


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Meeting notes\n20:02:11 From Jen to Everyone:\n\thi\n", 1,
         "expected a Zoom chat line such as '20:02:11 From Jen Alvarez to Everyone:' (the text on the next lines)"),
        ("\n\n\tA1: hi\n", 3, "expected a Zoom chat line"),
        ("20:02:11 From Jen to Everyone:\n\thi\n20:03:00 From Jen to Everyone\n", 3,
         "cannot read who sent this message (expected '20:02:11 From Jen Alvarez to Everyone:'"),
        ("20:02:11 From : hi\n", 1, "cannot read who sent this message"),
        ("25:02:11 From Jen to Everyone:\n\thi\n", 1, "invalid time '25:02:11'"),
        ("20:60:11 From Jen to Everyone:\n\thi\n", 1, "invalid time '20:60:11'"),
        ("20:02:11 From Jen to Everyone:\n\thi\n13:02:11 PM From Jen to Everyone:\n\thi\n", 3,
         "invalid time '13:02:11 PM' (12-hour times run from 1 to 12)"),
    ],
)
def test_bad_lines_are_named(tmp_path, text, line, says):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text(text, encoding="utf-8")
    assert str(raised(parse, path)).startswith(where(path, line) + says)


def test_a_chat_needs_the_recaps_date(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("20:02:11 From Jen to Everyone:\n\thi\n", encoding="utf-8")
    assert str(raised(parse, path, ReadOptions())) == where(path) + (
        "a Zoom chat gives times without a date: give the recap a 'Date:'"
    )


def test_a_year_that_is_not_a_chats(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("20:02:11 From Jen to Everyone:\n\thi\n", encoding="utf-8")
    err = raised(parse, path, ReadOptions(day=date(1969, 12, 31)))
    assert str(err) == where(path, 1) + (
        "the time 1969-12-31T20:02:11-05:00 is out of range (a chat's year is from 1970 to 2999)"
    )


def test_an_empty_chat(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("\n\n", encoding="utf-8")
    assert str(raised(parse, path)) == where(path) + "the file is empty"


def test_a_chat_mixing_encodings_names_the_line(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_bytes("20:02:11 From Jos\u00e9 to Everyone:\n".encode() + b"\tRen\xe9 says hi\n")
    assert str(raised(parse, path)).startswith(where(path, 2) + "byte 0xE9 at column")


# -- recognising the format ------------------------------------------------------------------


@pytest.mark.parametrize("name", [MAIN.name, *VARIANTS])
def test_zoom_chats_are_recognised(name):
    head = (FOLDER / name).read_text(encoding="utf-8")
    assert zoom.sniff(head)
    assert zoom.sniff(head[:700])  # cut in the middle of a line


@pytest.mark.parametrize("name", [MAIN.name, *VARIANTS])
def test_the_registry_recognises_zoom_chats(name):
    from chat_recaps import exports

    assert exports.recognise(FOLDER / name).name == "zoom"


@pytest.mark.parametrize(
    "head",
    [
        "",
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n[8:01 PM] @jen: Hi all!\n",
        "20:02 <jen> hi all\n20:03 <mo> A1: yes\n",
        "[20:02:11] <jen> From now on\n",
        "2011-10-27 20:00:05\tjen\thi all\n2011-10-27 20:00:06\tmo\tA1: yes\n",
        "10/27/11, 8:00 PM - Jen Alvarez: A1: hi\n10/27/11, 8:01 PM - Mo: A1: yo\n",
        "00:58:04\tAlex:\tDepends on your teaching style\n00:58:20\tWheezy:\tDid you check\n",  # cloud recording
        "Agenda\n20:02:11 From Jen to Everyone:\n\thi\n",
        '{"name": "cmgrchat", "messages": []}',
    ],
)
def test_other_files_are_not_taken_for_zoom(head):
    assert zoom.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert zoom.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

STAMPS = st.sampled_from(["20:02:11 ", "20:02:11\t ", "8:02:11 PM ", "25:61:61 ", "13:00:00 pm ", "00:00:00 ", ""])
FROMS = st.sampled_from(["From Jen to Everyone:", "From  Jen Alvarez  to  Everyone: ", "From Jen : ",
                         "From Jen to Mo(Direct Message):", "From Jen to Hosts and panelists:", "From : ",
                         "From Jen to Everyone", "From ", "\t", ""])
PIECES = st.sampled_from(['Replying to "', '"', '..."', "\u2026", "Reacted to ", " with ", THUMBS, "Removed a ",
                          " reaction from ", "add ", "A1: ", "RT @jen: ", "\n\t", "\n", "\r", " ", ":"])
LINE = st.tuples(STAMPS, FROMS, st.lists(PIECES | st.text(max_size=8), max_size=6).map("".join))
LINES = st.lists(LINE.map("".join), max_size=10).map("\n".join)
DAYS = st.sampled_from([DAY, None, date(2999, 12, 31), date(1970, 1, 1)])


@given(text=LINES | st.text(max_size=200), day=DAYS,
       tz=st.sampled_from([NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Pacific/Kiritimati")]))
def test_any_text_gives_messages_or_a_source_error(tmp_path_factory, text, day, tz):
    """Whatever the file holds: a list of Messages, or a SourceError naming the file (and line)."""
    path = tmp_path_factory.mktemp("zoom") / "meeting_saved_chat.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        result = parse(path, ReadOptions(day=day), tz)
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text and m.handle and m.id for m in result)
    ids = {m.id for m in result}
    assert all(m.reply_to in ids for m in result if m.reply_to)


@given(data=st.binary(max_size=300))
def test_any_bytes_give_messages_or_a_source_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("zoom") / "meeting_saved_chat.txt"
    path.write_bytes(data)
    try:
        result = parse(path)
    except SourceError:
        return
    assert all(isinstance(m, Message) for m in result)


# -- the fixtures are what the generator writes ------------------------------------------------------


def test_the_fixtures_are_up_to_date(tmp_path, sample):
    """make_zoom.py writes the same bytes as the fixtures hold (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_zoom
    finally:
        sys.path.remove(str(FIXTURES))
    make_zoom.write(sample, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in FOLDER.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
