"""Discovery: sitemap, robots.txt, canonical and social meta, JSON-LD, social cards, old URLs."""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from helpers import (
    PRODUCTION_URL,
    ROOT,
    SITE_CONTENT,
    assert_clean_build,
    failed_build_log,
    html_files,
    page,
    page_url,
    post_metadata,
    resolve,
    run_pelican,
    soup,
)

FIXTURES = Path(__file__).parent / "fixtures" / "seo"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/(?P<slug>[^/]+)/index\.html$")
KLOUT = "2011/10/clouting-klout/"


def is_redirect(doc):
    return doc.find("meta", attrs={"http-equiv": "refresh"}) is not None


def is_noindex(doc):
    robots = doc.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots["content"]


def public_pages(output):
    """Every HTML file a crawler should find: not a redirect, a draft, the 404 page or any noindex page."""
    found = {}
    for file in html_files(output):
        rel = file.relative_to(output).as_posix()
        if rel == "404.html" or rel.startswith("drafts/"):
            continue
        doc = soup(file)
        if not is_redirect(doc) and not is_noindex(doc):
            found[file] = doc
    return found


def article_files(output):
    return {m["slug"]: output / rel for rel in (f.relative_to(output).as_posix() for f in html_files(output))
            if (m := ARTICLE_PAGE.match(rel)) and not is_redirect(soup(output / rel))}


def meta(doc, name):
    tag = doc.find("meta", attrs={"property": name}) or doc.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def json_ld(doc):
    """The JSON-LD objects of a page, by @type."""
    found = {}
    for script in doc.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found[data["@type"]] = data
    return found


def sitemap_entries(output):
    root = ET.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def iso(value):
    """A header date ('2011-10-28 10:00') as the site states it (TIMEZONE is UTC)."""
    date, _, time = value.partition(" ")
    return f"{date}T{time or '00:00'}:00+00:00"


# -- sitemap and robots.txt ----------------------------------------------------------------


def test_sitemap_lists_exactly_the_public_pages(production_site):
    expected = {f"{PRODUCTION_URL}/{page_url(production_site, f)}" for f in public_pages(production_site)}
    assert set(sitemap_entries(production_site)) == expected
    assert f"{PRODUCTION_URL}/{KLOUT}" in expected and f"{PRODUCTION_URL}/presentations/" in expected


def test_sitemap_lastmod_of_posts_is_their_modified_date(production_site):
    entries = sitemap_entries(production_site)
    for source in sorted((SITE_CONTENT / "posts").glob("*.md")):
        meta_ = post_metadata(source)
        if meta_.get("status", "published") != "published":
            continue
        url = f"{PRODUCTION_URL}/{meta_['date'][:4]}/{meta_['date'][5:7]}/{meta_['slug']}/"
        assert entries[url] == iso(meta_.get("modified") or meta_["date"]), url
    for slug, file in article_files(production_site).items():
        published = meta(soup(file), "article:modified_time")
        assert entries[f"{PRODUCTION_URL}/{page_url(production_site, file)}"] == published, slug


def test_listing_pages_give_their_newest_post_as_lastmod(production_site):
    entries = sitemap_entries(production_site)
    assert entries[f"{PRODUCTION_URL}/tag/klout/"] == "2011-10-28T10:00:00+00:00"
    assert entries[f"{PRODUCTION_URL}/tag/slideshare/"] == "2011-10-25T09:00:00+00:00"
    assert entries[f"{PRODUCTION_URL}/"] == max(v for v in entries.values() if v)


def test_robots_txt_points_to_the_sitemap(production_site, site):
    robots = (production_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {PRODUCTION_URL}/sitemap.xml" in robots
    # Development builds have no absolute URL: no sitemap, and robots.txt does not point to one.
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert not (site / "sitemap.xml").exists()


# -- canonical, Open Graph, Twitter ----------------------------------------------------------


def test_canonical_and_og_url_of_every_page_are_its_own_url(production_site):
    for file, doc in public_pages(production_site).items():
        own = f"{PRODUCTION_URL}/{page_url(production_site, file)}"
        canonical = doc.find_all("link", rel="canonical")
        assert [link["href"] for link in canonical] == [own], file
        assert meta(doc, "og:url") == own, file


def test_every_page_has_open_graph_and_twitter_meta(production_site):
    for file, doc in public_pages(production_site).items():
        for name in ("og:title", "og:type", "og:site_name", "og:description", "twitter:title", "twitter:description"):
            assert meta(doc, name), (file, name)
        assert meta(doc, "twitter:card") == "summary_large_image", file
        image = meta(doc, "og:image")
        assert image and image == meta(doc, "twitter:image"), file
        assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("1200", "630"), file
        card = resolve(production_site, file, image, PRODUCTION_URL)
        assert card is not None and card.is_file(), (file, image)
        is_post = ARTICLE_PAGE.match(file.relative_to(production_site).as_posix())
        assert meta(doc, "og:type") == ("article" if is_post else "website"), file


def test_klout_post_meta(production_site):
    doc = page(production_site, KLOUT)
    assert meta(doc, "og:title") == "Clouting Klout"
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:image") == f"{PRODUCTION_URL}/cards/clouting-klout.png"
    assert meta(doc, "article:published_time") == "2011-10-28T10:00:00+00:00"
    assert meta(doc, "article:modified_time") == "2011-10-28T10:00:00+00:00"
    tags = [m["content"] for m in doc.find_all("meta", attrs={"property": "article:tag"})]
    assert tags == ["klout", "influence", "social media", "twitter chats", "cmgrchat"]
    assert meta(doc, "og:description").startswith("Klout's new, \"more accurate, transparent\" score")


def test_klout_post_json_ld(production_site):
    data = json_ld(page(production_site, KLOUT))
    post = data["BlogPosting"]
    assert post["@context"] == "https://schema.org"
    assert post["headline"] == "Clouting Klout"
    assert post["datePublished"] == "2011-10-28T10:00:00+00:00"
    assert post["dateModified"] == "2011-10-28T10:00:00+00:00"
    assert post["author"]["@type"] == "Person" and post["author"]["name"] == "Site Owner"
    assert post["publisher"]["name"] == "Community Management Notes"
    assert post["image"]["url"] == f"{PRODUCTION_URL}/cards/clouting-klout.png"
    assert post["mainEntityOfPage"]["@id"] == f"{PRODUCTION_URL}/{KLOUT}"


def test_klout_post_breadcrumbs(production_site):
    crumbs = json_ld(page(production_site, KLOUT))["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Home"), (2, "Community Management"), (3, "Clouting Klout"),
    ]
    assert [c["item"] for c in crumbs] == [
        f"{PRODUCTION_URL}/", f"{PRODUCTION_URL}/category/community-management/", f"{PRODUCTION_URL}/{KLOUT}",
    ]
    for crumb in crumbs:
        assert resolve(production_site, production_site / "index.html", crumb["item"], PRODUCTION_URL).is_file()


def test_every_post_has_json_ld_and_other_pages_none(production_site):
    for file, doc in public_pages(production_site).items():
        data = json_ld(doc)
        is_post = ARTICLE_PAGE.match(file.relative_to(production_site).as_posix())
        assert set(data) == ({"BlogPosting", "BreadcrumbList"} if is_post else set()), file


def test_development_pages_have_no_absolute_urls_in_their_meta(site):
    doc = page(site, KLOUT)
    assert meta(doc, "og:title") == "Clouting Klout"
    assert meta(doc, "og:url") is None and meta(doc, "og:image") is None and meta(doc, "twitter:image") is None
    post = json_ld(doc)["BlogPosting"]
    assert post["headline"] == "Clouting Klout" and "image" not in post and "url" not in post
    assert doc.find("link", rel="canonical") is None


def test_not_found_page_has_no_social_meta(production_site):
    doc = soup(production_site / "404.html")
    assert meta(doc, "og:title") is None and not doc.find_all("script", type="application/ld+json")


# -- social cards ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "production_site"])
def test_every_post_has_a_social_card(which, request):
    output = request.getfixturevalue(which)
    posts = article_files(output)
    assert {"clouting-klout", "cmgrchat-recap-klout-and-influence-scores"} <= set(posts)
    for slug in posts:
        with Image.open(output / "cards" / f"{slug}.png") as card:
            assert card.format == "PNG" and card.size == (1200, 630), slug
    with Image.open(output / "social-card.png") as card:
        assert card.size == (1200, 630)


def copy_site(tmp_path, name="site"):
    content = tmp_path / name
    shutil.copytree(FIXTURES / "site", content)
    return content


def build(tmp_path, content, output, production=False, cache=None):
    settings = ROOT / ("publishconf.py" if production else "pelicanconf.py")
    env = {"SITEURL": PRODUCTION_URL} if production else None
    extra = ("-e", f"CACHE_PATH={json.dumps(str(cache or tmp_path / 'cache'))}")
    result = run_pelican(output, settings=settings, content=content, env=env, cwd=tmp_path, extra=extra)
    assert_clean_build(result)
    return output


def test_cards_come_from_the_cache_until_the_title_changes(tmp_path):
    content = copy_site(tmp_path)
    cache = tmp_path / "cache" / "social-cards"
    first = build(tmp_path, content, tmp_path / "one")
    cached = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.glob("*.png")}
    assert len(cached) == 3  # two posts and the site's card
    card = (first / "cards" / "new-name.png").read_bytes()
    assert card in {p.read_bytes() for p in cache.glob("*.png")}

    second = build(tmp_path, content, tmp_path / "two")
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.glob("*.png")} == cached
    assert (second / "cards" / "new-name.png").read_bytes() == card

    post = content / "posts" / "renamed-post.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Title: A renamed post", "Title: A post renamed again"))
    third = build(tmp_path, content, tmp_path / "three")
    now = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.glob("*.png")}
    assert len(now) == 4 and all(now[name] == stamp for name, stamp in cached.items())
    redrawn = (third / "cards" / "new-name.png").read_bytes()
    assert redrawn != card
    assert (third / "cards" / "another-post.png").read_bytes() == (first / "cards" / "another-post.png").read_bytes()


# -- old addresses -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The fixture site built for development and for production."""
    tmp_path = tmp_path_factory.mktemp("renamed")
    content = copy_site(tmp_path)
    return {
        "dev": build(tmp_path, content, tmp_path / "dev"),
        "production": build(tmp_path, content, tmp_path / "production", production=True),
    }


ALIASES = [
    ("2011/10/27/old-name/", "2011/10/new-name/"),
    ("old-name.html", "2011/10/new-name/"),
    ("2011/10/older-name/", "2011/10/new-name/"),  # written without its last slash
    ("about-me/", "about/"),  # a page's alias
]


@pytest.mark.parametrize("which", ["dev", "production"])
@pytest.mark.parametrize("alias, target", ALIASES)
def test_an_old_address_leads_to_the_new_one(renamed, which, alias, target):
    output = renamed[which]
    site_url = PRODUCTION_URL if which == "production" else ""
    file = output / alias / "index.html" if alias.endswith("/") else output / alias
    doc = soup(file)
    refresh = doc.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, url = refresh.partition("; url=")
    canonical = doc.find("link", rel="canonical")["href"]
    assert delay == "0" and canonical == url
    assert meta(doc, "robots") == "noindex"
    assert doc.find("main").find("a", href=url) is not None
    if which == "production":
        assert url == f"{PRODUCTION_URL}/{target}"
    else:
        assert not url.startswith(("/", "http"))
    reached = resolve(output, file, url, site_url)
    assert reached == output / target / "index.html" and not is_redirect(soup(reached))


def test_redirect_pages_stay_out_of_the_sitemap(renamed):
    entries = sitemap_entries(renamed["production"])
    assert f"{PRODUCTION_URL}/2011/10/new-name/" in entries
    assert not [url for url in entries if "old" in url or "about-me" in url]


def test_server_maps_hold_every_alias(renamed):
    nginx = (renamed["production"] / "redirects.nginx.conf").read_text(encoding="utf-8")
    apache = (renamed["production"] / "redirects.apache.conf").read_text(encoding="utf-8")
    assert "map $request_uri $redirect_target {" in nginx
    for alias, target in ALIASES:
        assert f"    /blog/{alias} {PRODUCTION_URL}/{target};\n" in nginx
        assert f"Redirect 301 /blog/{alias} {PRODUCTION_URL}/{target}\n" in apache
    assert f"    /blog/2011/10/27/old-name {PRODUCTION_URL}/2011/10/new-name/;\n" in nginx
    dev = (renamed["dev"] / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert "    /2011/10/27/old-name/ /2011/10/new-name/;\n" in dev


def test_titles_cannot_break_out_of_json_ld(renamed):
    doc = page(renamed["production"], "2011/10/new-name/")
    raw = doc.find("script", type="application/ld+json").string
    assert "</script>" not in raw and "<\\/script>" in raw
    assert json_ld(doc)["BlogPosting"]["headline"] == "A renamed post </script> & friends"
    assert json_ld(doc)["BlogPosting"]["dateModified"] == "2012-01-02T08:30:00+00:00"


BAD_ALIASES = [
    ("alias_collides_with_a_page.md", 4, "alias '/archives/' would replace archives/index.html"),
    ("alias_is_a_url.md", 5, "alias 'https://old.example.com/2011/10/01/post/' must be a path of this site"),
    ("alias_climbs_out.md", 4, "alias '/2011/../../outside/' has a '..' segment"),
    ("alias_claimed_second.md", 6,
     "alias '/2011/10/01/shared' is also claimed by content/posts/alias_claimed_first.md"),
]


@pytest.fixture(scope="module")
def bad_aliases_log(tmp_path_factory):
    """One build of every post with a bad alias (and the post whose alias the last one claims again)."""
    tmp_path = tmp_path_factory.mktemp("bad-aliases")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for name in [name for name, _, _ in BAD_ALIASES] + ["alias_claimed_first.md"]:
        shutil.copy(FIXTURES / "bad" / name, posts / name)
    extra = ("-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}")
    result = run_pelican(tmp_path / "output", settings=ROOT / "pelicanconf.py", content=tmp_path / "content",
                         cwd=tmp_path, extra=extra)
    return " ".join(failed_build_log(result).split())


@pytest.mark.parametrize("fixture, line, says", BAD_ALIASES)
def test_bad_aliases_fail_the_build_naming_the_file(bad_aliases_log, fixture, line, says):
    assert f"content/posts/{fixture}:{line}: {says}" in bad_aliases_log, bad_aliases_log
