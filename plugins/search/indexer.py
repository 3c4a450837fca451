"""Run Pagefind on a built site: its index and scripts go to OUTPUT/BUNDLE/.

The program is the one bundled in the pagefind-bin wheel (a pinned
requirement), found the way the `pagefind` Python package finds it; nothing
is downloaded. Pure: no Pelican import.
"""

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

from .reproducible import FormatError, make_reproducible

INSTALL_HINT = "install the pinned requirements: .venv/bin/pip install -r requirements.txt"


class SearchIndexError(RuntimeError):
    """Pagefind could not run, or did not write a usable index."""


class DiskFullError(SearchIndexError):
    """The index could not be written: no space left on the device holding `path`."""

    def __init__(self, path):
        self.path = os.fspath(path)
        super().__init__(f"{self.path}: no space left on device (free some space and build again)")


# Pagefind 1.5 carries on, and exits 0, when a write fails: what it writes on a
# full disk is empty or cut short. A disk that had room would still have room
# after it (a write that does not fit fills the disk to its last block).
NEARLY_FULL = 64 * 1024  # bytes free


def disk_is_full(path):
    """True when the filesystem holding `path` has (nearly) no room left for this user."""
    try:
        stats = os.statvfs(path)
    except (OSError, AttributeError):  # no statvfs (Windows), or path gone
        return False
    is_root = getattr(os, "geteuid", lambda: -1)() == 0
    free_blocks = stats.f_bfree if is_root else stats.f_bavail
    return free_blocks * stats.f_frsize < NEARLY_FULL


def pagefind_binary(configured=""):
    """The pagefind program: `configured`, else the pagefind-bin wheel's (or $PAGEFIND_BINARY_PATH)."""
    if configured:
        return Path(configured)
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError(
            f"the Python package 'pagefind' is not installed; {INSTALL_HINT}"
        ) from None
    binary = get_executable()
    if binary is None:
        raise SearchIndexError(
            f"Pagefind's program was not found (the 'pagefind-bin' package is missing); {INSTALL_HINT}"
        )
    return Path(binary)


def pagefind_command(binary, site, bundle, extra=()):
    """The command line indexing `site` into `site/bundle`; quiet unless something is wrong."""
    return [str(binary), "--site", str(site), "--output-subdir", bundle, "--quiet", *extra]


def messages(*streams):
    """Pagefind's non-empty output lines, each once, in order (it repeats its errors)."""
    seen = []
    for stream in streams:
        for line in (stream or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
    return seen


def read_entry(bundle_dir):
    """Pagefind's pagefind-entry.json, checked: every language with its page count."""
    path = Path(bundle_dir) / "pagefind-entry.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        counts = {lang: int(info["page_count"]) for lang, info in languages.items()}
    except FileNotFoundError:
        raise SearchIndexError(f"Pagefind wrote no {path}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise SearchIndexError(f"{path} is not a Pagefind index entry ({err})") from None
    if not (Path(bundle_dir) / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no {Path(bundle_dir) / 'pagefind.js'}")
    return entry, counts


def build_index(site, bundle="pagefind", binary="", extra=(), timeout=300):
    """Index the HTML files of `site`; return (warnings, {language: page count}).

    The index is the same, byte for byte, for the same pages (see reproducible.py).

    Raise SearchIndexError naming the problem when Pagefind is missing, fails,
    takes too long or indexes no page; DiskFullError when the disk is full.
    """
    site = Path(site).resolve()
    target = site / bundle
    if not site.is_dir():
        raise SearchIndexError(f"there is no built site to index at {site}")
    # Start from nothing: no fragment of an earlier build stays beside the new index.
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        raise SearchIndexError(f"{target} is in the way of the search index (not a folder)")
    program = pagefind_binary(binary)
    try:
        said = run_pagefind(program, site, bundle, extra, timeout)
        counts = finish_index(target)
    except SearchIndexError:
        if disk_is_full(site):
            raise DiskFullError(target) from None
        raise
    except OSError as err:  # our own rewrite of the index (reproducible.py)
        if err.errno == errno.ENOSPC or disk_is_full(site):
            raise DiskFullError(err.filename or target) from None
        raise SearchIndexError(f"cannot write the search index in {target}: {err.strerror or err}") from None
    if disk_is_full(site):
        # Pagefind said nothing, but some of its files may be cut short.
        raise DiskFullError(target)
    return said, counts


def run_pagefind(program, site, bundle, extra, timeout):
    """Run Pagefind on `site`; return what it said. Raise SearchIndexError when it fails."""
    command = pagefind_command(program, site, bundle, extra)
    try:
        # In the site folder, so no pagefind.yml/.toml/.json of the working directory applies.
        result = subprocess.run(
            command, cwd=site, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=timeout, check=False, env=dict(os.environ, NO_COLOR="1"),
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind ({program}) took longer than {timeout:g} s") from None
    except OSError as err:
        raise SearchIndexError(f"could not run Pagefind ({program}): {err.strerror or err}") from None
    said = messages(result.stdout, result.stderr)
    if result.returncode != 0:
        detail = " ".join(said) or "it printed nothing"
        raise SearchIndexError(f"Pagefind failed (exit status {result.returncode}): {detail}")
    return said


def finish_index(target):
    """Check Pagefind's index in `target`, make it reproducible; return {language: page count}."""
    read_entry(target)
    try:
        make_reproducible(target)
    except FormatError as err:
        raise SearchIndexError(
            f"cannot put Pagefind's filters in a fixed order, so builds would differ: {err}"
        ) from None
    _, counts = read_entry(target)
    if sum(counts.values()) == 0:
        raise SearchIndexError(
            "Pagefind indexed no page: no built page has text to search"
        )
    return counts
