"""Search: Pagefind's index in the built site, the search page, the header's box, failures.

The index is read as the browser reads it: pagefind-entry.json, then every
fragment (gzip, "pagefind_dcd" + JSON: the page's url, content, filters).
"""

import gzip
import json
import logging
import re
import shutil
import stat
from importlib.metadata import version
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from helpers import (
    PRODUCTION_URL,
    SITE_CONTENT,
    assert_clean_build,
    html_files,
    page,
    post_metadata,
    resolve,
    run_pelican,
    soup,
)
from kbutil.config import configure
from search.indexer import SearchIndexError, build_index, messages, pagefind_command
from search.reproducible import FormatError, encode_text, sorted_filter, sorted_meta
from search.settings import SETTINGS

CONTENT = SITE_CONTENT
PAGEFIND_VERSION = "1.5.2"
# Pages Pagefind must never list: listings, archives, taxonomies, people, handouts, the search page.
LISTING = re.compile(
    r"^/(?:$|page/|tag/|tags/|category/|categories/|author/|authors/|archives/|people/|search/"
    r"|\d{4}/(?:\d{2}/)?$|presentations/$|presentations/[^/]+/handout/)"
)
# Glossary term pages (plugins/glossary) are indexed when the site has them.
GLOSSARY = re.compile(r"^/glossary/.+")
DECK = "/presentations/why-your-customers-need-an-online-community/"
# A sentence of the deck's speaker notes, and one of its private notes (never published).
PUBLIC_NOTE = "A community is maintained by habits, not launches"
PRIVATE_NOTE = "Q3 forum migration"


def slug(text):
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def published(meta):
    return meta.get("status", "published").lower() not in ("draft", "hidden", "skip")


def expected_urls():
    """The URL of every post, recap, page and deck, from the sources' headers."""
    urls = set()
    for folder, pattern in (("posts", "*.md"), ("recaps", "*.recap")):
        for path in sorted((CONTENT / folder).glob(pattern)):
            meta = post_metadata(path)
            if published(meta):
                date = meta["date"]
                urls.add(f"/{date[:4]}/{date[5:7]}/{meta.get('slug') or slug(meta['title'])}/")
    for path in sorted((CONTENT / "pages").glob("*.md")):
        meta = post_metadata(path)
        if published(meta):
            urls.add(f"/{meta.get('slug') or slug(meta['title'])}/")
    for path in sorted((CONTENT / "presentations").glob("*.md")):
        urls.add(f"/presentations/{path.stem}/")
    return urls


def fragments(output):
    """Every page of the index: {url: fragment}, as pagefind.js reads them."""
    pages = {}
    for path in sorted((Path(output) / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        assert fragment["url"] not in pages, fragment["url"]
        pages[fragment["url"]] = fragment
    return pages


def entry(output):
    return json.loads((Path(output) / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the index


def test_index_is_in_the_built_site(site):
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    assert list(bundle.glob("pagefind.en_*.pf_meta"))
    assert list((bundle / "index").glob("*.pf_index"))
    data = entry(site)
    assert data["version"] == PAGEFIND_VERSION == version("pagefind") == version("pagefind-bin")
    assert set(data["languages"]) == {"en"}


def test_index_lists_posts_pages_decks_and_recaps_only(site):
    indexed = set(fragments(site))
    expected = expected_urls()
    assert len(expected) >= 5
    glossary = {url for url in indexed - expected if GLOSSARY.match(url)}
    assert indexed == expected | glossary, "indexed pages differ from the posts, pages, decks and recaps"
    assert not [url for url in indexed if LISTING.match(url)]
    assert entry(site)["languages"]["en"]["page_count"] == len(expected) + len(glossary)


def test_indexed_pages_are_the_ones_marked_for_search(site):
    """Only the <article data-pagefind-body> of a page is indexed, not the header, nav or footer."""
    marked = {
        "/" + re.sub(r"index\.html$", "", file.relative_to(site).as_posix())
        for file in html_files(site)
        if soup(file).find(attrs={"data-pagefind-body": True})
    }
    pages = fragments(site)
    assert set(pages) == marked
    for fragment in pages.values():
        assert "Skip to content" not in fragment["content"]
        assert "Subscribe:" not in fragment["content"]
        assert "Built with Pelican" not in fragment["content"]


def test_pages_are_filed_by_category_and_tag(site):
    pages = fragments(site)
    for path in sorted((CONTENT / "posts").glob("*.md")):
        meta = post_metadata(path)
        if not published(meta):
            continue
        url = f"/{meta['date'][:4]}/{meta['date'][5:7]}/{meta.get('slug') or slug(meta['title'])}/"
        filters = pages[url]["filters"]
        assert filters["category"] == [meta["category"]], url
        tags = {t.strip().lower() for t in meta["tags"].split(",") if t.strip()}
        assert {t.lower() for t in filters["tag"]} == tags, url
    recap = pages["/2011/10/cmgrchat-recap-klout-and-influence-scores/"]["filters"]
    assert recap["category"] == ["Chat recaps"] and "cmgrchat" in recap["tag"]
    # The byline is filed, not indexed: excerpts start with the text.
    klout = pages["/2011/10/clouting-klout/"]
    assert "Published" not in klout["content"] and "min read" not in klout["content"]


def test_deck_notes_are_searchable_private_notes_are_not(site):
    pages = fragments(site)
    assert PUBLIC_NOTE in pages[DECK]["content"]
    assert pages[DECK]["meta"]["title"] == "Why Your Customers Need an Online Community"
    for url, fragment in pages.items():
        assert PRIVATE_NOTE not in fragment["content"], url


# ---------------------------------------------------------------- the pages


def test_search_page(site):
    doc = page(site, "search/")
    file = site / "search" / "index.html"
    assert len(doc.find_all("h1")) == 1 and doc.find("h1").get_text(strip=True) == "Search"
    assert doc.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert doc.find(attrs={"data-pagefind-body": True}) is None
    main = doc.find("main")
    form = main.find("form", attrs={"role": "search"})
    field = form.find("input", attrs={"name": "q"})
    assert field["type"] == "search"
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert resolve(site, file, form["action"]) == file
    assert {f["data-filter"] for f in form.find_all("fieldset")} == {"category", "tag"}
    root = main.find(attrs={"data-bundle": True})
    assert resolve(site, file, root["data-bundle"] + "pagefind.js") == site / "pagefind" / "pagefind.js"
    scripts = [resolve(site, file, s["src"]) for s in doc.find_all("script", src=True)]
    assert site / "theme" / "js" / "search.js" in scripts
    assert main.find(class_="search-nojs").find("a", href=re.compile(r"archives/$"))


def test_every_page_has_the_search_box(site):
    """In its header; but the search page, which has its own box, has no second one."""
    target = site / "search" / "index.html"
    for file in html_files(site):
        header = soup(file).find("header", class_="site-header")
        if header is None:  # e.g. a redirect page
            continue
        form = header.find("form", attrs={"role": "search"})
        if file == target:
            assert form is None and len(soup(file).find_all("form", attrs={"role": "search"})) == 1
            continue
        assert form is not None, file
        assert form.get("method", "get").lower() == "get"
        assert resolve(site, file, form["action"]) == target, (file, form["action"])
        field = form.find("input", attrs={"name": "q"})
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None and label.get_text(strip=True), file


def test_production_search_box_and_page_use_the_site_url(production_site, site):
    doc = page(production_site, "2011/10/clouting-klout/")
    assert doc.find("form", attrs={"role": "search"})["action"] == f"{PRODUCTION_URL}/search/"
    search = page(production_site, "search/")
    assert search.find(attrs={"data-bundle": True})["data-bundle"] == f"{PRODUCTION_URL}/pagefind/"
    # Pagefind keeps site-relative URLs; pagefind.js prefixes the folder it is served from (/blog/).
    assert set(fragments(production_site)) == set(fragments(site))


# ---------------------------------------------------------------- running Pagefind


def fake_pagefind(folder, text, status):
    """A stand-in for the pagefind program that prints `text` to stderr and exits `status`."""
    path = Path(folder) / "fake-pagefind"
    path.write_text(f"#!/bin/sh\nprintf '%s\\n' {text!r} >&2\nexit {status}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize(
    "binary, says",
    [
        ("fail", "Pagefind failed (exit status 3): Error: the index is on fire"),
        ("/no/such/pagefind", "could not run Pagefind (/no/such/pagefind): No such file or directory"),
    ],
)
def test_pagefind_failure_fails_the_build_naming_the_problem(tmp_path, binary, says):
    if binary == "fail":
        binary = str(fake_pagefind(tmp_path, "Error: the index is on fire", 3))
    result = run_pelican(tmp_path / "output", env={"PAGEFIND_BINARY_PATH": binary})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, log
    assert "ERROR" in log and "search index of" in log and says in log, log
    assert "build failed" in log
    assert "Traceback" not in log


def test_build_is_quiet_and_replaces_a_stale_index(tmp_path):
    output = tmp_path / "output"
    stale = output / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    result = run_pelican(output)
    assert_clean_build(result)
    assert "Pagefind" not in result.stdout + result.stderr
    assert not stale.exists()
    assert (output / "pagefind" / "pagefind.js").is_file()


def test_pagefind_output_is_byte_identical_across_runs(site, tmp_path):
    """Same pages, other folder: the same index, byte for byte (test_build checks whole builds)."""
    trees = []
    for name in ("one", "two/deeper"):
        copy = tmp_path / name
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        build_index(copy)
        files = sorted((copy / "pagefind").rglob("*"))
        trees.append({p.relative_to(copy).as_posix(): p.read_bytes() for p in files if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []


def test_pagefind_that_indexes_nothing_is_an_error(tmp_path):
    (tmp_path / "a.html").write_text("<html lang='en'><body></body></html>")
    with pytest.raises(SearchIndexError, match="Pagefind"):
        build_index(tmp_path)


def test_something_in_the_way_of_the_index_is_an_error(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    (copy / "pagefind").write_text("not a folder")
    with pytest.raises(SearchIndexError, match="in the way"):
        build_index(copy)


# ---------------------------------------------------------------- small parts


def test_pagefind_command_is_quiet_and_local():
    command = pagefind_command("/bin/pagefind", "/site", "pagefind", ["--exclude-selectors", ".x"])
    assert command == [
        "/bin/pagefind", "--site", "/site", "--output-subdir", "pagefind", "--quiet",
        "--exclude-selectors", ".x",
    ]


def test_pagefind_messages_are_said_once():
    assert messages("Error: a\nError: b\n", "\nError: a\n  \n") == ["Error: a", "Error: b"]


def filter_chunk(name, values):
    """CBOR of a Pagefind filter chunk: [name, [[value, [page, ...]], ...]] (small numbers only)."""
    body = b"".join(
        b"\x82" + encode_text(value) + bytes([0x80 | len(pages), *pages]) for value, pages in values
    )
    return b"\x82" + encode_text(name) + bytes([0x80 | len(values)]) + body


def test_filter_values_are_put_in_order():
    shuffled = filter_chunk("tag", [("klout", [0, 2]), ("community", [1]), ("cmgrchat", [0])])
    ordered = filter_chunk("tag", [("cmgrchat", [0]), ("community", [1]), ("klout", [0, 2])])
    assert sorted_filter(shuffled) == sorted_filter(ordered) == ordered


def test_metadata_filters_are_put_in_order_and_renamed():
    def meta(filters):
        entries = b"".join(b"\x82" + encode_text(n) + encode_text(c) for n, c in filters)
        return (b"\x86" + encode_text("1.5.2") + b"\x80\x80" + bytes([0x80 | len(filters)]) + entries
                + b"\x80\x81" + encode_text("title"))

    shuffled = meta([("tag", "en_1111111"), ("category", "en_2222222")])
    renamed = {"en_1111111": "en_aaaaaaa", "en_2222222": "en_bbbbbbb"}
    assert sorted_meta(shuffled, renamed) == meta([("category", "en_bbbbbbb"), ("tag", "en_aaaaaaa")])
    with pytest.raises(FormatError, match="not there"):
        sorted_meta(shuffled, {"en_1111111": "en_aaaaaaa"})


@pytest.mark.parametrize("payload", [b"", b"\x83\x60\x80\x80", b"\x82\x01\x80", b"\x82\x60\x9f"])
def test_an_unknown_index_format_is_an_error(payload):
    with pytest.raises(FormatError):
        sorted_filter(payload)


def test_settings_have_defaults():
    settings = {}
    assert configure(settings, SETTINGS, logging.getLogger("test")) == []
    assert settings["SEARCH_URL"] == "search/" and settings["SEARCH_SAVE_AS"] == "search/index.html"
    assert settings["SEARCH_PAGEFIND"] is True and settings["SEARCH_PAGEFIND_BUNDLE"] == "pagefind"
    assert settings["SEARCH_FILTERS"] == [("category", "Category"), ("tag", "Tags")]


@pytest.mark.parametrize(
    "key, value",
    [
        ("SEARCH_PAGEFIND", "yes"),
        ("SEARCH_PAGEFIND_BUNDLE", "../outside"),
        ("SEARCH_PAGEFIND_BUNDLE", ""),
        ("SEARCH_PAGEFIND_ARGS", "--verbose"),
        ("SEARCH_PAGEFIND_ARGS", [1]),
        ("SEARCH_PAGEFIND_TIMEOUT", 0),
        ("SEARCH_PAGEFIND_TIMEOUT", True),
        ("SEARCH_FILTERS", [("Tag", "Tags")]),
        ("SEARCH_FILTERS", ["tag"]),
    ],
)
def test_bad_settings_are_named(key, value, caplog):
    settings = {key: value}
    [problem] = configure(settings, SETTINGS, logging.getLogger("test"))
    assert problem.startswith(f"setting {key}={value!r}: must be ")
    assert [r.levelname for r in caplog.records] == ["ERROR"] and settings[key] == configure_default(key)


def configure_default(key):
    settings = {}
    configure(settings, SETTINGS, logging.getLogger("test"))
    return settings[key]
