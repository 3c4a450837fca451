"""Slides to HTML, and the theme fragments that wrap embeds and decks."""

import re

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

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


def fragment_env(template_dirs):
    """A Jinja environment over the theme's templates, escaping everything."""
    return Environment(
        loader=FileSystemLoader(template_dirs),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render_fragment(env, name, **context):
    """Render theme/templates/fragments/presentations/<name>.html."""
    return env.get_template(f"fragments/presentations/{name}.html").render(**context)
