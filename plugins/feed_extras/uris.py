"""IRIs made URIs, as feeds and tag: ids need them. Pure.

A post's address may hold any character (`Slug: comunidade-versão`); a feed
reader, a tag: URI (RFC 4151) and a sitemap want a URI: non-ASCII characters
and spaces percent-encoded as UTF-8 (RFC 3987 §3.1), a host name in its ASCII
(IDNA) form. A string that is a URI already comes back unchanged, so the ids
of posts with ASCII slugs are the ones they always had.
"""

import re
from urllib.parse import quote, urlsplit

# What RFC 3986 allows unencoded besides letters, digits and "-._~" (its reserved characters).
RESERVED = ":/?#[]@!$&'()*+,;="
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 4151 §2.1: tag:AUTHORITY,DATE:SPECIFIC[#FRAGMENT], AUTHORITY a DNS name or an
# e-mail address, SPECIFIC and FRAGMENT made of pchar (RFC 3986), "/" and "?".
DNS_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
TAG_CHARS = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
TAG_URI = re.compile(
    rf"^tag:(?:[A-Za-z0-9\-._]+@)?{DNS_NAME},\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?:{TAG_CHARS}(?:#{TAG_CHARS})?$"
)
TAG_SAFE = "!$&'()*+,;=:@/?"  # pchar's punctuation, "/" and "?": what SPECIFIC keeps as it is


def encode(text, safe):
    """`text` with every character outside `safe` (and letters, digits, "-._~") percent-encoded.

    A `%` that starts an escape (`%C3`) is kept; a lone one becomes `%25`.
    """
    return quote(LONE_PERCENT.sub("%25", text), safe=safe + "%")


def ascii_host(host):
    """A host name in the ASCII form a URI needs: `exämple.org` -> `xn--exmple-cua.org`."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return encode(host, "")


def iri_to_uri(iri):
    """The URI for `iri` (RFC 3987 §3.1); a URI comes back unchanged."""
    parts = urlsplit(iri)
    if parts.netloc and not parts.netloc.isascii() and parts.hostname:
        userinfo, at, hostport = parts.netloc.rpartition("@")
        host, colon, port = hostport.rpartition(":") if "]" not in hostport else (hostport, "", "")
        if not colon or not port.isdigit():
            host, colon, port = hostport, "", ""
        netloc = f"{userinfo}{at}{ascii_host(host.lower())}{colon}{port}"
        iri = iri.replace(parts.netloc, netloc, 1)
    return encode(iri, RESERVED)


def tag_specific(text):
    """`text` as the specific part of a tag: URI (RFC 4151): what is not allowed there encoded."""
    return encode(text, TAG_SAFE)


def is_uri(text):
    """True when `text` is an absolute URI: a scheme, then only characters RFC 3986 allows."""
    return isinstance(text, str) and bool(URI.match(text))


def is_tag_uri(text):
    """True when `text` follows RFC 4151's tag: URI syntax."""
    return isinstance(text, str) and bool(TAG_URI.match(text))
