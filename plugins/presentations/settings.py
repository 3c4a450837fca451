"""Settings of the presentations plugin, with their defaults, checked once at start-up.

PRESENTATIONS_PATH            folder of Markdown decks, inside PATH ("presentations")
PRESENTATIONS_URL / _SAVE_AS  deck page ("presentations/{name}/")
PRESENTATIONS_HANDOUT_URL / _SAVE_AS   printable handout ("presentations/{name}/handout/")
PRESENTATIONS_DOWNLOAD_URL / _SAVE_AS  PDF of the deck with notes ("presentations/{name}/{name}.pdf")
PRESENTATIONS_INDEX_URL / _SAVE_AS     list of all decks ("presentations/")
PRESENTATIONS_FEED_ATOM / _RSS        feeds of the decks ("feeds/presentations.atom.xml", ".rss.xml")
PRESENTATIONS_PRIVATE_NOTES   include `Note (private):` notes (False; only for a speaker's own build)
EMBED_EXTRA_HOSTS             more hosts whose https <iframe> players are shown in the click-to-load
                              facade, sandboxed ([]); each a bare host name like "player.example.org"
"""

from kbutil.config import apply_defaults

from .providers import HOSTS, is_bare_hostname

DEFAULTS = {
    "PRESENTATIONS_PATH": "presentations",
    "PRESENTATIONS_URL": "presentations/{name}/",
    "PRESENTATIONS_SAVE_AS": "presentations/{name}/index.html",
    "PRESENTATIONS_HANDOUT_URL": "presentations/{name}/handout/",
    "PRESENTATIONS_HANDOUT_SAVE_AS": "presentations/{name}/handout/index.html",
    "PRESENTATIONS_DOWNLOAD_URL": "presentations/{name}/{name}.pdf",
    "PRESENTATIONS_DOWNLOAD_SAVE_AS": "presentations/{name}/{name}.pdf",
    "PRESENTATIONS_INDEX_URL": "presentations/",
    "PRESENTATIONS_INDEX_SAVE_AS": "presentations/index.html",
    "PRESENTATIONS_FEED_ATOM": "feeds/presentations.atom.xml",
    "PRESENTATIONS_FEED_RSS": "feeds/presentations.rss.xml",
    "PRESENTATIONS_PRIVATE_NOTES": False,
    "EMBED_EXTRA_HOSTS": [],
}


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    apply_defaults(settings, DEFAULTS)
    for key in DEFAULTS:
        if key.endswith(("_URL", "_SAVE_AS")) and "_INDEX_" not in key and "{name}" not in settings[key]:
            raise ValueError(f"{key}={settings[key]!r} must contain {{name}}")
    settings["EMBED_EXTRA_HOSTS"] = extra_hosts(settings["EMBED_EXTRA_HOSTS"])
    return settings


def extra_hosts(value):
    """EMBED_EXTRA_HOSTS as a tuple of host names; ValueError naming every bad entry."""
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(f"EMBED_EXTRA_HOSTS={value!r} must be a list of host names, "
                         f"like [\"player.example.org\"]")
    bad = [host for host in value if not is_bare_hostname(host)]
    if bad:
        raise ValueError(f"EMBED_EXTRA_HOSTS: {', '.join(repr(h) for h in bad)} "
                         f"{'is not a bare host name' if len(bad) == 1 else 'are not bare host names'} "
                         f"(lower-case, like \"player.example.org\": no https://, port, path or IP address)")
    return tuple(sorted(set(value) - set(HOSTS)))
