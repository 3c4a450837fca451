"""The README's "Settings" tables, made from the plugins' declared settings (plugins/NAME/settings.py).

`invoke settings-doc` rewrites the part of README.md between the two marker
comments; a test fails when README.md differs from what this makes, so the
tables cannot drift from the specs the build checks.
"""

import importlib
import importlib.util

from . import use_plugins

START = "<!-- settings tables: made by `invoke settings-doc` from plugins/*/settings.py -->"
END = "<!-- end of settings tables -->"


def tables(plugins):
    """The tables of every plugin in `plugins` (PLUGINS order) that declares settings."""
    use_plugins()
    from kbutil.config import markdown_table

    parts = []
    for name in plugins:
        if importlib.util.find_spec(f"{name}.settings") is None:
            continue
        specs = importlib.import_module(f"{name}.settings").SETTINGS
        parts.append(f"**{name}**\n\n{markdown_table(specs)}")
    return "\n\n".join(parts)


def with_tables(readme, plugins):
    """`readme` with the text between the markers replaced by the current tables."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md lacks the markers {START!r} and {END!r} around the settings tables")
    return f"{head}{START}\n\n{tables(plugins)}\n\n{END}{tail}"
