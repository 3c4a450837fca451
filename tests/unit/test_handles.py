"""One rule for telling chat handles apart (chat_recaps.handles), and every copy that used to exist follows it."""

from datetime import UTC

import pytest

from chat_recaps import privacy, stats, threading
from chat_recaps.handles import handle_key, strip_at
from chat_recaps.parsers import common


@pytest.mark.parametrize(
    "written, shown, key",
    [
        ("jen", "jen", "jen"),
        ("@Jen", "Jen", "jen"),
        (" @JaneDoe ", "JaneDoe", "janedoe"),  # blanks around (privacy.handle_key kept them)
        ("@ jane", "jane", "jane"),  # a blank after the "@"
        ("@@jane", "jane", "jane"),  # every "@" in front (parsers.common dropped only one)
        ("\uff20Jen", "Jen", "jen"),  # fullwidth "＠" (no copy knew it)
        ("\ufe6bjen", "jen", "jen"),  # small "﹫"
        ("\u00a0@Jen\u3000", "Jen", "jen"),  # no-break and ideographic spaces are blanks too
        ("STRASSE", "STRASSE", "strasse"),
        ("Straße", "Straße", "strasse"),  # casefold, not lower
        ("jane doe", "jane doe", "jane doe"),  # blanks inside are part of the name
        ("jane@mastodon.example", "jane@mastodon.example", "jane@mastodon.example"),
        ("~3", "~3", "~3"),  # an anonymous author's private handle stays as it is
        ("", "", ""),
        ("@", "", ""),
    ],
)
def test_the_rule(written, shown, key):
    assert strip_at(written) == shown
    assert handle_key(written) == key


def test_different_people_stay_different():
    assert handle_key("jane doe") != handle_key("janedoe")
    assert handle_key("jane@host.example") != handle_key("jane")
    assert handle_key("jane_") != handle_key("jane")


def test_the_old_copies_are_this_rule():
    """The parsers, privacy and threading use the one function (no copy that could drift)."""
    assert common.handle_key is privacy.handle_key is threading.handle_key is stats.handle_key is handle_key
    assert common.strip_at is strip_at


def test_hosts_and_opt_outs_are_found_however_they_are_written():
    """A host written "＠CMGRchat " asks the questions of "cmgrchat"; an opt-out of " @Steve" hides "steve"."""
    from datetime import datetime

    from chat_recaps.model import Message

    def message(handle, minute, text):
        return Message(author=handle, handle=handle, time=datetime(2024, 5, 2, 20, minute, tzinfo=UTC),
                       text=text)

    recap = threading.thread_chat(
        [message("cmgrchat", 0, "Q1: Why?"), message("Steve", 1, "A1: Because."), message("mo", 2, "A1: Yes.")],
        ["\uff20CMGRchat "],
    )
    assert [t.question.text for t in recap.threads] == ["Q1: Why?"]
    shown = privacy.apply_privacy(recap, {" @steve": "omit"}, False)
    assert [a.handle for a in shown.threads[0].answers] == ["mo"]
