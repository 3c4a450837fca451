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
    return None
