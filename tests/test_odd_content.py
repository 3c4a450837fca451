"""Odd content still gives valid output: empty posts, non-ASCII slugs, glossary terms kept in their place.

One production build (absolute SITEURL) of a small site: posts with an empty
body, a body of whitespace, a body that is only an HTML comment, an explicit
non-ASCII `Slug:`, a Japanese title (the site keeps non-Latin slugs with
SLUGIFY_USE_UNICODE), a Django post saying "superuser" and a community post
saying it too; the term "superuser" is limited to Community Management,
"migration" to posts tagged django, and "admin" is never linked.
"""

import json
import re
import xml.etree.ElementTree as ET
from textwrap import dedent
from urllib.parse import quote, unquote, urlsplit

import pytest

from feed_extras.validate import validate_file
from helpers import PRODUCTION_URL, assert_clean_build, copy_project, page, read_feed, run_pelican
from seo.sitemap import check_sitemap

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JAPANESE_TITLE = "コミュニティ管理の基本"

SETTINGS = '''\
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from publishconf import *  # noqa: E402,F403

SLUGIFY_USE_UNICODE = True  # titles in any script keep their letters in slugs
GLOSSARY_SKIP_TAGS = ["No Glossary"]
'''

POSTS = {
    "empty-body.md": """\
        Title: A post with only a header
        Date: 2024-03-01 10:00
        Category: Notes
        Slug: empty-body""",
    "whitespace-body.md": "Title: A post with only whitespace\nDate: 2024-03-02 10:00\nCategory: Notes\n"
                          "Slug: whitespace-body\n\n   \n\t\n\n",
    "comment-body.md": """\
        Title: A post with only a comment
        Date: 2024-03-03 10:00
        Category: Notes
        Slug: comment-body

        <!-- to be written -->
        """,
    "comunidade.md": """\
        Title: Comunidade e versão
        Date: 2024-03-04 10:00
        Category: Notes
        Tags: versão
        Slug: comunidade-versão

        Uma comunidade em português.
        """,
    "japanese.md": f"""\
        Title: {JAPANESE_TITLE}
        Date: 2024-03-05 10:00
        Category: Notes

        コミュニティについて。
        """,
    "django.md": """\
        Title: Creating a Django superuser
        Date: 2024-03-06 10:00
        Category: Programming
        Tags: django
        Slug: django-superuser

        Run every migration, then `manage.py createsuperuser` to make a superuser for the admin;
        a lurker never logs in.
        """,
    "community.md": """\
        Title: Thanking your superusers
        Date: 2024-03-07 10:00
        Category: Community Management
        Slug: thanking-superusers

        Every superuser deserves thanks, most of all after a migration to a new forum.
        """,
    "skipped.md": """\
        Title: Notes without glossary links
        Date: 2024-03-08 10:00
        Category: Community Management
        Tags: no glossary
        Slug: skipped-by-tag

        A superuser and a lurker, left as words.
        """,
    "skipped-but-on.md": """\
        Title: Notes with glossary links after all
        Date: 2024-03-09 10:00
        Category: Community Management
        Tags: no glossary
        Glossary: on
        Slug: skipped-but-on

        A superuser and a lurker, linked.
        """,
}
TERMS = {
    "superuser.md": """\
        Title: superuser
        Aliases: superusers
        Categories: Community Management
        Summary: One of the few, very active members of a community.

        They answer questions and welcome newcomers.
        """,
    "migration.md": """\
        Title: migration
        Tags: Django
        Summary: A change to a database's tables, written as code.
        """,
    "lurker.md": """\
        Title: lurker
        Summary: A member who reads but does not post.
        """,
    "admin.md": """\
        Title: admin
        Link: off
        Summary: A person who runs a forum's software.
        """,
}
PAGES = {
    "about.md": """\
        Title: About
        Slug: about

        A superuser wrote this page for the admin.
        """,
}
EXPECTED_IDS = {  # Atom id = RSS guid = JSON Feed id
    "A post with only a header": "tag:example.org,2024-03-01:empty-body",
    "A post with only whitespace": "tag:example.org,2024-03-02:whitespace-body",
    "A post with only a comment": "tag:example.org,2024-03-03:comment-body",
    "Comunidade e versão": "tag:example.org,2024-03-04:comunidade-vers%C3%A3o",
    JAPANESE_TITLE: "tag:example.org,2024-03-05:" + quote(JAPANESE_TITLE),
    "Creating a Django superuser": "tag:example.org,2024-03-06:django-superuser",
    "Thanking your superusers": "tag:example.org,2024-03-07:thanking-superusers",
}
EMPTY_POSTS = ("A post with only a header", "A post with only whitespace", "A post with only a comment")


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(dedent(text), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("odd"), content=None)
    (root / "oddconf.py").write_text(SETTINGS, encoding="utf-8")
    write(root / "content" / "posts", POSTS)
    write(root / "content" / "glossary", TERMS)
    write(root / "content" / "pages", PAGES)
    output = root / "output"
    assert_clean_build(run_pelican(output, settings="oddconf.py", cwd=root, env={"SITEURL": PRODUCTION_URL}))
    return output


def feed_files(output, suffixes=(".xml", ".json")):
    return sorted(p for p in (output / "feeds").rglob("*") if p.suffix in suffixes)


def atom_entries(path):
    root = ET.parse(path).getroot()
    return {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}


def json_items(path):
    return {i["title"]: i for i in json.loads(path.read_text(encoding="utf-8"))["items"]}


# -- feeds --------------------------------------------------------------------------------------


def test_every_feed_validates_and_parses(built):
    files = feed_files(built)
    names = {p.relative_to(built / "feeds").as_posix() for p in files}
    assert {"all.atom.xml", "all.rss.xml", "all.json", "tag/versão.atom.xml", "tag/versão.json"} <= names
    assert {name: errors for name in names if (errors := validate_file(built / "feeds" / name, PRODUCTION_URL))} == {}
    for path in feed_files(built, (".xml",)):
        parsed = read_feed(path)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    for path in feed_files(built, (".json",)):
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == "https://jsonfeed.org/version/1.1"


def test_empty_posts_are_items_of_all_three_formats(built):
    atom = read_feed(built / "feeds" / "all.atom.xml")
    rss = read_feed(built / "feeds" / "all.rss.xml")
    items = json_items(built / "feeds" / "all.json")
    for title in EMPTY_POSTS:
        assert title in {e.title for e in atom.entries} and title in {e.title for e in rss.entries}
        item = items[title]
        # JSON Feed 1.1: "one or the other must be present"; these posts have no text to give.
        assert item.get("content_text") == "" and "content_html" not in item, item
        assert item["url"].startswith(PRODUCTION_URL)
    assert items["Comunidade e versão"]["content_html"] == "<p>Uma comunidade em português.</p>"


def test_ids_are_percent_encoded_and_the_same_in_every_format(built):
    atom = {t: e.findtext(f"{ATOM}id") for t, e in atom_entries(built / "feeds" / "all.atom.xml").items()}
    rss_root = ET.parse(built / "feeds" / "all.rss.xml").getroot()
    rss = {i.findtext("title"): i.findtext("guid") for i in rss_root.iter("item")}
    json_ids = {t: i["id"] for t, i in json_items(built / "feeds" / "all.json").items()}
    for title, expected in EXPECTED_IDS.items():
        assert atom[title] == rss[title] == json_ids[title] == expected, title
    # The same post has the same id in its category and tag feeds.
    tag_feed = atom_entries(built / "feeds" / "tag" / "versão.atom.xml")
    assert tag_feed["Comunidade e versão"].findtext(f"{ATOM}id") == EXPECTED_IDS["Comunidade e versão"]


def test_feed_links_are_uris_that_lead_to_the_posts(built):
    entries = atom_entries(built / "feeds" / "all.atom.xml")
    link = entries["Comunidade e versão"].find(f"{ATOM}link").get("href")
    assert link == f"{PRODUCTION_URL}/2024/03/comunidade-vers%C3%A3o/"
    japanese = entries[JAPANESE_TITLE].find(f"{ATOM}link").get("href")
    assert japanese.isascii() and unquote(japanese).endswith(f"/2024/03/{JAPANESE_TITLE}/")
    for href in (link, japanese):
        assert (built / unquote(urlsplit(href).path)[len("/blog/"):] / "index.html").is_file()
    document = json.loads((built / "feeds" / "tag" / "versão.json").read_text(encoding="utf-8"))
    assert document["feed_url"] == f"{PRODUCTION_URL}/feeds/tag/vers%C3%A3o.json"
    assert not list((built / "feeds" / "tag").glob("*%*")), "a feed file named after its URI-encoded URL"


# -- sitemap ------------------------------------------------------------------------------------


def test_sitemap_locations_are_ascii_uris_of_built_pages(built):
    text = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert check_sitemap(text, PRODUCTION_URL) == []
    locs = [loc.text for loc in ET.fromstring(text).iter(f"{SITEMAP}loc")]
    assert f"{PRODUCTION_URL}/2024/03/comunidade-vers%C3%A3o/" in locs
    assert f"{PRODUCTION_URL}/2024/03/{quote(JAPANESE_TITLE)}/" in locs
    for loc in locs:
        assert loc.isascii() and " " not in loc, loc
        path = unquote(urlsplit(loc).path)[len("/blog/"):]
        target = built / path / "index.html" if path == "" or path.endswith("/") else built / path
        assert target.is_file(), loc


# -- glossary limits ----------------------------------------------------------------------------


def glossary_links(doc):
    return sorted(a["href"].rstrip("/").rsplit("/", 1)[-1] for a in doc.select("main a.gloss-term"))


def test_a_limited_term_is_linked_only_in_its_categories_or_tags(built):
    assert glossary_links(page(built, "2024/03/django-superuser/")) == ["lurker", "migration"]
    assert glossary_links(page(built, "2024/03/thanking-superusers/")) == ["superuser"]


def test_pages_link_limited_terms_but_never_a_term_with_link_off(built):
    doc = page(built, "about/")
    assert glossary_links(doc) == ["superuser"]
    assert "for the admin." in doc.find("main").get_text()
    assert (built / "glossary" / "admin" / "index.html").is_file()  # the term keeps its page


def test_site_skips_a_tag_unless_the_post_says_glossary_on(built):
    assert glossary_links(page(built, "2024/03/skipped-by-tag/")) == []
    assert glossary_links(page(built, "2024/03/skipped-but-on/")) == ["lurker", "superuser"]


def test_feeds_of_limited_posts_carry_no_term_link(built):
    content = json_items(built / "feeds" / "all.json")["Creating a Django superuser"]["content_html"]
    assert "glossary/superuser" not in content and re.search(r"glossary/lurker/", content)
