"""The content cache's world key: what it counts as a source, and settings in a form every process agrees on."""

import os
import re
import subprocess
import sys
from pathlib import Path

from content_cache.world import source_rule, stable, world_key

# As Pelican and our plugins leave them: page excludes name the article folders, and the reverse.
SETTINGS = {
    "ARTICLE_PATHS": ["posts", "recaps"], "ARTICLE_EXCLUDES": ["pages", "glossary"],
    "PAGE_PATHS": ["pages"], "PAGE_EXCLUDES": ["posts", "recaps", "glossary"],
}
EXTENSIONS = ["md", "markdown", "html", "rst", "recap"]
PLUGINS = str(Path(__file__).resolve().parents[2] / "plugins")


def test_sources_are_posts_and_pages_a_reader_reads():
    is_source = source_rule(SETTINGS, EXTENSIONS)
    for path in ("posts/a.md", "posts/2011/b.markdown", "recaps/chat.recap", "pages/about.md", "pages/x.html"):
        assert is_source(path), path
    # Support files: what a reader reads besides its source, and everything outside the post and page folders.
    for path in ("presentations/deck.md", "recaps/irc.log", "recaps/exports/slack.zip", "glossary/term.md",
                 "images/a.png", "posts/photo.jpg", "postscript/a.md", "extra/favicon.ico"):
        assert not is_source(path), path


def test_everything_is_a_source_folder_when_the_paths_are_empty():
    is_source = source_rule({"ARTICLE_PATHS": [""], "ARTICLE_EXCLUDES": ["presentations"], "PAGE_PATHS": []},
                            EXTENSIONS)
    assert is_source("a.md") and is_source("deep/b.md")
    assert not is_source("presentations/deck.md")


def named_function():
    pass


def test_settings_take_a_form_without_memory_addresses():
    value = {
        "B": [1, 2.5, None, True], "A": ("x",), "RE": re.compile("a+", re.I),
        "F": named_function, "OBJ": object(), "SET": {"b", "a"},
    }
    data = stable(value)
    assert data == stable(dict(reversed(list(value.items()))))
    assert " at 0x" not in repr(data)
    assert ["code", __name__, "named_function"] in (pair[1] for pair in data)
    assert stable(re.compile("a+")) != stable(re.compile("a*"))


def test_the_key_follows_support_files_not_sources(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "presentations").mkdir()
    post, deck = content / "posts" / "a.md", content / "presentations" / "deck.md"
    post.write_text("Title: A\n\nText.\n")
    deck.write_text("# Slide\n")
    settings = {**SETTINGS, "PATH": str(content), "THEME": str(tmp_path / "theme"), "PLUGIN_PATHS": []}
    key = world_key(settings, EXTENSIONS)
    post.write_text("Title: A\n\nText, edited.\n")
    (content / "posts" / "b.md").write_text("Title: B\n\nNew.\n")
    assert world_key(settings, EXTENSIONS) == key
    deck.write_text("# Slide, edited\n")
    assert world_key(settings, EXTENSIONS) != key


def test_another_process_gets_the_same_key(tmp_path):
    """No memory address and no set order (which changes with each process's hash seed) reaches the key."""
    settings = {**SETTINGS, "PATH": str(tmp_path), "THEME": str(tmp_path), "PLUGIN_PATHS": [],
                "TAGS": {"klout", "influence", "community", "lurkers"}, "MAKER": object()}
    program = (
        "import sys\n"
        "from content_cache.world import world_key\n"
        f"settings = {{**{SETTINGS!r}, 'PATH': {str(tmp_path)!r}, 'THEME': {str(tmp_path)!r}, 'PLUGIN_PATHS': [],\n"
        "            'TAGS': {'klout', 'influence', 'community', 'lurkers'}, 'MAKER': object()}\n"
        f"print(world_key(settings, {EXTENSIONS!r}))\n"
    )
    keys = {
        subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONPATH": PLUGINS, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed in ("1", "2")
    }
    assert keys == {world_key(settings, EXTENSIONS)}


def test_fragments_use_only_fragments():
    """The world key holds the theme's fragments, not its page templates: so no fragment may use one."""
    from jinja2 import Environment, meta

    fragments = Path(__file__).resolve().parents[2] / "theme" / "templates" / "fragments"
    environment = Environment(extensions=["jinja2.ext.do"])
    for path in fragments.rglob("*.html"):
        for name in meta.find_referenced_templates(environment.parse(path.read_text(encoding="utf-8"))):
            assert name is not None and name.startswith("fragments/"), f"{path.name} uses {name}"
