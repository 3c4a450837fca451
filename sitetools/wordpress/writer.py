"""Write the converted items: Pelican `Key: value` headers, staged in content/, moved in whole.

Nothing is written over: every target is checked before anything is written
(an image identical to the one already there counts as present, not as a
clash), and each file is moved in with a hard link, which fails rather than
replace a file that appeared meanwhile. Everything is written into a temporary
folder inside content/ first; if a step fails, the files already moved in are
taken out again, so content/ holds all of the import or none of it.
"""

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

from . import WordPressError

STAGING_PREFIX = ".wordpress-import-"
MAX_LISTED = 10


def header(fields):
    """`Key: value` lines for the non-empty values, each value on one line."""
    lines = []
    for key, value in fields:
        text = " ".join(str(value).split()) if value is not None else ""
        if text:
            lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def contained(root, relative):
    """Return root/relative resolved, or raise WordPressError if it leaves root."""
    root = Path(root).resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise WordPressError(f"{relative}: would be written outside {root.name}/")
    return target


def plan(content, texts, images):
    """Return [(relative path, text or source Path)] to write; raise if any target exists and differs."""
    writes, clashes = [], []
    for relative, text in texts.items():
        target = contained(content, relative)
        if target.exists() or target.is_symlink():
            clashes.append(relative)
        writes.append((relative, text))
    for relative, source in images.items():
        relative = f"images/{relative}"
        target = contained(content, relative)
        if target.is_file() and filecmp.cmp(target, source, shallow=False):
            continue  # the same image is already there
        if target.exists() or target.is_symlink():
            clashes.append(relative)
        writes.append((relative, source))
    if clashes:
        listed = ", ".join(f"content/{name}" for name in clashes[:MAX_LISTED])
        more = f" and {len(clashes) - MAX_LISTED} more" if len(clashes) > MAX_LISTED else ""
        raise WordPressError(f"{len(clashes)} file(s) already exist, nothing was written: {listed}{more} "
                             "(move them away or import into another copy of the site)")
    return writes


def write_all(content, writes):
    """Stage every file in a temporary folder inside `content`, then move them all in."""
    content = Path(content)
    content.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=content))
    moved = []
    try:
        for relative, payload in writes:
            staged = contained(staging, relative)
            staged.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(payload, Path):
                shutil.copyfile(payload, staged)
            else:
                staged.write_text(payload, encoding="utf-8")
        for relative, _payload in writes:
            target = contained(content, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            _move_in(contained(staging, relative), target)
            moved.append(target)
    except OSError as err:
        for target in moved:
            target.unlink(missing_ok=True)
        raise WordPressError(f"content/: could not write the import, nothing was kept ({err})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_in(staged, target):
    """Move one staged file to `target`, failing if `target` exists."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise FileExistsError(f"{target} appeared during the import") from None
        os.replace(staged, target)
