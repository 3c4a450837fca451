"""The seo plugin's pure parts: aliases, server maps, sitemap, JSON-LD, cards, settings."""

import datetime
import io
import json
import logging
import pickle
from types import SimpleNamespace

import pytest
from PIL import Image, ImageChops, ImageColor, ImageDraw

from kbutil.config import configure
from seo import cards, redirects, settings, sitemap, structured
from seo.generator import BuildRecord

UTC = datetime.UTC


# -- aliases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, path, save_as",
    [
        ("/2011/10/27/clouting-klout/", "/2011/10/27/clouting-klout/", "2011/10/27/clouting-klout/index.html"),
        ("/2011/10/27/clouting-klout", "/2011/10/27/clouting-klout/", "2011/10/27/clouting-klout/index.html"),
        ("old-name.html", "/old-name.html", "old-name.html"),
        (" /archive/Old_Post.htm ", "/archive/Old_Post.htm", "archive/Old_Post.htm"),
        ("/caf%C3%A9/", "/caf%C3%A9/", "café/index.html"),
        ("/index.php/2011/post/", "/index.php/2011/post/", "index.php/2011/post/index.html"),
    ],
)
def test_aliases_are_normalised(raw, path, save_as):
    assert redirects.normalise_alias(raw) == (path, save_as)


@pytest.mark.parametrize(
    "raw, says",
    [
        ("https://old.example.com/post/", "not a URL"),
        ("//old.example.com/post/", "not a URL"),
        ("/2011/../etc/", "'..' segment"),
        ("/./post/", "'.' segment"),
        ("/a//b/", "empty segment"),
        ("/", "home page"),
        ("/post/?p=12", "query or fragment"),
        ("/post/#top", "query or fragment"),
        ("/old post/", "may hold only"),
        ("/a;b/", "may hold only"),
        ("/%2e%2e/x/", "escapes"),
        ("/a%2Fb/", "escapes"),
        ("/feed.xml", "not a page"),
    ],
)
def test_unclean_aliases_are_refused(raw, says):
    with pytest.raises(redirects.AliasError, match=says.replace(".", r"\.").replace("?", r"\?")):
        redirects.normalise_alias(raw)


def test_alias_metadata_is_comma_separated():
    assert redirects.split_aliases(" /a/, /b.html ,, ") == ["/a/", "/b.html"]
    assert redirects.split_aliases(["/a/", " "]) == ["/a/"]
    assert redirects.split_aliases(None) == []


@pytest.mark.parametrize(
    "from_save_as, to_url, link",
    [
        ("2011/10/27/old-name/index.html", "2011/10/new-name/", "../../new-name/"),
        ("old-name.html", "2011/10/new-name/", "2011/10/new-name/"),
        ("a/b/index.html", "about.html", "../../about.html"),
        ("old/index.html", "", "../"),
        ("x.html", "", "./"),
    ],
)
def test_relative_redirect_targets(from_save_as, to_url, link):
    assert redirects.relative_url(from_save_as, to_url) == link


def test_server_maps_in_production_and_development():
    pairs = [("/2011/10/27/old/", "2011/10/new/"), ("/old.html", "2011/10/new/")]
    nginx = redirects.nginx_conf(pairs, "https://example.org/blog")
    assert "    /blog/2011/10/27/old/ https://example.org/blog/2011/10/new/;\n" in nginx
    assert "    /blog/2011/10/27/old https://example.org/blog/2011/10/new/;\n" in nginx
    assert "    /blog/old.html https://example.org/blog/2011/10/new/;\n" in nginx
    assert nginx.count("{") == nginx.count("}")
    apache = redirects.apache_conf(pairs, "https://example.org")
    assert "Redirect 301 /2011/10/27/old/ https://example.org/2011/10/new/\n" in apache
    assert "    /old.html /2011/10/new/;\n" in redirects.nginx_conf(pairs, "")
    assert redirects.nginx_value('a "b"') == '"a \\"b\\""'


# -- sitemap ---------------------------------------------------------------------------------


def test_sitemap_urls_dates_and_order():
    when = datetime.datetime(2011, 10, 28, 10, 0, tzinfo=UTC)
    entries = sitemap.url_entries({"tag/a&b/index.html": None, "index.html": when, "x.html": None},
                                  "https://example.org/blog/")
    assert entries == [
        ("https://example.org/blog/", "2011-10-28T10:00:00+00:00"),
        ("https://example.org/blog/tag/a&b/", None),
        ("https://example.org/blog/x.html", None),
    ]
    text = sitemap.urlset(entries)
    assert "<loc>https://example.org/blog/tag/a&amp;b/</loc></url>" in text
    assert "<lastmod>2011-10-28T10:00:00+00:00</lastmod>" in text


@pytest.mark.parametrize(
    "save_as, url",
    [
        ("2011/10/clouting-klout/index.html", "https://example.org/blog/2011/10/clouting-klout/"),
        ("2024/03/comunidade-versão/index.html", "https://example.org/blog/2024/03/comunidade-vers%C3%A3o/"),
        ("2024/03/コミュニティ/index.html", "https://example.org/blog/2024/03/%E3%82%B3%E3%83%9F%E3%83%A5%E3%83%8B%E3%83%86%E3%82%A3/"),
        ("a b/100%.html", "https://example.org/blog/a%20b/100%25.html"),
        ("tag/c#/index.html", "https://example.org/blog/tag/c%23/"),
    ],
)
def test_sitemap_locations_are_uris_that_map_back_to_files(save_as, url):
    from urllib.parse import unquote, urlsplit

    assert sitemap.page_url("https://example.org/blog/", save_as) == url
    path = unquote(urlsplit(url).path)[len("/blog/"):]
    assert save_as.startswith(path) and save_as[len(path):] in ("", "index.html")


def test_a_non_ascii_site_address_becomes_a_uri():
    assert sitemap.page_url("https://exämple.org/blög", "a/index.html") == "https://xn--exmple-cua.org/bl%C3%B6g/a/"
    assert sitemap.page_url("https://example.org/blog", "a/") == "https://example.org/blog/a/"


def test_sitemap_escapes_every_xml_special_character():
    text = sitemap.urlset(sitemap.url_entries({"it's/\"q\"&<x>/index.html": None}, "https://example.org"))
    assert "<loc>https://example.org/it&apos;s/%22q%22&amp;%3Cx%3E/</loc>" in text
    assert sitemap.check_sitemap(text, "https://example.org") == []


def test_sitemap_check():
    good = sitemap.urlset(sitemap.url_entries({"2024/03/comunidade-versão/index.html": None}, "https://example.org/blog"))
    assert sitemap.check_sitemap(good, "https://example.org/blog") == []
    raw = good.replace("vers%C3%A3o", "versão")
    assert sitemap.check_sitemap(raw, "https://example.org/blog") == [
        "<loc> 'https://example.org/blog/2024/03/comunidade-versão/' is not an absolute URI: "
        "percent-encode non-ASCII characters and spaces"
    ]
    spaced = good.replace("comunidade-vers%C3%A3o", "a b")
    assert "is not an absolute URI" in sitemap.check_sitemap(spaced, "https://example.org/blog")[0]
    elsewhere = good.replace("https://example.org/blog", "https://other.example")
    assert "is not below the site's address" in sitemap.check_sitemap(elsewhere, "https://example.org/blog")[0]
    assert "not well-formed XML" in sitemap.check_sitemap("<urlset>", "https://example.org")[0]
    assert "not a sitemaps.org urlset" in sitemap.check_sitemap("<urlset/>", "https://example.org")[0]
    index = sitemap.sitemap_files([(f"https://example.org/{n}/", None) for n in range(3)], "sitemap.xml",
                                  "https://example.org", 2)["sitemap.xml"]
    assert sitemap.check_sitemap(index, "https://example.org") == []


def test_large_sitemaps_are_split_under_an_index():
    entries = [(f"https://example.org/{n}/", None) for n in range(5)]
    files = sitemap.sitemap_files(entries, "sitemap.xml", "https://example.org", 2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    assert "<sitemapindex" in files["sitemap.xml"] and "https://example.org/sitemap-3.xml" in files["sitemap.xml"]
    assert files["sitemap-3.xml"].count("<url>") == 1


def test_newest_uses_modified_then_date():
    old = SimpleNamespace(date=datetime.datetime(2011, 1, 1, tzinfo=UTC))
    edited = SimpleNamespace(date=datetime.datetime(2010, 1, 1, tzinfo=UTC),
                             modified=datetime.datetime(2012, 1, 1, tzinfo=UTC))
    assert sitemap.newest([old, edited]) == edited.modified
    assert sitemap.newest([]) is None
    assert sitemap.w3c_date(datetime.datetime(2011, 1, 2, 3, 4)) == "2011-01-02"


def test_exclusions():
    assert sitemap.is_excluded("404.html", ["404.html", "drafts/"])
    assert sitemap.is_excluded("drafts/x/index.html", ["404.html", "drafts/"])
    assert not sitemap.is_excluded("drafts.html", ["drafts/"])


@pytest.mark.parametrize(
    "head, noindex",
    [
        ('<meta name="robots" content="noindex">', True),
        ("<meta content='nofollow, NOINDEX' name='robots'>", True),
        ('<meta name="description" content="noindex is a word">', False),
        ('<meta name="robots" content="index, follow">', False),
        ("", False),
    ],
)
def test_noindex_in_a_page_head(tmp_path, head, noindex):
    assert sitemap.says_noindex(head) is noindex
    page = tmp_path / "p.html"
    page.write_text(f"<html><head>{head}</head><body>{'x' * 20000}<meta name=robots content=noindex></body>")
    assert sitemap.page_says_noindex(page, chunk=7) is noindex


def test_robots_txt():
    assert sitemap.robots_txt() == "User-agent: *\nAllow: /\n"
    assert sitemap.robots_txt("https://e.org/sitemap.xml").endswith("\nSitemap: https://e.org/sitemap.xml\n")


def test_build_record_pickles_and_classifies_pages(tmp_path):
    record = BuildRecord(tmp_path, ["archives/index.html"])
    record.newest = datetime.datetime(2011, 10, 28, tzinfo=UTC)
    post = SimpleNamespace(save_as="2011/10/a/index.html", status="published",
                           date=datetime.datetime(2011, 10, 1, tzinfo=UTC))
    draft = SimpleNamespace(save_as="drafts/b/index.html", status="draft", date=post.date)
    for name in ("2011/10/a/index.html", "drafts/b/index.html", "archives/index.html", "people/index.html",
                 "old/index.html", "search/index.html", "feeds/all.atom.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<head><title>x</title></head><body>noindex</body>")
    (tmp_path / "search/index.html").write_text('<head><META content="noindex, follow" name=robots></head>')
    record.record(tmp_path / "2011/10/a/index.html", {"article": post})
    record.record(tmp_path / "drafts/b/index.html", {"article": draft})
    record.record(tmp_path / "archives/index.html", {})
    record.record(tmp_path / "people/index.html", {})
    record.record(tmp_path / "old/index.html", {"seo_redirect": True})
    record.record(tmp_path / "search/index.html", {})
    record.record(tmp_path / "feeds/all.atom.xml", {})
    assert record.public == {
        "2011/10/a/index.html": post.date, "archives/index.html": record.newest, "people/index.html": None,
    }
    assert record.redirects == {"old/index.html"}
    assert "drafts/b/index.html" in record.written and "feeds/all.atom.xml" not in record.written
    assert pickle.loads(pickle.dumps(record)).public == record.public


# -- JSON-LD ---------------------------------------------------------------------------------


def test_json_cannot_end_its_script_element():
    text = structured.script_json({"headline": "</script><script>alert(1)</script> <!-- x"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> <!-- x"


def post(**extra):
    """A post as the JSON-LD builders see it."""
    fields = {
        "title": "Clouting Klout", "summary": "<p>Klout&#39;s <em>new</em> score</p>", "url": "2011/10/clouting-klout/",
        "date": datetime.datetime(2011, 10, 28, 10, tzinfo=UTC), "category": None, "tags": [], "authors": [],
        "seo_card": "cards/clouting-klout.png", "lang": "en",
    }
    fields.update(extra)
    return SimpleNamespace(**fields)


class Named(str):
    """A Pelican Category/Author/Tag stand-in: prints as its name, has a url."""

    def __new__(cls, name, url):
        obj = super().__new__(cls, name)
        obj.url = url
        return obj


def test_blog_posting_in_production():
    article = post(category=Named("Community Management", "category/community-management/"),
                   authors=[Named("Site Owner", "author/site-owner/")], tags=[Named("klout", "tag/klout/")],
                   modified=datetime.datetime(2012, 1, 1, tzinfo=UTC))
    data = structured.blog_posting(article, "https://example.org/blog", "Notes")
    assert data["headline"] == "Clouting Klout"
    assert data["description"] == "Klout's new score"
    assert data["datePublished"] == "2011-10-28T10:00:00+00:00"
    assert data["dateModified"] == "2012-01-01T00:00:00+00:00"
    assert data["author"] == {"@type": "Person", "name": "Site Owner", "url": "https://example.org/blog/author/site-owner/"}
    assert data["publisher"] == {"@type": "Organization", "name": "Notes"}
    assert data["image"]["url"] == "https://example.org/blog/cards/clouting-klout.png"
    assert data["mainEntityOfPage"]["@id"] == "https://example.org/blog/2011/10/clouting-klout/"
    assert data["keywords"] == ["klout"] and data["articleSection"] == "Community Management"
    crumbs = structured.breadcrumb_list(article, "https://example.org/blog")["itemListElement"]
    assert [c.get("item") for c in crumbs] == [
        "https://example.org/blog/", "https://example.org/blog/category/community-management/",
        "https://example.org/blog/2011/10/clouting-klout/",
    ]


def test_blog_posting_in_development_has_no_urls():
    article = post(authors=[Named("A", "author/a/"), Named("B", "author/b/")])
    data = structured.blog_posting(article, "../..", "Notes")
    assert "url" not in data and "image" not in data and "mainEntityOfPage" not in data
    assert data["author"] == [{"@type": "Person", "name": "A"}, {"@type": "Person", "name": "B"}]
    assert data["dateModified"] == data["datePublished"]
    crumbs = structured.breadcrumb_list(article, "")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Clouting Klout"] and "item" not in crumbs[0]


# -- cards -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def style():
    return cards.CardStyle.from_settings(configured({}))


def test_card_is_a_deterministic_1200x630_png(style):
    first = cards.render_card("Clouting Klout", "Community Management", "Notes", style)
    assert first == cards.render_card("Clouting Klout", "Community Management", "Notes", style)
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert not {"tIME", "date:create", "date:modify"} & set(image.info)


def test_card_is_an_indexed_png_in_its_own_colours(style):
    image = Image.open(io.BytesIO(cards.render_card("Clouting Klout", "Community Management", "Notes", style)))
    assert image.mode == "P"
    rgb = image.convert("RGB")
    for point, name in {(5, 300): "accent", (600, 20): "background", (600, 600): "surface"}.items():
        wanted = ImageColor.getrgb(style.colours[name])
        assert max(abs(a - b) for a, b in zip(rgb.getpixel(point), wanted)) <= 4, (name, rgb.getpixel(point))


def test_indexed_cards_keep_anti_aliased_letters_close_to_true_colour(style):
    drawing = Image.new("RGB", (600, 200), style.colours["background"])
    draw = ImageDraw.Draw(drawing)
    draw.rectangle((0, 100, 599, 199), fill=style.colours["surface"])
    font = cards.load_font(style.font_bold, 40)
    draw.text((10, 10), "Klout ÉgÀ", font=font, fill=style.colours["accent"])
    draw.text((300, 10), "Klout", font=font, fill=style.colours["text"])
    draw.text((10, 120), "Notes gjpqy", font=font, fill=style.colours["text"])
    indexed = Image.open(io.BytesIO(cards.png_bytes(drawing, style.colours))).convert("RGB")
    assert all(high <= 6 for _, high in ImageChops.difference(drawing, indexed).getextrema())


def test_long_or_foreign_titles_still_fit(style):
    title = "Ünïcödé “quotes” — 日本語 and emoji 🎉 " + "very long words " * 30
    image = Image.open(io.BytesIO(cards.render_card(title, "", "Notes", style)))
    assert image.size == (1200, 630)
    assert cards.drawable("日本 🎉 é", cards.font_chars(style.font_bold)) == "Ri Ben ? é"


def test_wrap_cuts_words_longer_than_a_line(style):
    font = cards.load_font(style.font_bold, 60)
    lines = cards.wrap("x" * 200, font, 500)
    assert len(lines) > 1 and all(font.getlength(line) <= 500 for line in lines)
    assert "".join(lines) == "x" * 200


def test_card_key_changes_with_what_is_shown(style):
    key = cards.card_key("A", "B", "C", style)
    assert key == cards.card_key("A", "B", "C", style)
    assert len({key, cards.card_key("A2", "B", "C", style), cards.card_key("A", "B2", "C", style),
                cards.card_key("A", "B", "C2", style)}) == 4


def test_cached_card_is_drawn_once(tmp_path, style):
    path, drawn = cards.cached_card(tmp_path, "A title", "", "Notes", style)
    stamp = tmp_path.joinpath(path).stat().st_mtime_ns
    again, drawn_again = cards.cached_card(tmp_path, "A title", "", "Notes", style)
    assert (drawn, drawn_again) == (True, False) and again == path
    assert tmp_path.joinpath(path).stat().st_mtime_ns == stamp
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"]


# -- settings --------------------------------------------------------------------------------


def configured(values):
    """`values` with the seo settings filled in and checked, as at start-up."""
    configure(values, settings.SETTINGS, logging.getLogger("test"))
    return values


def test_default_settings(caplog):
    conf = configured({})
    assert caplog.records == []
    assert conf["SEO_CARDS_PATH"] == "cards" and conf["SEO_SITEMAP"] == "sitemap.xml"
    assert conf["SEO_CARD_FONT_BOLD"].endswith("VeraBd.ttf")


@pytest.mark.parametrize(
    "key, value, says",
    [
        ("SEO_SITEMAP", "/sitemap.xml", "inside the output folder"),
        ("SEO_CARDS_PATH", "../cards", "inside the output folder"),
        ("SEO_CARDS_PATH", "", "inside the output folder"),
        ("SEO_CARDS", "yes", "must be True or False"),
        ("SEO_SITEMAP_MAX_URLS", 0, "must be a whole number of at least 1"),
        ("SEO_SITEMAP_MAX_URLS", True, "must be a whole number of at least 1"),
        ("SEO_CARD_COLOURS", {"text": "black"}, "must be a colour"),
        ("SEO_CARD_COLOURS", {"sky": "#ffffff"}, "unknown colour"),
        ("SEO_CARD_FONT", "/no/such/font.ttf", "must be the path of an existing file"),
        ("SEO_TWITTER_SITE", "example", "@handle"),
    ],
)
def test_bad_settings_are_named(key, value, says, caplog):
    conf = configured({key: value})
    [record] = caplog.records
    assert record.levelname == "ERROR" and record.getMessage().startswith(f"setting {key}={value!r}: ")
    assert says in record.getMessage()
    assert conf[key] == configured({})[key]  # the default, so the build goes on safely


def test_breadcrumb_json_follows_visible_topic_breadcrumbs():
    from types import SimpleNamespace

    from seo.structured import breadcrumb_list

    crumb = lambda title, url: SimpleNamespace(title=title, url=url)  # noqa: E731
    post = SimpleNamespace(title="Post", url="2011/10/post/", category=None,
                           breadcrumbs=[crumb("Home", ""), crumb("Community basics", "community-basics/"),
                                        crumb("Post", "2011/10/post/")])
    items = breadcrumb_list(post, "https://example.org")["itemListElement"]
    assert [(i["position"], i["name"], i["item"]) for i in items] == [
        (1, "Home", "https://example.org/"),
        (2, "Community basics", "https://example.org/community-basics/"),
        (3, "Post", "https://example.org/2011/10/post/"),
    ]
