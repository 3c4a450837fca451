"""Settings of the feed_extras plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, boolean, text

SETTINGS = (
    Setting("FEED_EXTRAS_JSON", True, boolean, "write a JSON Feed 1.1 (NAME.json) beside every Atom feed"),
    Setting("FEED_EXTRAS_STYLESHEET", "theme/xsl/feed.xsl", text,
            'XSLT in the output that makes feeds readable in a browser ("" for none)'),
    Setting("FEED_EXTRAS_PAGE_SAVE_AS", "feeds/index.html", text,
            'the page listing every feed, with what a feed is and how to subscribe ("" for none)'),
    Setting("FEED_EXTRAS_PAGE_URL", "feeds/", text, "the address of that page"),
    Setting("FEED_EXTRAS_VALIDATE", True, boolean,
            "check every feed after writing it, failing the build on an error "
            "(only where SITEURL is an absolute URL, as feeds need absolute addresses)"),
)
