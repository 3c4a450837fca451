"""A chat written out as text, one message per line (the body of a .recap file).

Each line is::

    [TIME] WHO: text

- TIME (optional after the first message): `[20:02]`, `20:02`, `8:02 PM`,
  `[8:02:15 pm]`, with or without brackets and seconds. A line without a time
  gets the time of the message before it; the first message must have one.
  Times are on the recap's day in its time zone; a time more than 12 hours
  earlier than the message before means the chat went past midnight.
- WHO: `@handle`, `handle` or `Display Name (@handle)`.
- A line indented by 4 spaces or a tab continues the message above it (the
  two are joined with a newline). Blank lines are skipped.
- Text starting with "RT @" is a retweet.

Example::

    [8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!
    [8:01 PM] Jen Alvarez (@jen_builds_cmty): Hi all!
        Glad to be here.
    @moderator_mo: Evening!
"""

import re
from datetime import datetime, time, timedelta

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import in_zone, is_retweet_text, strip_at

SYNTAX = "[time] @handle: text"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
HANDLE = r"[\w][\w.\-]*"
LINE = re.compile(
    rf"""(?:\[\s*(?P<bracketed>{TIME})\s*\]|(?P<bare>{TIME}))?\s*
    (?:(?P<name>[^\s@:()\[\]][^:()\[\]]*?)\s*\(@?(?P<named_handle>{HANDLE})\)
      |@?(?P<handle>{HANDLE}))
    :(?P<text>\s.*|)$""",
    re.VERBOSE,
)
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?")
MIDNIGHT_GAP = timedelta(hours=12)


def is_continuation(line):
    """Say whether `line` is indented enough to continue the message above."""
    return line.startswith(("    ", "\t"))


def parse_clock(value):
    """Return the time of day written `value` ("20:02", "8:02:15 pm"); ValueError if impossible."""
    hours, minutes, seconds, half = CLOCK.fullmatch(value).groups()
    hours, minutes, seconds = int(hours), int(minutes), int(seconds or 0)
    if half:
        if not 1 <= hours <= 12:
            raise ValueError(f"invalid time {value!r} (12-hour times run from 1 to 12)")
        hours = hours % 12 + (12 if half in "Pp" else 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise ValueError(f"invalid time {value!r}")
    return time(hours, minutes, seconds)


class TranscriptReader:
    """Turn transcript lines into Messages, tracking the day and time as it goes."""

    def __init__(self, path, day, tz):
        self.path, self.day, self.tz = path, day, tz
        self.messages = []
        self.pending = None  # (fields dict, [text parts]) of the message being read
        self.last_time = None

    def feed(self, number, line):
        """Read one line, `number` being its line in the file."""
        if not line.strip():
            return
        if is_continuation(line):
            self.continue_message(number, line.strip())
            return
        m = LINE.fullmatch(line.strip())
        if not m:
            raise SourceError(self.path, number, f"expected '{SYNTAX}'")
        self.start_message(number, m)

    def continue_message(self, number, text):
        """Add an indented line to the message above it."""
        if self.pending is None:
            raise SourceError(
                self.path, number, f"indented line with no message above it (expected '{SYNTAX}')"
            )
        self.pending[1].append(text)

    def start_message(self, number, m):
        """Begin the message matched by `m` on line `number`."""
        text = m["text"].strip()
        if not text:
            raise SourceError(self.path, number, f"message has no text (expected '{SYNTAX}')")
        handle = strip_at(m["named_handle"] or m["handle"])
        self.finish()
        fields = {
            "author": (m["name"] or "").strip() or handle,
            "handle": handle,
            "time": self.message_time(number, m["bracketed"] or m["bare"]),
            "where": f"line {number}",
        }
        self.pending = (fields, [text])

    def message_time(self, number, clock):
        """Return the time of the message on line `number`, written `clock` (or None)."""
        if clock is None:
            if self.last_time is None:
                raise SourceError(
                    self.path, number, f"the first message needs a time (expected '{SYNTAX}')"
                )
            return self.last_time
        try:
            moment = in_zone(datetime.combine(self.day, parse_clock(clock), tzinfo=self.tz), self.tz)
        except ValueError as err:
            raise SourceError(self.path, number, str(err)) from None
        if self.last_time is not None and moment < self.last_time - MIDNIGHT_GAP:
            self.day += timedelta(days=1)
            moment += timedelta(days=1)
        self.last_time = moment
        return moment

    def finish(self):
        """Store the message being read, if any."""
        if self.pending is None:
            return
        fields, parts = self.pending
        text = "\n".join(parts)
        self.messages.append(Message(text=text, is_retweet=is_retweet_text(text), **fields))
        self.pending = None


def parse_lines(path, lines, first_line, day, tz):
    """Return the [Message] in `lines`, the first of which is line `first_line` of `path`."""
    reader = TranscriptReader(path, day, tz)
    for number, line in enumerate(lines, start=first_line):
        reader.feed(number, line.rstrip("\r\n"))
    reader.finish()
    return reader.messages
