"""Helpers shared by the export parsers: strict reading, times, handles, text.

Every parser reports bad input as a SourceError naming the file and, when
the format has lines, the line: an empty file says "is empty", a byte that is
not UTF-8 gives the line it is on, and JSON that does not parse (a truncated
export) gives the line where the parser gave up.
"""

import json
import os
import re
from datetime import datetime, timedelta, timezone

from kbutil.diagnostics import SourceError

MONTHS = {
    name: number
    for number, name in enumerate(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1
    )
}
# Twitter's API time, "Thu Oct 27 20:02:11 +0000 2011". Parsed by hand because
# strptime's %a and %b follow the process locale.
TWITTER_TIME = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<month>[A-Z][a-z]{2}) +(?P<day>\d{1,2}) "
    r"(?P<h>\d{2}):(?P<m>\d{2}):(?P<s>\d{2}) (?P<sign>[+-])(?P<oh>\d{2})(?P<om>\d{2}) "
    r"(?P<year>\d{4})"
)
# What TAGS (the Google Sheets hashtag archiver) writes in its `time` column, in UTC.
DAY_FIRST_TIME = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}) "
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
)
TWITTER_ENTITY = re.compile(r"&(lt|gt|amp);")
ENTITY_CHARS = {"lt": "<", "gt": ">", "amp": "&"}


def strip_at(handle):
    """Return `handle` without surrounding blanks and one leading "@"."""
    handle = handle.strip()
    return handle[1:] if handle.startswith("@") else handle


def handle_key(handle):
    """Return the key that compares handles case-insensitively ("@Jen" == "jen")."""
    return strip_at(handle).casefold()


def read_bytes(path):
    """Return the bytes of `path`; an empty (or blank) file is a SourceError."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise SourceError(path, None, f"cannot read the export: {err.strerror}") from err
    if not data.strip():
        raise SourceError(path, None, "the file is empty")
    return data


def encoding_error(path, data, err):
    """Return the SourceError for a UnicodeDecodeError in `data`, with its line."""
    line = data.count(b"\n", 0, err.start) + 1
    column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    byte = data[err.start]
    return SourceError(
        path, line, f"byte 0x{byte:02X} at column {column} is not UTF-8 (save the export as UTF-8)"
    )


def decode_strict(path, data):
    """Decode UTF-8 bytes (a BOM is dropped) or raise SourceError at the bad byte's line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise encoding_error(path, data, err) from None


def read_text_strict(path):
    """Return the text of a UTF-8 file; SourceError if empty or not UTF-8."""
    return decode_strict(path, read_bytes(path))


def iter_lines_strict(path):
    """Yield the lines of a UTF-8 file one at a time (for big CSVs), endings kept."""
    if os.path.exists(path) and os.path.getsize(path) == 0:
        raise SourceError(path, None, "the file is empty")
    try:
        f = open(path, "rb")  # closed by the `with` below, once the lines are read
    except OSError as err:
        raise SourceError(path, None, f"cannot read the export: {err.strerror}") from err
    with f:
        for number, raw in enumerate(f, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                error = encoding_error(path, raw, err)
                raise SourceError(path, number, error.message) from None


def json_error(path, err):
    """Return the SourceError for a json.JSONDecodeError, at its line."""
    what = err.msg[:1].lower() + err.msg[1:]
    where = f"column {err.colno}" if what.endswith(" at") else f"at column {err.colno}"
    return SourceError(path, err.lineno, f"invalid JSON: {what} {where} (is the export complete?)")


def decode_json(path, text, start=0):
    """Parse the JSON value at `start` of `text`; return (value, end). Errors give file lines."""
    try:
        return json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as err:
        raise json_error(path, err) from None


def load_json(path):
    """Return the JSON value in the UTF-8 file `path`; SourceError on any defect."""
    text = read_text_strict(path)
    start = len(text) - len(text.lstrip())
    value, end = decode_json(path, text, start)
    junk = len(text) - len(text[end:].lstrip())
    if junk < len(text):
        line = text.count("\n", 0, junk) + 1
        raise SourceError(path, line, "unexpected text after the JSON value")
    return value


def record_error(path, number, message):
    """Return a SourceError for record `number` (1-based) of a JSON export."""
    return SourceError(path, None, f"record {number}: {message}")


def parse_twitter_time(value):
    """Parse "Thu Oct 27 20:02:11 +0000 2011" to an aware datetime; ValueError if it is not one."""
    m = TWITTER_TIME.fullmatch(value.strip())
    if not m or m["month"] not in MONTHS:
        raise ValueError(f"not a Twitter time: {value!r}")
    offset = int(m["oh"]) * 60 + int(m["om"])
    zone = timezone(timedelta(minutes=-offset if m["sign"] == "-" else offset))
    return datetime(
        int(m["year"]), MONTHS[m["month"]], int(m["day"]),
        int(m["h"]), int(m["m"]), int(m["s"]), tzinfo=zone,
    )


def parse_day_first_time(value):
    """Parse TAGS's "27/10/2011 20:02:11" (UTC) to an aware datetime; ValueError if not one."""
    m = DAY_FIRST_TIME.fullmatch(value.strip())
    if not m:
        raise ValueError(f"not a day/month/year time: {value!r}")
    return datetime(
        int(m["year"]), int(m["month"]), int(m["day"]),
        int(m["h"]), int(m["m"]), int(m["s"] or 0), tzinfo=timezone.utc,
    )


def parse_iso_time(value):
    """Parse an ISO 8601 time; one without a zone is UTC. ValueError if it is not one."""
    text = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        raise ValueError(f"not an ISO 8601 time: {value!r}")
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_any_time(value):
    """Parse a Twitter, ISO 8601 or TAGS day-first time; ValueError if none fits."""
    for parse in (parse_twitter_time, parse_iso_time, parse_day_first_time):
        try:
            return parse(value)
        except ValueError:
            continue
    raise ValueError(value)


def from_epoch(seconds):
    """Return the UTC datetime of whole Unix `seconds`; ValueError if out of range."""
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError) as err:
        raise ValueError(f"time out of range: {seconds}") from err


def unescape_twitter(text):
    """Undo the only escaping Twitter applies to tweet text: &lt; &gt; &amp;."""
    return TWITTER_ENTITY.sub(lambda m: ENTITY_CHARS[m[1]], text)


def normalize_text(text):
    """Return `text` with Windows/Mac line ends as "\\n" and outer blanks removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def is_retweet_text(text):
    """Say whether `text` is a classic retweet ("RT @someone: ...")."""
    return text.startswith("RT @")
