"""content_cache: Pelican's reader cache, kept on safely between builds.

With CACHE_CONTENT on (CONTENT_CACHING_LAYER "reader", Pelican's default),
Pelican keeps each post's and page's reader output (the HTML and metadata
Markdown gave) and reads a source again only when its stamp
(CHECK_MODIFIED_METHOD) changes. Alone that is unsafe here, so this plugin
takes over where the cache lives and when it is kept:

- **Keyed by the world** (world.py): the settings, our code, the theme's
  fragments, the packages and every support file under PATH (decks, recap
  exports, images). Each world has its own folder, CACHE_PATH/content/<key>/,
  so the development and production builds each stay warm; the newest
  KEEP_WORLDS are kept.
- **Only clean reads are kept**: a source whose reading logged a warning or
  an error is not cached, so it is read, and warns, again on the next build
  (until it is fixed).
- **Written atomically**: Pelican saves the cache at the end of
  generate_context under a temporary name, moved into place when the
  generator has finished, so a killed build or a build running beside it
  never reads half a cache.

It uses three of Pelican's internals, all on the generator's own Readers
object: `_cache` (the entries), `_cache_path` (where save_cache writes) and
`cache_data` (wrapped to skip a source that warned).

Sources the cache does not hold are read in worker processes first when
there are many (prefill.py: CONTENT_CACHE_WORKERS, CONTENT_CACHE_PARALLEL_MIN).

`--ignore-cache` (LOAD_CONTENT_CACHE off) starts from nothing and saves a new
cache; CACHE_CONTENT off turns all of this off. Removing CACHE_PATH gives a
cold build.
"""

import gzip
import logging
import os
import pickle
import shutil
import sys

from pelican import signals

from kbutil.config import configure as configure_settings

from .prefill import prefill, sources_to_read
from .problems import ProblemCount
from .settings import SETTINGS
from .world import world_key

logger = logging.getLogger(__name__)

FOLDER = "content"
# Worker processes are forked (prefill.py): Linux only (macOS's system libraries are not fork-safe; Windows has none).
FORK_IS_SAFE = sys.platform.startswith("linux")
KEEP_WORLDS = 4


class KeptCache:
    """One generator's reader cache in its world's folder: loaded at start, moved into place at the end."""

    def __init__(self, settings, readers):
        self.name = os.path.basename(readers._cache_path)
        parent = os.path.join(settings["CACHE_PATH"], FOLDER)
        key = world_key(settings, readers.extensions)
        self.folder = os.path.join(parent, key)
        self.path = os.path.join(self.folder, self.name)
        # Pelican's save_cache writes here: beside the world folders, not in one (another build may
        # prune it meanwhile), and this process's own name, so builds side by side never mix.
        self.pending = os.path.join(parent, f"{key}-{self.name}.{os.getpid()}.tmp")
        os.makedirs(parent, exist_ok=True)
        self.problems = ProblemCount()
        self.problems_before_read = 0

    def cache_only_clean(self, cache_data):
        """`cache_data` (Pelican's), skipping a source when a problem was logged since its read began."""
        self.cache_data = cache_data  # Pelican's own, for what the workers read cleanly

        def cache_if_clean(path, data):
            if self.problems.count == self.problems_before_read:
                cache_data(path, data)

        return cache_if_clean

    def load(self):
        """The kept {path: (stamp, (content, metadata))}, without sources that are gone; {} when none is usable."""
        try:
            with gzip.open(self.path, "rb") as handle:
                entries = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except Exception as err:  # a damaged or foreign file is only a cold start
            logger.debug("content_cache: %s not used (%s)", self.path, err)
            return {}
        if not isinstance(entries, dict):
            return {}
        return {path: entry for path, entry in entries.items() if os.path.isfile(path)}

    def keep(self):
        """Move the cache Pelican saved into place; tidy the world folders."""
        logging.getLogger().removeHandler(self.problems)
        try:
            os.makedirs(self.folder, exist_ok=True)
            os.replace(self.pending, self.path)
            prune(os.path.dirname(self.folder), keep=self.folder)
        except OSError as err:  # not saved (Pelican said why), or the folder went: the next build reads again
            logger.debug("content_cache: %s not kept (%s)", self.path, err)


def prune(parent, keep):
    """Remove all but the KEEP_WORLDS most recently kept world folders under `parent` (never `keep`)."""
    worlds = sorted((entry for entry in os.scandir(parent) if entry.is_dir()),
                    key=lambda entry: entry.stat().st_mtime, reverse=True)
    for entry in worlds[KEEP_WORLDS:]:
        if entry.path != keep:
            shutil.rmtree(entry.path, ignore_errors=True)


def take_over(generator):
    """generator_init: give a post or page generator's reader cache its world's folder."""
    readers = getattr(generator, "readers", None)
    if readers is None or not readers._cache_data_policy:  # no cache named for it, or CACHE_CONTENT off
        return
    settings = generator.settings
    kept = KeptCache(settings, readers)
    readers._cache = kept.load() if settings["LOAD_CONTENT_CACHE"] else {}
    readers._cache_path = kept.pending  # where Pelican's save_cache writes
    readers.cache_data = kept.cache_only_clean(readers.cache_data)
    readers.kept_cache = kept
    logging.getLogger().addHandler(kept.problems)


def configure(pelican):
    configure_settings(pelican.settings, SETTINGS, logger)


def read_ahead(generator, kind):
    """Read the sources of `generator` (kind ARTICLE or PAGE) that the cache lacks in worker processes."""
    kept = kept_cache_of(generator)
    settings = generator.settings
    workers = settings["CONTENT_CACHE_WORKERS"] or os.cpu_count() or 1
    if kept is None or workers < 2 or not FORK_IS_SAFE:
        return
    readers = generator.readers
    paths = sources_to_read(generator, readers, settings[f"{kind}_PATHS"], settings[f"{kind}_EXCLUDES"])
    if len(paths) >= settings["CONTENT_CACHE_PARALLEL_MIN"]:
        stored = prefill(readers, paths, min(workers, len(paths)), kept.cache_data)
        logger.info("content_cache: %d of %d sources read by %d workers", stored, len(paths), min(workers, len(paths)))


def read_articles_ahead(generator):
    read_ahead(generator, "ARTICLE")


def read_pages_ahead(generator):
    read_ahead(generator, "PAGE")


def kept_cache_of(generator):
    return getattr(getattr(generator, "readers", None), "kept_cache", None)


def start_read(generator):
    """article/page_generator_preread: a source is about to be read; problems from here on are its own."""
    kept = kept_cache_of(generator)
    if kept is not None:
        kept.problems_before_read = kept.problems.count


def keep_cache(generator):
    """article/page_generator_finalized: the generator has read and saved its cache; put that in place."""
    kept = kept_cache_of(generator)
    if kept is not None:
        kept.keep()


def register():
    signals.initialized.connect(configure)
    signals.generator_init.connect(take_over)
    signals.article_generator_init.connect(read_articles_ahead)
    signals.page_generator_init.connect(read_pages_ahead)
    signals.article_generator_preread.connect(start_read)
    signals.page_generator_preread.connect(start_read)
    signals.article_generator_finalized.connect(keep_cache)
    signals.page_generator_finalized.connect(keep_cache)
