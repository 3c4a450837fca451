"""Find and parse a recap's messages: the transcript after its header, or an export beside it.

Header keys (Key: value, then a blank line):
  Title, Date (the chat's start, local time), Timezone (IANA name, default UTC),
  Hashtag (#cmgrchat), Hosts (comma-separated, as the export spells them:
  @handles, or names such as "Jen Alvarez"), Topic, Summary, Tags,
  Highlights (`@handle HH:MM`, comma-separated), and, for an export:
  Source (file, folder or .zip beside the .recap file), Format (see
  exports.FORMATS; recognised from the file's content when absent), Channel
  (which channel of a Slack workspace export), and Start / End (local times,
  "YYYY-MM-DD HH:MM": only the messages from Start up to and including the
  minute End names make the recap, so one evening can be cut out of an
  export that spans months).
"""

import os
import re
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.utils import get_date

from kbutil.diagnostics import SourceError
from kbutil.header import comma_list, header_line
from kbutil.paths import SYMLINK_OUT_OF_CONTENT, content_path

from .exports import BY_NAME as FORMAT_NAMES
from .exports import read_export
from .handles import handle_key
from .model import ReadOptions
from .parsers import transcript

# A host as an export spells them: a handle or a name, spaces allowed; no
# comma (it separates hosts) and no control character.
HOST = re.compile(r"@?([^,@\x00-\x1f\x7f][^,\x00-\x1f\x7f]{0,79})")


def timezone(path, meta):
    name = meta.get("timezone", "UTC") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(path, None, f"Timezone: {name!r} is not a known time zone (e.g. America/New_York)") from None


def hosts(path, meta):
    """The hosts named in the header (at least one), as written, without a leading '@'."""
    names = listed(meta.get("hosts", meta.get("host", "")))
    if not names:
        raise SourceError(path, None, "the header has no 'Hosts:' line (the handles that ask the questions)")
    for name in names:
        if not HOST.fullmatch(name):
            raise SourceError(path, header_line(path, "hosts"),
                              f"Hosts: {name!r} is not a handle or name (e.g. @cmgrchat or Jen Alvarez)")
    return tuple(HOST.fullmatch(n)[1].strip() for n in names)


def listed(value):
    """The items of a comma-separated header value ("a, b,,c" -> ["a", "b", "c"]), trimmed."""
    return comma_list(value)


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
    """Return the recap's messages, parsed from wherever its header says they are, within its window."""
    tz = timezone(path, meta)
    source = source_path(path, meta, content_root)
    day = chat_start(path, meta, tz).date()
    if not source:
        if export_format(path, meta) not in ("", "transcript"):
            raise SourceError(path, None, f"Format: {meta['format']!r} needs a 'Source:' naming the export")
        messages = transcript.parse_lines(path, lines[body_start:], body_start + 1, day, tz)
    else:
        options = ReadOptions(hosts=hosts(path, meta), channel=meta.get("channel", "").strip(), day=day)
        messages = read_export(source, export_format(path, meta), tz, options)
    return within_window(path, meta, tz, messages)


def export_format(path, meta):
    """The Format header's value ('' when absent: recognised from the export); SourceError if unknown."""
    name = meta.get("format", "").strip().lower()
    if name and name not in FORMAT_NAMES:
        allowed = ", ".join(FORMAT_NAMES)
        raise SourceError(path, header_line(path, "format"), f"Format: {name!r} is not one of {allowed}")
    return name


def window_time(path, meta, key, tz):
    """The Start or End header as an aware datetime, or None."""
    value = meta.get(key, "").strip()
    if not value:
        return None
    try:
        moment = get_date(value)
    except ValueError:
        raise SourceError(path, header_line(path, key),
                          f"{key.title()}: {value!r} is not a date and time (e.g. 2016-01-14 20:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def within_window(path, meta, tz, messages):
    """The messages from Start up to the end of End's minute (all of them without a window)."""
    start, end = window_time(path, meta, "start", tz), window_time(path, meta, "end", tz)
    if start is None and end is None:
        return messages
    if start and end and end < start:
        raise SourceError(path, header_line(path, "end"), "End: is before Start:")
    stop = end.replace(second=0, microsecond=0) + timedelta(minutes=1) if end else None
    kept = [m for m in messages if (start is None or m.time >= start) and (stop is None or m.time < stop)]
    if messages and not kept:
        first, last = min(m.time for m in messages), max(m.time for m in messages)
        raise SourceError(path, header_line(path, "start" if start else "end"),
                          f"no message between Start: and End: (the export runs from "
                          f"{first.astimezone(tz):%Y-%m-%d %H:%M} to {last.astimezone(tz):%Y-%m-%d %H:%M})")
    return kept


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
    for item in listed(meta.get("highlights", "")):
        match = re.fullmatch(r"@?(\S+)\s+(\d{1,2}):(\d{2})", item)
        if not match:
            raise SourceError(path, None, f"Highlights: {item!r} is not '@handle HH:MM'")
        handle, hour, minute = handle_key(match[1]), int(match[2]), int(match[3])
        hit = next((m for m in messages if handle_key(m.handle) == handle
                    and (m.time.astimezone(tz).hour, m.time.astimezone(tz).minute) == (hour, minute)), None)
        if hit is None:
            raise SourceError(path, None, f"Highlights: no message by @{match[1]} at {hour:02d}:{minute:02d}")
        found.append(hit)
    return found
