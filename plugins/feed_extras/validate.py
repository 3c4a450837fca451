"""Offline feed validators: Atom (RFC 4287), RSS 2.0, JSON Feed 1.1. Pure.

Each check returns a list of messages (Problem, a str), empty when the feed is
valid; a message about one item carries that item's id (or link) in `.item`, so
the build can name the post it comes from. They cover what readers rely on:
required elements, one id per feed and entry, date formats, absolute addresses
that are URIs (no raw non-ASCII characters or spaces: see uris.py), ids that are
valid tag: URIs (RFC 4151) where they use that scheme, and a self link equal to
the feed's URL.
"""

import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from .uris import iri_to_uri, is_tag_uri, is_uri

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# RFC 4287 §4.1.1 and §4.1.2: elements a feed or an entry may hold at most once.
ATOM_FEED_ONCE = ("generator", "icon", "logo", "rights", "subtitle")
ATOM_ENTRY_ONCE = ("content", "published", "rights", "source", "summary")
JSON_FEED_URLS = ("home_page_url", "feed_url", "next_url", "icon", "favicon")
JSON_ITEM_URLS = ("url", "external_url", "image", "banner_image")


class Problem(str):
    """A message about a feed; `item` is the id (or link) of the item it is about, else None."""

    def __new__(cls, message, item=None):
        problem = super().__new__(cls, message)
        problem.item = item
        return problem

    def __reduce__(self):
        return Problem, (str(self), self.item)


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
        return [Problem(f"not well-formed XML: {err}")]
    if root.tag == f"{ATOM}feed":
        return validate_atom(root, url)
    if root.tag == "rss":
        return validate_rss(root, url)
    return [Problem(f"unknown feed root element {root.tag!r}")]


def feed_url(path, site_url):
    """The public URL of the feed file at `path` (the part after the output folder)."""
    text = str(path).replace("\\", "/")
    marker = "/feeds/"
    return iri_to_uri(site_url.rstrip("/") + text[text.index(marker):]) if marker in text else None


def is_absolute(url):
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https", "tag", "urn") and bool(parts.netloc or parts.scheme in ("tag", "urn"))


def address_errors(value, what):
    """[] when `value` is an absolute URI; else why not ("what" names it in the message)."""
    if not is_absolute(value):
        return [f"{what} {value!r} is not an absolute address"]
    if not is_uri(value):
        return [f"{what} {value!r} is not a URI: percent-encode non-ASCII characters and spaces"]
    if value.startswith("tag:") and not is_tag_uri(value):
        return [f"{what} {value!r} is not a valid tag: URI (RFC 4151: tag:HOST,DATE:SPECIFIC)"]
    return []


def about(item, messages):
    """`messages` as Problems about the item whose id (or link) is `item`."""
    return [Problem(message, item) for message in messages]


def validate_atom(root, url):
    errors = []
    errors += [problem for name in ("id", "title", "updated") for problem in exactly_one(root, name, "feed")]
    errors += at_most_one(root, ATOM_FEED_ONCE, "feed") + alternate_errors(root, "feed")
    errors += dates(root.findall(f"{ATOM}updated"), "feed updated")
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if len(self_links) != 1:
        errors.append("feed needs exactly one link rel=\"self\"")
    elif url and self_links[0].get("href") != url:
        errors.append(f"link rel=\"self\" is {self_links[0].get('href')!r}, not the feed's own URL {url!r}")
    errors += address_errors(root.findtext(f"{ATOM}id", "").strip(), "feed atom:id")
    errors += [e for link in root.findall(f"{ATOM}link") for e in address_errors(link.get("href"), "feed link href")]
    feed_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), start=1):
        identity = (entry.findtext(f"{ATOM}id") or "").strip() or None
        errors += about(identity, entry_errors(entry, f"entry {number}", feed_author))
    return [e if isinstance(e, Problem) else Problem(e) for e in errors]


def entry_errors(entry, where, feed_author):
    """What RFC 4287 §4.1.2 asks of one atom:entry that it lacks."""
    errors = exactly_one(entry, "id", where) + exactly_one(entry, "title", where) + exactly_one(entry, "updated", where)
    errors += at_most_one(entry, ATOM_ENTRY_ONCE, where) + alternate_errors(entry, where)
    errors += dates(entry.findall(f"{ATOM}updated") + entry.findall(f"{ATOM}published"), where)
    if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
        errors.append(f"{where} has no author (and the feed has none)")
    content = entry.find(f"{ATOM}content")
    links = entry.findall(f"{ATOM}link")
    if content is None and not any(link.get("rel", "alternate") == "alternate" for link in links):
        errors.append(f"{where} has neither content nor an alternate link")
    if content is not None and content.get("src") is not None:
        if entry.find(f"{ATOM}summary") is None:
            errors.append(f"{where} has content with src but no summary")
        if (content.text or "").strip() or len(content):
            errors.append(f"{where} has content with src that is not empty")
    for id_element in entry.findall(f"{ATOM}id"):
        errors += address_errors((id_element.text or "").strip(), f"{where} atom:id")
    for element in entry.iter():
        for attribute in ("href", "src"):
            if element.get(attribute) is not None:
                errors += address_errors(element.get(attribute), f"{where} <{local(element.tag)} {attribute}>")
    return errors


def at_most_one(parent, names, where):
    return [f"{where} has {count} <{name}> elements, may have one at most"
            for name in names if (count := len(parent.findall(f"{ATOM}{name}"))) > 1]


def alternate_errors(parent, where):
    """Two rel="alternate" links with the same type and hreflang are one too many (RFC 4287)."""
    seen, errors = set(), []
    for link in parent.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") != "alternate":
            continue
        key = (link.get("type"), link.get("hreflang"))
        if key in seen:
            errors.append(f"{where} has two alternate links with type={key[0]!r} hreflang={key[1]!r}")
        seen.add(key)
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
        return [Problem(e) for e in errors + ["rss has no <channel>"]]
    for name in ("title", "link", "description"):
        if channel.find(name) is None:
            errors.append(f"channel has no <{name}>")
    errors += address_errors(channel.findtext("link"), "channel <link>")
    selfs = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if len(selfs) != 1 or (url and selfs[0].get("href") != url):
        errors.append(f"channel needs one atom:link rel=\"self\" href={url!r}")
    errors += [e for link in selfs for e in address_errors(link.get("href"), "channel atom:link href")]
    errors = [Problem(e) for e in errors]
    for number, item in enumerate(channel.findall("item"), start=1):
        identity = (item.findtext("guid") or "").strip() or item.findtext("link")
        errors += about(identity, item_errors(item, f"item {number}"))
    return errors


def item_errors(item, where):
    """What RSS 2.0 asks of one <item> (and our rule: its addresses are URIs)."""
    errors = []
    if item.find("title") is None and item.find("description") is None:
        errors.append(f"{where} needs a title or a description")
    if item.find("link") is not None:
        errors += address_errors(item.findtext("link"), f"{where} link")
    errors += guid_errors(item.find("guid"), where)
    guid = (item.findtext("guid") or "").strip()
    if guid.startswith("tag:"):
        errors += address_errors(guid, f"{where} guid")
    for enclosure in item.findall("enclosure"):
        errors += address_errors(enclosure.get("url"), f"{where} enclosure url")
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
        return [Problem(f"not valid JSON: {err}")]
    if not isinstance(feed, dict):
        return [Problem("the document is not a JSON object")]
    errors = []
    if feed.get("version") != JSON_FEED_VERSION:
        errors.append(f"version is {feed.get('version')!r}, not {JSON_FEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        errors.append("feed has no title")
    if url and feed.get("feed_url") != url:
        errors.append(f"feed_url is {feed.get('feed_url')!r}, not the feed's own URL {url!r}")
    errors += [e for key in JSON_FEED_URLS if key in feed for e in address_errors(feed[key], key)]
    errors = [Problem(e) for e in errors]
    if not isinstance(feed.get("items"), list):
        return errors + [Problem("feed has no items array")]
    ids = set()
    for number, item in enumerate(feed["items"], start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            errors.append(Problem(f"{where} is not an object"))
            continue
        identity = item.get("id") if isinstance(item.get("id"), str) else item.get("url")
        problems = json_item_errors(item, where)
        if isinstance(item.get("id"), str):
            if item["id"] in ids:
                problems.append(f"{where} repeats id {item['id']!r}")
            ids.add(item["id"])
        errors += about(identity, problems)
    return errors


def json_item_errors(item, where):
    """What JSON Feed 1.1 asks of one item (and our rule: its addresses are URIs)."""
    errors = []
    if not isinstance(item.get("id"), str) or not item["id"]:
        errors.append(f"{where} has no string id")
    elif item["id"].startswith("tag:"):
        errors += address_errors(item["id"], f"{where} id")
    # "content_html and content_text are each optional strings, but one or the other must be present."
    present = [key for key in ("content_html", "content_text") if key in item]
    if not present:
        errors.append(f"{where} has neither content_html nor content_text")
    errors += [f"{where} {key} is not a string" for key in present if not isinstance(item[key], str)]
    for key in ("date_published", "date_modified"):
        if key in item and not (isinstance(item[key], str) and RFC3339.match(item[key])):
            errors.append(f"{where} {key} {item[key]!r} is not an RFC 3339 date")
    for key in JSON_ITEM_URLS:
        if key in item:
            errors += address_errors(item[key], f"{where} {key}")
    return errors
