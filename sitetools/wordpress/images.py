"""Images of the export: upload URLs to files of a local wp-content/uploads, and what stays remote.

An upload URL is one on the export's own host (or a relative one) whose path
holds /wp-content/uploads/, or one on a WordPress.com SITE.files.wordpress.com
host. Its part after uploads/ (YEAR/MONTH/NAME) is decoded segment by segment,
refused if a segment is empty, '.', '..' or holds a slash or a backslash, then
joined to the uploads folder, resolved (symlinks followed) and checked to stay
inside it. A resized copy (NAME-300x200.jpg) missing from the folder falls
back to the original (NAME.jpg).
"""

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
UPLOADS_MARK = "/wp-content/uploads/"
WPCOM_FILES = ".files.wordpress.com"
RESIZED = re.compile(r"-[0-9]{1,5}x[0-9]{1,5}(?=\.[A-Za-z0-9]+$)")
STATIC_PREFIX = "{static}/images/"


class Images:
    """Rewrite image URLs to {static}/images/... when a local copy exists; remember the rest."""

    def __init__(self, uploads, hosts):
        self.uploads = Path(uploads).resolve() if uploads else None
        self.hosts = {host.lower() for host in hosts if host}
        self.copies = {}  # "2012/03/a.png" -> source Path
        self.remote = {}  # URL -> [output file names using it]

    def rewrite(self, url, owner):
        """Return the URL to write for an image `url` used by the output file `owner`."""
        segments = self.upload_segments(url)
        source = self.local_file(segments) if segments else None
        if source is None:
            if is_image_url(url):
                self.remote.setdefault(url, [])
                if owner not in self.remote[url]:
                    self.remote[url].append(owner)
            return url
        relative = source.relative_to(self.uploads).as_posix()
        self.copies[relative] = source
        return STATIC_PREFIX + "/".join(quote(part) for part in relative.split("/"))

    def upload_segments(self, url):
        """Return the decoded path segments after uploads/ of an upload URL, else None."""
        parts = split_url(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("", "http", "https"):
            return None
        if host.endswith(WPCOM_FILES):
            tail = parts.path
        elif (not host and not parts.scheme) or host in self.hosts:
            if UPLOADS_MARK not in parts.path:
                return None
            tail = parts.path.split(UPLOADS_MARK, 1)[1]
        else:
            return None
        segments = [unquote(part) for part in tail.strip("/").split("/")]
        if not segments or any(not safe_segment(part) for part in segments):
            return None
        return segments

    def local_file(self, segments):
        """Return the image file in the uploads folder for these segments (or its original), else None."""
        if self.uploads is None or Path(segments[-1]).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        original = RESIZED.sub("", segments[-1])
        for name in dict.fromkeys((segments[-1], original)):
            candidate = self.uploads.joinpath(*segments[:-1], name).resolve()
            if candidate.is_relative_to(self.uploads) and candidate.is_file():
                return candidate
        return None


def safe_segment(part):
    """Whether one decoded path segment can be a folder or file name inside the uploads."""
    return bool(part) and part not in (".", "..") and not any(c in part for c in "/\\\x00") \
        and not part.startswith(".")


def split_url(url):
    """urlsplit that never raises: a malformed URL (a bad [IPv6] host...) counts as no URL."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        return urlsplit("")
    return parts


def is_image_url(url):
    """Whether `url` looks like an http(s) or relative image address."""
    parts = split_url(url)
    if not parts.path or parts.scheme not in ("", "http", "https"):
        return False
    return Path(unquote(parts.path)).suffix.lower() in IMAGE_SUFFIXES
