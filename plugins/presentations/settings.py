"""Settings of the presentations plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, boolean, folder_in_content, hostnames, text, url_pattern

from .providers import HOSTS, is_bare_hostname


def extra_hosts(value):
    """EMBED_EXTRA_HOSTS as the plugin uses it: a sorted tuple, the built-in providers' hosts left out."""
    return tuple(sorted(set(value) - set(HOSTS)))


SETTINGS = (
    Setting("PRESENTATIONS_PATH", "presentations", folder_in_content, "folder of Markdown decks, inside PATH"),
    Setting("PRESENTATIONS_URL", "presentations/{name}/", url_pattern("{name}"), "a deck's page"),
    Setting("PRESENTATIONS_SAVE_AS", "presentations/{name}/index.html", url_pattern("{name}"), "file of a deck's page"),
    Setting("PRESENTATIONS_HANDOUT_URL", "presentations/{name}/handout/", url_pattern("{name}"),
            "a deck's printable handout"),
    Setting("PRESENTATIONS_HANDOUT_SAVE_AS", "presentations/{name}/handout/index.html", url_pattern("{name}"),
            "file of a deck's handout"),
    Setting("PRESENTATIONS_DOWNLOAD_URL", "presentations/{name}/{name}.pdf", url_pattern("{name}"),
            "PDF of a deck with its notes"),
    Setting("PRESENTATIONS_DOWNLOAD_SAVE_AS", "presentations/{name}/{name}.pdf", url_pattern("{name}"),
            "file of a deck's PDF"),
    Setting("PRESENTATIONS_INDEX_URL", "presentations/", text, "the list of all decks"),
    Setting("PRESENTATIONS_INDEX_SAVE_AS", "presentations/index.html", text, "file of the list of all decks"),
    Setting("PRESENTATIONS_FEED_ATOM", "feeds/presentations.atom.xml", text, "Atom feed of the decks"),
    Setting("PRESENTATIONS_FEED_RSS", "feeds/presentations.rss.xml", text, "RSS feed of the decks"),
    Setting("PRESENTATIONS_PRIVATE_NOTES", False, boolean,
            "include `Note (private):` notes (only for a speaker's own build)"),
    Setting("EMBED_EXTRA_HOSTS", [], hostnames(is_bare_hostname),
            'more hosts whose https <iframe> players are shown in the click-to-load facade, sandboxed; '
            'each a bare host name like "player.example.org"', clean=extra_hosts),
)
