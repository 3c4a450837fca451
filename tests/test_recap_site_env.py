"""Fragments our plugins render themselves see the site's JINJA_FILTERS, JINJA_GLOBALS and template overrides."""

import shutil
from textwrap import dedent

import pytest

from helpers import ROOT, SITE_CONTENT, assert_clean_build, page, read_feed, run_pelican

SETTINGS = f'''\
import sys

sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *  # noqa: E402,F403


def shout(text):
    return str(text).upper() + "!"


THEME = {str(ROOT / "theme")!r}
THEME_TEMPLATES_OVERRIDES = ["overrides"]
JINJA_FILTERS = {{"shout": shout}}
SEARCH_PAGEFIND = False
SEO_CARDS = False
'''
RECAP = """\
Title: Tiny chat
Date: 2016-01-13 20:00
Timezone: UTC
Hashtag: #tinychat
Hosts: @host
Topic: small talk

[20:00] @host: Q1: What is new? #tinychat
[20:01] @jen: A1: A new forum #tinychat
"""
# A line added to the theme's own fragments: a filter of the site, a global of the site.
RECAP_LINE = '<p class="shouted" {{ markers.SEARCH_IGNORE }}>{{ meta.topic|shout }}</p>\n'
DECK_LINE = '<p class="shouted">{{ slides|length|shout }}</p>\n'


def override(root, name, line):
    """Copy the theme's fragment `name` into the overrides folder, with `line` at its end."""
    target = root / "overrides" / "fragments" / f"{name}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    source = ROOT / "theme" / "templates" / "fragments" / f"{name}.html"
    target.write_text(source.read_text(encoding="utf-8") + line, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("site_env")
    (root / "siteconf.py").write_text(SETTINGS, encoding="utf-8")
    override(root, "recaps/recap", RECAP_LINE)
    override(root, "presentations/feed_entry", DECK_LINE)
    content = root / "content"
    (content / "recaps").mkdir(parents=True)
    (content / "recaps" / "tiny.recap").write_text(dedent(RECAP), encoding="utf-8")
    shutil.copytree(SITE_CONTENT / "presentations", content / "presentations")
    output = root / "output"
    assert_clean_build(run_pelican(output, settings="siteconf.py", content=content, cwd=root))
    return output


def test_an_overridden_recap_fragment_uses_the_sites_filters_and_globals(built):
    shouted = page(built, "2016/01/tiny-chat/").find("p", class_="shouted")
    assert shouted is not None and shouted.get_text() == "SMALL TALK!"
    assert shouted.has_attr("data-pagefind-ignore")


def test_an_overridden_deck_feed_entry_uses_the_sites_filters(built):
    feed = read_feed(built / "feeds" / "presentations.atom.xml")
    (deck,) = feed.entries
    body = deck.content[0].value
    assert '<p class="shouted">' in body and "!</p>" in body
    assert "<h2>Slide 1</h2>" in body and "Speaker notes" in body
