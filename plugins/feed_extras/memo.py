"""Cleaned feed content, made once per post for all its feeds and kept between builds.

A post is in about a dozen feeds (all, its category, each tag, its author,
Atom and RSS); cleaning its HTML (items.feed_content) is the costly part of
writing feeds. `CleanedContent` cleans each (item link, HTML) once per build
and keeps the results in CACHE_PATH/feed_extras/cleaned.json, so the next
build cleans only what changed. The file is keyed by a digest of the link and
the HTML, and stamped with the code that cleans (items.py, the feed-ignore
marker, lxml's versions): any change there and it is not used. It holds only
what the last build used, so it does not grow with edits. JSON, not pickle:
reading the cache runs no code.
"""

import hashlib
import json
import logging
import os
from importlib.metadata import version

import lxml

from kbutil.diagnostics import display_path
from kbutil.filecache import file_digest, write_atomically
from kbutil.markers import FEED_IGNORE

from . import items

logger = logging.getLogger(__name__)
FILE = os.path.join("feed_extras", "cleaned.json")


def stamp():
    """What the cleaning depends on besides its input: a cache made under another stamp is not used."""
    versions = f"lxml {lxml.__version__} lxml_html_clean {version('lxml_html_clean')}"
    return f"{file_digest(items.__file__)} {FEED_IGNORE} {versions}"


def digest(link, html):
    return hashlib.sha256(f"{link}\0{html}".encode("utf-8", "surrogatepass")).hexdigest()


class CleanedContent:
    """items.feed_content(html, link), each once; kept in `cache_path` (None: this build only)."""

    def __init__(self, cache_path=None):
        self.path = os.path.join(cache_path, FILE) if cache_path else None
        self.stamp = stamp()
        self.kept = self.load()  # what the last build used; an entry moves to `used` when used again
        self.used = {}
        self.changed = False  # something was cleaned anew

    def load(self):
        if not self.path or not os.path.isfile(self.path):
            return {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as err:
            logger.warning("feed_extras: ignoring the cache %s: %s", display_path(self.path), err)
            return {}
        if not isinstance(data, dict) or data.get("stamp") != self.stamp or not isinstance(data.get("items"), dict):
            return {}
        return data["items"]

    def get(self, link, html):
        key = digest(link, html)
        found = self.used.get(key)
        if found is None:
            found = self.kept.pop(key, None)
            if not isinstance(found, str):
                found = items.feed_content(html, link)
                self.changed = True
            self.used[key] = found
        return found

    def save(self):
        """Write what this build used (nothing when it is what was read)."""
        if not self.path or not (self.changed or self.kept):  # leftovers in `kept`: entries to drop
            return
        data = json.dumps({"stamp": self.stamp, "items": self.used}, ensure_ascii=False)
        try:
            write_atomically(self.path, data.encode("utf-8", "surrogatepass"))
        except OSError as err:
            logger.warning("feed_extras: cannot keep cleaned feed content in %s: %s",
                           display_path(os.path.dirname(self.path)), err)
        self.kept, self.changed = {}, False
