"""build_guard: make a build with problems fail, and say where the problems are.

Pelican logs "Could not process FILE" without the reason and still exits 0.
This plugin
- checks each Markdown file's metadata header (and dates) before it is read,
  logging `path:LINE: reason`;
- checks every `{filename}`/`{static}`/`{attach}` link once all content is read;
- counts every WARNING or ERROR logged during the build and, when there was
  any, logs a summary and exits with status 1 at the end of the build.

Settings: BUILD_GUARD_FAIL_ON (default "warning"; "error" to tolerate
warnings; "never" to only report).
"""

import logging
import os

from pelican import signals
from pelican.contents import Article, Page

from kbutil.diagnostics import display_path, report
from kbutil.reader import use_checked_reader

from .links import broken_links

logger = logging.getLogger(__name__)

FAIL_LEVELS = {"warning": logging.WARNING, "error": logging.ERROR, "never": None}


class ProblemCounter(logging.Handler):
    """Count log records at or above a level, from any logger."""

    def __init__(self, level):
        super().__init__(level)
        self.count = 0

    def emit(self, record):
        self.count += 1


def fail_level(settings):
    """Return the log level that fails the build (None: never), checking the setting."""
    value = settings.get("BUILD_GUARD_FAIL_ON", "warning")
    if value not in FAIL_LEVELS:
        raise ValueError(
            f"BUILD_GUARD_FAIL_ON={value!r} is not one of {sorted(FAIL_LEVELS)}"
        )
    return FAIL_LEVELS[value]


def start_counting(pelican):
    """Attach a problem counter to the root logger for this build."""
    level = fail_level(pelican.settings)
    if level is not None:
        pelican.build_guard_counter = ProblemCounter(level)
        logging.getLogger().addHandler(pelican.build_guard_counter)
        # Connected now, after every plugin's register(): receivers of a signal
        # run in the order they were connected, so this one runs after every
        # other plugin's `finalized` work (a search indexer, a sitemap) and
        # counts its problems too.
        signals.finalized.connect(fail_if_problems)
    check_plugins_loaded(pelican)


def check_plugins_loaded(pelican):
    """Log an error for each plugin in PLUGINS that Pelican could not load."""
    loaded = {plugin.__name__.rpartition(".")[2] for plugin in pelican.plugins}
    loaded |= {plugin.__name__ for plugin in pelican.plugins}
    for name in pelican.settings.get("PLUGINS") or ():
        if isinstance(name, str) and name not in loaded:
            logger.error("plugin %r could not be loaded (see the error above)", name)


def check_links(generators):
    """Log every intrasite link that resolves to no file, naming post and line."""
    context = generators[0].context
    settings = generators[0].settings
    content_root = settings["PATH"]
    known = set(context.get("generated_content", {})) | set(
        context.get("static_content", {})
    )

    def exists(target):
        return target in known or os.path.isfile(os.path.join(content_root, target))

    for generator in generators:
        for item in content_items(generator):
            for err in broken_links(
                item.source_path, item.relative_dir, item._content, exists, content_root
            ):
                report(logger, err, settings)


def content_items(generator):
    """Yield the articles and pages a generator holds, drafts and hidden included."""
    for name in (
        "articles", "translations", "drafts", "drafts_translations",
        "hidden_articles", "hidden_translations",
        "pages", "hidden_pages", "draft_pages", "translations",
    ):
        for item in getattr(generator, name, None) or ():
            if isinstance(item, (Article, Page)):
                yield item


def fail_if_problems(pelican):
    """Exit with status 1 when the build logged problems; reset for the next run.

    SystemExit, not an exception: Pelican prints a traceback for exceptions,
    and these problems are the author's, already explained above.
    """
    counter = getattr(pelican, "build_guard_counter", None)
    if counter is None or counter.count == 0:
        return
    count, counter.count = counter.count, 0
    logger.critical(
        "build failed: %d problem(s), listed above; the output in %s is incomplete",
        count,
        display_path(pelican.output_path),
    )
    raise SystemExit(1)


def register():
    signals.initialized.connect(start_counting)
    signals.readers_init.connect(use_checked_reader)
    signals.all_generators_finalized.connect(check_links)
