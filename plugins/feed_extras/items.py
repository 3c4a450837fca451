"""What each feed item says: a stable id, and content safe and complete in any reader. Pure."""

import posixpath
from html import escape as html_escape
from urllib.parse import urlsplit

import lxml.html
from lxml_html_clean import Cleaner

from kbutil.header import comma_list
from kbutil.markers import FEED_IGNORE

from .uris import ascii_host, tag_specific

# Feed readers run no scripts and load no players: drop anything active.
CLEANER = Cleaner(
    scripts=True,
    javascript=True,  # event handler attributes and javascript: links
    comments=True,
    style=False,
    inline_style=False,
    links=False,
    meta=True,
    page_structure=False,
    processing_instructions=True,
    embedded=True,  # object, embed, applet
    frames=True,  # iframe, frame
    forms=True,  # form, input, button, select, textarea
    annoying_tags=False,
    remove_unknown_tags=False,
    safe_attrs_only=False,
    kill_tags=["template", "noscript", "dialog"],
)


def feed_content(html, base_url):
    """`html` without active parts, every href/src absolute against `base_url`.

    Elements marked `data-feed-ignore` (page-only extras such as glossary
    tooltips) are left out too.
    """
    if not html or not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    dropped = set()
    for element in fragment.xpath(f".//*[@{FEED_IGNORE}]"):  # e.g. glossary tooltips
        dropped.add(element.get("id"))
        element.drop_tree()
    for element in fragment.xpath(".//*[@aria-describedby]"):
        if element.get("aria-describedby") in dropped:
            del element.attrib["aria-describedby"]
    fragment = CLEANER.clean_html(fragment)
    fragment.make_links_absolute(base_url, resolve_base_href=False)
    lead = html_escape(fragment.text or "", quote=False)
    return lead + "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)


def original_slug(metadata, slug):
    """The slug a post was first published under: `uid` wins, then its first alias, then its slug."""
    aliases = comma_list(metadata.get("aliases"))
    if aliases:
        path = urlsplit(aliases[0]).path.rstrip("/")
        name = posixpath.basename(path)
        return posixpath.splitext(name)[0] if name.endswith(".html") else name
    return slug


def stable_id(site_url, date, metadata, slug):
    """A tag: URI fixed by the post itself, so a new slug or a republish never looks new.

    tag:HOST,YYYY-MM-DD:ORIGINAL-SLUG, from the first publication date and the
    slug the post was first published under. The result is a URI (RFC 4151): a
    non-ASCII slug is percent-encoded as UTF-8 (`comunidade-versão` ->
    `comunidade-vers%C3%A3o`) and a non-ASCII host given in its IDNA form; an id
    that is a valid tag: URI as it is stays exactly so. Metadata `uid` overrides
    it and is kept as written (it carries an id readers already know); the feed
    validator says when it is not a URI.
    """
    if metadata.get("uid"):
        return str(metadata["uid"]).strip()
    host = ascii_host(urlsplit(site_url).hostname or "localhost")
    return f"tag:{host},{date:%Y-%m-%d}:{tag_specific(original_slug(metadata, slug))}"
