"""Settings of the structure plugin, with their defaults, checked once at start-up.

STRUCTURE_HUB_TEMPLATE         template of a page with `Hub: true` ("hub"), unless
                               the page names its own with `Template:`
STRUCTURE_SERIES_TEMPLATE      template of a series page ("series_page")
STRUCTURE_SERIES_URL / _SAVE_AS   a series page ("series/{slug}/", "series/{slug}/index.html")
STRUCTURE_TOC_MIN_HEADINGS     headings (h2-h4) a post or page needs for a table of contents (3)
STRUCTURE_HEADING_ANCHORS      give every h2-h4 heading a "#" link to itself (True)
STRUCTURE_RESERVED_IDS         ids the theme's templates use on the same page; a heading
                               never gets one of them (["content", "linked-from-title",
                               "related-title", "hub-posts-title"])
"""

from kbutil.config import apply_defaults

DEFAULTS = {
    "STRUCTURE_HUB_TEMPLATE": "hub",
    "STRUCTURE_SERIES_TEMPLATE": "series_page",
    "STRUCTURE_SERIES_URL": "series/{slug}/",
    "STRUCTURE_SERIES_SAVE_AS": "series/{slug}/index.html",
    "STRUCTURE_TOC_MIN_HEADINGS": 3,
    "STRUCTURE_HEADING_ANCHORS": True,
    "STRUCTURE_RESERVED_IDS": ["content", "linked-from-title", "related-title", "hub-posts-title"],
}


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    apply_defaults(settings, DEFAULTS)
    for key in ("STRUCTURE_SERIES_URL", "STRUCTURE_SERIES_SAVE_AS"):
        value = settings[key]
        if "{slug}" not in value or value.startswith("/") or ".." in value.split("/"):
            raise ValueError(
                f"{key}={value!r} must contain {{slug}} and be a path inside the site "
                "(no leading '/', no '..')"
            )
    if settings["STRUCTURE_TOC_MIN_HEADINGS"] < 1:
        raise ValueError(
            f"STRUCTURE_TOC_MIN_HEADINGS={settings['STRUCTURE_TOC_MIN_HEADINGS']!r} must be at least 1"
        )
    for key in ("STRUCTURE_HUB_TEMPLATE", "STRUCTURE_SERIES_TEMPLATE"):
        if not settings[key].strip():
            raise ValueError(f"{key} must name a template, e.g. 'hub'")
    return settings


def getter(settings):
    """A function reading a setting of ours from `settings`, with its default when unset."""
    return lambda key: settings.get(key, DEFAULTS[key])
