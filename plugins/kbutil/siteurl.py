"""The production SITEURL, read from the environment and checked."""

import os
from urllib.parse import urlsplit


def is_site_url(value):
    """True when `value` is an absolute http(s) address with a host: a production SITEURL.

    The one test of "is this build's SITEURL absolute" (feeds, sitemap, JSON-LD,
    publishing); a development build's SITEURL is "" and fails it.
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def site_url_from_env(environ=os.environ):
    """Return SITEURL from the environment, or stop with a clear message."""
    value = environ.get("SITEURL", "").strip()
    if not value:
        raise SystemExit(
            "publishconf.py: the environment variable SITEURL is not set; "
            "set it to the site's public address, e.g. SITEURL=https://example.org"
        )
    if not is_site_url(value):
        raise SystemExit(
            f"publishconf.py: SITEURL={value!r} is not an absolute http(s) URL; "
            "use e.g. SITEURL=https://example.org"
        )
    return value.rstrip("/")
