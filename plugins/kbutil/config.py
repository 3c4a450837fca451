"""Plugin settings: one declared spec per setting, checked once at start-up by `configure`.

Each plugin's settings.py lists its settings:

    SETTINGS = (
        Setting("RECAPS_TOP", 5, positive_int, "how many contributors, links and hashtags a recap lists"),
        ...
    )

and its plugin calls `configure(pelican.settings, SETTINGS, logger)` on
`initialized`. A check is a small function of the value returning what is
allowed ("must be ...") when the value is wrong, or None. `configure` logs
every wrong value as one ERROR line, puts the default in its place so the
rest of the build runs safely, and never raises: build_guard counts the
errors and fails the build at its end, so one run lists every bad setting.
"""

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REPR_LIMIT = 80


@dataclass(frozen=True)
class Setting:
    """A setting: its name, default, check (value -> problem or None) and one line of help.

    `clean`, when given, turns an accepted value (or the default) into the
    form the plugin uses, e.g. a list into a sorted tuple.
    """

    name: str
    default: Any
    check: Callable[[Any], "str | None"]
    help: str
    clean: "Callable[[Any], Any] | None" = None
    shown_default: "str | None" = None  # how the README shows a default too long to print

    def fresh_default(self):
        """A copy of the default, so that no build changes the declared one."""
        return copy.deepcopy(self.default)


def configure(settings, specs, logger):
    """Fill in defaults and check every setting of `specs`; return the problems, one line each.

    A wrong value is logged at ERROR (`setting NAME=VALUE: must be ... (default D)`)
    and replaced by its default. Nothing is raised.
    """
    problems = []
    for spec in specs:
        if spec.name not in settings:
            settings[spec.name] = spec.fresh_default()
        value = settings[spec.name]
        problem = spec.check(value)
        if problem:
            line = f"setting {spec.name}={short_repr(value)}: {problem} (default {short_repr(spec.default)})"
            logger.error("%s", line)
            problems.append(line)
            value = spec.fresh_default()
        settings[spec.name] = spec.clean(value) if spec.clean else value
    return problems


def short_repr(value):
    """repr(value), shortened to fit on one line of the log."""
    text = repr(value)
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 1] + "…"


def default_of(specs, name):
    """The declared default of setting `name` in `specs` (for code that runs without a build)."""
    for spec in specs:
        if spec.name == name:
            return spec.fresh_default()
    raise KeyError(name)


def markdown_table(specs):
    """The README's table of `specs`: one row per setting with its default and its help."""
    rows = ["| Setting | Default | What it does |", "|---|---|---|"]
    for spec in specs:
        default = spec.shown_default or f"`{spec.default!r}`"
        rows.append(f"| `{spec.name}` | {default} | {spec.help.replace('|', chr(92) + '|')} |")
    return "\n".join(rows)


def defaults(specs):
    """{name: default} of every setting in `specs`, fresh copies."""
    return {spec.name: spec.fresh_default() for spec in specs}


# -- checks: each returns None for an allowed value, else what is allowed -------------


def is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def positive_int(value):
    """A whole number of at least 1 (True and 1.0 are not)."""
    return None if is_whole(value) and value >= 1 else "must be a whole number of at least 1"


def non_negative_int(value):
    """A whole number of at least 0."""
    return None if is_whole(value) and value >= 0 else "must be a whole number of at least 0"


def positive_number(value):
    """A number above 0 (a whole number or a decimal), not True or False."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a number above 0"


def boolean(value):
    """True or False (not 0, 1 or "yes")."""
    return None if isinstance(value, bool) else "must be True or False"


def text(value):
    """Any string, "" included."""
    return None if isinstance(value, str) else "must be text in quotes"


def name_text(value):
    """A string that is not empty or blank."""
    return None if isinstance(value, str) and value.strip() else "must be a non-empty name in quotes"


def list_of_text(value):
    """A list (or tuple) of strings; a bare string is not a list."""
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return None
    return 'must be a list of texts, like ["a", "b"]'


def list_of_names(what, example):
    """A check for a list (or tuple) of non-blank strings: `what` names, like `example`."""

    def check(value):
        if isinstance(value, (list, tuple)) and all(isinstance(item, str) and item.strip() for item in value):
            return None
        return f"must be a list of non-empty {what} names, like {example}"

    return check


def one_of(*choices):
    """A check accepting exactly one of `choices`."""
    allowed = ", ".join(repr(choice) for choice in choices)

    def check(value):
        return None if any(value == c and type(value) is type(c) for c in choices) else f"must be one of {allowed}"

    return check


def site_path_problem(value):
    """Why `value` is not a relative path inside the output folder, or None."""
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ".." in parts:
        return "must be a path inside the site (no leading '/', no '..')"
    return None


def url_pattern(placeholder):
    """A check for a *_URL or *_SAVE_AS: text with `placeholder` (e.g. "{slug}"), inside the site."""

    def check(value):
        if not isinstance(value, str) or placeholder not in value or site_path_problem(value):
            return f"must be a path inside the site containing {placeholder} (no leading '/', no '..')"
        return None

    return check


def output_file(allow_empty=True):
    """A check for a file or folder written into the output: 'sitemap.xml', 'cards' ("" for none)."""
    none = "; \"\" for none" if allow_empty else ""

    def check(value):
        if value == "" and allow_empty:
            return None
        if not isinstance(value, str) or not value or value.startswith("/") or "\\" in value or any(
            part in ("", ".", "..") for part in value.split("/")
        ):
            return f"must be a path inside the output folder, like 'sitemap.xml' (no leading '/', no '..'{none})"
        return None

    return check


def folder_in_content(value):
    """A folder inside the content folder, like 'glossary'."""
    if not isinstance(value, str) or not value.strip("/") or ".." in value.split("/"):
        return "must name a folder inside PATH, like 'glossary'"
    return None


HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")


def is_hostname(value):
    """True for a bare lower-case DNS name with a dot ("player.example.org"): no scheme, port, path or IP."""
    return isinstance(value, str) and bool(HOSTNAME.match(value))


def hostnames(valid=is_hostname):
    """A check for a list of bare host names like ["player.example.org"], each passing `valid`."""

    def check(value):
        if not isinstance(value, (list, tuple, set, frozenset)):
            return 'must be a list of host names, like ["player.example.org"]'
        bad = [host for host in value if not valid(host)]
        if not bad:
            return None
        named = ", ".join(short_repr(host) for host in bad)
        verb = "is not a bare host name" if len(bad) == 1 else "are not bare host names"
        return (f"{named} {verb}: must be a list of lower-case host names like [\"player.example.org\"] "
                "(no https://, port, path or IP address)")

    return check


def file_or_empty(value):
    """The path of an existing file, or "" for the built-in one."""
    if value == "" or (isinstance(value, str) and os.path.isfile(value)):
        return None
    return 'must be the path of an existing file, or "" for the built-in one'


def mapping_of(check_key, check_value, example):
    """A check for a dict whose keys and values each pass their check."""

    def check(value):
        if not isinstance(value, dict):
            return f"must be a dict, like {example}"
        for key, item in value.items():
            problem = check_key(key) or check_value(item)
            if problem:
                return f"[{short_repr(key)}]={short_repr(item)} {problem}; the whole must be a dict like {example}"
        return None

    return check
