"""A WhatsApp chat as "Export chat" writes it (the .txt, also `_chat.txt` in the zipped export).

One message per line, in the phone's date and time style; lines without a
date continue the message above (multi-line messages)::

    10/27/11, 8:00 PM - Jen Alvarez: A1: Down 14 points overnight...      (Android)
    27/10/2011, 20:00 - Jen Alvarez: A1: ...                              (Android, 24-hour)
    [27/10/2011, 20:00:05] Jen Alvarez: A1: ...                           (iPhone)
    [10/27/11, 8:00:05 PM] Jen Alvarez: A1: ...                           (iPhone, 12-hour)

- Dates: day, month and year joined by `/`, `.` or `-`, the year of 2 or 4
  digits (`11` is 2011), or year first (`2011-10-27`). Times: `20:00` or
  `8:00 PM`, seconds optional; AM/PM in any case, with dots (`p. m.`), after
  a space, a no-break space or a narrow no-break space (U+202F). Left-to-right
  and other direction marks (U+200E, U+202A...) are ignored where WhatsApp puts them.
- Day/month order, decided once per file: if a date's first number is over 12
  the file is day-first; if a second number is, month-first (both in one file
  is an error); if no date tells, day-first, unless the times are 12-hour
  (AM/PM, the US style), then month-first.
- Handle and display name: the name before the first ": " as written, a
  contact's name or a phone number ("+1 555 0100": kept as the name, the
  direction marks around it dropped).
- Skipped: system lines, which have no "Name: " part ("Messages and calls
  are end-to-end encrypted...", "X joined using this group's invite link",
  "X added Y", "X left") or whose part before ": " quotes a subject or group
  name ('X changed the subject from "a" to "b: c"'), with the lines that
  continue them. An iPhone writes its notices as messages of the group whose
  text starts with U+200E: skipped too. Media is never published: "<Media
  omitted>" (and its German, Spanish, French, Portuguese, Dutch and Italian
  forms), "image omitted" and the like, deleted messages ("This message was
  deleted"), missed calls and shared locations are skipped; an attached
  file's line ("IMG-...jpg (file attached)", "<attached: ...>") is dropped and
  the caption after it kept. "<This message was edited>" is dropped from the
  end of a text. A message left with no text is skipped.
- Time: the date and time, in the recap's time zone (the export has none).
  No ids or replies: threading goes by "A1:" prefixes and by time. Text
  starting "RT @" is a retweet, as in the other formats.

Errors name the file and the line.
"""

import re
from datetime import datetime

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import in_zone, is_retweet_text, normalize_text, read_export_text

NAME = "whatsapp"
LABEL = "WhatsApp 'Export chat' text"

# Direction marks WhatsApp writes around names, phone numbers and notices.
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
DATE = (
    r"(?:(?P<year_first>\d{4})(?P<ysep>[./-])(?P<ymonth>\d{1,2})(?P=ysep)(?P<yday>\d{1,2})"
    r"|(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2}))"
)
TIME = (
    r"(?P<time>(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second_>\d{2}))?"
    r"(?:\s*(?P<half>[AaPp])\.?\s?[Mm]\.?)?)"
)
IPHONE_LINE = re.compile(rf"\[\s*{DATE},?\s+{TIME}\s*\]\s?(?P<rest>.*)")
ANDROID_LINE = re.compile(rf"{DATE},?\s+{TIME}\s+[-\u2013]\s(?P<rest>.*)")
SPEAKER = re.compile(r"(?P<name>[^:\t]{1,100}?):(?:\s(?P<text>.*)|)")
QUOTES = "\"\u201c\u201d\u201e\u00ab\u00bb"
SYNTAX = "'12/31/20, 9:41 PM - Name: text' or '[31/12/2020, 21:41:05] Name: text'"
ENCRYPTION_NOTICES = (
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured with end-to-end encryption",
    "Messages you send to this group are now secured with end-to-end encryption",
)
SKIPPED_TEXTS = re.compile(
    r"""<Media\ omitted>|<Medien\ ausgeschlossen>|<Multimedia\ omitido>|<Médias\ omis>
    |<Mídia\ oculta>|<Media\ weggelaten>|<Media\ omessi>
    |(?:image|video|audio|sticker|GIF|document|Contact\ card)\ omitted
    |This\ message\ was\ deleted\.?|You\ deleted\ this\ message\.?
    |Waiting\ for\ this\ message\..*|Missed\ (?:voice|video|group\ voice|group\ video)\ call
    |(?:live\ )?location:\ https?://\S+""",
    re.VERBOSE | re.IGNORECASE,
)
ATTACHMENT_LINE = re.compile(r"<attached: [^<>\n]*>|[^\n]+ \(file attached\)", re.IGNORECASE)
EDITED = re.compile(r"\s*\u200e?<This message was edited>\s*$")


def header(line):
    """The (kind, match) of a line that starts a message or system line, else None."""
    line = line.lstrip(MARKS)
    for kind, pattern in (("iphone", IPHONE_LINE), ("android", ANDROID_LINE)):
        m = pattern.fullmatch(line)
        if m:
            return kind, m
    return None


def speaker(rest):
    """(name, text) of what follows the time, or None for a system line (no "Name: " part)."""
    m = SPEAKER.fullmatch(rest)
    if not m:
        return None
    name = "".join(c for c in m["name"] if c not in MARKS).strip()
    if not name or name.startswith(("<", "*", "-")) or any(q in name for q in QUOTES):
        return None
    return name, m["text"] or ""


def sniff(head):
    """Say whether text starting with `head` is a WhatsApp chat export."""
    lines = [line.rstrip("\r") for line in head.split("\n")[:80] if line.strip(MARKS + " \t\r")]
    lines = lines[:-1] if len(lines) > 1 else lines  # the last may be cut short
    if not lines or header(lines[0]) is None:
        return False
    found = [header(line) for line in lines]
    dated = [f for f in found if f is not None]
    return any(speaker(m["rest"]) for _, m in dated) and len(dated) * 3 >= len(lines)


class Entry:
    """One dated line and the lines that continue it."""

    __slots__ = ("number", "match", "said", "parts")

    def __init__(self, number, match):
        self.number, self.match = number, match
        self.said = speaker(match["rest"])  # (name, text), or None for a system line
        self.parts = [self.said[1]] if self.said else []


def read_entries(path):
    """The dated lines of the export at `path`, each with its continuation lines."""
    text = read_export_text(path).replace("\r\n", "\n").replace("\r", "\n")
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = header(line)
        if found is not None:
            entries.append(Entry(number, found[1]))
        elif entries:
            entries[-1].parts.append(line)
        elif line.strip(MARKS + " \t"):
            raise SourceError(path, number, f"expected a WhatsApp message line such as {SYNTAX}")
    return entries


def date_written(m):
    """The date of a matched line as written ("27/10/11")."""
    if m["year_first"]:
        return f"{m['year_first']}{m['ysep']}{m['ymonth']}{m['ysep']}{m['yday']}"
    return f"{m['first']}{m['sep']}{m['second']}{m['sep']}{m['year']}"


def day_first(path, entries):
    """Say whether the file's dates are day/month/year (see the module's docstring)."""
    evidence = {True: None, False: None}  # day-first? -> first entry that shows it
    for entry in entries:
        m = entry.match
        if m["year_first"]:
            continue
        first, second = int(m["first"]), int(m["second"])
        if first > 12 and second > 12:
            raise SourceError(path, entry.number, f"invalid date {date_written(m)!r}")
        if first > 12 or second > 12:
            order = first > 12
            if evidence[order] is None:
                evidence[order] = entry
            other = evidence[not order]
            if other is not None:
                kinds = {True: "day-first", False: "month-first"}
                raise SourceError(
                    path, entry.number,
                    f"the date {date_written(m)!r} is {kinds[order]} but {date_written(other.match)!r} "
                    f"on line {other.number} is {kinds[not order]}; an export writes every date one way",
                )
    if evidence[True] or evidence[False]:
        return evidence[True] is not None
    return not any(entry.match["half"] for entry in entries)


def clock(path, number, m):
    """(hour, minute, second) of a matched line; SourceError if impossible."""
    hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second_"] or 0)
    written = m["time"]
    if m["half"]:
        if not 1 <= hour <= 12:
            raise SourceError(path, number, f"invalid time {written!r} (12-hour times run from 1 to 12)")
        hour = hour % 12 + (12 if m["half"] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise SourceError(path, number, f"invalid time {written!r}")
    return hour, minute, second


def entry_time(path, entry, dayfirst, tz):
    """The aware time of a dated line, in `tz`."""
    m = entry.match
    if m["year_first"]:
        year, month, day = int(m["year_first"]), int(m["ymonth"]), int(m["yday"])
        order = "year-month-day"
    else:
        order = "day/month/year" if dayfirst else "month/day/year"
        first, second = int(m["first"]), int(m["second"])
        day, month = (first, second) if dayfirst else (second, first)
        year = int(m["year"]) + (2000 if len(m["year"]) == 2 else 0)
    hour, minute, second = clock(path, entry.number, m)
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        raise SourceError(path, entry.number, f"invalid date {date_written(m)!r} (read as {order})") from None
    try:
        return in_zone(moment, tz)
    except ValueError as err:
        raise SourceError(path, entry.number, str(err)) from None


def published_text(parts):
    """The text of a message as it may be published ("" when it is to be skipped)."""
    if parts and parts[0].startswith("\u200e") and not ATTACHMENT_LINE.fullmatch(parts[0].lstrip(MARKS)):
        return ""  # an iPhone notice: "‎image omitted", "‎Jen added Mo", ...
    parts = [parts[0].lstrip(MARKS), *parts[1:]] if parts else parts
    if parts and ATTACHMENT_LINE.fullmatch(parts[0]):
        parts = parts[1:]  # the file itself is not published; its caption is
    text = normalize_text(EDITED.sub("", "\n".join(parts)))
    if SKIPPED_TEXTS.fullmatch(text) or text.startswith(ENCRYPTION_NOTICES):
        return ""
    return text


def parse(path, tz, options):
    """Return the [Message] of the WhatsApp chat export `path`, times in `tz`."""
    entries = read_entries(path)
    dayfirst = day_first(path, entries)
    messages = []
    for entry in entries:
        moment = entry_time(path, entry, dayfirst, tz)
        if entry.said is None:
            continue
        text = published_text(entry.parts)
        if not text:
            continue
        name = entry.said[0]
        messages.append(Message(
            author=name, handle=name, time=moment, text=text, where=f"line {entry.number}",
            is_retweet=is_retweet_text(text),
        ))
    return messages
