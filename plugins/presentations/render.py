"""Slides and speaker notes to HTML."""

import re

import markdown

HEADING = re.compile(r"<(/?)h([1-6])\b")
SLIDE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists", "markdown.extensions.codehilite"]
SLIDE_CONFIGS = {"markdown.extensions.codehilite": {"css_class": "highlight"}}


def markdown_html(text, heading_level):
    """Render slide or note Markdown; its top headings become h<heading_level>."""
    html = markdown.markdown(
        text, extensions=SLIDE_EXTENSIONS, extension_configs=SLIDE_CONFIGS, output_format="html5"
    )
    return shift_headings(html, heading_level)


def shift_headings(html, top):
    """Move every heading down so the highest one becomes h<top> (at most h6)."""
    levels = [int(m[2]) for m in HEADING.finditer(html) if not m[1]]
    if not levels:
        return html
    offset = top - min(levels)
    return HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + offset)}", html)
