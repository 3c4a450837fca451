"""Offline feed validators: Atom (RFC 4287), RSS 2.0, JSON Feed 1.1. Pure.

Each check returns a list of messages, empty when the feed is valid. They
cover what readers rely on: required elements, one id per feed and entry,
date formats, absolute addresses, and a self link equal to the feed's URL.
"""

import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def validate_file(path, site_url):
    """Validate the feed at `path` (Atom, RSS or JSON Feed); its URL is below `site_url`."""
    with open(path, "rb") as handle:
        data = handle.read()
    url = feed_url(path, site_url)
    if str(path).endswith(".json"):
        return validate_json_feed(data, url)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        return [f"not well-formed XML: {err}"]
    if root.tag == f"{ATOM}feed":
        return validate_atom(root, url)
    if root.tag == "rss":
        return validate_rss(root, url)
    return [f"unknown feed root element {root.tag!r}"]


def feed_url(path, site_url):
    """The public URL of the feed file at `path` (the part after the output folder)."""
    text = str(path).replace("\\", "/")
    marker = "/feeds/"
    return site_url.rstrip("/") + text[text.index(marker):] if marker in text else None


def is_absolute(url):
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https", "tag", "urn") and bool(parts.netloc or parts.scheme in ("tag", "urn"))


def validate_atom(root, url):
    errors = []
    errors += exactly_one(root, "id", "feed") + exactly_one(root, "title", "feed") + exactly_one(root, "updated", "feed")
    errors += dates(root.findall(f"{ATOM}updated"), "feed updated")
    self_links = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    if len(self_links) != 1:
        errors.append("feed needs exactly one link rel=\"self\"")
    elif url and self_links[0].get("href") != url:
        errors.append(f"link rel=\"self\" is {self_links[0].get('href')!r}, not the feed's own URL {url!r}")
    feed_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        errors += exactly_one(entry, "id", where) + exactly_one(entry, "title", where) + exactly_one(entry, "updated", where)
        errors += dates(entry.findall(f"{ATOM}updated") + entry.findall(f"{ATOM}published"), where)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            errors.append(f"{where} has no author (and the feed has none)")
        if not any(l.get("rel", "alternate") == "alternate" for l in entry.findall(f"{ATOM}link")):
            if entry.find(f"{ATOM}content") is None:
                errors.append(f"{where} has neither content nor an alternate link")
    for element in root.iter():
        for attribute in ("href", "src"):
            if element.get(attribute) is not None and not is_absolute(element.get(attribute)):
                errors.append(f"<{local(element.tag)} {attribute}={element.get(attribute)!r}> is not an absolute IRI")
    for id_element in root.iter(f"{ATOM}id"):
        if not is_absolute((id_element.text or "").strip()):
            errors.append(f"atom:id {id_element.text!r} is not an absolute IRI")
    return errors


def exactly_one(parent, name, where):
    count = len(parent.findall(f"{ATOM}{name}"))
    return [] if count == 1 else [f"{where} has {count} <{name}> elements, needs exactly one"]


def dates(elements, where):
    return [f"{where}: {local(e.tag)} {e.text!r} is not an RFC 3339 date" for e in elements
            if not RFC3339.match((e.text or "").strip())]


def local(tag):
    return tag.rsplit("}", 1)[-1]


def validate_rss(root, url):
    errors = []
    if root.get("version") != "2.0":
        errors.append(f"rss version is {root.get('version')!r}, not '2.0'")
    channel = root.find("channel")
    if channel is None:
        return errors + ["rss has no <channel>"]
    for name in ("title", "link", "description"):
        if channel.find(name) is None:
            errors.append(f"channel has no <{name}>")
    if not is_absolute(channel.findtext("link")):
        errors.append("channel <link> is not an absolute URL")
    selfs = [l for l in channel.findall(f"{ATOM}link") if l.get("rel") == "self"]
    if len(selfs) != 1 or (url and selfs[0].get("href") != url):
        errors.append(f"channel needs one atom:link rel=\"self\" href={url!r}")
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if item.find("title") is None and item.find("description") is None:
            errors.append(f"{where} needs a title or a description")
        if item.find("link") is not None and not is_absolute(item.findtext("link")):
            errors.append(f"{where} link is not an absolute URL")
        errors += guid_errors(item.find("guid"), where)
        if item.find("pubDate") is not None and not rfc822(item.findtext("pubDate")):
            errors.append(f"{where} pubDate {item.findtext('pubDate')!r} is not an RFC 822 date")
    return errors


def guid_errors(guid, where):
    if guid is None:
        return [f"{where} has no <guid>"]
    permalink = guid.get("isPermaLink", "true") == "true"
    if permalink and not (guid.text or "").startswith(("http://", "https://")):
        return [f"{where} guid {guid.text!r} is a permalink but not a URL (set isPermaLink=\"false\")"]
    return []


def rfc822(text):
    try:
        return parsedate_to_datetime(text) is not None
    except (TypeError, ValueError):
        return False


def validate_json_feed(data, url):
    try:
        feed = json.loads(data)
    except ValueError as err:
        return [f"not valid JSON: {err}"]
    errors = []
    if feed.get("version") != JSON_FEED_VERSION:
        errors.append(f"version is {feed.get('version')!r}, not {JSON_FEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        errors.append("feed has no title")
    if url and feed.get("feed_url") != url:
        errors.append(f"feed_url is {feed.get('feed_url')!r}, not the feed's own URL {url!r}")
    if not isinstance(feed.get("items"), list):
        return errors + ["feed has no items array"]
    ids = set()
    for number, item in enumerate(feed["items"], start=1):
        where = f"item {number}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            errors.append(f"{where} has no string id")
        elif item["id"] in ids:
            errors.append(f"{where} repeats id {item['id']!r}")
        ids.add(item.get("id"))
        if not (item.get("content_html") or item.get("content_text")):
            errors.append(f"{where} has neither content_html nor content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                errors.append(f"{where} {key} {item[key]!r} is not an RFC 3339 date")
        if "url" in item and not is_absolute(item["url"]):
            errors.append(f"{where} url is not absolute")
    return errors
