"""Settings of the search plugin, with their defaults, checked once at start-up (kbutil.config).

SEARCH_PAGEFIND_BINARY "" means the pagefind program bundled in the pagefind-bin
wheel, found by the `pagefind` package (which also honours $PAGEFIND_BINARY_PATH).
"""

import re

from kbutil.config import Setting, boolean, list_of_text, positive_number, text

BUNDLE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")
FILTER_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def bundle_folder(value):
    """A folder inside the output, like 'pagefind' (surrounding '/' ignored)."""
    if isinstance(value, str) and BUNDLE.match(value.strip("/")):
        return None
    return "must be a folder inside the output, like 'pagefind'"


def filter_pairs(value):
    """A list of (name, label) pairs, each name a lower-case `data-pagefind-filter`."""
    if isinstance(value, (list, tuple)) and all(
        isinstance(item, (list, tuple)) and len(item) == 2
        and all(isinstance(part, str) for part in item) and FILTER_NAME.match(item[0])
        for item in value
    ):
        return None
    return 'must be a list of (name, label) pairs with a lower-case name, like [("tag", "Tags")]'


SETTINGS = (
    Setting("SEARCH_URL", "search/", text, "the search page"),
    Setting("SEARCH_SAVE_AS", "search/index.html", text, 'file of the search page ("" for none)'),
    Setting("SEARCH_PAGEFIND", True, boolean, "run Pagefind on the output after every build"),
    Setting("SEARCH_PAGEFIND_BINARY", "", text, 'the pagefind program ("": the one of the pagefind-bin wheel)'),
    Setting("SEARCH_PAGEFIND_BUNDLE", "pagefind", bundle_folder, "folder of the index inside the output",
            clean=lambda value: value.strip("/")),
    Setting("SEARCH_PAGEFIND_ARGS", [], list_of_text,
            'more command-line options for Pagefind, e.g. ["--exclude-selectors", ".no-search"]', clean=list),
    Setting("SEARCH_PAGEFIND_TIMEOUT", 300, positive_number, "seconds Pagefind may take before the build fails"),
    Setting("SEARCH_FILTERS", [("category", "Category"), ("tag", "Tags")], filter_pairs,
            "the filters the search page offers, as (name, label) pairs; a name is a "
            "`data-pagefind-filter` of the pages", clean=lambda value: [tuple(item) for item in value]),
)
