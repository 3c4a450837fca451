"""Settings of the structure plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil import markers
from kbutil.config import Setting, boolean, list_of_text, name_text, positive_int, url_pattern

SETTINGS = (
    Setting("STRUCTURE_HUB_TEMPLATE", "hub", name_text,
            "template of a page with `Hub: true`, unless the page names its own with `Template:`"),
    Setting("STRUCTURE_SERIES_TEMPLATE", "series_page", name_text, "template of a series page"),
    Setting("STRUCTURE_SERIES_URL", "series/{slug}/", url_pattern("{slug}"), "a series page"),
    Setting("STRUCTURE_SERIES_SAVE_AS", "series/{slug}/index.html", url_pattern("{slug}"), "file of a series page"),
    Setting("STRUCTURE_TOC_MIN_HEADINGS", 3, positive_int,
            "headings (h2-h4) a post or page needs for a table of contents"),
    Setting("STRUCTURE_HEADING_ANCHORS", True, boolean, 'give every h2-h4 heading a "#" link to itself'),
    Setting("STRUCTURE_RESERVED_IDS", list(markers.THEME_IDS),
            list_of_text, "ids the theme's templates use on the same page; a heading never gets one of them"),
)
