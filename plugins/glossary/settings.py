"""Settings of the glossary plugin, with their defaults, checked once at start-up.

GLOSSARY_PATH                  folder of term files, inside PATH ("glossary"); one Markdown
                               file per term, never read as a page or a post
GLOSSARY_URL / _SAVE_AS        the A–Z page ("glossary/")
GLOSSARY_TERM_URL / _SAVE_AS   a term's page ("glossary/{slug}/"; the slug is the file's
                               name unless the term sets `Slug:`)
GLOSSARY_LINK                  link the first mention of each term in every post and page,
                               with its definition in a tooltip (True); `Glossary: off` in a
                               post's header turns it off for that post
GLOSSARY_SKIP_CATEGORIES       posts of these categories link no terms, e.g. ["Programming"]
                               ([]); names compare ignoring case and spacing
GLOSSARY_SKIP_TAGS             posts with one of these tags link no terms, e.g. ["django"] ([]);
                               `Glossary: on` in a post's header links its terms all the same
A term limits itself with `Categories:`, `Tags:` or `Link: off` in its header (see terms.py).
"""

from kbutil.config import apply_defaults

DEFAULTS = {
    "GLOSSARY_PATH": "glossary",
    "GLOSSARY_URL": "glossary/",
    "GLOSSARY_SAVE_AS": "glossary/index.html",
    "GLOSSARY_TERM_URL": "glossary/{slug}/",
    "GLOSSARY_TERM_SAVE_AS": "glossary/{slug}/index.html",
    "GLOSSARY_LINK": True,
    "GLOSSARY_SKIP_CATEGORIES": [],
    "GLOSSARY_SKIP_TAGS": [],
}
NAME_LISTS = {"GLOSSARY_SKIP_CATEGORIES": "category", "GLOSSARY_SKIP_TAGS": "tag"}


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    for key, kind in NAME_LISTS.items():
        check_names(key, settings.get(key, []), kind)
    apply_defaults(settings, DEFAULTS)
    for key in ("GLOSSARY_TERM_URL", "GLOSSARY_TERM_SAVE_AS"):
        if "{slug}" not in settings[key]:
            raise ValueError(f"{key}={settings[key]!r} must contain {{slug}}")
    if not settings["GLOSSARY_PATH"].strip("/"):
        raise ValueError("GLOSSARY_PATH must name a folder inside PATH, e.g. 'glossary'")
    return settings


def check_names(key, value, kind):
    """Raise ValueError unless `value` is a list of non-empty names (a bare string is not)."""
    example = "['Programming']" if kind == "category" else "['django']"
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{key}={value!r} must be a list of {kind} names, like {example}")
    for name in value:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{key} holds {name!r}; every entry must be a {kind} name, like {example}")
