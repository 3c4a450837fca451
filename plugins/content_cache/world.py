"""What a source's reader output depends on besides the source itself: its "world", as one key.

A reader turns one post or page into HTML and metadata, but reads more than
that file: a deck named by `[presentation: deck: NAME]`, a recap's exports,
theme fragments, the settings, our plugins' code and the packages they use.
Pelican's reader cache checks only the source file, so any of those changing
would leave the cached HTML stale. `world_key` digests all of them:

- the settings (every value, in a stable form; not OUTPUT_PATH, which changes
  with each staged build);
- the code: every file in PLUGIN_PATHS and the theme's fragments (the only
  templates rendered while reading: a deck viewer, a recap; they import only
  each other), and the installed packages with their versions;
- every file under PATH that is not itself a source (support files: decks,
  exports, images, header files), by size and modification time.

A source is a file with a reader's extension under ARTICLE_PATHS or
PAGE_PATHS and outside their excludes; its own changes are Pelican's stamp,
checked per file, so editing or adding a post keeps the key. A reader that
reads another file must keep that file out of the sources (outside those
folders, or excluded), or the key would not see it change.
"""

import datetime
import importlib.metadata
import os
import re
import sys
from pathlib import Path

from kbutil.filecache import file_digest, key_of
from kbutil.fragments import template_dirs

# Settings that name where this build writes, not what it reads.
BUILD_ONLY_SETTINGS = frozenset({"OUTPUT_PATH"})


def world_key(settings, extensions):
    """The key of everything but the sources that reader output may depend on (hex SHA-256)."""
    return key_of({
        "python": sys.version,
        "packages": sorted(
            f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
        ),
        "settings": {name: stable(value) for name, value in settings.items() if name not in BUILD_ONLY_SETTINGS},
        "code": digests(settings.get("PLUGIN_PATHS") or []),
        "fragments": digests(os.path.join(folder, "fragments") for folder in template_dirs(settings)),
        "support": support_files(settings, extensions),
    })


def stable(value):
    """`value` as JSON-able data that is the same in every process for an equal value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return [[stable(k), stable(v)] for k, v in sorted(value.items(), key=lambda item: repr(item[0]))]
    if isinstance(value, (list, tuple)):
        return [stable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(stable(item)) for item in value)
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return [type(value).__name__, str(value)]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    name = getattr(value, "__qualname__", None)
    if name is not None:  # a function or class: its name stands for its code (digested apart)
        return ["code", getattr(value, "__module__", ""), name]
    text = repr(value)
    return ["object", type(value).__qualname__] if " at 0x" in text else ["object", text]


def digests(folders):
    """{path: SHA-256} of every file under `folders` (bytecode left out: it follows the source)."""
    found = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = file_digest(path)
    return found


def support_files(settings, extensions):
    """[[path relative to PATH, size, mtime in ns]] of every file under PATH that is not a source."""
    root = Path(settings["PATH"])
    sources = source_rule(settings, extensions)
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if not sources(relative):
                status = os.stat(path)
                found.append([relative, status.st_size, status.st_mtime_ns])
    return found


def source_rule(settings, extensions):
    """A function: is this path (relative to PATH, with /) one that the post or page readers read?"""
    suffixes = tuple(f".{ext}" for ext in extensions)
    kinds = [
        (folder_prefixes(settings.get(f"{kind}_PATHS") or []), folder_prefixes(settings.get(f"{kind}_EXCLUDES") or []))
        for kind in ("ARTICLE", "PAGE")
    ]

    def is_source(relative):
        return relative.endswith(suffixes) and any(
            relative.startswith(included) and not relative.startswith(excluded) for included, excluded in kinds
        )

    return is_source


def folder_prefixes(folders):
    """Prefixes matching the paths inside `folders` ("" matches everything)."""
    prefixes = []
    for folder in folders:
        folder = str(folder).strip("/").replace(os.sep, "/")
        prefixes.append(f"{folder}/" if folder else "")
    return tuple(prefixes)
