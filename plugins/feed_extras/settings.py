"""Settings of the feed_extras plugin, with their defaults, checked once at start-up.

FEED_EXTRAS_JSON        write a JSON Feed 1.1 (NAME.json) beside every Atom feed (True)
FEED_EXTRAS_STYLESHEET  XSLT in the output that makes feeds readable in a browser
                        ("theme/xsl/feed.xsl"; "" for none)
FEED_EXTRAS_VALIDATE    check every feed after writing it, failing the build on an
                        error (True; only where SITEURL is an absolute URL, as feeds
                        need absolute addresses)
"""

from kbutil.config import apply_defaults

DEFAULTS = {
    "FEED_EXTRAS_JSON": True,
    "FEED_EXTRAS_STYLESHEET": "theme/xsl/feed.xsl",
    "FEED_EXTRAS_VALIDATE": True,
}


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    return apply_defaults(settings, DEFAULTS)
