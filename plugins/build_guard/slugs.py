"""What may be a slug: one path segment that stays where the URL pattern puts it. Pure.

`Slug: ../../x` would otherwise move a post's page, and its social card,
anywhere `..` leads. Decided by the characters themselves, not a pattern.
"""

from kbutil.paths import is_absolute

ADVICE = "use letters, digits and hyphens, e.g. 'my-post'"


def is_slug(value):
    """True for a non-empty, relative, single path segment without '..' or a leading '.'."""
    text = str(value)
    return not (
        not text.strip()
        or is_absolute(text)
        or "/" in text
        or "\\" in text
        or ".." in text
        or text.startswith(".")
        or any(ord(char) < 32 or ord(char) == 127 for char in text)
    )


def slug_message(value):
    """The error for a `Slug:` value that is not a slug, or None when it is one."""
    return None if is_slug(value) else f"Slug: {str(value)!r} is not a slug ({ADVICE})"
