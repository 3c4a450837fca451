"""Contracts between plugins in small built sites: a wrong PLUGINS order stops the build, saying what to
move; a problem in a translation is reported once."""

import json

from helpers import ROOT, run_pelican

PLAYER_POST = """Title: A talk
Date: 2011-10-27 10:00
Category: Notes
Slug: a-talk

The slides:

[presentation: https://speakerdeck.com/player/0123456789abcdef0123456789abcdef]
"""
POST = """Title: Hello
Date: 2011-10-27 10:00
Category: Notes
Slug: hello

Hello there.
"""
TRANSLATION = """Title: Bonjour
Date: 2011-10-27 10:00
Category: Notes
Slug: hello
Lang: fr

Bonjour, voir [ceci]({filename}/posts/missing.md).
"""
PLUGINS = [
    "build_guard", "tag_merge", "article_extras", "presentations", "chat_recaps", "feed_extras",
    "glossary", "structure", "connections", "search", "seo",
]
QUIET = ["SEARCH_PAGEFIND=false", "SEO_CARDS=false"]


def build(tmp_path, posts, plugins=None):
    """Build `posts` ({file name: text}) with pelicanconf.py and `plugins` as PLUGINS; return (result, log)."""
    folder = tmp_path / "content" / "posts"
    folder.mkdir(parents=True)
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    extra = [*QUIET, f"PLUGINS={json.dumps(plugins)}"] if plugins else QUIET
    result = run_pelican(tmp_path / "output", settings=ROOT / "pelicanconf.py", content=tmp_path / "content",
                         extra=["-e", *extra])
    return result, result.stdout + result.stderr


def error_lines(log):
    """The log's ERROR records, each on one line (Rich wraps long messages, the source file amid them)."""
    return [" ".join(record.split()) for record in log.split("ERROR")[1:]]


def test_feed_extras_before_presentations_fails_the_build_naming_both(tmp_path):
    order = [p for p in PLUGINS if p != "feed_extras"]
    order.insert(order.index("presentations"), "feed_extras")
    result, log = build(tmp_path, {"a-talk.md": PLAYER_POST}, order)
    assert result.returncode == 1, log
    errors = error_lines(log)
    assert len(errors) == 1, log
    assert errors[0].startswith('PLUGINS: "feed_extras" must come after "presentations" (presentations turns '
                                'its embeds into plain links in feeds before feed_extras cleans them); '
                                'move it later in'), log
    assert "build failed: 1 problem(s)" in " ".join(log.split()), log
    assert "Traceback" not in log


def test_in_the_right_order_feeds_hold_links_not_players(tmp_path):
    result, log = build(tmp_path, {"a-talk.md": PLAYER_POST})
    assert result.returncode == 0, log
    feed = (tmp_path / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "speakerdeck.com" in feed
    assert "data-embed" not in feed


def test_a_broken_link_in_a_translation_is_reported_once(tmp_path):
    result, log = build(tmp_path, {"hello.md": POST, "hello-fr.md": TRANSLATION})
    assert result.returncode == 1, log
    errors = error_lines(log)
    assert len(errors) == 1, log
    assert "hello-fr.md:7: link {filename}/posts/missing.md points to no file" in errors[0], log
    assert "build failed: 1 problem(s)" in " ".join(log.split()), log
