"""Is output/ already what a build would make? The stamp of the last clean build, its inputs and its output.

A build that ends with no warning and no error leaves a stamp in
CACHE_PATH/build-stamps/ (one per output folder): a key of everything the
build read, and a key of the files it wrote. The next build of the same folder
first computes both again; when neither changed, running Pelican would write
the very same files, so it does not run, and says so.

What the build reads (`inputs_key`):
- the content_cache plugin's world key with no file counted as a source: the
  settings (every value, stable across processes; not OUTPUT_PATH), Python
  and the installed packages with their versions, every file of PLUGIN_PATHS,
  and every file under PATH by size and modification time (nanoseconds);
- every file of the theme (templates, static files, overrides) by size and
  modification time.
What the build wrote (`output_key`): every file under the output folder by
path, size and modification time, so a file changed or removed there by hand
is noticed too.

A build with warnings leaves no stamp, so the next one runs and shows them
again. `BUILD_FULL=1` in the environment (`invoke build --full`) always runs.
"""

import hashlib
import json
import os
from pathlib import Path

FOLDER = "build-stamps"


def listing(folder):
    """[[path relative to `folder`, size, mtime in ns]] of every file under it, sorted."""
    folder = os.fspath(folder)
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found.append([os.path.relpath(path, folder).replace(os.sep, "/"), info.st_size, info.st_mtime_ns])
    found.sort()
    return found


def digest(data):
    return hashlib.sha256(json.dumps(data, separators=(",", ":")).encode()).hexdigest()


def theme_folders(settings):
    """The theme and every template folder of THEME_TEMPLATES_OVERRIDES."""
    return [settings["THEME"], *(settings.get("THEME_TEMPLATES_OVERRIDES") or [])]


def inputs_key(settings):
    """The key of everything a build with these settings reads (see the module's docstring)."""
    # The plugins' folder is on sys.path once the settings are read (pelicanconf.py puts it there).
    from content_cache.world import world_key

    return digest({
        "world": world_key(settings, ()),
        "theme": [[os.path.abspath(folder), listing(folder)] for folder in theme_folders(settings)],
    })


def output_key(folder):
    return digest(listing(folder))


class Stamp:
    """The stamp of the output folder `shown` for a build with `settings`."""

    def __init__(self, settings, shown):
        name = hashlib.sha256(os.path.abspath(shown).encode()).hexdigest()[:32]
        self.path = Path(settings["CACHE_PATH"]) / FOLDER / f"{name}.json"
        self.shown = Path(shown)
        self.inputs = inputs_key(settings)

    def current(self):
        """True when the last clean build read what this one would and `shown` holds just what it wrote."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(saved, dict) or saved.get("inputs") != self.inputs:
            return False
        return self.shown.is_dir() and saved.get("output") == output_key(self.shown)

    def save(self, written):
        """Record this build: its inputs, and the files it wrote in the folder `written` (its staging folder)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"inputs": self.inputs, "output": output_key(written)}), encoding="utf-8")
        os.replace(temporary, self.path)

    def forget(self):
        """Remove the stamp (a build of `shown` failed or warned: the next one must run)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
