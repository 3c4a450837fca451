"""Check the metadata header of a Markdown source file.

Python-Markdown's `meta` extension silently ends the header at the first line
that is not `Key: value`, so a typo turns metadata into body text. We read the
header ourselves (every line up to the first blank line) and say which line is
wrong. A `---` YAML header (kbutil.frontmatter) is checked the same way: its
dates, and the keys a file needs. Pure: no Pelican import beyond its date parser.
"""

import re

from pelican.utils import get_date

from kbutil.diagnostics import SourceError
from kbutil.frontmatter import ENDS, FENCE, read_front_matter

KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^( {4}|\t)")
DATE_KEYS = ("date", "modified")
SYNTAX = "'Key: value' lines, then a blank line, then the text"


def check_header(path, text, required=("title",)):
    """Raise SourceError for the first problem in the header of `text`."""
    lines = text.lstrip("\ufeff").splitlines()
    front = read_front_matter(path, lines)
    if front is not None:
        check_front_matter(path, front, required)
        return
    seen = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        if CONTINUATION.match(line) and seen:
            continue
        match = KEY_LINE.match(line)
        if not match:
            raise SourceError(
                path,
                number,
                f"broken metadata header: {line.strip()!r} is not 'Key: value' "
                f"(expected: {SYNTAX})",
            )
        key, value = match["key"].lower(), match["value"].strip()
        seen.add(key)
        if key in DATE_KEYS:
            check_date(path, number, key, value)
    for key in required:
        if key not in seen:
            raise SourceError(
                path, 1, f"metadata header has no '{key.title()}:' line ({SYNTAX})"
            )


def check_front_matter(path, front, required):
    """Raise SourceError for a bad date or a missing required key in a `---` header."""
    for key in DATE_KEYS:
        if key in front.meta:
            check_date(path, header_line(path, key) or 1, key, front.meta[key])
    for key in required:
        if not front.meta.get(key):
            raise SourceError(path, 1, f"the '---' header has no '{key}:' line")


def check_date(path, number, key, value):
    """Raise SourceError unless `value` is a date Pelican can read."""
    try:
        get_date(value)
    except (ValueError, OverflowError):
        raise SourceError(
            path,
            number,
            f"invalid {key} {value!r} (expected e.g. 2011-10-28 or 2011-10-28 10:00)",
        ) from None


def read_header(lines):
    """Return ({lower-case key: value}, index of the first body line) of checked lines.

    Unchecked lines are read as Python-Markdown's meta extension reads them; a
    line before the first key that is not `Key: value` is left out.
    """
    metadata, key = {}, None
    for index, line in enumerate(lines):
        if not line.strip():
            return metadata, index + 1
        match = KEY_LINE.match(line)
        if match:
            key = match["key"].lower()
            metadata[key] = match["value"].strip()
        elif key is not None:  # a continuation line (check_header allowed it)
            metadata[key] = f"{metadata[key]} {line.strip()}"
    return metadata, len(lines)


def header_line(path, key):
    """The 1-based line of `Key:` in the header of the file at `path`, or None.

    Read only when there is a problem to report, so its cost does not matter.
    """
    pattern = re.compile(rf"^\s*:?{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            fenced = False
            for number, line in enumerate(handle, start=1):
                if number == 1 and line.strip() == FENCE:
                    fenced = True
                elif fenced and line.strip() in ENDS or not fenced and not line.strip():
                    return None
                elif pattern.match(line):
                    return number
    except (OSError, UnicodeDecodeError, TypeError):
        return None
    return None


def comma_list(value):
    """The items of a list-like header value, trimmed, blanks dropped: "a, b,,c" or ["a", " b"] -> ["a", "b", ...].

    Markdown headers give text ("Aliases: /old/, /older/"); a `---` YAML header
    may give a list. None or "" is [].
    """
    if not value:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]
