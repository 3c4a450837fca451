"""Theme fragments: small templates our plugins render themselves.

They live in theme/templates/fragments/<plugin>/ so the look can change
without touching code (a theme override folder wins over the theme).
Everything they print is escaped unless marked |safe.
"""

import os

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


def template_dirs(settings):
    """The theme's template folders, overrides first, as Pelican searches them."""
    theme = os.path.join(settings["THEME"], "templates")
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []), theme]


def fragment_env(dirs):
    """A Jinja environment over `dirs` that escapes every value."""
    return Environment(
        loader=FileSystemLoader(dirs),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_fragment(env, name, **context):
    """Render theme/templates/fragments/<name>.html, e.g. name="recaps/recap"."""
    return env.get_template(f"fragments/{name}.html").render(**context)
