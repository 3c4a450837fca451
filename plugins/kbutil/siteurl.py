"""The production SITEURL, read from the environment and checked."""

import os
from urllib.parse import urlsplit


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
