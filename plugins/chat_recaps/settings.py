"""Settings of the chat_recaps plugin, with their defaults, checked once at start-up.

RECAPS_CATEGORY        category every recap is filed in ("Chat recaps")
RECAPS_OPT_OUT         {handle: "omit" | "anonymise"}: people whose messages are left
                       out, or shown as "a participant" ({})
RECAPS_ANONYMISE       show everyone as "Participant N" (hosts as "Host") (False)
RECAPS_PEOPLE_URL / _SAVE_AS          a participant's page ("people/{slug}/")
RECAPS_PEOPLE_INDEX_URL / _SAVE_AS    the list of participants ("people/")
RECAPS_TOP             how many contributors, links and hashtags to list: a positive whole number (5)
"""

from kbutil.config import apply_defaults

DEFAULTS = {
    "RECAPS_CATEGORY": "Chat recaps",
    "RECAPS_OPT_OUT": {},
    "RECAPS_ANONYMISE": False,
    "RECAPS_PEOPLE_URL": "people/{slug}/",
    "RECAPS_PEOPLE_SAVE_AS": "people/{slug}/index.html",
    "RECAPS_PEOPLE_INDEX_URL": "people/",
    "RECAPS_PEOPLE_INDEX_SAVE_AS": "people/index.html",
    "RECAPS_TOP": 5,
}
OPT_OUT_CHOICES = ("omit", "anonymise")


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    top = settings.get("RECAPS_TOP", DEFAULTS["RECAPS_TOP"])
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(
            f"RECAPS_TOP={top!r} must be a positive whole number "
            "(how many contributors, links and hashtags a recap lists, e.g. 5)"
        )
    apply_defaults(settings, DEFAULTS)
    for handle, choice in settings["RECAPS_OPT_OUT"].items():
        if choice not in OPT_OUT_CHOICES:
            raise ValueError(
                f"RECAPS_OPT_OUT[{handle!r}]={choice!r} must be one of {', '.join(OPT_OUT_CHOICES)}"
            )
    return settings
