"""Compiled templates kept between builds, in CACHE_PATH/templates.

Compiling the theme is a large part of a small site's build, and every build
did it again. On start-up this plugin gives the site's Jinja environment a
bytecode cache (store.ProjectTemplateCache) unless JINJA_ENVIRONMENT names one
already; the fragments our plugins render use the same cache
(kbutil.fragments.compiled_cache). Removing CACHE_PATH gives a cold build.
"""

import logging
import os

from pelican import signals

from kbutil.config import configure as configure_settings

from .settings import SETTINGS
from .store import ProjectTemplateCache

logger = logging.getLogger(__name__)


def use_cache(pelican):
    settings = pelican.settings
    configure_settings(settings, SETTINGS, logger)
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    if not settings["TEMPLATE_CACHE"] or environment.get("bytecode_cache") is not None:
        return
    cache_path = os.path.abspath(settings["CACHE_PATH"])
    # Keys are paths relative to the folder holding CACHE_PATH (the project), so a moved project keeps them.
    environment["bytecode_cache"] = ProjectTemplateCache(os.path.join(cache_path, "templates"),
                                                         os.path.dirname(cache_path))
    settings["JINJA_ENVIRONMENT"] = environment


def register():
    signals.initialized.connect(use_cache)
