"""JSON Feed 1.1 from the same items as the Atom feed. Pure: returns the text.

Spec: https://www.jsonfeed.org/version/1.1/
"""

import functools
import json

import lxml.html

from kbutil.text import plain_text

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA = frozenset({"img", "picture", "video", "audio", "svg", "math"})  # content without text


def rfc3339(moment):
    return moment.isoformat() if moment else None


def json_feed(feed, feed_url):
    """The JSON Feed text for a feedgenerator feed (its items already cleaned)."""
    head = feed.feed
    document = {
        "version": VERSION,
        "title": head["title"],
        "home_page_url": head["link"],
        "feed_url": feed_url,
        "description": head.get("description") or head["title"],
        "language": head.get("language") or "en",
        "items": [json_item(item) for item in feed.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def json_item(item):
    summary = plain_text(item.get("description") or "")
    entry = {
        "id": item["unique_id"],
        "url": item["link"],
        "title": item["title"],
        **item_content(item, summary),
        "summary": summary,
        "date_published": rfc3339(item.get("pubdate")),
        "date_modified": rfc3339(item.get("updateddate") or item.get("pubdate")),
        "authors": [{"name": item["author_name"]}] if item.get("author_name") else [],
        "tags": [str(c) for c in item.get("categories") or []],
    }
    content = ("content_html", "content_text")
    return {key: value for key, value in entry.items() if key in content or value not in (None, "", [])}


def item_content(item, summary):
    """{"content_html": …}, or for a post with no text (an empty body, only a comment)
    {"content_text": its summary or ""}: JSON Feed 1.1 needs one of the two on every item."""
    for key in ("content", "description"):
        html = item.get(key) or ""
        if has_text(html):
            return {"content_html": html}
    return {"content_text": summary}


@functools.lru_cache(maxsize=4096)  # a post is in several feeds; each of its HTMLs is parsed once
def has_text(html):
    """True when `html` shows something: text, or an image or other media without text."""
    if not html.strip():
        return False
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    if fragment.text_content().strip():
        return True
    return any(isinstance(e.tag, str) and e.tag.lower() in MEDIA for e in fragment.iterdescendants())


