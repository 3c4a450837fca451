"""build_guard: make a build with problems fail, and say where the problems are.

Pelican logs "Could not process FILE" without the reason and still exits 0.
This plugin
- checks each Markdown file's metadata header (and dates) before it is read,
  logging `path:LINE: reason`;
- refuses, as each post or page is made, a `Slug:` that is not one path
  segment and a save_as or url that leads outside the output folder;
- reports two files that would write one output file (or share a slug) once,
  naming both, before anything is written, and keeps the second from writing;
- reports every `Template:` the theme lacks, and every post or page that
  would write a file the site writes itself (the front page, search…), as
  it is written (outputs.py);
- checks every `{filename}`/`{static}`/`{attach}` link once all content is read,
  and copies no static file that lies (or links) outside the content folder;
- shows Pelican's own messages with paths relative to the project;
- counts every ERROR (and, when asked, WARNING) logged during the build and,
  when there was any, logs a summary and exits with status 1 at the end of
  the build; warnings are listed once each, kinds that repeat grouped with
  every file:line.

Settings: BUILD_GUARD_FAIL_ON (see settings.py; "error" by default: errors fail
the build, warnings inform; "warning" to fail on warnings too, as publishconf.py
may; "never" to only report).
"""

import logging
import os
import posixpath
from itertools import chain
from urllib.parse import unquote, urlsplit

from pelican import signals
from pelican.contents import Article, Content, Page, Static

from kbutil.config import configure as configure_settings
from kbutil.contracts import order_problems
from kbutil.diagnostics import SourceError, display_path, report
from kbutil.header import header_line
from kbutil.items import every_item
from kbutil.paths import content_path, output_path
from kbutil.reader import use_checked_reader

from .clashes import second_claims
from .links import broken_links, filename_links_to_static
from .logfilters import (
    FolderAboveContent,
    HeldSlugWarnings,
    MissingStaticStamp,
    PelicanSaidBetter,
    RelativePaths,
    install_on_handlers,
    install_once,
)
from .outputs import check_templates, guarded_writer
from .settings import SETTINGS
from .slugs import slug_message

logger = logging.getLogger(__name__)

FAIL_LEVELS = {"warning": logging.WARNING, "error": logging.ERROR, "never": None}


class ProblemCounter(logging.Handler):
    """Count log records at or above a level, from any logger."""

    def __init__(self, level):
        super().__init__(level)
        self.count = 0

    def emit(self, record):
        self.count += 1


def start_counting(pelican):
    """Check our settings and the order of PLUGINS, then count the problems of this build.

    The first receiver of `initialized` (build_guard comes first in PLUGINS, and
    says so when it does not), so the counter is there before any other plugin
    checks its settings; the bad settings of our own, logged before the counter
    existed, are added to its count.
    """
    problems = configure_settings(pelican.settings, SETTINGS, logger)
    level = FAIL_LEVELS[pelican.settings["BUILD_GUARD_FAIL_ON"]]
    if level is not None:
        pelican.build_guard_counter = ProblemCounter(level)
        pelican.build_guard_counter.count = len(problems)
        logging.getLogger().addHandler(pelican.build_guard_counter)
        judge_after_run(pelican)
    install_log_filters()
    check_plugins_loaded(pelican)
    for message in order_problems(pelican.settings.get("PLUGINS") or ()):
        logger.error("%s", message)


def judge_after_run(pelican):
    """Give the verdict (fail_if_problems) when this Pelican's run() returns.

    Not a `finalized` receiver: those run in PLUGINS order, build_guard's first,
    and the later ones (seo's files, search's index) can still log problems.
    Pelican sends nothing after `finalized`, so the verdict follows run() itself.
    """
    run = pelican.run

    def run_then_judge(*args, **kwargs):
        result = run(*args, **kwargs)
        fail_if_problems(pelican)
        return result

    pelican.run = run_then_judge


def install_log_filters():
    """Relative paths in every message; Pelican's duplicates of our reports held or dropped."""
    install_on_handlers(RelativePaths)
    install_once("pelican.utils", HeldSlugWarnings)
    install_once("pelican.cache", MissingStaticStamp)
    install_once("pelican.urlwrappers", FolderAboveContent)
    install_once("pelican.contents", PelicanSaidBetter)
    install_once("pelican.readers", PelicanSaidBetter)


def check_plugins_loaded(pelican):
    """Log an error for each plugin in PLUGINS that Pelican could not load."""
    loaded = {plugin.__name__.rpartition(".")[2] for plugin in pelican.plugins}
    loaded |= {plugin.__name__ for plugin in pelican.plugins}
    for name in pelican.settings.get("PLUGINS") or ():
        if isinstance(name, str) and name not in loaded:
            logger.error("plugin %r could not be loaded (see the error above)", name)


# -- each post and page, as Pelican reads and makes it ----------------------------


def refuse_outside_sources(readers):
    """readers_init receiver (after use_checked_reader): no reader opens a file outside the content folder.

    Pelican walks the content folder following symlinks; a post that is a
    symlink out would be read (and its first lines quoted in errors).
    """
    for ext, reader_class in list(readers.reader_classes.items()):
        if ext != "static" and not getattr(reader_class, "refuses_outside_sources", False):
            readers.reader_classes[ext] = contained(reader_class)


def contained(reader_class):
    """A subclass of `reader_class` that refuses a source file outside PATH before reading it."""

    class ContainedReader(reader_class):
        refuses_outside_sources = True

        def read(self, source_path):
            try:
                content_path(self.settings["PATH"], self.settings["PATH"], source_path)
            except ValueError as err:
                error = SourceError(source_path, None, f"{err}; copy the file into the content folder")
                report(logger, error, self.settings)
                raise error from None
            return super().read(source_path)

    ContainedReader.__name__ = ContainedReader.__qualname__ = f"Contained{reader_class.__name__}"
    return ContainedReader


def check_content(content):
    """content_object_init receiver: refuse a file, slug, save_as or url that leaves its folder.

    The SourceError, logged here with file and line, makes Pelican skip the file.
    """
    if isinstance(content, Static) or not isinstance(content, Content):
        return  # static files are checked once they are all known (drop_unsafe_static)
    err = content_problem(content)
    if err is not None:
        report(logger, err, content.settings)
        raise err


def content_problem(content):
    """The SourceError for the first way `content` would leave its folder, or None."""
    path, meta, settings = content.source_path, content.metadata, content.settings
    if path:
        try:
            content_path(settings["PATH"], settings["PATH"], path)
        except ValueError as err:
            return SourceError(path, None, f"{err}; copy the file into the content folder")
    if "slug" in meta and slug_message(meta["slug"]):
        return SourceError(path, header_line(path, "slug"), slug_message(meta["slug"]))
    output = os.path.abspath(settings["OUTPUT_PATH"])
    for key, label in (("save_as", "Save_as"), ("url", "URL")):
        value = str(getattr(content, key, "") or "")
        try:
            written_at(output, key, value)
        except ValueError as err:
            if key in meta:
                return SourceError(path, header_line(path, key), f"{label}: {meta[key]!r} {err}")
            return SourceError(path, header_line(path, "slug"), f"would be written to {value!r}, which {err}")
    return None


def written_at(output, key, value):
    """Raise ValueError when a save_as (or the file a url serves) lies outside `output`.

    An empty save_as means "do not write this page"; a url with a host is
    not a path of this site; a url names a folder or a file, so its
    index.html is checked.
    """
    if key == "url":
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return
        value = posixpath.join(unquote(parts.path).lstrip("/"), "index.html")
    if value:
        output_path(output, value)


# -- clashes: two files, one output file or one slug ------------------------------


def check_clashes(generator):
    """page_generator_finalized receiver: one error per clash of posts and pages, before any card or page.

    Runs once posts and pages are read and before any plugin's generator
    (seo's social cards) reads them.
    """
    items = sorted(every_item(generator.context), key=lambda i: i.source_path or "")
    claims = chain(((file_key(i.save_as), i) for i in items), ((slug_key(i), i) for i in items))
    involved = report_clashes(claims, generator.settings)
    held = install_once("pelican.utils", HeldSlugWarnings)
    held.release(involved)


def check_late_clashes(generators):
    """all_generators_finalized: glossary terms and decks against every post and page (files only)."""
    context, settings = generators[0].context, generators[0].settings
    owners = [*every_item(context), *context.get("glossary_terms", ())]
    claims = [(file_key(i.save_as), i) for i in owners]
    for deck in context.get("presentations", ()):
        claims += [(file_key(getattr(deck, a)), deck) for a in ("save_as", "handout_save_as", "download_save_as")]
    report_clashes(sorted(claims, key=lambda c: c[1].source_path or ""), settings)


def file_key(save_as):
    """The output file a save_as names, normalised ('a/./b' is 'a/b'); None when nothing is written."""
    return ("file", posixpath.normpath(str(save_as))) if save_as else None


def slug_key(item):
    """Pelican takes two posts (or pages) with one slug and language for translations of each other."""
    if not isinstance(item, (Article, Page)) or not getattr(item, "slug", None) or not item.save_as:
        return None
    listed = "draft" if item.status == "draft" else "listed"
    return ("slug", type(item).__name__, listed, getattr(item, "lang", None), item.slug)


def report_clashes(claims, settings):
    """Report each second claim, naming both files, and keep it from writing; return the paths involved."""
    involved = set()
    for key, item, first in second_claims(claims):
        report(logger, clash_error(key, item, first), settings)
        stop_writing(item)
        involved |= {os.path.abspath(item.source_path), os.path.abspath(first.source_path)}
    return involved


def clash_error(key, item, first):
    """'PATH:LINE: writes X, as OTHER does; ...' for a clash found by report_clashes."""
    if "save_as" in getattr(item, "metadata", {}):
        advice = "give it another Save_as:"
    elif isinstance(item, Content) and isinstance(first, Content):
        advice = "give one of them another Slug:"
    else:
        advice = "rename one of them"
    other = display_path(first.source_path)
    if key[0] == "file":
        what = f"writes {key[1]}, as {other} does"
    else:
        what = f"has the slug {key[-1]!r} in the same language as {other}"
    return SourceError(item.source_path, clash_line(item), f"{what}; {advice}")


def clash_line(item):
    """The header line that decides where `item` is written: Save_as:, else Slug:, else Title:."""
    meta = getattr(item, "metadata", {})
    for key in ("save_as", "slug", "title"):
        if key in meta:
            return header_line(item.source_path, key)
    return None


def stop_writing(item):
    """Keep the second of two clashing files from being written (Pelican skips an empty save_as)."""
    if isinstance(item, Content):
        item.override_save_as = ""
    else:
        for name in ("save_as", "handout_save_as", "download_save_as"):
            if hasattr(item, name):
                setattr(item, name, "")


# -- static files and links -------------------------------------------------------


def drop_unsafe_static(generator):
    """static_generator_finalized: copy no static file from outside the content, or to outside the output.

    A file that a post links to is reported by check_links, at the post's line.
    """
    linked = set(generator.context.get("static_links", ()))
    kept = []
    for static in generator.staticfiles:
        problem = static_problem(static, generator.settings["PATH"], generator.output_path)
        if problem is None:
            kept.append(static)
            continue
        message, reported_by_link = problem
        if not (reported_by_link and static.relative_source_path in linked):
            report(logger, SourceError(static.source_path, None, message), generator.settings)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def static_problem(static, content_root, output_root):
    """(why a static file must not be copied, whether a link to it says so too), or None."""
    try:
        content_path(content_root, content_root, static.source_path)
    except ValueError as err:
        return f"{err}; copy the file into the content folder", True
    if not os.path.isfile(static.source_path):
        return "is a symlink to nothing; delete it or put the file there", True
    try:
        output_path(output_root, static.save_as)
    except ValueError as err:
        return f"would be copied to {static.save_as!r}, which {err}", False
    return None


def check_links(generators):
    """Log every intrasite link that leaves the content folder or resolves to no file, naming post and line;
    then, once, every `{filename}` link to a static file (it works; `{static}` is the modern form)."""
    context = generators[0].context
    settings = generators[0].settings
    content_root = settings["PATH"]
    known = set(context.get("generated_content", {}))
    static = set(context.get("static_content", {})) - known

    def exists(target):
        return target in known or os.path.isfile(os.path.join(content_root, target))

    old_style, checked = [], {}
    for item in every_item(generators):  # each translation once: one report per broken link
        for err in broken_links(item.source_path, item.relative_dir, item._content, exists, content_root, checked):
            report(logger, err, settings)
        lines = filename_links_to_static(item.source_path, item.relative_dir, item._content, static.__contains__)
        old_style += [(item.source_path, line) for line in lines]
    if old_style:
        logger.warning("%d link(s) use {filename} for a static file; they work, and {static} is the modern "
                       "form: %s", len(old_style), places(old_style))


def places(found):
    """'posts/a.md:3, 12; posts/b.md:7' for [(path, line)], each file once, in order."""
    by_file = {}
    for path, line in found:
        by_file.setdefault(display_path(path), []).append(str(line) if line else "?")
    return "; ".join(f"{path}:{', '.join(lines)}" for path, lines in by_file.items())


def fail_if_problems(pelican):
    """Exit with status 1 when the build logged problems; reset for the next run.

    SystemExit, not an exception: Pelican prints a traceback for exceptions,
    and these problems are the author's, already explained above.
    """
    counter = getattr(pelican, "build_guard_counter", None)
    if counter is None or counter.count == 0:
        return
    logger.critical(
        "build failed: %d problem(s), listed above; the output in %s is incomplete",
        counter.count,
        display_path(pelican.output_path),
    )
    counter.count = 0  # after the message above, which it counts too: the next run starts from none
    raise SystemExit(1)


def register():
    signals.initialized.connect(start_counting)
    signals.readers_init.connect(use_checked_reader)
    # Connected after use_checked_reader, so it wraps the readers that one chose.
    signals.readers_init.connect(refuse_outside_sources)
    signals.content_object_init.connect(check_content)
    # Posts and pages are all read by then, and no plugin's generator has used them yet.
    signals.article_generator_finalized.connect(check_templates)
    signals.page_generator_finalized.connect(check_templates)
    signals.page_generator_finalized.connect(check_clashes)
    signals.get_writer.connect(guarded_writer)
    signals.static_generator_finalized.connect(drop_unsafe_static)
    signals.all_generators_finalized.connect(check_late_clashes)
    signals.all_generators_finalized.connect(check_links)
