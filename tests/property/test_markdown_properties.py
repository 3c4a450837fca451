"""Properties of the Markdown pipeline the site reads posts with, on arbitrary text.

The pipeline is the one a build uses, without the build: Pelican's reading of
pelicanconf.py, the presentations plugin's configuration, and the reader that
adds the sanitizer (kbutil.reader.CheckedMarkdownReader), with its deck folder
moved to a temporary one holding a single valid deck.
"""

import types

import markdown
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from inert import active_in_html
from pelican.settings import read_settings
from property_inputs import CONTROL, ENTITIES, UNICODE, checkable, markdown_documents

from helpers import ROOT
from kbutil.diagnostics import LineError, SourceError
from kbutil.header import check_header
from kbutil.reader import CheckedMarkdownReader
from kbutil.sanitize import UnsafeHTML
from presentations.plugin import EXTENSION, configure

OUR_ERRORS = (UnsafeHTML, LineError, SourceError)
DECK = """\
Title: Demo deck
Date: 2020-01-01

## One

Some *text* and a [link](https://example.org/).

Note:
What the speaker says.

---

## Two

- a point
"""


@pytest.fixture(scope="module")
def markdown_settings(tmp_path_factory):
    """The MARKDOWN settings a build hands Python-Markdown, with a temporary deck folder."""
    decks = tmp_path_factory.mktemp("decks")
    (decks / "demo.md").write_text(DECK, encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    configure(types.SimpleNamespace(settings=settings))
    settings["MARKDOWN"]["extension_configs"][EXTENSION]["deck_dir"] = str(decks)
    return CheckedMarkdownReader(settings).settings["MARKDOWN"]


def convert(markdown_settings, text):
    """What the reader makes of `text`: a fresh Markdown per document, as Pelican does."""
    return markdown.Markdown(**markdown_settings).convert(text)


def test_the_pipeline_under_test_sanitizes_and_renders_presentations(markdown_settings):
    """The properties below run on the site's pipeline: it has the sanitizer and the decks."""
    assert "kbutil.safe_markdown" in markdown_settings["extensions"]
    html = convert(markdown_settings, "Hi\n\n[presentation: demo]\n")
    assert 'data-deck' in html and "Demo deck" in html and active_in_html(html, fragment=True) == []
    with pytest.raises(UnsafeHTML):
        convert(markdown_settings, "<img src=x onerror=alert(1)>\n")
    with pytest.raises(LineError):
        convert(markdown_settings, "[presentation: javascript:alert(1)]\n")


@given(text=markdown_documents())
def test_markdown_gives_inert_html_or_one_of_our_errors(markdown_settings, text):
    """Any text converts to HTML with nothing active in it, or raises UnsafeHTML/LineError/SourceError."""
    try:
        html = convert(markdown_settings, text)
    except OUR_ERRORS as err:
        event(f"refused: {type(err).__name__}")
        return
    event("converted")
    assert active_in_html(checkable(html), fragment=True) == []


HEADER_KEYS = ["Title", "Date", "Modified", "date", "MODIFIED", "Tags", "Summary", "Slug", "", " ", "-", "_"]
DATE_PIECES = [
    "2011-10-28", "2011-10-28 10:00", "2011-10-28T10:00:00+05:00", "28/10/2011", "Oct 28 2011", "0000-00-00",
    "9999-12-31", "99999-01-01", "2011-13-45", "10:00", "25:61", "+0500", "-9999", "Z", "T", "UTC", "EST", "GMT+3",
    "Jan", "Feb 30", "1st", "of", "a", ".", "/", "-", ":", " ", "1e10", "999999999999999999999", "٣", "１２",
    "monday", "noon", "AM", "PM", "12 PM 13", ",",
]


@st.composite
def headers(draw):
    """A metadata header: `Key: value` lines (dates often), continuations, a blank line, text."""
    value = st.one_of(
        st.lists(st.sampled_from(DATE_PIECES + ENTITIES + UNICODE + CONTROL), max_size=6).map("".join),
        st.text(max_size=20),
    )
    line = st.one_of(
        st.builds(lambda k, sep, v: f"{k}{sep}{v}", st.sampled_from(HEADER_KEYS) | st.text(max_size=6),
                  st.sampled_from([":", ": ", " : ", "::", "="]), value),
        st.builds(lambda v: "    " + v, value),
        st.sampled_from(["---", "", " ", "\t", "\ufeff", "\ufeffTitle: x"]),
        st.text(max_size=20),
    )
    lines = draw(st.lists(line, max_size=8))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + draw(st.text(max_size=10))


@given(text=headers())
def test_header_check_raises_only_source_error(text):
    """check_header on any text returns None or raises SourceError, never another exception."""
    try:
        check_header("post.md", text)
    except SourceError as err:
        assert err.path == "post.md" and err.message
