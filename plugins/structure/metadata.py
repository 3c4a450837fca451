"""Reading our metadata values, and finding the header line a message should name."""

import re

TRUE = frozenset({"true", "yes", "on", "1"})
FALSE = frozenset({"false", "no", "off", "0", ""})
WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")


def text(value):
    """A metadata value as one stripped string (Pelican may hand us a list)."""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return str(value).strip()


def flag(value):
    """True/False for 'true', 'yes', 'false', 'no'... (any case); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"{text(value)!r} is neither true nor false")


def whole_number(value):
    """The int of '3', ' 3 ', '-1'; ValueError for '3.5', 'three' or ''."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    word = text(value)
    if not WHOLE_NUMBER.match(word):
        raise ValueError(f"{word!r} is not a whole number")
    return int(word)


def header_line(path, key):
    """The line of `Key:` in the header of the file at `path` (None if not found).

    Only read when there is a problem to report, so its cost does not matter.
    """
    pattern = re.compile(rf"^\s*:?{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    return None
                if pattern.match(line):
                    return number
    except (OSError, UnicodeDecodeError, TypeError):
        return None
    return None
