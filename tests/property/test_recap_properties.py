"""Properties of the chat transcript and CSV parsers and the message renderer, on arbitrary input.

A parser returns messages or raises SourceError; any other exception is a
failure. A message's text, rendered for recap and people pages, holds nothing
active.
"""

import csv
import io
import tempfile
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from inert import active_in_html
from property_inputs import (
    CONTROL,
    ENTITIES,
    HTML_PIECES,
    TIMES,
    UNICODE,
    checkable,
    joined,
    mutated_bytes,
    pieces,
)
from recap_inputs import CSV, TRANSCRIPT, parsed, write, zones

from chat_recaps.parsers import csv_tweets, transcript
from chat_recaps.text import render_text
from chat_recaps.view import plain_html

# --- transcripts --------------------------------------------------------------------------

TRANSCRIPT_PIECES = [
    "[", "]", "[8:00 PM]", "8:00 PM", "20:02", "8:02:15 pm", "12:00 a.m.", "0:00 AM", "13:00 PM",
    "99:99", "23:59:59", "٣:٠٥", "１:３０", "@", "@handle", "handle", "Jen Alvarez (@jen)", "(@", ")", ":",
    ": ", " ", "    ", "\t", "RT @x: ", "text", "#tag", "\r", "\x0b",
]
CLOCKS = ["[8:00 PM]", "8:00 pm", "20:02", "[23:59:59]", "12:00 a.m.", "0:00 AM", "13:00 PM", "[٣:٠٥]", "", "99:99"]
message_line = st.one_of(
    st.builds("{} {}: {}".format, st.sampled_from(CLOCKS), st.sampled_from(["@jen", "Jen (@jen)", "jen", "@j.e-n"]),
              st.text(min_size=1, max_size=10)),
    st.text(max_size=10).map(lambda text: "    " + text),
)
transcript_lines = st.one_of(
    st.lists(message_line, max_size=10),
    st.lists(joined(pieces(TRANSCRIPT_PIECES, noise=3), max_size=8), max_size=10),
    mutated_bytes(TRANSCRIPT).map(lambda data: data.decode("utf-8", "replace").splitlines()),
)


@given(lines=transcript_lines, first=st.integers(1, 60), tz=zones)
def test_transcript_lines_give_messages_or_source_error(lines, first, tz):
    """transcript.parse_lines on any lines returns messages or raises SourceError."""
    parsed(transcript.parse_lines, "chat.recap", lines, first, date(2011, 10, 27), tz)


# --- CSV ----------------------------------------------------------------------------------

CSV_PIECES = [",", '"', '""', "\n", "\r\n", "\r", "id_str", "from_user", "text", "created_at", "time",
              "full_text", "screen_name", "retweeted_status", "Thu Oct 27 20:02:11 +0000 2011",
              "2011-10-28T00:02:11Z", "0001-01-01T00:00:00+01:00", "28/10/2011 00:02:11", "31/02/2011 25:00",
              "@jen", "RT @x", "&lt;", "&amp;"]
csv_text = joined(pieces(CSV_PIECES, CONTROL, UNICODE, noise=3), max_size=40).map(lambda t: t.encode("utf-8"))


@st.composite
def csv_with_cells_changed(draw, data=CSV):
    """The valid CSV with a few cells (the header's too) set to other values, written back as CSV."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    read = [rows[0].index(name) for name in ("id_str", "from_user", "from_user_name", "text", "created_at")]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.sampled_from(rows))
        at = draw(st.sampled_from(read) | st.integers(0, len(row) - 1))
        row[at] = draw(st.sampled_from(TIMES) | joined(pieces(CSV_PIECES, CONTROL, UNICODE, noise=3), max_size=3))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@given(data=st.one_of(csv_with_cells_changed(), mutated_bytes(CSV), csv_text, st.binary(max_size=200)), tz=zones)
def test_csv_export_gives_messages_or_source_error(data, tz):
    """csv_tweets.parse on any file returns messages or raises SourceError."""
    with tempfile.TemporaryDirectory() as folder:
        parsed(csv_tweets.parse, write(folder, "tweets.csv", data), tz)


# --- rendering ----------------------------------------------------------------------------

MESSAGE_PIECES = [
    "http://", "https://", "https://x.example/a?b=1&c=2", "https://x.example/(a)", "@", "@jen", "@jen_builds",
    "#", "#cmgrchat", "&#39;", "C#", "a@b.com", "(", ")", ".", ",", "\n", "\r\n", "\r", " ", "RT @x:",
]
LOOKUPS = ["https://example.org/people/x", "{filename}/people/x", "javascript:alert(1)", "java\tscript:x",
           " javascript:x", "data:text/html,x", '"><script>alert(1)</script>', "https://x/\" onmouseover=\"x",
           "//evil.example/", "", None]


@given(
    text=joined(pieces(MESSAGE_PIECES, HTML_PIECES, ENTITIES, CONTROL, UNICODE), max_size=30),
    mention=st.sampled_from(LOOKUPS),
    hashtag=st.sampled_from(LOOKUPS),
)
def test_message_text_renders_to_inert_html(text, mention, hashtag):
    """render_text (recap pages) and plain_html (people pages) of any text hold nothing active."""
    for html in (render_text(text, lambda handle: mention, lambda tag: hashtag), plain_html(text)):
        assert active_in_html(checkable(html), fragment=True) == []
