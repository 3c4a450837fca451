"""Chat handles, compared one way everywhere. Pure; standard library only.

The rule: a handle is the same handle whatever its case, the blanks around it
and the "@" signs in front of it ("@" or the fullwidth "＠" and small "﹫" that
Japanese and Chinese keyboards type). "@JaneDoe ", "＠janedoe" and "janedoe"
are one person; "jane doe" and "janedoe" are not (blanks inside are kept), nor
are "jane@host.example" and "jane" (an "@" after the first letter is part of
the handle, as in Mastodon accounts).
"""

import re

AT_SIGNS = "@\uff20\ufe6b"  # "@", fullwidth "＠", small "﹫"
_LEADING = re.compile(rf"^[\s{AT_SIGNS}]+")


def strip_at(handle):
    """The handle as shown: no blanks around it, no "@" in front; case kept ("@Jen " -> "Jen")."""
    return _LEADING.sub("", str(handle)).strip()


def handle_key(handle):
    """The key that tells whether two handles are the same person ("@Jen" and "jen": yes)."""
    return strip_at(handle).casefold()
