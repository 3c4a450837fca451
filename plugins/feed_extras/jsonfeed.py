"""JSON Feed 1.1 from the same items as the Atom feed. Pure: returns the text."""

import json

VERSION = "https://jsonfeed.org/version/1.1"


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
    entry = {
        "id": item["unique_id"],
        "url": item["link"],
        "title": item["title"],
        "content_html": item.get("content") or item.get("description") or "",
        "summary": strip_tags(item.get("description") or ""),
        "date_published": rfc3339(item.get("pubdate")),
        "date_modified": rfc3339(item.get("updateddate") or item.get("pubdate")),
        "authors": [{"name": item["author_name"]}] if item.get("author_name") else [],
        "tags": [str(c) for c in item.get("categories") or []],
    }
    return {key: value for key, value in entry.items() if value not in (None, "", [])}


def strip_tags(html):
    """Plain text of a short HTML summary."""
    import lxml.html

    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())
