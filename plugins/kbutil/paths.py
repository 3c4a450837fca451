"""Paths from content stay inside the content folder; files we write stay inside the output.

A path is joined, resolved with symlinks followed, and compared with the
resolved root (`Path.is_relative_to`); nothing is decided by looking at the
text of a path. Pure: no Pelican import.
"""

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

OUTSIDE_CONTENT = "points outside the content folder"
SYMLINK_OUT_OF_CONTENT = "is a symlink to a file outside the content folder"
OUTSIDE_OUTPUT = "points outside the output folder"
SYMLINK_OUT_OF_OUTPUT = "leads through a symlink outside the output folder"


def inside(root, path):
    """True when `path`, symlinks followed, is `root` or lies below it."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def _lexically_inside(root, path):
    """True when `path` stays below `root` by its `..` alone (symlinks not followed)."""
    return Path(os.path.normpath(os.path.abspath(path))).is_relative_to(
        Path(os.path.normpath(os.path.abspath(root)))
    )


def _contained(root, path, outside, symlink_out):
    """The resolved `path`, or ValueError(outside or symlink_out) when it leaves `root`."""
    if not _lexically_inside(root, path):
        raise ValueError(outside)
    resolved = Path(path).resolve()
    if not resolved.is_relative_to(Path(root).resolve()):
        raise ValueError(symlink_out)
    return resolved


def content_path(content_root, base_dir, value):
    """The file `value` names (relative to `base_dir`, or absolute), resolved inside `content_root`.

    Raise ValueError with the reason ("points outside the content folder",
    "is a symlink to a file outside the content folder") when it is not.
    """
    return _contained(
        content_root, os.path.join(base_dir, os.fspath(value)), OUTSIDE_CONTENT, SYMLINK_OUT_OF_CONTENT
    )


def is_absolute(value):
    """True for a path that names its own root: '/x', '\\x', 'C:x', 'C:\\x'."""
    text = os.fspath(value)
    return PurePosixPath(text).is_absolute() or bool(PureWindowsPath(text).anchor)


def output_path(output_root, relative):
    """The file to write for the site path `relative` ('cards/x.png'), resolved inside `output_root`.

    Raise ValueError with the reason when `relative` is absolute, names the
    output folder itself, or leads outside it (by '..' or a symlink).
    """
    text = os.fspath(relative)
    if is_absolute(text):
        raise ValueError("is an absolute path, not a path inside the output folder")
    parts = [part for part in text.replace("\\", "/").split("/") if part]
    path = _contained(output_root, os.path.join(output_root, *parts), OUTSIDE_OUTPUT, SYMLINK_OUT_OF_OUTPUT)
    if path == Path(output_root).resolve():
        raise ValueError("names the output folder itself, not a file in it")
    return path


def write_output(output_root, relative, data):
    """Write `data` (str or bytes) to `relative` inside `output_root`; return the path written.

    Raise ValueError (see output_path) before writing anything outside it.
    """
    path = output_path(output_root, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="\n")
    else:
        path.write_bytes(data)
    return path
