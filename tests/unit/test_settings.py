"""The one settings mechanism of every plugin (kbutil.config): checks, defaults, reports."""

import importlib
import logging
import re
from pathlib import Path

import pytest

from kbutil import config
from kbutil.config import Setting, configure

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted(p.parent.name for p in (ROOT / "plugins").glob("*/settings.py"))
# The prefixes of our settings; README names of other settings (Pelican's) are not ours to check.
PREFIXES = (
    "ARTICLE_EXTRAS_", "BUILD_GUARD_", "CONNECTIONS_", "EMBED_", "FEED_EXTRAS_", "GLOSSARY_",
    "PRESENTATIONS_", "RECAPS_", "SEARCH_", "SEO_", "STRUCTURE_", "TEMPLATE_CACHE", "CONTENT_CACHE_",
)
log = logging.getLogger("test.settings")


def all_specs():
    return [(name, spec) for name in PLUGINS for spec in importlib.import_module(f"{name}.settings").SETTINGS]


# -- the checks ---------------------------------------------------------------------------------

CHECKS = [
    (config.positive_int, [1, 5, 50000], [0, -1, 2.5, "5", True, None]),
    (config.non_negative_int, [0, 1, 7], [-1, 1.0, "0", False, None]),
    (config.positive_number, [1, 0.5, 300], [0, -2, True, "300", None]),
    (config.boolean, [True, False], [0, 1, "yes", "False", None]),
    (config.text, ["", "x"], [None, 1, ["x"], b"x"]),
    (config.name_text, ["hub"], ["", "  ", None, 3]),
    (config.list_of_text, [[], ["a"], ("a", "b")], ["a", [1], {"a"}, None, [None]]),
    (config.list_of_names("tag", '["django"]'), [[], ["django"], ("a",)], ["django", [""], [" "], [None], {"a"}]),
    (config.one_of("error", "warning", "never"), ["error", "never"], ["Error", "", None, 1, ["error"]]),
    (config.url_pattern("{slug}"), ["series/{slug}/", "{slug}.html"],
     ["series/", "/series/{slug}/", "../{slug}/", "a\\{slug}", None, ["{slug}"]]),
    (config.output_file(), ["", "sitemap.xml", "a/b.txt"], ["/sitemap.xml", "../x", "a//b", "./x", None, 3]),
    (config.output_file(allow_empty=False), ["cards"], ["", "/cards"]),
    (config.folder_in_content, ["glossary", "glossary/", "a/b"], ["", "/", "../x", None]),
    (config.hostnames(), [[], ["player.example.org"], ("a.example.com", "b.example.net")],
     ["player.example.org", ["https://player.example.org"], ["Player.Example.org"], ["host:8443"], ["10.0.0.1"],
      ["localhost"], [None], None]),
    (config.file_or_empty, ["", __file__], ["/no/such/file.ttf", None]),
    (config.mapping_of(config.text, config.one_of("omit", "anonymise"), '{"ann": "omit"}'),
     [{}, {"ann": "omit", "bob": "anonymise"}], [["ann"], {"ann": "hide"}, {1: "omit"}, None]),
]


@pytest.mark.parametrize("check, good, bad", CHECKS, ids=[getattr(c[0], "__qualname__", "") for c in CHECKS])
def test_each_check_accepts_the_good_and_explains_the_bad(check, good, bad):
    for value in good:
        assert check(value) is None, value
    for value in bad:
        problem = check(value)
        assert isinstance(problem, str) and "\n" not in problem, value
        assert re.search(r"\bmust\b", problem), problem


# -- configure ----------------------------------------------------------------------------------

SPECS = (
    Setting("DEMO_COUNT", 5, config.positive_int, "how many"),
    Setting("DEMO_NAMES", ["a"], config.list_of_text, "some names", clean=tuple),
    Setting("DEMO_MODE", "error", config.one_of("error", "never"), "what to do"),
    Setting("DEMO_ON", True, config.boolean, "on or off"),
)


def test_missing_settings_get_their_defaults_and_nothing_is_logged(caplog):
    settings = {"OTHER": 1}
    assert configure(settings, SPECS, log) == []
    assert settings == {"OTHER": 1, "DEMO_COUNT": 5, "DEMO_NAMES": ("a",), "DEMO_MODE": "error", "DEMO_ON": True}
    assert caplog.records == []


def test_defaults_are_fresh_copies():
    first, second = {}, {}
    spec = Setting("DEMO_LIST", [], config.list_of_text, "a list")
    configure(first, [spec], log)
    first["DEMO_LIST"].append("changed")
    configure(second, [spec], log)
    assert second["DEMO_LIST"] == [] and spec.default == []


def test_good_values_are_kept_and_cleaned(caplog):
    settings = {"DEMO_COUNT": 2, "DEMO_NAMES": ["x", "y"], "DEMO_MODE": "never", "DEMO_ON": False}
    assert configure(settings, SPECS, log) == []
    assert settings == {"DEMO_COUNT": 2, "DEMO_NAMES": ("x", "y"), "DEMO_MODE": "never", "DEMO_ON": False}
    assert caplog.records == []


def test_every_bad_value_is_reported_once_and_replaced_by_its_default(caplog):
    settings = {"DEMO_COUNT": "x", "DEMO_NAMES": "a", "DEMO_MODE": "sometimes", "DEMO_ON": True}
    problems = configure(settings, SPECS, log)
    assert problems == [
        "setting DEMO_COUNT='x': must be a whole number of at least 1 (default 5)",
        "setting DEMO_NAMES='a': must be a list of texts, like [\"a\", \"b\"] (default ['a'])",
        "setting DEMO_MODE='sometimes': must be one of 'error', 'never' (default 'error')",
    ]
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.ERROR, p) for p in problems]
    assert all(r.exc_info is None for r in caplog.records)
    assert settings == {"DEMO_COUNT": 5, "DEMO_NAMES": ("a",), "DEMO_MODE": "error", "DEMO_ON": True}


def test_a_long_value_is_shortened_to_one_line(caplog):
    settings = {"DEMO_COUNT": "line\n" * 100}
    [problem] = configure(settings, SPECS[:1], log)
    assert "\n" not in problem and len(problem) < 200 and problem.startswith("setting DEMO_COUNT='line\\nline")


ODD_VALUES = [None, object(), "", "x", 0, -1, 2.5, float("nan"), True, b"x", [], [None], ["x"], {}, {"x": None},
              ("x", 1), {"x"}, [("Tag", "Tags")], "../x", "/x"]


@pytest.mark.parametrize("value", ODD_VALUES, ids=[f"value{i}" for i in range(len(ODD_VALUES))])
def test_no_value_of_any_plugin_setting_makes_configure_raise(value, caplog):
    for _, spec in all_specs():
        settings = {spec.name: value}
        problems = configure(settings, [spec], log)
        assert len(problems) <= 1
        if problems:
            default = spec.clean(spec.fresh_default()) if spec.clean else spec.default
            assert problems[0].startswith(f"setting {spec.name}=") and settings[spec.name] == default


# -- the declared settings of every plugin ----------------------------------------------------------


def test_every_plugin_with_settings_declares_them():
    assert {"article_extras", "build_guard", "chat_recaps", "connections", "feed_extras", "glossary",
            "presentations", "search", "seo", "structure"} <= set(PLUGINS)


def test_every_declared_setting_is_named_well_helped_and_has_a_good_default():
    names = [spec.name for _, spec in all_specs()]
    assert len(names) == len(set(names)), "a setting is declared twice"
    for plugin, spec in all_specs():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", spec.name) and spec.name.startswith(PREFIXES), (plugin, spec.name)
        assert spec.help.strip() and "\n" not in spec.help, spec.name
        assert spec.check(spec.default) is None, spec.name


def test_defaults_kept_from_before():
    declared = {spec.name: spec.default for _, spec in all_specs()}
    assert declared["RECAPS_TOP"] == 5 and declared["ARTICLE_EXTRAS_WORDS_PER_MINUTE"] == 200
    assert declared["CONNECTIONS_RELATED_COUNT"] == 5 and declared["CONNECTIONS_RELATED_CAP"] == 60
    assert declared["BUILD_GUARD_FAIL_ON"] == "error" and declared["SEO_SITEMAP_MAX_URLS"] == 50000
    assert declared["SEARCH_PAGEFIND_TIMEOUT"] == 300 and declared["STRUCTURE_TOC_MIN_HEADINGS"] == 3
    assert declared["GLOSSARY_SKIP_TAGS"] == [] and declared["EMBED_EXTRA_HOSTS"] == []


# Known, to be changed: LinkPolicy reads GLOSSARY_SKIP_* with `()` when unset.
STILL_WITH_OWN_DEFAULTS = {"plugins/glossary/generator.py"}


def test_no_plugin_reads_a_setting_of_ours_with_a_default_of_its_own():
    """One default per setting: the declared one; code reads settings[NAME], never settings.get(NAME, x)."""
    names = {spec.name for _, spec in all_specs()}
    found = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() in STILL_WITH_OWN_DEFAULTS:
            continue
        for match in re.finditer(r"""\.get\(\s*["']([A-Z0-9_]+)["']\s*,""", path.read_text(encoding="utf-8")):
            if match.group(1) in names:
                found.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert found == []


# -- README -------------------------------------------------------------------------------------


def test_the_readme_tables_are_the_declared_settings():
    """README.md's settings tables are exactly what `invoke settings-doc` makes from the specs."""
    from pelican.settings import read_settings

    from sitetools.settings_doc import with_tables

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    made = with_tables(readme, plugins)
    assert made == readme, "README.md's settings tables are out of date: run `invoke settings-doc`"
    assert all(f"| `{spec.name}` |" in made for _, spec in all_specs())


def test_a_table_row_shows_default_and_help_and_escapes_pipes():
    row = config.markdown_table([Setting("X_MODE", "a", config.text, 'either "a" | "b"')]).splitlines()[2]
    assert row == "| `X_MODE` | `'a'` | either \"a\" \\| \"b\" |"


def test_every_setting_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    declared = {spec.name for _, spec in all_specs()}
    prefixes = "|".join(PREFIXES)
    named = set(re.findall(rf"\b(?:{prefixes})[A-Z0-9_]*[A-Z0-9]\b", readme))
    assert named - declared == set()


def test_build_guard_checks_first_so_its_counter_sees_every_bad_setting():
    """Receivers of `initialized` run in PLUGINS order; build_guard's installs the problem counter."""
    from pelican.settings import read_settings

    assert read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"][0] == "build_guard"
