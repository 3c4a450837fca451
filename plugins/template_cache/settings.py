"""Settings of the template_cache plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, boolean

SETTINGS = (
    Setting("TEMPLATE_CACHE", True, boolean,
            "keep compiled templates in CACHE_PATH/templates between builds (an edited template is compiled again)"),
)
