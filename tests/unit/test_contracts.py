"""Plugin order contracts (kbutil.contracts), the one list of content items (kbutil.items), seo's place."""

import pytest

from helpers import ROOT
from kbutil.contracts import RUNS_AFTER, After, order_problems
from kbutil.items import every_item


def test_the_order_of_the_site_keeps_every_rule():
    from pelican.settings import read_settings

    assert order_problems(read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]) == []


def test_feed_extras_before_presentations_names_both_and_what_to_do():
    order = ["build_guard", "feed_extras", "presentations"]
    assert order_problems(order) == [
        'PLUGINS: "feed_extras" must come after "presentations" (presentations turns its embeds into plain '
        'links in feeds before feed_extras cleans them); move it later in PLUGINS'
    ]


def test_build_guard_not_first_is_said():
    (problem,) = order_problems(["tag_merge", "build_guard"])
    assert problem.startswith('PLUGINS: "build_guard" must come first (')
    assert problem.endswith("move it to the front of PLUGINS")


def test_a_missing_soft_dependency_is_no_problem():
    assert order_problems(["build_guard", "feed_extras"]) == []


def test_a_missing_hard_dependency_is_said():
    rules = {"b": (After("a", "b reads what a writes", hard=True),)}
    assert order_problems(["build_guard", "b"], rules) == [
        'PLUGINS: "b" needs "a" (b reads what a writes); add "a" to PLUGINS before "b"'
    ]


def test_names_of_namespace_plugins_are_understood():
    assert order_problems(["build_guard", "pelican.plugins.feed_extras", "presentations"])


def test_every_rule_names_plugins_of_this_site():
    plugins = {p.name for p in (ROOT / "plugins").iterdir() if (p / "plugin.py").is_file()}
    for dependant, rules in RUNS_AFTER.items():
        assert dependant in plugins
        assert all(rule.plugin in plugins and rule.reason for rule in rules)


# ---------------------------------------------------------------- every_item


class Item:
    """Stands in for a post; every_item is told which classes count."""

    def __init__(self, name, translations=()):
        self.name = name
        self.translations = list(translations)


class FakeGenerator:
    def __init__(self, **lists):
        self.__dict__.update(lists)


def names(items):
    return [item.name for item in items]


def test_a_translation_is_yielded_once_from_generators():
    fr = Item("hello-fr")
    en = Item("hello", [fr])
    fr.translations = [en]
    articles = FakeGenerator(articles=[en], translations=[fr])
    pages = FakeGenerator(pages=[], translations=[])
    assert names(every_item([articles, pages], kinds=Item)) == ["hello", "hello-fr"]


def test_a_translation_is_yielded_once_from_the_context():
    fr = Item("hello-fr")
    en = Item("hello", [fr])
    fr.translations = [en]
    hidden = Item("hidden")
    context = {"articles": [en], "hidden_pages": [hidden], "tags": ["not content"]}
    assert names(every_item(context, kinds=Item)) == ["hello", "hello-fr", "hidden"]


def test_drafts_and_their_translations_are_items_too():
    draft_fr = Item("draft-fr")
    generator = FakeGenerator(drafts=[Item("draft", [draft_fr])], draft_translations=[draft_fr])
    assert names(every_item(generator, kinds=Item)) == ["draft", "draft-fr"]


# ---------------------------------------------------------------- seo's generator


@pytest.mark.parametrize("other", ["glossary", "structure", "search"])
def test_seo_before_a_plugin_whose_pages_it_lists_is_refused(other):
    problems = order_problems(["build_guard", "seo", other])
    assert len(problems) == 1 and problems[0].startswith(f'PLUGINS: "seo" must come after "{other}" (')


# ---------------------------------------------------------------- the publish checks read the layout


def test_the_publish_checks_read_the_content_layout_from_the_settings():
    from sitetools.checks import read_layout

    content, layout = read_layout(ROOT / "publishconf.py", "https://example.org/blog")
    assert content == ROOT / "content"
    assert layout.kind("posts/a.md") == "post" and layout.kind("pages/about.md") == "page"
    assert layout.kind("glossary/term.md") is None and layout.kind("presentations/deck.md") is None
    assert {"tag", "category", "author", "people", "presentations"} <= layout.slug_folders
