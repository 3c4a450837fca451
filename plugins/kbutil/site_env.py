"""The fragment environment of a site: theme fragments with the site's own Jinja filters and globals.

A plugin that renders a fragment while Pelican reads or writes (a recap body,
a deck's feed entry) uses this, so an overridden fragment may call whatever
the site's templates may: JINJA_FILTERS, JINJA_GLOBALS, JINJA_TESTS and
Pelican's `strftime` filter. Templates are looked up as Pelican looks them up,
THEME_TEMPLATES_OVERRIDES first. Values are still escaped (kbutil.fragments).
"""

from pelican.utils import DateFormatter

from kbutil.fragments import fragment_env, template_dirs


def site_fragment_env(settings):
    """A fragment environment over the theme of `settings`, with the site's filters, globals and tests."""
    # An overlay with dicts of its own: fragment_env's environment is shared by every
    # plugin (and by every site built in this process), so it is never changed here.
    env = fragment_env(template_dirs(settings)).overlay()
    env.filters = {**env.filters, "strftime": DateFormatter(), **(settings.get("JINJA_FILTERS") or {})}
    env.globals = {**env.globals, **(settings.get("JINJA_GLOBALS") or {})}
    env.tests = {**env.tests, **(settings.get("JINJA_TESTS") or {})}
    return env

