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


def link_places(source_path, relative_dir, html, wanted):
    """Yield (match, content-relative target, line) for each intrasite link in `html` that `wanted`
    (match, target) picks: the same link on three lines is yielded three times, each with its line;
    a reference-style link used three times once, at its definition. The source is read only when
    a link is wanted."""
    source_text, seen = None, {}
    for match in INTRASITE_LINK.finditer(html):
        target = link_target(relative_dir.replace(os.sep, "/"), match["target"])
        if not wanted(match, target):
            continue
        link = (match["what"], match["target"])
        nth = seen[link] = seen.get(link, -1) + 1
        if source_text is None:
            source_text = read_text(source_path)
        line = line_of(source_text, f"{{{match['what']}}}{match['target']}", nth)
        if line is None and nth:
            continue  # the source holds it fewer times than the page: already yielded
        yield match, target, line or line_of(source_text, match["target"]) or line_of(
            source_text, match["target"].lstrip("/"))


def broken_links(source_path, relative_dir, html, exists, content_root, checked=None):
    """Yield a SourceError for each place of a link in `html` that leaves the content or that `exists` rejects.

    `checked` ({target: problem or None}), shared by the pages of one build, checks each target once.
    """
    problems = {}
    checked = {} if checked is None else checked

    def wanted(match, target):
        if target not in checked:
            checked[target] = link_problem(content_root, target, exists)
        problems[target] = checked[target]
        return problems[target] is not None

    for match, target, line in link_places(source_path, relative_dir, html, wanted):
        yield SourceError(source_path, line, f"link {{{match['what']}}}{match['target']} {problems[target]}")


def filename_links_to_static(source_path, relative_dir, html, is_static):
    """Yield the line of each `{filename}` link in `html` to a static file (`is_static(target)`)."""
    def wanted(match, target):
        return match["what"] == "filename" and is_static(target)

    for _match, _target, line in link_places(source_path, relative_dir, html, wanted):
        yield line


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


def line_of(text, needle, nth=0):
    """Return the 1-based line holding the `nth` (from 0) occurrence of `needle`, or None."""
    index = -1
    for _ in range(nth + 1):
        index = text.find(needle, index + 1) if needle else -1
        if index < 0:
            return None
    return text.count("\n", 0, index) + 1
