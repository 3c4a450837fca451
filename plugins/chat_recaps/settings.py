"""Settings of the chat_recaps plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, boolean, mapping_of, one_of, positive_int, text

SETTINGS = (
    Setting("RECAPS_CATEGORY", "Chat recaps", text, "category every recap is filed in"),
    Setting("RECAPS_OPT_OUT", {}, mapping_of(text, one_of("omit", "anonymise"), '{"handle": "omit"}'),
            '{handle: "omit" | "anonymise"}: people whose messages are left out, or shown as "a participant"'),
    Setting("RECAPS_ANONYMISE", False, boolean, 'show everyone as "Participant N" (hosts as "Host")'),
    Setting("RECAPS_PEOPLE_URL", "people/{slug}/", text, "a participant's page"),
    Setting("RECAPS_PEOPLE_SAVE_AS", "people/{slug}/index.html", text, "file of a participant's page"),
    Setting("RECAPS_PEOPLE_INDEX_URL", "people/", text, "the list of participants"),
    Setting("RECAPS_PEOPLE_INDEX_SAVE_AS", "people/index.html", text, "file of the list of participants"),
    Setting("RECAPS_TOP", 5, positive_int, "how many contributors, links and hashtags a recap lists"),
)
