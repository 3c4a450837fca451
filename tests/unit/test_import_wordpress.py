"""`invoke import-wordpress`: a WordPress export (WXR) becomes posts, pages and images that build.

The fixture export (tests/fixtures/wordpress/community-blog.wordpress.xml) is
written the way WordPress 6 writes Tools > Export: a block-editor post with
categories, tags and an excerpt, a classic (autop) draft, a page, two image
attachments, a post with [caption] inside a paragraph and a [gallery] after
it, a post with [youtube], [slideshare], an embedded tweet and an iframe, a
percent-encoded French slug, a trashed post and a menu item.
"""

import subprocess
import sys

import pytest
from pelican.settings import read_settings
from PIL import Image

from helpers import ROOT, copy_project, page
from seo import redirects
from sitetools.wordpress import WordPressError
from sitetools.wordpress.convert import Context, to_markdown, wpautop
from sitetools.wordpress.images import Images
from sitetools.wordpress.importer import import_wordpress

EXPORT = ROOT / "tests" / "fixtures" / "wordpress" / "community-blog.wordpress.xml"
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def make_uploads(folder):
    """A tiny wp-content/uploads copy holding the two images the fixture uses."""
    month = folder / "2012" / "03"
    month.mkdir(parents=True)
    Image.new("RGB", (4, 3), "red").save(month / "meetup-group.png")
    Image.new("RGB", (3, 3), "blue").save(month / "meetup-badges.png")
    return folder


def imported(tmp_path, export=EXPORT, uploads=True, settings=SETTINGS):
    """Import into tmp_path/content; return (summary text, {content/-relative name: text})."""
    folder = make_uploads(tmp_path / "uploads") if uploads else None
    lines = import_wordpress(tmp_path, export, uploads=folder, settings=settings)
    content = tmp_path / "content"
    files = {p.relative_to(content).as_posix(): p for p in content.rglob("*") if p.is_file()}
    texts = {name: p.read_text(encoding="utf-8") for name, p in files.items() if name.endswith(".md")}
    return "\n".join(lines), texts, files


def refused(tmp_path, export, uploads=None):
    """The message of an import that must stop; nothing is written then."""
    with pytest.raises(WordPressError) as info:
        import_wordpress(tmp_path, export, uploads=uploads, settings=SETTINGS)
    content = tmp_path / "content"
    assert not content.exists() or not any(p.is_file() for p in content.rglob("*")), "something was written"
    return str(info.value)


def headers(text):
    """{key: value} of a Pelican Markdown header."""
    head = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body(text):
    return text.split("\n\n", 1)[1]


# --- what becomes what -------------------------------------------------------------------


def test_posts_pages_and_drafts_get_full_headers_and_skipped_items_are_counted(tmp_path):
    summary, texts, _ = imported(tmp_path)
    assert sorted(texts) == [
        "pages/code-of-conduct.md", "posts/café-crème.md", "posts/ideas-for-the-next-meetup.md",
        "posts/our-first-meetup.md", "posts/talks-and-tweets.md", "posts/welcome-to-the-community.md",
    ]
    welcome = headers(texts["posts/welcome-to-the-community.md"])
    assert welcome == {
        "Title": "Welcome to the community", "Date": "2012-03-05 10:30", "Modified": "2012-04-01 08:00",
        "Author": "Jane Doe", "Category": "Community Management", "Tags": "Events, cmgrchat, engagement",
        "Slug": "welcome-to-the-community", "Status": "published",
        "Summary": "What this blog is about, and what to expect from it.",
    }
    draft = headers(texts["posts/ideas-for-the-next-meetup.md"])
    assert draft["Status"] == "draft" and draft["Slug"] == "ideas-for-the-next-meetup"
    assert headers(texts["pages/code-of-conduct.md"])["Status"] == "published"
    assert "  posts: 5 (1 drafts) in content/posts/" in summary
    assert "  pages: 1 (0 drafts) in content/pages/" in summary
    assert "  skipped: attachment 2, nav_menu_item 1, post (trash) 1" in summary
    assert not any("rant" in name for name in texts)


def test_block_comments_html_comments_and_cdata_splits(tmp_path):
    _, texts, _ = imported(tmp_path)
    welcome = body(texts["posts/welcome-to-the-community.md"])
    assert "wp:paragraph" not in welcome and "<!--" not in welcome
    assert "looks like ]]> in the export" in welcome
    assert "## What to expect" in welcome and "- Weekly *#cmgrchat* recaps" in welcome
    # text that looks like markup stays text: never raw HTML in the Markdown
    assert "&lt;script>alert(1)&lt;/script>" in welcome and "**community management** &amp; the" in welcome
    talks = body(texts["posts/talks-and-tweets.md"])
    assert "TODO" not in talks and "more" not in body(texts["posts/our-first-meetup.md"]).replace("month", "")


def test_classic_content_is_autop_ed_into_paragraphs_and_line_breaks(tmp_path):
    _, texts, _ = imported(tmp_path)
    assert body(texts["posts/café-crème.md"]) == (
        "Un billet en français.  \nDeuxième ligne du même paragraphe.\n\nUn autre paragraphe, avec *emphase*.\n"
    )
    assert body(texts["pages/code-of-conduct.md"]).startswith("## Be kind\n\nTreat every member with respect.\n")


def test_a_percent_encoded_slug_is_decoded(tmp_path):
    _, texts, _ = imported(tmp_path)
    assert headers(texts["posts/café-crème.md"])["Slug"] == "café-crème"


@pytest.mark.parametrize(("given", "expected"), [
    ("One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>\n"),
    ("<h2>Head</h2>\nText", "<h2>Head</h2>\n<p>Text</p>\n"),
    ("<pre>a\n\nb</pre>\n\nAfter", "<pre>a\n\nb</pre>\n<p>After</p>\n"),
    ("  \n", ""),
])
def test_wpautop_matches_wordpress(given, expected):
    assert wpautop(given) == expected


# --- shortcodes, embeds, images ----------------------------------------------------------


def test_caption_inside_a_paragraph_and_gallery_after_it_use_local_images(tmp_path):
    summary, texts, files = imported(tmp_path)
    meetup = body(texts["posts/our-first-meetup.md"])
    assert meetup.startswith("Twelve of us met for the first time.\n\n"
                             "[![Twelve people around a table]({static}/images/2012/03/meetup-group.png)]"
                             "({static}/images/2012/03/meetup-group.png)  \n"
                             "_The group, with [the café](https://example.org/cafe) in the back_\n")
    assert ("- ![Twelve people around a table]({static}/images/2012/03/meetup-group.png)\n"
            "- ![meetup-badges]({static}/images/2012/03/meetup-badges.png)\n") in meetup
    assert files["images/2012/03/meetup-group.png"].read_bytes() == \
        (tmp_path / "uploads/2012/03/meetup-group.png").read_bytes()
    assert "  images copied: 2 into content/images/" in summary and "  images remote: 0" in summary


def test_video_and_slide_shortcodes_tweets_and_iframes(tmp_path):
    summary, texts, _ = imported(tmp_path)
    talks = body(texts["posts/talks-and-tweets.md"])
    assert "\n\n[presentation: https://www.youtube.com/watch?v=dQw4w9WgXcQ]\n\n" in talks
    assert "\n\n[slideshare id=12345678&doc=community-metrics-120316&w=425&h=355]\n\n" in talks
    assert "does not allow: <http://videos.example.net/talk.mp4>" in talks
    tweet = next(line for line in talks.splitlines() if line.startswith("<blockquote"))
    assert 'class="twitter-tweet"' in tweet and tweet.endswith("</blockquote>")
    assert "&mdash; Jane Doe (@janedoe)" in tweet or "— Jane Doe (@janedoe)" in tweet
    assert "<script" not in talks and "<iframe" not in talks
    assert "<https://maps.example.net/embed?pb=123>" in talks
    assert "content/posts/talks-and-tweets.md: <iframe> from maps.example.net not allowed" in summary
    assert "content/posts/talks-and-tweets.md: [youtube http://videos.example.net/talk.mp4] kept as a plain link" \
        in summary


def test_unknown_shortcodes_stay_as_text_and_are_listed(tmp_path):
    summary, texts, _ = imported(tmp_path)
    assert '[contact-form-7 id="42" title="Sign up"]' in texts["posts/our-first-meetup.md"]
    assert "content/posts/our-first-meetup.md: unknown shortcode [contact-form-7] left as text" in summary


def test_without_uploads_the_image_urls_stay_and_are_listed(tmp_path):
    summary, texts, files = imported(tmp_path, uploads=False)
    assert "https://oldblog.example.com/wp-content/uploads/2012/03/meetup-group-300x200.png" \
        in texts["posts/our-first-meetup.md"]
    assert not any(name.startswith("images/") for name in files)
    assert "  images remote: 3 (no --uploads given; the links are unchanged)" in summary
    assert (
        "    https://oldblog.example.com/wp-content/uploads/2012/03/meetup-badges.png  "
        "(posts/our-first-meetup.md)"
    ) in summary


def test_old_permalinks_become_aliases_the_seo_plugin_accepts(tmp_path):
    settings = dict(SETTINGS, ARTICLE_URL="posts/{slug}/", PAGE_URL="pages/{slug}/")
    summary, texts, _ = imported(tmp_path, settings=settings)
    assert headers(texts["posts/welcome-to-the-community.md"])["Aliases"] == "/2012/03/welcome-to-the-community/"
    assert headers(texts["posts/café-crème.md"])["Aliases"] == "/2012/03/caf%c3%a9-cr%c3%a8me/"
    assert headers(texts["pages/code-of-conduct.md"])["Aliases"] == "/code-of-conduct/"
    assert "Aliases" not in headers(texts["posts/ideas-for-the-next-meetup.md"])  # its link is /?p=11
    for text in texts.values():
        for alias in redirects.split_aliases(headers(text).get("Aliases")):
            redirects.normalise_alias(alias)
    assert "?p=ID addresses are not kept as aliases" in summary


def test_the_same_url_as_the_new_one_is_no_alias(tmp_path):
    _, texts, _ = imported(tmp_path)  # the site's own URLs are /YEAR/MONTH/SLUG/ like the old ones
    assert not any("Aliases" in headers(text) for text in texts.values())


# --- hostile and bad input ---------------------------------------------------------------


def fixture_with(tmp_path, old, new, name="export.xml"):
    path = tmp_path / name
    text = EXPORT.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_xml_bomb_is_refused_before_any_expansion(tmp_path):
    bomb = tmp_path / "bomb.xml"
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">\n' for i in range(1, 10))
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY e0 "lol">\n' + entities
                    + ']>\n<rss><channel><title>&e9;</title></channel></rss>\n', encoding="utf-8")
    message = refused(tmp_path, bomb)
    assert message.startswith(f"{bomb}:2: refused: a <!DOCTYPE>")


def test_an_external_entity_is_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    export = tmp_path / "xxe.xml"
    text = EXPORT.read_text(encoding="utf-8").replace(
        "<rss version", f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n<rss version', 1)
    export.write_text(text.replace("<title>Community Notes</title>", "<title>&xxe;</title>"), encoding="utf-8")
    message = refused(tmp_path, export)
    assert "refused" in message and "TOP SECRET" not in message


def test_a_truncated_export_names_its_line(tmp_path):
    export = tmp_path / "cut.xml"
    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join(lines[:120]), encoding="utf-8")
    message = refused(tmp_path, export)
    assert message.startswith(f"{export}:121: not well-formed XML: ")
    assert "truncated?" in message


@pytest.mark.parametrize(("text", "expected"), [
    ("just some notes\n", ":1: not well-formed XML"),
    ("", ":1: the file is empty"),
    ('<?xml version="1.0"?>\n<html><body/></html>\n', ":1: not a WordPress export (WXR): the root element is <html>"),
    ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title></channel></rss>\n',
     ":1: not a WordPress export (WXR): an RSS feed without the wp: namespace"),
])
def test_files_that_are_not_wordpress_exports(tmp_path, text, expected):
    export = tmp_path / "other.xml"
    export.write_text(text, encoding="utf-8")
    assert refused(tmp_path, export).startswith(f"{export}{expected}")


@pytest.mark.parametrize("url", [
    "https://oldblog.example.com/wp-content/uploads/../secret.png",
    "https://oldblog.example.com/wp-content/uploads/2012/%2e%2e/%2e%2e/secret.png",
    "https://oldblog.example.com/wp-content/uploads/2012%2f..%2f..%2fsecret.png",
    "/wp-content/uploads/..%5c..%5csecret.png",
])
def test_an_attachment_url_cannot_reach_outside_the_uploads(tmp_path, url):
    # uploads/ is tmp_path/uploads: each URL, followed naively, reaches tmp_path/secret.png
    Image.new("RGB", (2, 2), "green").save(tmp_path / "secret.png")
    export = fixture_with(
        tmp_path,
        "https://oldblog.example.com/wp-content/uploads/2012/03/meetup-badges.png]]></wp:attachment_url>",
        f"{url}]]></wp:attachment_url>",
    )
    summary, texts, files = imported(tmp_path, export=export)
    assert not any(path.name == "secret.png" for path in files.values())
    assert f"- ![meetup-badges]({url})" in texts["posts/our-first-meetup.md"]
    assert f"    {url}  (posts/our-first-meetup.md)" in summary


def test_a_symlink_in_the_uploads_cannot_lead_outside(tmp_path):
    uploads = make_uploads(tmp_path / "own-uploads")
    Image.new("RGB", (2, 2), "green").save(tmp_path / "secret.png")
    (uploads / "2012" / "03" / "meetup-badges.png").unlink()
    (uploads / "2012" / "03" / "meetup-badges.png").symlink_to(tmp_path / "secret.png")
    import_wordpress(tmp_path, EXPORT, uploads=uploads, settings=SETTINGS)
    assert not (tmp_path / "content" / "images" / "2012" / "03" / "meetup-badges.png").exists()
    assert (tmp_path / "content" / "images" / "2012" / "03" / "meetup-group.png").exists()


def test_an_existing_file_is_refused_and_nothing_is_written(tmp_path):
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "our-first-meetup.md").write_text("Title: Mine\n\nKeep me.\n", encoding="utf-8")
    uploads = make_uploads(tmp_path / "uploads")
    with pytest.raises(WordPressError) as info:
        import_wordpress(tmp_path, EXPORT, uploads=uploads, settings=SETTINGS)
    assert str(info.value) == ("1 file(s) already exist, nothing was written: content/posts/our-first-meetup.md "
                               "(move them away or import into another copy of the site)")
    assert [p.name for p in (tmp_path / "content").rglob("*")] == ["posts", "our-first-meetup.md"]
    assert (posts / "our-first-meetup.md").read_text(encoding="utf-8") == "Title: Mine\n\nKeep me.\n"


def test_a_hostile_slug_stays_inside_its_folder(tmp_path):
    export = fixture_with(tmp_path, "<wp:post_name><![CDATA[talks-and-tweets]]>",
                          "<wp:post_name><![CDATA[..%2f..%2f..%2fevil]]>")
    _, texts, _ = imported(tmp_path, export=export)
    assert "posts/evil.md" in texts and headers(texts["posts/evil.md"])["Slug"] == "evil"
    assert not (tmp_path / "evil.md").exists()


# --- the task, and a real build ----------------------------------------------------------


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """A copy of the project (the sample site as content/), the fixture imported by `invoke import-wordpress`, built."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    uploads = make_uploads(tmp_path_factory.mktemp("wp") / "uploads")
    task = invoke(root, "import-wordpress", str(EXPORT), "--uploads", str(uploads))
    build = invoke(root, "build")
    return root, task, build


def invoke(root, *args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", check=False)


def test_the_task_prints_the_summary(imported_site):
    _, task, _ = imported_site
    assert task.returncode == 0, task.stdout + task.stderr
    assert task.stdout.startswith("Imported community-blog.wordpress.xml into content/:\n")


def test_the_imported_site_builds_and_shows_the_posts(imported_site):
    root, _, build = imported_site
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not [line for line in problems if "posts/" in line or "pages/" in line or "images/" in line], log
    output = root / "output"
    meetup = page(output, "2012/03/our-first-meetup/")
    assert meetup.find("h1").get_text() == "Our first meetup"
    assert [img["src"] for img in meetup.select(".content img")] == ["../../../images/2012/03/meetup-group.png"] * 2 \
        + ["../../../images/2012/03/meetup-badges.png"]
    assert (output / "images" / "2012" / "03" / "meetup-badges.png").is_file()
    assert meetup.select_one(".content em").get_text() == "The group, with the café in the back"
    talks = page(output, "2012/03/talks-and-tweets/")
    assert talks.select_one("figure.embed--youtube") and talks.select_one("figure.embed--slideshare")
    assert talks.select_one("figure.social-post--x")
    assert not talks.find("script", src=lambda src: "twitter" in (src or ""))
    assert page(output, "2012/03/café-crème/").find("h1").get_text() == "Café crème et communauté"
    assert page(output, "code-of-conduct/").find("h1").get_text() == "Code of conduct"
    assert not (output / "2012" / "03" / "ideas-for-the-next-meetup").exists()  # a draft


def test_the_task_refuses_bad_input_in_one_line_without_a_traceback(imported_site, tmp_path):
    root, _, _ = imported_site
    export = tmp_path / "cut.xml"
    export.write_text(EXPORT.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    before = sorted(p for p in (root / "content").rglob("*"))
    result = invoke(root, "import-wordpress", str(export))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"import-wordpress: {export}:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p for p in (root / "content").rglob("*")) == before


# --- one item's HTML, converted directly -------------------------------------------------


def converted(text):
    """(Markdown, notes) of one item's content, without uploads."""
    ctx = Context("posts/x.md", Images(None, {"oldblog.example.com"}), {}, [])
    return to_markdown(text, ctx), ctx.notes


def test_block_editor_embeds_and_captioned_images():
    markdown, notes = converted(
        '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->\n'
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->\n\n'
        '<!-- wp:embed {"url":"https://example.net/thing"} -->\n<figure class="wp-block-embed"><div '
        'class="wp-block-embed__wrapper">\nhttps://example.net/thing\n</div></figure>\n<!-- /wp:embed -->\n\n'
        '<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://cdn.example.net/a.jpg" alt="A"/>'
        '<figcaption class="wp-element-caption">The <em>caption</em></figcaption></figure>\n<!-- /wp:image -->'
    )
    assert markdown.startswith("[presentation: https://youtu.be/dQw4w9WgXcQ]\n\n<https://example.net/thing>\n\n")
    assert "![A](https://cdn.example.net/a.jpg)  \n_The *caption*_" in markdown
    assert notes == ["block-editor embed of https://example.net/thing kept as a link"]


def test_active_markup_is_removed_and_noted():
    markdown, notes = converted(
        'Hi <a href="javascript:alert(1)">there</a> <img src="data:image/png;base64,AAAA" alt="x">\n\n'
        '<script>track()</script><form action="/x"><input name="q"></form>\n\n<p onclick="x()">End</p>'
    )
    assert "javascript" not in markdown and "data:" not in markdown and "track" not in markdown
    assert "<form" not in markdown and "Hi there" in markdown and markdown.rstrip().endswith("End")
    assert sorted(notes) == ["<form> removed", "<img> without an http(s) source removed", "<script> removed",
                             "link with a javascript: address unwrapped"]


def test_malformed_urls_do_not_stop_the_import():
    markdown, notes = converted('<iframe src="https://[bad"></iframe> <a href="http://[::1">x</a> '
                                '<img src="https://example.org:99999/a.png" alt="b">')
    assert "x" in markdown and notes == ["<iframe> from no host not allowed: kept as a link"]


def test_escaped_shortcodes_and_video_ids():
    markdown, notes = converted("[[youtube dQw4w9WgXcQ]]\n\n[vimeo 76979871]\n\n[embed]https://vimeo.com/1[/embed]")
    assert markdown.startswith("[youtube dQw4w9WgXcQ]\n\n[presentation: https://vimeo.com/76979871]\n\n")
    assert "[presentation: https://vimeo.com/1]" in markdown and notes == []


def test_a_password_protected_post_becomes_a_draft(tmp_path):
    export = fixture_with(tmp_path, "<wp:post_password><![CDATA[]]></wp:post_password>",
                          "<wp:post_password><![CDATA[secret]]></wp:post_password>")
    summary, texts, _ = imported(tmp_path, export=export)
    assert headers(texts["posts/welcome-to-the-community.md"])["Status"] == "draft"
    assert "content/posts/welcome-to-the-community.md: password-protected in WordPress" in summary
