"""`make serve`: one long-lived Pelican that shows an edit in the open tab first, then rebuilds the site.

A full build of a large site takes seconds to minutes; an author who saves a
post wants to see it now. So the serving process keeps Pelican, its plugins
and the last build's posts in memory (LiveSite), and on each change:

1. **Preview** (milliseconds): a saved post or page is read again and only its
   own page is rendered, with the last build's context (its neighbours,
   related posts and backlinks as they were); a template change re-renders
   the page the browser last asked for; a stylesheet or script of the theme
   is copied over its output. The files are swapped into output/ one by one
   (os.replace) and the tab reloads.
2. **Full build**: the whole site is built into a staging folder and swapped
   in (sitetools/building.py), as `invoke build` does, and the tab reloads
   again. When the changes settle, output/ is exactly what `invoke build`
   makes; the preview only comes first.

A change to the settings or to a plugin's code restarts the process (its
modules are loaded), which then builds and serves again. A failed build
keeps the last good site and the server running.

Changes are seen by watchfiles (inotify where there is one); the page is
served and reloaded by livereload, whose own file polling is not used.
"""

import contextlib
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

CODE_SUFFIXES = (".py",)  # plugins/ and the settings: a restart loads them


# ---------------------------------------------------------------- the long-lived build


class LiveSite:
    """Pelican kept in this process: full builds swapped into `output`, and quick previews of single pages."""

    def __init__(self, settings_file, content, output, *, extra=(), verbosity=None):
        from pelican import get_instance, parse_arguments, signals

        from sitetools.building import BuildMessages, clean_leftovers, pelican_args, start_logging

        self.output = Path(output).resolve()
        self.staging = self.output.with_name(self.output.name + ".partial")
        self.scratch = self.output.with_name(self.output.name + ".preview")
        clean_leftovers(self.output)
        shutil.rmtree(self.scratch, ignore_errors=True)
        args = parse_arguments(pelican_args(settings_file, self.staging, content, extra))
        start_logging(args, verbosity)
        self.verbosity = args.verbosity if verbosity is None else verbosity
        from pelican.log import DEFAULT_LOG_HANDLER

        self.messages = BuildMessages(self.staging, self.output)
        DEFAULT_LOG_HANDLER.addFilter(self.messages)
        self.pelican, self.settings = get_instance(args)
        self.generators = None  # the last good build's, for previews
        self._pending = None
        signals.all_generators_finalized.connect(self._keep, weak=False)

    def _keep(self, generators):
        self._pending = generators

    # -------------------------------------------------------- full builds

    def build(self):
        """Build the whole site and swap it in; True on success (a failed build changes nothing)."""
        from pelican.contents import Content
        from pelican.log import LimitFilter

        from sitetools.building import clean_leftovers, run_pelican, swap_in

        clean_leftovers(self.output)
        # Pelican keeps, for the life of the process, every post's rendered HTML and every warning
        # it showed (a warning is shown once): each build starts as a new process would.
        for method in (Content.get_content, Content.get_summary):
            method.cache.clear()
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        self._pending = None
        self.messages.disk_full = False
        code = run_pelican(self.pelican, self.verbosity, status=False)
        ok = code == 0 and not self.messages.disk_full  # a full disk fails the build even where Pelican only warned
        if not ok:
            shutil.rmtree(self.staging, ignore_errors=True)
            return False
        swap_in(self.staging, self.output)
        self.generators = self._pending
        return True

    # -------------------------------------------------------- previews

    def preview(self, changed, viewed=None):
        """Put the pages that `changed` (absolute paths) alter most visibly into output/ now.

        `viewed` is the output path (relative, e.g. 2024/01/post/index.html)
        the browser asked for last: a template change re-renders it. Returns
        the output paths written; [] when nothing could be previewed (the
        full build will show the change). Nothing is logged: the full build
        that follows reports every problem once.
        """
        if self.generators is None:
            return []
        try:
            with held_messages() as problems:
                return self._preview(changed, viewed, problems)
        except Exception:  # noqa: BLE001 - a preview is best effort; the full build follows and reports
            return []
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def _preview(self, changed, viewed, problems):
        content_root = Path(self.settings["PATH"]).resolve()
        theme = Path(self.settings["THEME"]).resolve()
        items, templates, written = [], False, []
        for path in map(Path, changed):
            if path.is_relative_to(content_root):
                item = self.reread(path.relative_to(content_root).as_posix())
                if item is not None:
                    items.append(item)
            elif path.is_relative_to(theme / "templates"):
                templates = True
            elif path.is_relative_to(theme):
                written += self.copy_theme_file(theme, path)
        if templates:
            for generator in self.generators:  # Pelican's Generator.get_template keeps what it loaded
                getattr(generator, "_templates", {}).clear()
        if templates and viewed:
            shown = self.item_saved_as(viewed)
            if shown is not None and all(item.save_as != shown.save_as for item in items):
                items.append(shown)
        if items:
            writer = self.writer(self.scratch)
            for item in items:
                self.render(writer, item)
            if problems:  # a page with a problem is not shown: the build that follows names it
                return written
            written += self.move_into_output(self.scratch)
        return written

    def owner(self, item):
        from pelican.contents import Article
        from pelican.generators import ArticlesGenerator, PagesGenerator

        kind = ArticlesGenerator if isinstance(item, Article) else PagesGenerator
        return next(g for g in self.generators if isinstance(g, kind))

    def reread(self, relative):
        """The post or page read again from `relative` (under PATH), with what the last build added to it."""
        from pelican import signals
        from pelican.contents import Article, Page

        old = self.generators[0].context["generated_content"].get(relative)
        if type(old) not in (Article, Page):
            return None
        generator = self.owner(old)
        kind = "article" if isinstance(old, Article) else "page"
        new = generator.readers.read_file(
            base_path=generator.path, path=relative, content_class=type(old), context=generator.context,
            preread_signal=getattr(signals, f"{kind}_generator_preread"), preread_sender=generator,
            context_signal=getattr(signals, f"{kind}_generator_context"), context_sender=generator,
        )
        if new is None or not new.is_valid():
            return None
        new.refresh_metadata_intersite_links()
        for plugin_generator in self.generators:  # e.g. the glossary links its terms in the new text
            refresh = getattr(plugin_generator, "refresh_content", None)
            if refresh is not None:
                refresh(new)
        # Related posts, backlinks, neighbours, series...: as the last build found them, until the next.
        for name, value in vars(old).items():
            if name not in vars(new):
                setattr(new, name, value)
        return new

    def item_saved_as(self, save_as):
        from pelican.contents import Article, Page

        for item in self.generators[0].context["generated_content"].values():
            if type(item) in (Article, Page) and item.save_as == save_as:
                return item
        return None

    def writer(self, folder):
        from pelican import signals
        from pelican.writers import Writer

        writers = [w for _, w in signals.get_writer.send(self.pelican) if isinstance(w, type)]
        return (writers[0] if writers else Writer)(str(folder), settings=self.settings)

    def render(self, writer, item):
        """Write `item`'s page as its generator does (Pelican's generate_articles / PagesGenerator)."""
        from pelican.contents import Article

        generator = self.owner(item)
        common = {
            "relative_urls": self.settings["RELATIVE_URLS"],
            "override_output": hasattr(item, "override_save_as"),
            "url": item.url,
        }
        if isinstance(item, Article):
            writer.write_file(item.save_as, generator.get_template(item.template), generator.context,
                              article=item, category=getattr(item, "category", None), blog=True, **common)
        else:
            writer.write_file(item.save_as, generator.get_template(item.template), generator.context,
                              page=item, **common)

    def copy_theme_file(self, theme, path):
        """A changed file of the theme's static folders, copied over its output copy (if it has one)."""
        for folder in self.settings["THEME_STATIC_PATHS"]:
            source_root = (theme / folder).resolve()
            if path.is_relative_to(source_root) and path.is_file():
                relative = Path(self.settings["THEME_STATIC_DIR"]) / path.relative_to(source_root)
                target = self.output / relative
                if target.is_file():
                    temporary = target.with_name(target.name + ".preview")
                    shutil.copyfile(path, temporary)
                    os.replace(temporary, target)
                    return [relative.as_posix()]
        return []

    def move_into_output(self, folder):
        """Move every file under `folder` to the same place in output/, each in one step."""
        moved = []
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = source.relative_to(folder)
            target = self.output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            moved.append(relative.as_posix())
        return moved


class _Hold(logging.Filter):
    def __init__(self):
        super().__init__()
        self.problems = []

    def filter(self, record):
        if record.levelno >= logging.WARNING:
            self.problems.append(record)
        return False


@contextlib.contextmanager
def held_messages():
    """Keep every log record from the root logger's handlers (the terminal, build_guard's count);
    yield the list of those at WARNING or above."""
    hold = _Hold()
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(hold)
    try:
        yield hold.problems
    finally:
        for handler in handlers:
            handler.removeFilter(hold)


# ---------------------------------------------------------------- which changes need what


def needs_restart(paths, project):
    """True when a changed file is code this process has loaded: the settings or a plugin."""
    project = Path(project).resolve()
    for path in map(Path, paths):
        if path.suffix in CODE_SUFFIXES and (
            path.parent == project or path.is_relative_to(project / "plugins")
        ):
            return True
    return False


def restart():
    """Run this process's command again in its place (new code, same port)."""
    print("Settings or plugin code changed: restarting the server.", flush=True)
    os.execv(sys.executable, sys.orig_argv)


def in_utf8_mode():
    """Make sure this process runs in UTF-8 mode, as every build does (re-run with -X utf8 if not)."""
    if not sys.flags.utf8_mode:
        os.environ["PYTHONUTF8"] = "1"
        os.execv(sys.executable, [sys.orig_argv[0], "-X", "utf8", *sys.orig_argv[1:]])


# ---------------------------------------------------------------- serving


class NoPolling:
    """livereload's watcher, minus the polling: changes come from watchfiles (see serve)."""

    filepath = None

    def __init__(self):
        self._tasks = {"watchfiles": None}  # not empty: livereload then watches nothing of its own
        self._changes = []

    def start(self, callback):
        return True  # livereload starts no polling loop

    def examine(self):
        return None, None


def external_live_script(injector_class, port):
    """livereload's injector of its client into each page, as <script src> rather than inline."""

    class ExternalLiveScript(injector_class):
        script = f'<script src="/livereload.js?port={int(port)}" defer></script>'.encode()

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            self.script = ExternalLiveScript.script  # over the inline one of livereload's subclass
            return super().transform_first_chunk(status_code, headers, chunk, finishing)

    return ExternalLiveScript


def serve(site, project, watched, host, port):
    """Serve site.output with live reload until Ctrl-C; rebuild (and preview) on every change under `watched`."""
    from livereload import Server
    from livereload import server as livereload_server
    from livereload.handlers import LiveReloadHandler, StaticFileHandler
    from tornado.ioloop import IOLoop

    viewed = {"path": None}

    class Tracking(StaticFileHandler):
        """Notes the last page the browser asked for (a template change re-renders it first)."""

        def prepare(self):
            from urllib.parse import unquote

            path = unquote(self.request.path).lstrip("/")
            if path == "" or path.endswith("/"):
                path += "index.html"
            if path.endswith(".html"):
                viewed["path"] = path

    loop = IOLoop.current()

    def reload(path):
        loop.add_callback(LiveReloadHandler.reload_waiters, path)

    stop = threading.Event()
    worker = threading.Thread(
        target=follow_changes, args=(site, project, watched, reload, viewed, stop), daemon=True, name="live-build",
    )
    # livereload puts an inline <script> in each page, which the pages' Content-Security-Policy
    # refuses (theme/templates/partials/csp.html): load its client as a file of the site instead.
    livereload_server.LiveScriptInjector = external_live_script(livereload_server.LiveScriptInjector, port)
    server = Server(watcher=NoPolling())
    server.SFH = Tracking
    worker.start()
    try:
        # The changed file is a source, not the served copy: reload the whole page, even for CSS.
        server.serve(host=host, port=port, root=str(site.output), open_url_delay=None, live_css=False)
    finally:
        stop.set()


def follow_changes(site, project, watched, reload, viewed, stop):
    """The build loop: for each batch of changes, preview, reload, build, reload."""
    import watchfiles

    from sitetools.building import display

    for batch in watchfiles.watch(*watched, stop_event=stop, watch_filter=watchfiles.DefaultFilter()):
        paths = sorted({path for _, path in batch})
        if needs_restart(paths, project):
            restart()
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        print(f"Changed: {display(paths[0])}{more}; rebuilding.", flush=True)
        began = time.perf_counter()
        try:
            shown = site.preview(paths, viewed["path"])
            if shown:
                reload(shown[0])
            built = site.build()
        except Exception:  # noqa: BLE001 - the server keeps serving the last good site
            logger.exception("rebuild failed")
            built = False
        if built:
            reload(paths[0])
            print(f"Rebuilt in {time.perf_counter() - began:.1f} s.", flush=True)
        else:
            print("Rebuild failed (see above); still serving the last good site.", flush=True)


# ---------------------------------------------------------------- the command line


def run(settings, content, output, *, project, watched, host, port, extra=()):
    """Build, then serve with previews and rebuilds until Ctrl-C; False if the first build failed."""
    site = LiveSite(settings, content, output, extra=extra)
    if not site.build():
        return False
    serve(site, project, watched, host, port)
    return True


def main(argv=None):
    """python -m sitetools.live SETTINGS CONTENT OUTPUT [--port N] [--watch PATH]... [-e KEY=VALUE]..."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sitetools.live", description=main.__doc__)
    parser.add_argument("settings")
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", action="append", default=[], help="a file or folder to follow (default: CONTENT)")
    parser.add_argument("-e", "--extra-settings", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting, as pelican -e takes it")
    options = parser.parse_args(argv)
    in_utf8_mode()
    # One -e with every setting: Pelican keeps only the last -e it is given.
    extra = ["-e", *options.extra_settings] if options.extra_settings else []
    ok = run(options.settings, options.content, options.output, project=Path.cwd(),
             watched=options.watch or [options.content], host=options.host, port=options.port, extra=extra)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
