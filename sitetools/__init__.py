"""Publishing the site: configuration, release checks, atomic releases over SSH, GitHub Pages.

tasks.py keeps the `publish`, `rollback` and `gh-pages` tasks thin; the work is here:

- config.py   settings from the environment and an untracked publish.env, validated
- checks.py   what must hold before anything is uploaded (links, feeds, no unpublished posts)
- remote.py   ssh and rsync commands, and the shell scripts run on the server
- publish.py  build, check, upload into releases/<UTC timestamp>/, switch `current`; rollback; gh-pages

Every problem a maintainer can fix stops with PublishError, whose message says
what to fix; the tasks turn it into a non-zero exit without a traceback.
"""


import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def use_plugins():
    """Make the site's plugins importable (as pelicanconf.py does for a build): the checks read
    content and feeds with the plugins' own code, so they judge them as the build does."""
    if PLUGINS.is_dir() and str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))


# The site's tools read content and feeds with the plugins' own code (kbutil, feed_extras, ...).
use_plugins()


class PublishError(Exception):
    """A problem that stops publishing; the message tells the maintainer what to fix."""
