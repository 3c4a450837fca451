"""An IRC channel log, as irssi, WeeChat, ZNC or another client writes it.

One event a line. The styles read (each line is read on its own)::

    --- Log opened Thu Oct 27 19:58:12 2011                 irssi: sets the date
    20:02 <@cmgrchat_host> Q1: Did your score change?       irssi (`< jen>`: no mode)
    20:03  * moderator_mo waves                             irssi /me action
    20:04 -!- jen [~jen@example.org] has joined #cmgrchat   irssi status line
    --- Day changed Fri Oct 28 2011                         irssi: sets the date
    2011-10-27 20:02:11<TAB>@cmgrchat_host<TAB>Q1: ...      WeeChat (prefix column:
                                                            `-->` `<--` `--` `=!=` status, ` *` action)
    [20:02:11] <cmgrchat_host> Q1: ...                      ZNC (`*** Joins: ...` status)
    [20:02] <cmgrchat_host> Q1: ...                         mIRC and others; also
    [2011-10-27 20:02:11] <cmgrchat_host> Q1: ...           with a date, bracketed or not

- Kept: messages, `<nick> text`, and /me actions, `* nick text`: an action is
  kept as the message "text" by nick (`* mo waves` is "waves" by mo; so is
  a raw `<mo> \\x01ACTION waves\\x01`, as some bouncers log it).
- Nick: the mode prefix (`@`, `+`, `%`, `~`, `&`, or irssi's blank for none)
  is dropped; the nick is both the handle and the author's name (IRC has no
  display names).
- Skipped: joins, parts, quits, nick and mode changes, topics, notices
  (`-ChanServ- ...`) and every other status line: irssi `-!-`, ZNC `***`,
  WeeChat `-->` `<--` `--` `=!=` (and an empty prefix), mIRC `* Joins: ...`,
  `* X is now known as Y`, `* X sets mode: ...`; `--- Log closed`; blank
  lines; messages with no text, and other CTCP requests (VERSION, PING).
- Time: a date on the line (`2011-10-27 20:02:11`) wins; a line with a time
  only is on the date of the latest `--- Log opened` / `--- Day changed`
  above it, else on the recap's Date. Times are in the recap's time zone.
  Among lines with a time only, one more than 12 hours earlier than the
  message before it means the chat went past midnight (as in transcripts);
  an irssi date line starts afresh.
- Text: as written, with mIRC formatting codes (bold, colours, ...) removed;
  "RT @" starts a retweet, as in the other formats. IRC has no message ids
  or replies: threading goes by "A1:" prefixes and by time.

Errors name the file and the line: a line of none of these shapes, an
impossible date or time, a log of times only with no date anywhere.
"""

import re
from datetime import date, datetime, time, timedelta

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import MONTHS, in_zone, is_retweet_text, read_export_text

NAME = "irc"
LABEL = "IRC log (irssi, WeeChat, ZNC, [HH:MM] <nick>)"

SYNTAX = "'20:02 <nick> text', '[20:02:11] <nick> text' or '2011-10-27 20:02:11<TAB>nick<TAB>text'"
DATE = r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
CLOCK = r"(?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)"
WEECHAT_LINE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}) (?P<clock>[0-9]{2}:[0-9]{2}:[0-9]{2})\t(?P<prefix>[^\t]*)(?:\t(?P<text>.*))?"
)
BRACKET_LINE = re.compile(rf"\[\s*(?:{DATE}[ T])?{CLOCK}\s*\](?P<rest>.*)")
BARE_LINE = re.compile(rf"(?:{DATE}[ T])?{CLOCK}(?P<rest>\s.*)")
# irssi's "--- Log opened Thu Oct 27 19:58:12 2011" and "--- Day changed Fri Oct 28 2011".
DIRECTIVE = re.compile(r"---\s+(?P<what>Log opened|Day changed|Log closed)\b(?P<stamp>.*)")
DIRECTIVE_DATE = re.compile(
    r"(?:[A-Z][a-z]{2},? +)?(?P<month>[A-Z][a-z]{2}) +(?P<day>[0-9]{1,2}),?"
    r"(?: +[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)? +(?P<year>[0-9]{4})"
)
MODES = "@+%~&"
SAID = re.compile(rf"<[\s{MODES}]*(?P<nick>[^\s<>{MODES}][^\s<>]*)>(?:\s(?P<text>.*)|)")
NICK = r"[^\s:*<>@!,]+"
ACTION = re.compile(rf"\*\s+(?P<nick>{NICK})(?:\s(?P<text>.*)|)")
# Status lines: irssi's "-!- ...", notices "-nick- ...", ZNC's "*** ...", WeeChat's arrows.
STATUS_MARKERS = ("-", "***", "<--", "=!=")
WEECHAT_STATUS = {"", "-->", "<--", "--", "=!=", "-", "***"}
# mIRC writes its status lines as if they were actions.
MIRC_STATUS = re.compile(
    r"\*\s+(?:(?:Joins|Parts|Quits|Kicks):|(?:Now talking in|Topic is|Set by|Retrieving|Disconnected"
    r"|Attempting to rejoin|Rejoined channel|Connecting to|Looking up)(?:\s|$)"
    rf"|{NICK}\s+(?:is now known as|sets mode:|changes topic to|was kicked by|has joined|has left|has quit)(?:\s|$))"
)
# mIRC formatting: bold, colour (with its numbers), hex colour, reset, reverse, italics, underline...
FORMATTING = re.compile(
    r"\x03(?:[0-9]{1,2}(?:,[0-9]{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]"
)
MIDNIGHT_GAP = timedelta(hours=12)


class Line:
    """What one line of a log is, before its date and time are checked.

    `day` and `clock` are the date ("2011-10-27", or None) and time written;
    `kind` is "said" (a message or action: `nick`, `text`), "status" (skipped),
    "opened" / "changed" (irssi lines that set the date: `stamp`) or "closed".
    """

    __slots__ = ("kind", "day", "clock", "nick", "text", "stamp")

    def __init__(self, kind, day=None, clock=None, nick="", text="", stamp=""):
        self.kind, self.day, self.clock, self.nick, self.text, self.stamp = kind, day, clock, nick, text, stamp


def what_follows_time(rest):
    """The (kind, nick, text) of what follows a line's time; None if it is no IRC event."""
    rest = rest.strip()
    if rest.startswith(STATUS_MARKERS):
        return "status", "", ""
    m = SAID.fullmatch(rest)
    if m:
        return "said", m["nick"], m["text"] or ""
    if MIRC_STATUS.match(rest):
        return "status", "", ""
    m = ACTION.fullmatch(rest)
    if m:
        return "said", m["nick"], m["text"] or ""
    return None


def weechat_event(prefix, text):
    """The (kind, nick, text) of a WeeChat line's prefix and text columns; None if unreadable."""
    prefix = prefix.strip()
    if prefix in WEECHAT_STATUS or prefix.startswith(("-->", "<--", "--")):
        return "status", "", ""
    if prefix == "*":
        m = re.fullmatch(rf"(?P<nick>{NICK})(?:\s(?P<text>.*)|)", text.strip())
        return ("said", m["nick"], m["text"] or "") if m else ("status", "", "")
    nick = prefix.lstrip(MODES)
    if nick.startswith("<") and nick.endswith(">"):  # a nick_prefix / nick_suffix set to < and >
        nick = nick[1:-1].lstrip(MODES)
    if not nick or re.search(r"[\s<>]", nick):
        return None
    return "said", nick, text


def read_line(raw):
    """The Line that `raw` (without its line end) is; None when it is not an IRC log line."""
    m = WEECHAT_LINE.fullmatch(raw.lstrip("\ufeff"))
    if m:
        event = weechat_event(m["prefix"], m["text"] or "")
        return Line(event[0], m["date"], m["clock"], event[1], event[2]) if event else None
    line = raw.strip()
    m = DIRECTIVE.fullmatch(line)
    if m:
        kind = {"Log opened": "opened", "Day changed": "changed", "Log closed": "closed"}[m["what"]]
        return Line(kind, stamp=m["stamp"].strip())
    m = BRACKET_LINE.fullmatch(line) or BARE_LINE.fullmatch(line)
    if not m:
        return None
    event = what_follows_time(m["rest"])
    return Line(event[0], m["date"], m["clock"], event[1], event[2]) if event else None


def sniff(head):
    """Say whether text starting with `head` is an IRC log (most of its first 50 lines are)."""
    lines = [line.rstrip("\r") for line in head.split("\n") if line.strip()][:50]
    lines = lines[:-1] if len(lines) > 1 else lines  # the last may be cut short
    if not lines:
        return False
    read = [read_line(line) for line in lines]
    known = [line for line in read if line is not None]
    has_chat = any(line.kind in ("said", "opened", "changed") for line in known)
    return has_chat and len(known) * 2 > len(lines)


def clean_text(text):
    """The text of a message as published: formatting codes removed, outer blanks stripped.

    A raw CTCP ACTION ("\\x01ACTION waves\\x01", as some bouncers log /me) is
    the action's text; other CTCP requests (VERSION, PING) are no text.
    """
    if text.startswith("\x01"):
        command, _, rest = text.strip("\x01").partition(" ")
        text = rest if command == "ACTION" else ""
    return FORMATTING.sub("", text).strip()


class IrcReader:
    """Turn log lines into Messages, tracking the date as it goes."""

    def __init__(self, path, day, tz):
        self.path, self.tz = path, tz
        self.day = day  # the date of lines with a time only (recap's Date, or irssi's latest)
        self.last_time = None
        self.messages = []

    def error(self, number, message):
        return SourceError(self.path, number, message)

    def feed(self, number, raw):
        """Read line `number`, `raw` (its line end removed)."""
        if not raw.strip():
            return
        line = read_line(raw)
        if line is None:
            raise self.error(number, f"expected an IRC log line such as {SYNTAX}")
        if line.kind in ("opened", "changed"):
            self.day = self.directive_date(number, line)
            return
        if line.kind == "closed":
            return
        clock = self.clock(number, line.clock)
        day = self.written_day(number, line.day)
        if line.kind != "said":
            return
        text = clean_text(line.text)
        if not text:
            return
        moment = self.moment(number, day, clock)
        self.messages.append(Message(
            author=line.nick, handle=line.nick, time=moment, text=text, where=f"line {number}",
            is_retweet=is_retweet_text(text),
        ))

    def directive_date(self, number, line):
        """The date an irssi "--- Log opened" / "--- Day changed" line gives."""
        what = "Log opened" if line.kind == "opened" else "Day changed"
        m = DIRECTIVE_DATE.fullmatch(line.stamp)
        if not m or m["month"] not in MONTHS:
            raise self.error(number, f"cannot read the date of '--- {what} {line.stamp[:40]}' "
                                     "(expected e.g. 'Thu Oct 27 2011')")
        try:
            day = date(int(m["year"]), MONTHS[m["month"]], int(m["day"]))
        except ValueError:
            raise self.error(number, f"invalid date {line.stamp[:40]!r}") from None
        self.at(number, day, time(12))  # a year that is not a chat's is refused here
        self.last_time = None  # the date is known again: no midnight to guess
        return day

    def clock(self, number, written):
        """The time of day `written` ("20:02", "20:02:11"); SourceError if impossible."""
        parts = [int(p) for p in written.split(":")]
        hours, minutes, seconds = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
        if hours > 23 or minutes > 59 or seconds > 59:
            raise self.error(number, f"invalid time {written!r}")
        return time(hours, minutes, seconds)

    def written_day(self, number, written):
        """The date `written` on a line ("2011-10-27"), None when there is none; SourceError if impossible."""
        if not written:
            return None
        try:
            return date.fromisoformat(written)
        except ValueError:
            raise self.error(number, f"invalid date {written!r}") from None

    def moment(self, number, day, clock):
        """The aware time of a message: on its own `day`, else on the current one (see the docstring)."""
        if day is not None:
            return self.at(number, day, clock)
        if self.day is None:
            raise self.error(number, "this log gives times without a date: give the recap a 'Date:' "
                                     "(or keep irssi's '--- Log opened' line)")
        moment = self.at(number, self.day, clock)
        if self.last_time is not None and moment < self.last_time - MIDNIGHT_GAP:
            self.day += timedelta(days=1)  # the chat went past midnight
            moment = self.at(number, self.day, clock)
        self.last_time = moment  # (of lines with a time only: those are the ones it is compared with)
        return moment

    def at(self, number, day, clock):
        """`clock` on `day` in the recap's zone; SourceError when the year is not a chat's."""
        try:
            return in_zone(datetime.combine(day, clock, tzinfo=self.tz), self.tz)
        except ValueError as err:
            raise self.error(number, str(err)) from None


def parse(path, tz, options):
    """Return the [Message] of the IRC log `path`, times in `tz` (options.day for time-only lines)."""
    text = read_export_text(path)
    reader = IrcReader(path, options.day, tz)
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.feed(number, raw.rstrip("\r"))
    return reader.messages
