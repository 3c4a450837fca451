"""Which changes restart the live server (sitetools/live.py): code it has loaded, nothing else."""

from pathlib import Path

from sitetools.live import needs_restart

PROJECT = Path("/srv/blog")


def test_settings_and_plugin_code_restart_the_server():
    assert needs_restart([PROJECT / "pelicanconf.py"], PROJECT)
    assert needs_restart([PROJECT / "content" / "posts" / "a.md", PROJECT / "plugins" / "glossary" / "linker.py"],
                         PROJECT)


def test_content_theme_and_python_files_in_the_content_do_not():
    assert not needs_restart([PROJECT / "content" / "posts" / "a.md"], PROJECT)
    assert not needs_restart([PROJECT / "theme" / "templates" / "article.html"], PROJECT)
    assert not needs_restart([PROJECT / "content" / "extra" / "example.py"], PROJECT)
    assert not needs_restart([PROJECT / "plugins" / "glossary" / "README.md"], PROJECT)
