"""The checks a build must pass before `invoke publish` uploads anything."""

import datetime
import gzip
import sys
import types

import pytest
from publish_support import SITE_URL

from helpers import SITE_CONTENT
from sitetools import checks
from sitetools.checks import check_feeds, check_links, check_unpublished, run_checks, unpublished


def test_the_real_site_passes_every_check(release_build):
    assert run_checks(release_build, SITE_URL, SITE_CONTENT) == []


def test_the_release_build_has_no_drafts_folder(release_build):
    assert not (release_build / "drafts").exists()


@pytest.mark.parametrize(
    "link, says",
    [
        ('<a href="../no-such-page/">x</a>', "no file no-such-page/index.html in the build"),
        ('<img src="../images/missing.png" alt="">', "no file images/missing.png"),
        (f'<a href="{SITE_URL}/2011/10/gone/">x</a>', "no file 2011/10/gone/index.html"),
        (f'<link rel="stylesheet" href="{SITE_URL}/theme/css/nope.css">', "no file theme/css/nope.css"),
        ('<a href="/blog/2099/">x</a>', "no file 2099/index.html"),
        ('<a href="/elsewhere/">x</a>', "outside the site's path /blog/"),
        ('<a href="../../../up.html">x</a>', "points above the site's root"),
        ('<img srcset="../a.png 1x, ../b.png 2x" alt="">', "no file a.png"),
    ],
)
def test_a_broken_internal_link_is_reported_with_file_and_line(build_copy, link, says):
    page = build_copy / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    problems = check_links(build_copy, SITE_URL)
    assert len(problems) >= 1, problems
    assert problems[0].startswith("broken link: about/index.html:")
    assert says in problems[0]


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/elsewhere/",
        "https://example.org/blogroll/",  # same host, not under SITEURL's path
        "mailto:someone@example.org",
        "#top",
        f"{SITE_URL}/about/#team",
        f"{SITE_URL}/",
        f"{SITE_URL}",
        "../theme/css/main.css?v=2",
        "data:image/png;base64,AAAA",
    ],
)
def test_links_that_resolve_or_leave_the_site_pass(build_copy, link):
    page = build_copy / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + f'\n<a href="{link}">x</a>\n', encoding="utf-8")
    assert check_links(build_copy, SITE_URL) == []


def test_a_folder_without_index_html_is_a_broken_link(build_copy):
    (build_copy / "about" / "index.html").rename(build_copy / "about" / "about.html")
    problems = check_links(build_copy, SITE_URL)
    assert any(f"'{SITE_URL}/about/': no file about/index.html" in p for p in problems), problems


def test_a_feed_link_to_a_missing_page_is_reported(build_copy):
    feed = build_copy / "feeds" / "all.atom.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("/2011/10/clouting-klout/", "/2011/10/moved/"))
    problems = check_links(build_copy, SITE_URL)
    assert any(p.startswith("broken link: feeds/all.atom.xml") and "2011/10/moved/" in p for p in problems)


def test_a_malformed_feed_is_reported(build_copy):
    feed = build_copy / "feeds" / "all.atom.xml"
    feed.write_text(feed.read_text(encoding="utf-8")[:-40])
    problems = check_feeds(build_copy, SITE_URL)
    assert problems and problems[0].startswith("invalid feed: feeds/all.atom.xml: not well-formed XML")


def test_feeds_go_through_the_feed_validator_when_there_is_one(build_copy, monkeypatch):
    calls = []

    def validate_file(path, site_url):
        calls.append((path.name, site_url))
        return ["made-up problem"] if path.name == "all.rss.xml" else []

    package = types.ModuleType("feed_extras")
    module = types.ModuleType("feed_extras.validate")
    module.validate_file = validate_file
    package.validate = module
    monkeypatch.setitem(sys.modules, "feed_extras", package)
    monkeypatch.setitem(sys.modules, "feed_extras.validate", module)
    assert checks.feed_errors(build_copy / "feeds" / "all.rss.xml", SITE_URL) == ["made-up problem"]
    assert check_feeds(build_copy, SITE_URL) == ["invalid feed: feeds/all.rss.xml: made-up problem"]
    assert ("all.atom.xml", SITE_URL) in calls


def write(content, rel, header, body="Body text."):
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k}: {v}\n" for k, v in header.items()) + f"\n{body}\n", encoding="utf-8")
    return path


NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=datetime.UTC)


def test_unpublished_posts_are_found_in_the_sources(content_copy):
    write(content_copy, "posts/a.md", {"Title": "Draft one", "Date": "2011-01-01", "Status": "draft"})
    write(content_copy, "posts/b.md", {"Title": "Hidden one", "Date": "2011-01-01", "Status": "Hidden"})
    write(content_copy, "posts/c.md", {"Title": "Later one", "Date": "2030-06-01 13:00"})
    write(content_copy, "posts/d.md", {"Title": "Now one", "Date": "2030-06-01 11:00"})
    # 08:30 in New York is 12:30 UTC: still in the future.
    write(content_copy, "recaps/e.recap", {"Title": "#chat: A recap", "Date": "2030-06-01 08:30",
                                            "Timezone": "America/New_York"})
    write(content_copy, "pages/f.md", {"Title": "Hidden page", "Status": "hidden"})
    write(content_copy, "pages/g.md", {"Title": "Draft page", "Slug": "draft-page-slug", "Status": "draft"})
    # Decks are always published (the presentations plugin ignores Status and Date).
    write(content_copy, "presentations/h.md", {"Title": "Next month's talk", "Date": "2031-01-01"})
    found = {post["file"]: post for post in unpublished(content_copy, now=NOW)}
    assert set(found) == {
        "content/posts/a.md", "content/posts/b.md", "content/posts/c.md",
        "content/recaps/e.recap", "content/pages/g.md",
    }
    assert found["content/posts/a.md"]["slug"] == "draft-one"  # slugified title
    assert found["content/recaps/e.recap"]["slug"] == "chat-a-recap"
    assert found["content/pages/g.md"]["slug"] == "draft-page-slug"
    assert found["content/posts/b.md"]["why"] == "hidden"
    assert "in the future" in found["content/posts/c.md"]["why"]


@pytest.fixture
def draft(content_copy):
    write(content_copy, "posts/secret-plans.md", {
        "Title": "Our secret plans", "Date": "2011-11-01 10:00", "Slug": "secret-plans", "Status": "draft",
    })
    return content_copy


def test_a_draft_in_the_build_is_reported(build_copy, draft):
    leaked = build_copy / "drafts" / "secret-plans" / "index.html"
    leaked.parent.mkdir(parents=True)
    leaked.write_text("<html><body><h1>Our secret plans</h1></body></html>")
    problems = check_unpublished(build_copy, SITE_URL, draft)
    assert len(problems) == 1
    assert problems[0].startswith("unpublished post in the build: content/posts/secret-plans.md (draft;")
    assert "file drafts/secret-plans/index.html" in problems[0]
    assert "title in drafts/secret-plans/index.html" in problems[0]


@pytest.mark.parametrize(
    "file, text, trace",
    [
        ("index.html", f'<a href="{SITE_URL}/2011/11/secret-plans/">soon</a>', "link"),
        ("index.html", '<a href="2011/11/secret-plans/">soon</a>', "link"),
        ("sitemap.xml", f"<urlset><url><loc>{SITE_URL}/2011/11/secret-plans/</loc></url></urlset>", "link"),
        ("search.json", '{"pages": [{"url": "https:\\/\\/example.org\\/blog\\/drafts\\/secret-plans\\/"}]}', "link"),
        ("about/index.html", "<p>Coming up: Our secret plans</p>", "title"),
        ("feeds/all.atom.xml", "<title>Our secret plans</title>", "title"),
    ],
)
def test_a_draft_s_slug_or_title_anywhere_in_the_output_is_reported(build_copy, draft, file, text, trace):
    path = build_copy / file
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    problems = check_unpublished(build_copy, SITE_URL, draft)
    assert len(problems) == 1, problems
    assert f"{trace} " in problems[0] and file in problems[0]


def test_a_draft_in_a_compressed_search_index_is_reported(build_copy, draft):
    fragment = build_copy / "pagefind" / "fragment" / "en_0123abc.pf_fragment"
    fragment.parent.mkdir(parents=True, exist_ok=True)
    fragment.write_bytes(gzip.compress(b'pagefind_dcd{"url":"/2011/11/secret-plans/","content":"Soon."}'))
    problems = check_unpublished(build_copy, SITE_URL, draft)
    assert len(problems) == 1, problems
    assert "link /2011/11/secret-plans/ in pagefind/fragment/en_0123abc.pf_fragment" in problems[0]


def test_a_tag_or_deck_named_like_a_draft_is_not_a_leak(build_copy, content_copy):
    write(content_copy, "posts/klout.md", {"Title": "Some unreleased thoughts", "Slug": "klout",
                                           "Date": "2011-11-01", "Status": "draft"})
    assert (build_copy / "tag" / "klout" / "index.html").exists()
    assert check_unpublished(build_copy, SITE_URL, content_copy) == []


def test_run_checks_reports_every_kind_of_problem(build_copy, draft):
    (build_copy / "secret-plans.html").write_text('<a href="nowhere.html">x</a>')
    (build_copy / "feeds" / "broken.rss.xml").write_text("<rss><channel>")
    problems = run_checks(build_copy, SITE_URL, draft)
    kinds = sorted({p.split(":")[0] for p in problems})
    assert kinds == ["broken link", "invalid feed", "unpublished post in the build"]
