"""An existing blog, copied in as it is: headers of other generators, other extensions, warnings that inform.

One small blog in the shapes real ones have (Jekyll/Hugo-style `---` headers
with quoted values, lists and ISO dates; `.markdown`, `.mkd`, `.mdown` and
`.rst` files; no category; a translation; `{filename}` links to images;
decorative images; `[TOC]`), built once as `invoke build` builds it.
"""

import json
import re
import struct
import zlib

import pytest

from helpers import page, run_pelican

PNG = b"\x89PNG\r\n\x1a\n" + b"".join(
    struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    for kind, data in ((b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)),
                       (b"IDAT", zlib.compress(b"\x00\x00\x00\x00")), (b"IEND", b""))
)

POSTS = {
    "posts/jekyll-style.md": """---
layout: post
title: "Moderation: what we learned"
date: "2021-01-01 00:00:00 +0200"
last_modified_at: "2021-11-10T23:31:49.429+01:00"
categories: [Moderation, Guides]
tags:
  - community
  - "trust & safety"
author: Jane Doe
description: What a year of moderating taught us.
header:
  image: /assets/cover.png
---

A year of moderating. ![]({static}/images/pic.png)

See [the picture]({filename}/images/pic.png).

Later, [the picture again]({filename}/images/pic.png).
""",
    "posts/hugo-style.markdown": """---
title: Hugo style
date: 2021-02-03T10:00:00Z
lastmod: 2021-02-04
draft: true
tags: ["drafts"]
---

Not yet.
""",
    "posts/plain-pelican.mkd": """---
Title: A title: with a colon
Date: 2021-03-01 10:00
Tags: stock, pelican
---

Stock Pelican reads this header line by line.
""",
    "posts/no-category.mdown": """Title: No category
Date: 2021-04-01

Filed under the default category.

[TOC]

## One

## Two
""",
    "posts/no-category-fr.mdown": """Title: Sans catégorie
Date: 2021-04-01
Lang: fr
Translation: true
Slug: no-category

En français.
""",
    "posts/restructured.rst": """A reStructuredText post
#######################

:date: 2021-05-01
:tags: rst, docutils
:category: Guides

Some *emphasis* and a `link <https://example.org/>`_.
""",
}


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    root = tmp_path_factory.mktemp("blog")
    content = root / "content"
    for name, text in POSTS.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    (content / "images").mkdir()
    (content / "images" / "pic.png").write_bytes(PNG)
    output = root / "output"
    # Wide enough that the console does not wrap a message (and put its source column inside it).
    result = run_pelican(output, content=content, env={"COLUMNS": "1000"})
    return result, result.stdout + result.stderr, output


def test_it_builds_and_warnings_inform_without_failing(blog):
    result, log, _ = blog
    assert result.returncode == 0, log
    assert "ERROR" not in log and "CRITICAL" not in log and "Traceback" not in log, log
    flat = " ".join(log.split())  # the console wraps long lines
    assert flat.count("WARNING") == 1, log
    # (the console may put its "plugin.py:NNN" column before a wrapped continuation)
    assert re.search(r"WARNING 2 link\(s\) use \{filename\} for a static file; they work, and \{static\} is the "
                     r"modern form: (?:\w+\.py:\d+ )?\S*posts/jekyll-style\.md:18, 20 ", flat), log
    assert "Empty alt" not in log and "Unable to find" not in log


def test_yaml_headers_mean_what_they_say(blog):
    _, _, output = blog
    doc = page(output, "2021/01/moderation-what-we-learned/")
    assert doc.find("h1").get_text(strip=True) == "Moderation: what we learned"
    assert {a.get_text(strip=True) for a in doc.select("a[rel=tag]")} == {"community", "Guides", "trust & safety"}
    times = {t.get("datetime") for t in doc.select("time[datetime]")}
    assert any(t.startswith(("2020-12-31T22:00", "2021-01-01T00:00:00+02")) for t in times), times
    assert any(t.startswith("2021-11-10") for t in times), times
    assert doc.select_one('a[href$="category/moderation/"]') is not None
    assert "Jane Doe" in doc.get_text()
    assert page(output, "2021/03/a-title-with-a-colon/").find("h1").get_text(strip=True) == "A title: with a colon"


def test_a_hugo_draft_stays_a_draft(blog):
    _, _, output = blog
    assert (output / "drafts" / "hugo-style" / "index.html").is_file()
    assert not (output / "2021" / "02" / "hugo-style").exists()


def test_a_post_without_category_is_filed_under_the_default_not_its_folder(blog):
    _, _, output = blog
    assert (output / "category" / "general" / "index.html").is_file()
    assert not (output / "category" / "posts").exists()
    doc = page(output, "2021/04/no-category/")
    french = doc.select_one('a[hreflang="fr"]')
    assert french.get_text(strip=True) == "Sans catégorie (fr)"
    translated = page(output, french["href"].replace("../", "").replace("./", ""))
    assert translated.find("html")["lang"] == "fr" and doc.find("html")["lang"] == "en"


def test_toc_marker_places_the_one_table_of_contents(blog):
    _, _, output = blog
    doc = page(output, "2021/04/no-category/")
    tocs = doc.select("nav.toc")
    assert len(tocs) == 1 and not doc.select("div.toc")
    text = doc.find("main").get_text(" ", strip=True)
    assert text.index("Filed under the default category.") < text.index("Contents") < text.index("One")
    assert [a["href"] for a in tocs[0].select("a")] == ["#one", "#two"]


def test_rst_posts_are_read(blog):
    _, _, output = blog
    doc = page(output, "2021/05/a-restructuredtext-post/")
    assert doc.find("em").get_text() == "emphasis"
    assert doc.select_one('a[href="https://example.org/"]') is not None


def test_the_feed_holds_the_yaml_posts_dates(blog):
    _, _, output = blog
    feed = json.loads((output / "feeds" / "all.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["title"] == "Moderation: what we learned")
    assert item["date_modified"].startswith("2021-11-10")
