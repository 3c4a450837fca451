"""Find `{filename}`, `{static}` and `{attach}` links that point at nothing.

Pelican warns "Unable to find 'x'" without saying which post holds the link;
this names the post and the line.
"""

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from kbutil.diagnostics import SourceError, display_path

INTRASITE_LINK = re.compile(
    r"""(?:href|src)\s*=\s*(["'])\{(?P<what>filename|static|attach)\}(?P<target>[^"']*)\1"""
)


def link_target(content_dir, value):
    """Return the content-relative path a `{filename}` link value points at."""
    path = unquote(urlsplit(value).path)
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    return posixpath.normpath(posixpath.join(content_dir, path))


def broken_links(source_path, relative_dir, html, exists, content_root):
    """Yield a SourceError for each intrasite link in `html` that `exists` rejects."""
    source_text = None
    for match in INTRASITE_LINK.finditer(html):
        target = link_target(relative_dir.replace(os.sep, "/"), match["target"])
        if exists(target):
            continue
        if source_text is None:
            source_text = read_text(source_path)
        yield SourceError(
            source_path,
            line_of(source_text, match["target"]),
            f"link {{{match['what']}}}{match['target']} points to no file "
            f"(looked for {display_path(os.path.join(content_root, target))})",
        )


def read_text(path):
    """Return the file's text, or '' when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def line_of(text, needle):
    """Return the 1-based line holding `needle`, or None."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None
