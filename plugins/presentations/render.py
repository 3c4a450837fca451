"""Slides and speaker notes to HTML, cleaned by the site's sanitizer."""

import re

import markdown

from kbutil.diagnostics import SourceError
from kbutil.sanitize import UnsafeHTML, clean, find_line

HEADING = re.compile(r"<(/?)h([1-6])\b")
SLIDE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists", "markdown.extensions.codehilite"]
SLIDE_CONFIGS = {"markdown.extensions.codehilite": {"css_class": "highlight"}}


def markdown_html(text, heading_level, source=None):
    """Render slide or note Markdown; its top headings become h<heading_level>.

    `source` is (deck path, line where the slide starts): active markup is a
    SourceError naming the line that holds it (UnsafeHTML without `source`).
    """
    html = markdown.markdown(
        text, extensions=SLIDE_EXTENSIONS, extension_configs=SLIDE_CONFIGS, output_format="html5"
    )
    try:
        html, _ = clean(html)
    except UnsafeHTML as err:
        if source is None:
            raise
        raise SourceError(source[0], line_in_file(*source, err.needles), str(err)) from None
    return shift_headings(html, heading_level)


def line_in_file(path, first, needles):
    """The line at or after `first` of the file at `path` that holds a needle (else `first`)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            rest = "".join(handle.readlines()[first - 1:])
    except (OSError, UnicodeDecodeError):
        return first
    offset = find_line(rest, needles)
    return first + offset - 1 if offset else first


def shift_headings(html, top):
    """Move every heading down so the highest one becomes h<top> (at most h6)."""
    levels = [int(m[2]) for m in HEADING.finditer(html) if not m[1]]
    if not levels:
        return html
    offset = top - min(levels)
    return HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + offset)}", html)
