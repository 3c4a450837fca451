"""Compiled templates kept between builds (the template_cache plugin)."""

import pickle
import shutil

from jinja2 import Environment, FileSystemLoader

from template_cache.store import ProjectTemplateCache


def project_with(folder, text):
    (folder / "theme").mkdir(parents=True)
    (folder / "theme" / "page.html").write_text(text, encoding="utf-8")
    return folder


def render(project, cache_folder):
    """Render page.html of `project` in a fresh environment (as a new build would); return (html, cache)."""
    cache = ProjectTemplateCache(cache_folder, project)
    env = Environment(loader=FileSystemLoader(str(project / "theme")), bytecode_cache=cache)
    return env.get_template("page.html").render(name="World"), cache


def compiled_files(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("__jinja2_*")}


def test_a_second_build_loads_what_the_first_compiled(tmp_path, monkeypatch):
    project = project_with(tmp_path / "site", "Hello {{ name }}")
    html, _ = render(project, project / "cache" / "templates")
    stored = compiled_files(project / "cache" / "templates")
    assert html == "Hello World" and len(stored) == 1

    compiled = []
    monkeypatch.setattr(Environment, "_compile", lambda self, *args: compiled.append(args) or None)
    html, _ = render(project, project / "cache" / "templates")  # would fail if it compiled again
    assert html == "Hello World" and compiled == []
    assert compiled_files(project / "cache" / "templates") == stored


def test_an_edited_template_is_compiled_again(tmp_path):
    project = project_with(tmp_path / "site", "Hello {{ name }}")
    render(project, project / "cache" / "templates")
    (project / "theme" / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert render(project, project / "cache" / "templates")[0] == "Goodbye World"


def test_a_moved_project_keeps_its_compiled_templates(tmp_path, monkeypatch):
    first = project_with(tmp_path / "one", "Hello {{ name }}")
    render(first, first / "cache" / "templates")
    moved = tmp_path / "elsewhere" / "two"
    shutil.copytree(first, moved)

    compiled = []
    monkeypatch.setattr(Environment, "_compile", lambda self, *args: compiled.append(args) or None)
    assert render(moved, moved / "cache" / "templates")[0] == "Hello World"
    assert compiled == []


def test_the_cache_survives_pickling_as_settings_do(tmp_path):
    cache = ProjectTemplateCache(tmp_path / "cache", tmp_path)
    again = pickle.loads(pickle.dumps(cache))
    assert (again.directory, again.project) == (cache.directory, cache.project)
    assert again.get_cache_key("page.html", str(tmp_path / "theme" / "page.html")) == cache.get_cache_key(
        "page.html", str(tmp_path / "theme" / "page.html")
    )
