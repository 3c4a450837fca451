"""A Zoom meeting's chat as "Save chat" writes it (`meeting_saved_chat.txt`).

Each message starts with a line giving its time of day and who sent it to
whom; its text follows on the same line or on the next lines, which Zoom
indents with a tab (newer versions may not)::

    20:02:11<TAB> From  Jen Alvarez  to  Everyone:           Zoom 5 (classic)
    <TAB>A1: Down 14 points overnight
    20:02:11<TAB> From  Jen Alvarez : A1: Down 14 points...   older Zoom, one line
    20:02:11 From Jen Alvarez to Everyone:                    newer Zoom
    <TAB>Replying to "Q1: Klout changed it..."                a reply (or the quote and
    <TAB>A1: Down 14 points overnight                         the text on one line)
    20:02:30 From Mo Haddad to Everyone:
    <TAB>Reacted to "A1: Down 14 points o..." with 👍          a reaction: skipped

- Kept: messages to Everyone (and to "All panelists and attendees" in a
  webinar), and the older one-line messages that name no recipient. Skipped:
  private messages (`to  Mo Haddad(Direct Message)`, `(Privately)`) and
  those to a group (`Hosts and panelists`, `Waiting Room Participants`):
  they were never public. Skipped too: reactions (`Reacted to "..." with 👍`,
  `Removed a 👍 reaction from "..."`, older `add 👍` / `remove 👍`), and
  messages with no text.
- Handle and display name: the sender's name as written (spaces allowed;
  hosts are given by that name). A name cannot hold ":" (Zoom ends it there).
- Time: the time of day (`20:02:11`, or `8:02:11 PM`) on the recap's Date, in
  its time zone; a time more than 12 hours earlier than the message before
  means the meeting went past midnight.
- Replies: `Replying to "quote"` before a text names the message answered by
  the start of its text (Zoom cuts it with "..."): the reply links to the
  latest earlier kept message whose text starts with the quote (spaces
  compared loosely); no such message, no link. Each message's id is the
  number of its first line, so `reply_to` is that of the message quoted.
- Text: the lines as written, each stripped of its indentation, joined with
  line breaks; "RT @" starts a retweet, as in the other formats.

Errors name the file and the line: text before the first message, a "From"
line of no known shape, an impossible time.
"""

import re
from datetime import datetime, timedelta

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import in_zone, is_retweet_text, normalize_text, read_export_text
from .transcript import parse_clock

NAME = "zoom"
LABEL = "Zoom saved meeting chat (.txt)"

SYNTAX = "'20:02:11 From Jen Alvarez to Everyone:' (the text on the next lines)"
CLOCK = r"[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\s?[AaPp]\.?[Mm]\.?)?"
HEADER = re.compile(rf"(?P<clock>{CLOCK})\s+From\s+(?P<who>.*)")
SENDER = r"(?P<name>[^:\t]*[^:\s])"
TO_EVERYONE = re.compile(rf"{SENDER}\s+to\s+(?P<to>Everyone|All panelists and attendees)\s*:(?P<text>.*)", re.I)
TO_SOMEONE = re.compile(rf"{SENDER}\s+to\s+(?P<to>[^:\t]*[^:\s])\s*:(?P<text>.*)")
NO_RECIPIENT = re.compile(rf"{SENDER}\s*:(?P<text>.*)")
REPLY = re.compile(r'Replying to "(?P<rest>.*)')
REACTION = re.compile(r'Reacted to ".*" with \S.*|Removed an? \S.* reaction from ".*"|(?:add|remove) [^\w\s]{1,16}')
CUT = ("...", "\u2026")  # how Zoom ends a quote it shortened
INDEX_CHARS = 8  # replies are looked up by (up to) this many first characters of their quote
MIDNIGHT_GAP = timedelta(hours=12)


def loose(text):
    """`text` with its runs of blanks (line breaks too) as single spaces, for comparing quotes."""
    return " ".join(text.split())


def header(line):
    """(clock, sender, public?, text) of a message's first line; None if `line` is none.

    A line that starts like one ("20:02:11 From ...") but whose sender cannot
    be read gives (clock, None, False, ""), so the caller can say so.
    """
    m = HEADER.fullmatch(line.rstrip())
    if not m:
        return None
    for pattern, public in ((TO_EVERYONE, True), (TO_SOMEONE, False), (NO_RECIPIENT, True)):
        found = pattern.fullmatch(m["who"])
        if found:
            return m["clock"], found["name"].strip(), public, found["text"]
    return m["clock"], None, False, ""


def sniff(head):
    """Say whether text starting with `head` is a Zoom saved chat.

    It is when its first line starts a message ("20:02:11 From Name to
    Everyone:") and at least a fifth of its first 50 lines do (the others
    are the messages' text, which may be anything).
    """
    lines = [line.rstrip("\r") for line in head.split("\n") if line.strip()][:50]
    lines = lines[:-1] if len(lines) > 1 else lines  # the last may be cut short
    if not lines:
        return False
    found = [header(line) for line in lines]
    starts = [f for f in found if f is not None and f[1]]
    return bool(found[0] and found[0][1]) and len(starts) * 5 >= len(lines)


class Entry:
    """A message's first line and the lines that follow it."""

    __slots__ = ("number", "clock", "name", "public", "parts")

    def __init__(self, number, clock, name, public, text):
        self.number, self.clock, self.name, self.public = number, clock, name, public
        self.parts = [text.strip()] if text.strip() else []


def read_entries(path, text):
    """The messages (Entry) of the export `path` whose text is `text`."""
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        found = header(line)
        if found is not None:
            if found[1] is None:
                raise SourceError(path, number, f"cannot read who sent this message (expected {SYNTAX})")
            entries.append(Entry(number, *found))
        elif entries:
            entries[-1].parts.append(line.strip())
        elif line.strip():
            raise SourceError(path, number, f"expected a Zoom chat line such as {SYNTAX}")
    return entries


class Quotes:
    """The kept messages' texts, to find the one a reply quotes."""

    def __init__(self):
        self.texts = []  # (loose text, id), in order
        self.by_start = {}  # the first 1, 2, ... INDEX_CHARS characters -> [index in texts]

    def add(self, text, ident):
        text = loose(text)
        for length in range(1, min(len(text), INDEX_CHARS) + 1):
            self.by_start.setdefault(text[:length], []).append(len(self.texts))
        self.texts.append((text, ident))

    def find(self, quote):
        """The id of the latest message whose text starts with `quote` ("" when none does)."""
        quote = loose(quote)
        for cut in CUT:
            if quote.endswith(cut):
                quote = quote[: -len(cut)].rstrip()
                break
        if not quote:
            return ""
        for index in reversed(self.by_start.get(quote[:INDEX_CHARS], ())):
            text, ident = self.texts[index]
            if text.startswith(quote):
                return ident
        return ""


def without_leading_blanks(parts):
    """`parts` from the first that is not blank on."""
    first = next((i for i, part in enumerate(parts) if part), len(parts))
    return parts[first:]


def split_reply(parts, quotes):
    """(text parts, id of the message replied to) of a message whose parts are `parts`."""
    m = REPLY.fullmatch(parts[0]) if parts else None
    if not m:
        return parts, ""
    rest, after = m["rest"], parts[1:]
    ends = [i for i, c in enumerate(rest) if c == '"' and (i + 1 == len(rest) or rest[i + 1].isspace())]
    if not ends:
        return parts, ""  # no closing quote: not a reply line
    found = [(quotes.find(rest[:i]), i) for i in ends]
    matching = [(ident, i) for ident, i in found if ident]
    if matching:
        ident, end = matching[-1]  # the longest quote that names a message
    else:
        ident, end = "", ends[-1] if rest.endswith('"') and any(after) else ends[0]
    return [rest[end + 1 :].strip(), *after], ident


def message_time(path, entry, day, tz, last):
    """The aware time of `entry` on `day` (or the day after, past midnight), and that day."""
    try:
        clock = parse_clock(entry.clock)
    except ValueError as err:
        raise SourceError(path, entry.number, str(err)) from None
    try:
        moment = in_zone(datetime.combine(day, clock, tzinfo=tz), tz)
        if last is not None and moment < last - MIDNIGHT_GAP:
            day += timedelta(days=1)
            moment = in_zone(datetime.combine(day, clock, tzinfo=tz), tz)
    except ValueError as err:
        raise SourceError(path, entry.number, str(err)) from None
    return moment, day


def parse(path, tz, options):
    """Return the [Message] of the Zoom saved chat `path`, on options.day in `tz`."""
    text = read_export_text(path)
    entries = read_entries(path, text)
    if options.day is None:
        raise SourceError(path, None, "a Zoom chat gives times without a date: give the recap a 'Date:'")
    day, last = options.day, None
    messages, quotes = [], Quotes()
    for entry in entries:
        moment, day = message_time(path, entry, day, tz, last)
        last = moment
        if not entry.public:
            continue
        parts, reply_to = split_reply(without_leading_blanks(entry.parts), quotes)
        body = normalize_text("\n".join(parts))
        if not body or REACTION.fullmatch(body):
            continue
        ident = str(entry.number)
        quotes.add(body, ident)
        messages.append(Message(
            author=entry.name, handle=entry.name, time=moment, text=body, where=f"line {entry.number}",
            id=ident, reply_to=reply_to, is_retweet=is_retweet_text(body),
        ))
    return messages
