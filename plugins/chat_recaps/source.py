"""Find and parse a recap's messages: the transcript after its header, or an export beside it.

Header keys (Key: value, then a blank line):
  Title, Date (the chat's start, local time), Timezone (IANA name, default UTC),
  Hashtag (#cmgrchat), Hosts (@handles, comma-separated), Topic, Summary, Tags,
  Highlights (`@handle HH:MM`, comma-separated), and, for an export:
  Source (file or folder beside the .recap file) and Format (transcript, csv,
  tweets-js, slack, discord; guessed from Source when absent).
"""

import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.utils import get_date

from kbutil.diagnostics import SourceError
from kbutil.header import header_line
from kbutil.paths import SYMLINK_OUT_OF_CONTENT, content_path

from .parsers import csv_tweets, discord, slack, transcript, tweets_js

FORMATS = ("transcript", "csv", "tweets-js", "slack", "discord")
HANDLE = re.compile(r"@?([A-Za-z0-9_.-]{1,50})$")


def timezone(path, meta):
    name = meta.get("timezone", "UTC") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(path, None, f"Timezone: {name!r} is not a known time zone (e.g. America/New_York)") from None


def hosts(path, meta):
    """The host handles named in the header (at least one)."""
    names = [h.strip() for h in meta.get("hosts", meta.get("host", "")).split(",") if h.strip()]
    if not names:
        raise SourceError(path, None, "the header has no 'Hosts:' line (the handles that ask the questions)")
    for name in names:
        if not HANDLE.match(name):
            raise SourceError(path, None, f"Hosts: {name!r} is not a handle like @cmgrchat")
    return tuple(HANDLE.match(n)[1] for n in names)


def guess_format(path, meta, source):
    """The export format: the Format key, else from the Source's name."""
    given = meta.get("format", "").strip().lower()
    if given:
        if given not in FORMATS:
            raise SourceError(path, None, f"Format: {given!r} is not one of {', '.join(FORMATS)}")
        return given
    if not source:
        return "transcript"
    if os.path.isdir(source):
        return "slack"
    name = os.path.basename(source).lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".js"):
        return "tweets-js"
    if name.endswith(".json"):
        return "discord"
    return "transcript"


def source_path(path, meta, content_root=None):
    """The export the `Source:` header names (resolved), '' for none; SourceError when outside the content.

    `content_root` is the content folder (settings["PATH"]); without it the
    export must be in the recap's own folder or below.
    """
    value = meta.get("source", "").strip()
    if not value:
        return ""
    root = content_root or os.path.dirname(path)
    try:
        source = str(content_path(root, os.path.dirname(path), value))
    except ValueError as err:
        where = "outside the content folder" if content_root else "outside the recap's folder"
        why = f"is a symlink to a file {where}" if str(err) == SYMLINK_OUT_OF_CONTENT else f"is {where}"
        raise SourceError(path, header_line(path, "source"),
                          f"Source: {meta['source']!r} {why}; put the export beside the recap") from None
    if not os.path.exists(source):
        raise SourceError(path, None, f"Source: {meta['source']!r} does not exist beside the recap")
    return source


def load_messages(path, meta, lines, body_start, content_root=None):
    """Return the recap's messages, parsed from wherever its header says they are."""
    tz = timezone(path, meta)
    source = source_path(path, meta, content_root)
    kind = guess_format(path, meta, source)
    if kind == "transcript" and not source:
        day = chat_start(path, meta, tz).date()
        return transcript.parse_lines(path, lines[body_start:], body_start + 1, day, tz)
    if kind == "transcript":
        with open(source, encoding="utf-8") as handle:
            return transcript.parse_lines(source, handle.read().splitlines(), 1, chat_start(path, meta, tz).date(), tz)
    if kind == "csv":
        return csv_tweets.parse(source, tz)
    if kind == "tweets-js":
        owner = hosts(path, meta)[0]
        return tweets_js.parse(source, owner, owner, tz)
    if kind == "slack":
        return slack.parse(source, tz)
    return discord.parse(source, tz)


def chat_start(path, meta, tz):
    """The Date header as an aware datetime in the recap's time zone."""
    try:
        start = get_date(meta["date"])
    except (KeyError, ValueError):
        raise SourceError(path, None, "the header needs a valid 'Date:' (the chat's start)") from None
    return start if start.tzinfo else start.replace(tzinfo=tz)


def find_highlights(path, meta, messages, tz):
    """Messages named by `Highlights: @handle HH:MM, ...`, in that order."""
    found = []
    for item in filter(None, (h.strip() for h in meta.get("highlights", "").split(","))):
        match = re.fullmatch(r"@?(\S+)\s+(\d{1,2}):(\d{2})", item)
        if not match:
            raise SourceError(path, None, f"Highlights: {item!r} is not '@handle HH:MM'")
        handle, hour, minute = match[1].casefold(), int(match[2]), int(match[3])
        hit = next((m for m in messages if m.handle.casefold() == handle
                    and (m.time.astimezone(tz).hour, m.time.astimezone(tz).minute) == (hour, minute)), None)
        if hit is None:
            raise SourceError(path, None, f"Highlights: no message by @{match[1]} at {hour:02d}:{minute:02d}")
        found.append(hit)
    return found
