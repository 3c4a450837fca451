"""Helpers shared by the export parsers: strict reading, times, handles, text.

Every parser reports bad input as a SourceError naming the file and, when
the format has lines, the line: an empty file says "is empty", and JSON that
does not parse (a truncated
export) gives the line where the parser gave up. JSON that parses but is not
what an export holds (NaN, a number of 40 digits, nesting thousands deep) is
refused as well, and `Fields` reads each field of a record with its kind
checked, so a list where a string belongs is "record 12: 'type' should be a
string, not a list", never a Python error.

Exports are read in the encoding they are in: UTF-8 (a BOM is dropped), else
the one charset-normalizer finds, which the build logs ("read as cp1252").
A file that no encoding fits (binary data), or that mixes UTF-8 with other
bytes, is refused at the line of its first byte that is not UTF-8.
"""

import json
import logging
import math
import re
from datetime import UTC, datetime, timedelta, timezone

from kbutil.diagnostics import SourceError, display_path

from ..handles import handle_key, strip_at  # noqa: F401 (the parsers' handle helpers, defined once there)

# What the build says about how it read an export: INFO, shown in the build's
# output without counting as a problem (build_guard fails on warnings).
notices = logging.getLogger("chat_recaps.notices")
notices.setLevel(logging.INFO)
# When several encodings read a file equally well (short texts often do),
# the most common one of them wins.
PREFERRED_ENCODINGS = (
    "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp932", "gb18030", "big5", "euc_kr", "koi8_r",
)
# Sample of a file read to guess its encoding (charset-normalizer reads chunks of it).
DETECT_BYTES = 4 * 1024 * 1024

MONTHS = {
    name: number
    for number, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
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
# Ids in exports have 18-20 digits; a longer number is not an export's.
MAX_DIGITS = 30
# Chats exported by these tools happened after 1970; refusing years outside
# this range keeps time arithmetic (zones, durations) clear of datetime's limits.
YEARS = range(1970, 3000)
TWITTER_ENTITY = re.compile(r"&(lt|gt|amp);")
ENTITY_CHARS = {"lt": "<", "gt": ">", "amp": "&"}


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


def guess_encoding(data):
    """The encoding charset-normalizer reads `data` in best (None when none fits)."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    fitting = [name for m in matches if m.chaos == least for name in m.could_be_from_charset]
    return next((name for name in PREFERRED_ENCODINGS if name in fitting), fitting[0])


def export_encoding(path, data):
    """The encoding of an export whose bytes (or first bytes) are `data`.

    "utf-8-sig" for UTF-8; otherwise the guessed one, which is logged. A file
    that mixes UTF-8 with other bytes, or that no encoding fits, is a
    SourceError at the line of its first byte that is not UTF-8.
    """
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and len(data) >= DETECT_BYTES:
            return "utf-8-sig"  # a sample cut in the middle of a character
        failure = err
    mixed = any(byte >= 0x80 for byte in data[: failure.start])
    encoding = None if mixed else guess_encoding(data)
    if encoding is None:
        error = encoding_error(path, data, failure)
        why = "mixes UTF-8 with another encoding" if mixed else "is in no text encoding found"
        raise SourceError(path, error.line, error.message.replace("(save", f"and the file {why} (save")) from None
    notices.info("%s: not UTF-8; read as %s", display_path(path), encoding)
    return encoding


def read_export_text(path):
    """Return the text of an export in whatever encoding it is (see export_encoding)."""
    data = read_bytes(path)
    encoding = export_encoding(path, data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise encoding_error(path, data, err) from None


def iter_export_lines(path):
    """Yield the lines of an export one at a time (for big CSVs), endings kept.

    The encoding is found from the start of the file (see export_encoding); a
    line that does not decode in it is a SourceError at that line.
    """
    try:
        f = open(path, "rb")  # noqa: SIM115 -- closed by the `with` below, once the lines are read
    except OSError as err:
        raise SourceError(path, None, f"cannot read the export: {err.strerror}") from err
    with f:
        sample = f.read(DETECT_BYTES)
        if not sample.strip():
            raise SourceError(path, None, "the file is empty")
        encoding = export_encoding(path, sample)
        f.seek(0)
        for number, raw in enumerate(f, start=1):
            try:
                yield raw.decode(encoding if number == 1 else encoding.replace("utf-8-sig", "utf-8"))
            except UnicodeDecodeError as err:
                error = encoding_error(path, raw, err)
                why = f"and the file mixes encodings (it begins as {encoding.replace('-sig', '')}; save"
                raise SourceError(path, number, error.message.replace("(save", why)) from None


class NumberError(ValueError):
    """A number JSON allows but no export holds (NaN, Infinity, 1e999, 40 digits)."""


def refuse_constant(name):
    raise NumberError(f"{name} is not a number JSON allows")


def checked_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise NumberError(f"the number {text[:20]} is too large")
    return value


def checked_int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberError(f"the number {text[:20]}... has more than {MAX_DIGITS} digits")
    return int(text)


DECODER = json.JSONDecoder(
    parse_constant=refuse_constant, parse_float=checked_float, parse_int=checked_int
)


def json_error(path, err):
    """Return the SourceError for a json.JSONDecodeError, at its line."""
    what = err.msg[:1].lower() + err.msg[1:]
    where = f"column {err.colno}" if what.endswith(" at") else f"at column {err.colno}"
    return SourceError(path, err.lineno, f"invalid JSON: {what} {where} (is the export complete?)")


def decode_json(path, text, start=0):
    """Parse the JSON value at `start` of `text`; return (value, end). Errors give file lines."""
    try:
        return DECODER.raw_decode(text, start)
    except json.JSONDecodeError as err:
        raise json_error(path, err) from None
    except NumberError as err:
        raise SourceError(path, None, f"invalid JSON: {err}") from None
    except RecursionError:
        raise SourceError(path, None, "invalid JSON: lists or objects nested too deeply") from None


def load_json(path):
    """Return the JSON value in the export file `path`; SourceError on any defect."""
    text = read_export_text(path)
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


def shown(value, limit=40):
    """`value` as a message quotes it: its repr, cut to about `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def json_kind(value):
    """Say what kind of JSON value `value` is, for a message: "a list", "an object", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), "a value")


class Fields:
    """The fields of one JSON object of an export, each read with its kind checked.

    A field that is absent or null gives the default; one of another kind is a
    SourceError naming the file, the record and the field:
    "record 12: 'author.name' should be a string, not a list".
    """

    def __init__(self, path, number, record, prefix=""):
        self.path, self.number, self.prefix = path, number, prefix
        self.record = record if isinstance(record, dict) else {}

    def error(self, message):
        return record_error(self.path, self.number, message)

    def get(self, key, kinds, expected, default):
        value = self.record.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise self.error(f"'{self.prefix}{key}' should be {expected}, not {json_kind(value)}")
        return value

    def text(self, key, default=""):
        """The string in `key`."""
        return self.get(key, str, "a string", default)

    def ident(self, key):
        """The id in `key` (a string or a whole number) as a string; "" when absent."""
        return str(self.get(key, (str, int), "a string or a whole number", ""))

    def object(self, key):
        """The Fields of the object in `key` (empty when absent)."""
        return Fields(self.path, self.number, self.get(key, dict, "an object", {}), f"{self.prefix}{key}.")

    def items(self, key):
        """The list in `key` ([] when absent)."""
        return self.get(key, list, "a list", [])

    def has(self, key):
        """Say whether `key` is present and not null."""
        return self.record.get(key) is not None


def in_zone(moment, tz):
    """Return `moment` in time zone `tz`; ValueError when its year is not a chat's."""
    if moment.year not in YEARS:
        raise ValueError(
            f"the time {moment.isoformat()} is out of range "
            f"(a chat's year is from {YEARS.start} to {YEARS.stop - 1})"
        )
    return moment.astimezone(tz)


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
        int(m["h"]), int(m["m"]), int(m["s"] or 0), tzinfo=UTC,
    )


def parse_iso_time(value):
    """Parse an ISO 8601 time; one without a zone is UTC. ValueError if it is not one."""
    text = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        raise ValueError(f"not an ISO 8601 time: {value!r}")
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as err:
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
