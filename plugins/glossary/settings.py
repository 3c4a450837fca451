"""Settings of the glossary plugin, with their defaults, checked once at start-up.

GLOSSARY_PATH                  folder of term files, inside PATH ("glossary"); one Markdown
                               file per term, never read as a page or a post
GLOSSARY_URL / _SAVE_AS        the A–Z page ("glossary/")
GLOSSARY_TERM_URL / _SAVE_AS   a term's page ("glossary/{slug}/"; the slug is the file's
                               name unless the term sets `Slug:`)
GLOSSARY_LINK                  link the first mention of each term in every post and page,
                               with its definition in a tooltip (True); `Glossary: off` in a
                               post's header turns it off for that post
"""

from kbutil.config import apply_defaults

DEFAULTS = {
    "GLOSSARY_PATH": "glossary",
    "GLOSSARY_URL": "glossary/",
    "GLOSSARY_SAVE_AS": "glossary/index.html",
    "GLOSSARY_TERM_URL": "glossary/{slug}/",
    "GLOSSARY_TERM_SAVE_AS": "glossary/{slug}/index.html",
    "GLOSSARY_LINK": True,
}


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    apply_defaults(settings, DEFAULTS)
    for key in ("GLOSSARY_TERM_URL", "GLOSSARY_TERM_SAVE_AS"):
        if "{slug}" not in settings[key]:
            raise ValueError(f"{key}={settings[key]!r} must contain {{slug}}")
    if not settings["GLOSSARY_PATH"].strip("/"):
        raise ValueError("GLOSSARY_PATH must name a folder inside PATH, e.g. 'glossary'")
    return settings
