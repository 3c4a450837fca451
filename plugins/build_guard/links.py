"""Find `{filename}`, `{static}` and `{attach}` links that point at nothing, or outside the content.

Pelican warns "Unable to find 'x'" without saying which post holds the link,
and copies a `{static}` file from wherever `..` or a symlink leads; this
names the post and the line. The safety decision is made by resolving the
path (kbutil.paths), never by the text of the link.
"""

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from kbutil.diagnostics import SourceError, display_path
from kbutil.paths import content_path

# The attributes Pelican's own INTRASITE link regex replaces links in.
INTRASITE_LINK = re.compile(
    r"""(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*(["'])"""
    r"""\{(?P<what>filename|static|attach)\}(?P<target>[^"']*)\1"""
)


def link_target(content_dir, value):
    """Return the content-relative path a `{filename}` link value points at."""
    path = unquote(urlsplit(value).path)
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    return posixpath.normpath(posixpath.join(content_dir, path))


def broken_links(source_path, relative_dir, html, exists, content_root):
    """Yield one SourceError per intrasite link in `html` that leaves the content or that `exists` rejects."""
    source_text, seen = None, set()
    for match in INTRASITE_LINK.finditer(html):
        target = link_target(relative_dir.replace(os.sep, "/"), match["target"])
        problem = link_problem(content_root, target, exists)
        if problem is None or (match["what"], match["target"]) in seen:
            continue
        seen.add((match["what"], match["target"]))
        if source_text is None:
            source_text = read_text(source_path)
        line = line_of(source_text, match["target"]) or line_of(source_text, match["target"].lstrip("/"))
        yield SourceError(source_path, line, f"link {{{match['what']}}}{match['target']} {problem}")


def link_problem(content_root, target, exists):
    """What is wrong with a content-relative link target, or None."""
    try:
        content_path(content_root, content_root, target)
    except ValueError as err:
        return f"{err}; link only to files inside it"
    if exists(target):
        return None
    return f"points to no file (looked for {display_path(os.path.join(content_root, target))})"


def read_text(path):
    """Return the file's text, or '' when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return ""


def line_of(text, needle):
    """Return the 1-based line holding `needle`, or None."""
    index = text.find(needle) if needle else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None
