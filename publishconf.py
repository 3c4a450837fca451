"""Production settings: `invoke preview` and `invoke publish` use this file.

SITEURL comes from the environment variable SITEURL and must be an absolute
http(s) URL; feeds get absolute links from it.
"""

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403


def site_url_from_env(environ=os.environ):
    """Return SITEURL from the environment, or stop with a clear message."""
    value = environ.get("SITEURL", "").strip()
    parts = urlsplit(value)
    if not value:
        raise SystemExit(
            "publishconf.py: the environment variable SITEURL is not set; "
            "set it to the site's public address, e.g. SITEURL=https://example.org"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SystemExit(
            f"publishconf.py: SITEURL={value!r} is not an absolute http(s) URL; "
            "use e.g. SITEURL=https://example.org"
        )
    return value.rstrip("/")


SITEURL = site_url_from_env()
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
