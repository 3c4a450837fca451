"""Tweets in a CSV file, as hashtag archivers (TAGS and the like) export them.

The first row names the columns; names are matched without regard to case
and surrounding blanks. Where several names are accepted, the first one
present in this order is used:

============  =========  ==============================================================
Field         Required   Column names accepted
============  =========  ==============================================================
text          yes        `full_text`, `text`, `tweet`
handle        yes        `from_user`, `screen_name`, `user_screen_name`, `username`
time          yes        `created_at`, `time`, `timestamp`
display name  no         `from_user_name`, `user_name`, `name`
id            no         `id_str`, `id`, `tweet_id`
reply to      no         `in_reply_to_status_id_str`, `in_reply_to_status_id`
retweet       no         `retweeted_status` (any value but empty/0/false/no/none/null)
============  =========  ==============================================================

Times may be written as Twitter does ("Thu Oct 27 20:02:11 +0000 2011"), in
ISO 8601 ("2011-10-28T00:02:11Z"), or as TAGS's `time` column does
("28/10/2011 00:02:11", day first). Times without a zone are UTC.

Every other column (profile_image_url, user_followers_count, from_user_id_str,
geo_coordinates, e-mail addresses, ...) is ignored and never reaches the site.
A leading "@" on handles is dropped. `&lt;`, `&gt;` and `&amp;` in the text
are turned back into `<`, `>` and `&` (Twitter escapes them in tweet text).
A tweet is a retweet when its text starts with "RT @" or its
`retweeted_status` column is set. Rows stay in file order.

The file is read as a stream, so exports of hundreds of megabytes are fine.
"""

import csv

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    in_zone,
    is_retweet_text,
    iter_export_lines,
    normalize_text,
    parse_any_time,
    shown,
    strip_at,
    unescape_twitter,
)

COLUMNS = {  # field: (what it is if required, else None; accepted names by preference)
    "text": ("the tweet text", ("full_text", "text", "tweet")),
    "handle": ("the author's handle", ("from_user", "screen_name", "user_screen_name", "username")),
    "time": ("the tweet time", ("created_at", "time", "timestamp")),
    "name": (None, ("from_user_name", "user_name", "name")),
    "id": (None, ("id_str", "id", "tweet_id")),
    "reply_to": (None, ("in_reply_to_status_id_str", "in_reply_to_status_id")),
    "retweeted": (None, ("retweeted_status",)),
}
FALSE_WORDS = {"", "0", "false", "no", "none", "null"}


def find_columns(path, line, header):
    """Map each field to its column in `header` (on `line`); SourceError if one is missing."""
    names = [name.strip().lower() for name in header]
    found, missing = {}, []
    for field, (what, accepted) in COLUMNS.items():
        index = next((names.index(a) for a in accepted if a in names), None)
        if index is not None:
            found[field] = index
        elif what:
            missing.append(f"{what} (one of: {', '.join(accepted)})")
    if missing:
        raise SourceError(path, line, f"no column for {'; '.join(missing)}")
    return found


def cell(row, columns, field):
    """Return the cell of `field` in `row`, or "" when the file has no such column."""
    index = columns.get(field)
    return row[index] if index is not None else ""


def row_message(path, line, row, columns, tz):
    """Return the Message in CSV `row`, which starts on `line`."""
    handle = strip_at(cell(row, columns, "handle"))
    if not handle:
        raise SourceError(path, line, "the tweet has no author handle")
    raw_time = cell(row, columns, "time")
    try:
        moment = in_zone(parse_any_time(raw_time), tz)
    except ValueError:
        raise SourceError(
            path, line,
            f"invalid time {shown(raw_time)} (expected e.g. 'Thu Oct 27 20:02:11 +0000 2011', "
            "'2011-10-28T00:02:11Z' or '28/10/2011 00:02:11')",
        ) from None
    text = normalize_text(unescape_twitter(cell(row, columns, "text")))
    if not text:
        raise SourceError(path, line, "the tweet has no text")
    retweeted = cell(row, columns, "retweeted").strip().lower() not in FALSE_WORDS
    return Message(
        author=cell(row, columns, "name").strip() or handle,
        handle=handle,
        time=moment,
        text=text,
        where=f"line {line}",
        id=cell(row, columns, "id").strip(),
        reply_to=cell(row, columns, "reply_to").strip(),
        is_retweet=retweeted or is_retweet_text(text),
    )


def read_rows(path):
    """Yield (line, row) for each non-blank CSV record, line being where it starts."""
    reader = csv.reader(iter_export_lines(path), strict=True)
    start = 1
    try:
        for row in reader:
            if any(field.strip() for field in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as err:
        raise SourceError(path, reader.line_num, f"broken CSV: {err}") from None


def parse(path, tz):
    """Return the [Message] of the tweets in the CSV file `path`, times in `tz`."""
    rows = read_rows(path)
    header_line, header = next(rows, (None, None))
    if header is None:
        raise SourceError(path, None, "the file is empty")
    columns = find_columns(path, header_line, header)
    messages = []
    for line, row in rows:
        if len(row) != len(header):
            raise SourceError(
                path, line,
                f"record has {len(row)} fields, the header (line {header_line}) has {len(header)}",
            )
        messages.append(row_message(path, line, row, columns, tz))
    return messages
