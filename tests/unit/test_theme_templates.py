"""The theme's templates, read as Jinja reads them: every include names a template that exists."""

from jinja2 import Environment, FileSystemLoader, meta

from helpers import ROOT

TEMPLATES = ROOT / "theme" / "templates"


def test_every_include_names_an_existing_template_and_none_hides_a_rename():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)))
    names = set(env.list_templates())
    for name in sorted(names):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "ignore missing" not in source, f"{name}: 'ignore missing' would hide a renamed partial"
        for used in meta.find_referenced_templates(env.parse(source)):
            assert used is None or used in names, f"{name} uses {used!r}, which the theme does not have"

