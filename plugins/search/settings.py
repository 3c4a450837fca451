"""Settings of the search plugin, with their defaults, checked once at start-up.

SEARCH_URL / SEARCH_SAVE_AS   the search page ("search/", "search/index.html")
SEARCH_PAGEFIND               run Pagefind on the output after every build (True)
SEARCH_PAGEFIND_BINARY        the pagefind program ("": the one bundled in the
                              pagefind-bin wheel, found by the `pagefind` package,
                              which also honours $PAGEFIND_BINARY_PATH)
SEARCH_PAGEFIND_BUNDLE        folder of the index inside the output ("pagefind")
SEARCH_PAGEFIND_ARGS          more command-line options for Pagefind ([]), e.g.
                              ["--exclude-selectors", ".no-search"]
SEARCH_PAGEFIND_TIMEOUT       seconds Pagefind may take before the build fails (300)
SEARCH_FILTERS                the filters the search page offers, as (name, label)
                              pairs; a name is a `data-pagefind-filter` of the pages
                              ([("category", "Category"), ("tag", "Tags")])
"""

import re

DEFAULTS = {
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_PAGEFIND": True,
    "SEARCH_PAGEFIND_BINARY": "",
    "SEARCH_PAGEFIND_BUNDLE": "pagefind",
    "SEARCH_PAGEFIND_ARGS": [],
    "SEARCH_PAGEFIND_TIMEOUT": 300,
    "SEARCH_FILTERS": [("category", "Category"), ("tag", "Tags")],
}

# What each setting must be: (accepted types, as said in the message).
KINDS = {
    "SEARCH_URL": (str, "a string"),
    "SEARCH_SAVE_AS": (str, "a string"),
    "SEARCH_PAGEFIND": (bool, "True or False"),
    "SEARCH_PAGEFIND_BINARY": (str, "a string (a path, or '')"),
    "SEARCH_PAGEFIND_BUNDLE": (str, "a string"),
    "SEARCH_PAGEFIND_ARGS": ((list, tuple), "a list of strings"),
    "SEARCH_PAGEFIND_TIMEOUT": ((int, float), "a number of seconds"),
    "SEARCH_FILTERS": ((list, tuple), "a list of (name, label) pairs"),
}
BUNDLE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")
FILTER_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    for key, default in DEFAULTS.items():
        settings.setdefault(key, default)
        value = settings[key]
        types, says = KINDS[key]
        if not isinstance(value, types) or (types is not bool and isinstance(value, bool)):
            raise ValueError(f"{key}={value!r} must be {says}")
    bundle = settings["SEARCH_PAGEFIND_BUNDLE"].strip("/")
    if not BUNDLE.match(bundle):
        raise ValueError(
            f"SEARCH_PAGEFIND_BUNDLE={settings['SEARCH_PAGEFIND_BUNDLE']!r} must be a folder "
            "inside the output, e.g. 'pagefind'"
        )
    settings["SEARCH_PAGEFIND_BUNDLE"] = bundle
    if settings["SEARCH_PAGEFIND_TIMEOUT"] <= 0:
        raise ValueError(f"SEARCH_PAGEFIND_TIMEOUT={settings['SEARCH_PAGEFIND_TIMEOUT']!r} must be positive")
    if not all(isinstance(arg, str) for arg in settings["SEARCH_PAGEFIND_ARGS"]):
        raise ValueError(f"SEARCH_PAGEFIND_ARGS={settings['SEARCH_PAGEFIND_ARGS']!r} must be {KINDS['SEARCH_PAGEFIND_ARGS'][1]}")
    settings["SEARCH_PAGEFIND_ARGS"] = list(settings["SEARCH_PAGEFIND_ARGS"])
    filters = []
    for item in settings["SEARCH_FILTERS"]:
        if (
            not isinstance(item, (list, tuple)) or len(item) != 2
            or not all(isinstance(part, str) for part in item) or not FILTER_NAME.match(item[0])
        ):
            raise ValueError(
                f"SEARCH_FILTERS: {item!r} is not a (name, label) pair with a lower-case name"
            )
        filters.append(tuple(item))
    settings["SEARCH_FILTERS"] = filters
    return settings
