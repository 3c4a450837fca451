"""The publish check's list of unpublished posts reads every header the build reads."""

from datetime import UTC, datetime

from sitetools.checks import unpublished

POSTS = {
    "posts/key-value.md": "Title: Key value\nDate: 2021-01-01\nStatus: draft\n\nText.\n",
    "posts/hugo.markdown": "---\ntitle: \"Hugo: a draft\"\ndate: 2021-01-01\ndraft: true\n---\n\nText.\n",
    "posts/jekyll.mkd": "---\ntitle: Not yet\ndate: 2021-01-01\npublished: false\n---\n\nText.\n",
    "posts/future.mdown": "---\ntitle: Future\ndate: \"2031-01-01 10:00:00 +0200\"\n---\n\nText.\n",
    "posts/later.rst": "Later\n#####\n\n:date: 2021-01-01\n:status: draft\n\nText.\n",
    "posts/published.md": "---\ntitle: Out\ndate: 2021-01-01\n---\n\nText.\n",
    "posts/broken.md": "---\ntitle: [unclosed\n",
}


def test_drafts_and_future_posts_in_every_header_style_are_found(tmp_path):
    content = tmp_path / "content"
    for name, text in POSTS.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    found = {post["file"]: (post["why"], post["title"]) for post in
             unpublished(content, now=datetime(2026, 1, 1, tzinfo=UTC))}
    assert found == {
        "content/posts/key-value.md": ("draft", "Key value"),
        "content/posts/hugo.markdown": ("draft", "Hugo: a draft"),
        "content/posts/jekyll.mkd": ("draft", "Not yet"),
        "content/posts/future.mdown": ("dated 2031-01-01 10:00:00 +0200, in the future", "Future"),
        "content/posts/later.rst": ("draft", "Later"),
    }
