"""The markers plugins and templates share (kbutil/markers.py) are written and read by name.

A template writes `{{ markers.SEARCH_IGNORE }}`, a plugin imports SEARCH_IGNORE: none
writes "data-pagefind-ignore" itself, so renaming a marker in one place renames it
everywhere. Comments and docstrings may mention the strings; code and markup may not.
"""

import ast
import pickle
import re

import pytest
from pelican.settings import read_settings

from helpers import ROOT
from kbutil import markers
from kbutil.config import default_of
from structure import settings as structure_settings

TEMPLATES = ROOT / "theme" / "templates"
PLUGINS = ROOT / "plugins"
MARKERS_FILE = PLUGINS / "kbutil" / "markers.py"
# Markers that are HTML attribute or class names: found anywhere in code or markup.
ATTRIBUTES = ("FEED_IGNORE", "SEARCH_IGNORE", "NO_TOC", "DECK", "FEED_TEMPLATE_CLASS")
# Markers that are context keys or {filename} targets: found as a whole string, an attribute
# name (`article.breadcrumbs`) or the fixed part of an f-string (f"people/{slug}").
KEYS = ("BREADCRUMBS", "PEOPLE_TARGET")
# A template printing an element with a theme id (the id stays literal, next to its aria-labelledby).
PAGE_TEMPLATES = ("base.html", "article.html", "page.html", "hub.html", "partials/*.html")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
STATIC_ID = re.compile(r"""\bid=["']([^"'{}]+)["']""")


def literal(value):
    """A regex finding `value` as a whole attribute or class name (data-deck, not data-deck-start)."""
    return re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")


def shape(value):
    """A format string with its fields blanked: "people/{slug}" -> "people/{}"."""
    return re.sub(r"\{[^{}]*\}", "{}", value)


class Outside:
    """A writer or reader beyond this project's code (an author, Pagefind)."""

    def __init__(self, who):
        self.who = who


class Literal:
    """A file that cannot import the names (a static script) and holds the marker's value instead."""

    def __init__(self, path):
        self.path = path


# Who writes each marker into the page or context and who reads it there. Every path uses the
# marker by name: `markers.NAME` in a template, `from kbutil.markers import NAME` (or
# `markers.NAME`) in Python.
CONTRACTS = {
    "FEED_IGNORE": (
        ["theme/templates/fragments/glossary/tooltip.html", "theme/templates/fragments/recaps/recap.html"],
        ["plugins/feed_extras/items.py"],
    ),
    "SEARCH_IGNORE": (
        ["theme/templates/partials/article_meta.html", "theme/templates/partials/breadcrumbs.html",
         "theme/templates/partials/series.html", "theme/templates/partials/related.html",
         "theme/templates/partials/linked_from.html", "theme/templates/fragments/structure/toc.html",
         "theme/templates/fragments/glossary/tooltip.html"],
        [Outside("Pagefind, which plugins/search runs over the output")],
    ),
    "NO_TOC": (
        [Outside("authors, in a post's HTML: <div data-no-toc>")],
        ["plugins/structure/toc.py"],
    ),
    "DECK": (
        ["theme/templates/fragments/presentations/viewer.html"],
        ["plugins/structure/toc.py", Literal("theme/static/js/presentations.js")],
    ),
    "FEED_TEMPLATE_CLASS": (
        ["theme/templates/fragments/presentations/viewer.html", "theme/templates/fragments/presentations/facade.html",
         "theme/templates/fragments/social/post_card.html"],
        ["plugins/presentations/feeds.py"],
    ),
    "BREADCRUMBS": (
        ["plugins/structure/hubs.py"],
        ["theme/templates/partials/breadcrumbs.html", "plugins/seo/structured.py"],
    ),
    "PEOPLE_TARGET": (
        ["plugins/chat_recaps/people.py"],
        ["plugins/chat_recaps/view.py"],
    ),
    "THEME_IDS": (
        [Literal(f"theme/templates/{name}") for name in ("base.html", "partials/search_box.html",
                                                          "partials/linked_from.html", "partials/related.html",
                                                          "hub.html")],
        ["plugins/structure/settings.py"],
    ),
}


# ---------- Reading code and markup without their comments ----------


def docstrings(tree):
    """The string constants that are statements of their own: docstrings and bare strings."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def python_literals(source):
    """(line, what) of every literal use of a marker's value in Python code."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            for name in ATTRIBUTES:
                if literal(getattr(markers, name)).search(node.value):
                    found.append((node.lineno, f"{name} {node.value!r}"))
            for name in KEYS:
                if node.value == getattr(markers, name):
                    found.append((node.lineno, f"{name} {node.value!r}"))
        elif isinstance(node, ast.JoinedStr):
            fixed = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
            for name in KEYS:
                value = getattr(markers, name)
                if "{" in value and shape(value) in fixed:
                    found.append((node.lineno, f"{name} f-string {fixed!r}"))
        elif isinstance(node, ast.Attribute):
            for name in KEYS:
                if node.attr == getattr(markers, name):
                    found.append((node.lineno, f"{name} .{node.attr}"))
    return found


def template_literals(source):
    """(line, what) of every literal use of a marker's value in a template, comments left out."""
    text = JINJA_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source)
    found = []
    for name in ATTRIBUTES:
        for match in literal(getattr(markers, name)).finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, f"{name} {match.group()!r}"))
    for code in JINJA_CODE.finditer(text):
        line = text.count("\n", 0, code.start()) + 1
        for name in KEYS:
            value = re.escape(getattr(markers, name))
            if re.search(rf"""\.\s*{value}\b|(["']){value}\1""", code.group()):
                found.append((line, f"{name} in {code.group()!r}"))
    return found


def uses_by_name(path, name):
    """True when the file at `path` refers to markers.`name` (not to its value)."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = JINJA_COMMENT.sub("", source)
        return bool(re.search(rf"""\bmarkers(\.{name}\b|\[["']{name}["']\])""", text))
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.ImportFrom) and node.module == "kbutil.markers"
            and any(alias.name == name for alias in node.names)
        ):
            return True
        if (
            isinstance(node, ast.Attribute) and node.attr == name
            and isinstance(node.value, ast.Name) and node.value.id == "markers"
        ):
            return True
    return False


def project_files():
    """Every template and every plugin module but markers.py itself."""
    files = sorted(TEMPLATES.rglob("*.html")) + sorted(PLUGINS.rglob("*.py"))
    return [p for p in files if p != MARKERS_FILE and "__pycache__" not in p.parts]


# ---------- The rule itself ----------


def test_no_template_or_plugin_writes_a_marker_literally():
    problems = []
    for path in project_files():
        source = path.read_text(encoding="utf-8")
        found = template_literals(source) if path.suffix == ".html" else python_literals(source)
        problems += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in found]
    assert problems == [], "write these by name (kbutil/markers.py):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        'HTML = "<div data-feed-ignore>"',
        'QUERY = ".//*[@data-pagefind-ignore]"',
        'ATTRS = frozenset({"data-no-toc"})',
        'x = f"<template class=\\"embed-feed\\">{y}</template>"',
        "article.breadcrumbs = []",
        'trail = getattr(article, "breadcrumbs", None)',
        'key = f"people/{slug}"',
        'link = f"{{filename}}/people/{slug}"',
    ],
)
def test_the_scan_finds_literals_in_python(source):
    assert python_literals(source)


def test_the_scan_leaves_comments_docstrings_and_longer_names_alone():
    source = (
        '"""Drops elements marked data-feed-ignore."""\n'
        "# <div data-no-toc> works too\n"
        'START = "data-deck-start"\n'
        'URL = "people/{slug}/"\n'
        "def seo_breadcrumbs(article):\n"
        '    """Reads article.breadcrumbs."""\n'
    )
    assert python_literals(source) == []


@pytest.mark.parametrize(
    "source, found",
    [
        ('<div class="meta" data-pagefind-ignore>', True),
        ('<template class="embed-feed">', True),
        ("{% for crumb in article.breadcrumbs %}", True),
        ("{# drops data-feed-ignore: page only #}<div {{ markers.FEED_IGNORE }}>", False),
        ('<section {{ markers.DECK }} data-deck-start="1">', False),
        ('<nav class="breadcrumbs">{% include "partials/breadcrumbs.html" %}', False),
    ],
)
def test_the_scan_reads_templates_without_their_comments(source, found):
    assert bool(template_literals(source)) is found


# ---------- Who writes and who reads ----------


def test_every_marker_has_a_writer_and_a_reader():
    assert set(CONTRACTS) == set(markers.FOR_TEMPLATES)
    for name, sides in CONTRACTS.items():
        for side, parties in zip(("writer", "reader"), sides):
            assert parties, f"{name} has no {side}"
            for party in parties:
                if isinstance(party, Outside):
                    continue
                if isinstance(party, Literal):
                    text = (ROOT / party.path).read_text(encoding="utf-8")
                    values = getattr(markers, name)
                    values = values if isinstance(values, tuple) else (values,)
                    assert any(literal(v).search(text) for v in values), f"{party.path} no longer uses {name}"
                    continue
                assert uses_by_name(ROOT / party, name), f"{party} ({name}'s {side}) does not use markers.{name}"


def test_templates_name_only_markers_that_exist():
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))
        for name in re.findall(r"\bmarkers\.(\w+)", text):
            assert name in markers.FOR_TEMPLATES, f"{path.relative_to(ROOT)}: no marker {name}"


def test_templates_get_the_markers_as_a_picklable_global():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert settings["JINJA_GLOBALS"]["markers"] == markers.FOR_TEMPLATES
    assert pickle.loads(pickle.dumps(settings["JINJA_GLOBALS"])) == settings["JINJA_GLOBALS"]
    assert set(markers.FOR_TEMPLATES) == {n for n in vars(markers) if n.isupper() and n != "FOR_TEMPLATES"}


# ---------- Ids of the theme ----------


def page_template_ids():
    """{id: [template]} of every fixed id the templates around a post or page print."""
    found = {}
    for pattern in PAGE_TEMPLATES:
        for path in sorted(TEMPLATES.glob(pattern)):
            text = JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))
            for value in STATIC_ID.findall(text):
                found.setdefault(value, []).append(path.relative_to(TEMPLATES).as_posix())
    return found


def test_theme_ids_are_the_ids_the_page_templates_print():
    assert set(page_template_ids()) == set(markers.THEME_IDS)


def test_headings_never_get_a_theme_id_by_default():
    assert default_of(structure_settings.SETTINGS, "STRUCTURE_RESERVED_IDS") == list(markers.THEME_IDS)
