"""Theme fragments: small templates our plugins render themselves.

They live in theme/templates/fragments/<plugin>/ so the look can change
without touching code (a theme override folder wins over the theme).
Everything they print is escaped unless marked |safe. Every fragment sees
the shared markers as `markers` (kbutil.markers), like the theme's pages.
A plugin that renders a fragment while Pelican reads or writes (a recap body,
a deck's feed entry) uses `site_fragment_env`, so an overridden fragment may
call whatever the site's templates may.
"""

import functools
import os

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pelican.utils import DateFormatter

from kbutil import markers


def template_dirs(settings):
    """The theme's template folders, overrides first, as Pelican searches them."""
    theme = os.path.join(settings["THEME"], "templates")
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []), theme]


def fragment_env(dirs, bytecode_cache=None):
    """A Jinja environment over `dirs` that escapes every value (one per list of folders).

    `bytecode_cache` is where compiled fragments are kept between builds (the
    site's, from JINJA_ENVIRONMENT; see compiled_cache).
    """
    return _environment(tuple(os.fspath(d) for d in dirs), bytecode_cache)


def compiled_cache(settings):
    """The site's store of compiled templates (JINJA_ENVIRONMENT's bytecode_cache), or None."""
    return (settings.get("JINJA_ENVIRONMENT") or {}).get("bytecode_cache")


# Shared, not built per call: a site of 10,000 posts renders fragments for every
# post, and an environment compiles each template once. Jinja still re-reads a
# template whose file changed (auto_reload), so `pelican --autoreload` sees edits.
@functools.lru_cache(maxsize=32)
def _environment(dirs, bytecode_cache):
    env = Environment(
        loader=FileSystemLoader(list(dirs)),
        bytecode_cache=bytecode_cache,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["markers"] = markers.FOR_TEMPLATES
    return env


def site_fragment_env(settings):
    """A fragment environment over the theme of `settings`, with the site's JINJA_FILTERS, JINJA_GLOBALS,
    JINJA_TESTS and Pelican's `strftime` filter."""
    # An overlay with dicts of its own: fragment_env's environment is shared by every
    # plugin (and by every site built in this process), so it is never changed here.
    env = fragment_env(template_dirs(settings), compiled_cache(settings)).overlay()
    env.filters = {**env.filters, "strftime": DateFormatter(), **(settings.get("JINJA_FILTERS") or {})}
    env.globals = {**env.globals, **(settings.get("JINJA_GLOBALS") or {})}
    env.tests = {**env.tests, **(settings.get("JINJA_TESTS") or {})}
    return env


def fragment(settings, name):
    """The compiled template fragments/<name>.html of the site's theme, e.g. name="structure/anchor".

    Fetch it once per document (or build) and call `.render(...)` per use.
    """
    return fragment_env(template_dirs(settings), compiled_cache(settings)).get_template(f"fragments/{name}.html")


def render_fragment(env, name, **context):
    """Render theme/templates/fragments/<name>.html, e.g. name="recaps/recap"."""
    return env.get_template(f"fragments/{name}.html").render(**context)
