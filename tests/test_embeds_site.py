"""Embeds in a built fixture site: social posts as cards, script embeds, owner hosts, reST videos, code."""

import re

import pytest
from inert import active_in_html

from helpers import copy_project, page, read_feed, run_pelican

# Embed codes in the shapes X/Twitter, Mastodon (4.3+), Bluesky and Speaker Deck give them.
TWEET_CODE = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Community managers: what is your favourite'
    ' <a href="https://twitter.com/hashtag/cmgr?src=hash&amp;ref_src=twsrc%5Etfw">#cmgr</a>'
    ' tool?</p>&mdash; Jane Doe (@janedoe) <a'
    ' href="https://twitter.com/janedoe/status/176890011234567890?ref_src=twsrc%5Etfw">March 5,'
    ' 2012</a></blockquote> <script async src="https://platform.twitter.com/widgets.js"'
    ' charset="utf-8"></script>'
)
MASTODON_CODE = (
    '<blockquote class="mastodon-embed"'
    ' data-embed-url="https://mastodon.social/@Gargron/113557238026733224/embed" style="background:'
    ' #FCF8FF; border-radius: 8px; max-width: 540px;"> <a'
    ' href="https://mastodon.social/@Gargron/113557238026733224" target="_blank" style="color:'
    ' #1C1A25;"> <svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 79'
    ' 75"><path d="M63 45" fill="currentColor"/></svg> <div style="color: #787588;">Post by'
    ' @Gargron@mastodon.social</div> <div style="font-weight: 500;">View on Mastodon</div> </a>'
    ' </blockquote> <script data-allowed-prefixes="https://mastodon.social/" async'
    ' src="https://mastodon.social/embed.js"></script>'
)
BLUESKY_CODE = (
    '<blockquote class="bluesky-embed"'
    ' data-bluesky-uri="at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3laxyz2abc22k"'
    ' data-bluesky-cid="bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5ig4w5djxqv4ggi"><p'
    ' lang="en">Moderation is community work.</p>&mdash; Bluesky (@bsky.app) <a'
    ' href="https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laxyz2abc22k?ref_src=embed">'
    'November 20, 2024 at 6:03 PM</a></blockquote><script async'
    ' src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>'
)
SPEAKERDECK_CODE = (
    '<script async class="speakerdeck-embed" data-id="0123456789abcdef0123456789abcdef"'
    ' data-ratio="1.77777777777778" src="//speakerdeck.com/assets/embed.js"></script>'
)
SOCIAL_POST = f"""\
Title: Social posts and players
Date: 2012-03-06 10:00
Category: Tools
Slug: social-posts-and-players

A tweet from the day:

{TWEET_CODE}

From the fediverse:

{MASTODON_CODE}

And from Bluesky:

{BLUESKY_CODE}

The slides:

{SPEAKERDECK_CODE}

Our own video host:

<iframe src="https://player.example.org/v/42" title="Our meetup talk" width="640" height="360"></iframe>

How to embed, as code:

    <iframe src="https://evil.example/player"></iframe>
    <script>alert("kept as code")</script>
    [presentation: https://evil.example/deck]

- A list item with its player:

\t<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
"""
RST_VIDEOS = """\
Videos in reStructuredText
##########################

:date: 2012-03-07 10:00
:category: Tools
:slug: videos-in-restructuredtext

A talk on YouTube:

.. youtube:: dQw4w9WgXcQ
   :start: 1m30s

And one on Vimeo:

.. vimeo:: https://vimeo.com/76979871
   :width: 640
   :height: 360
"""
POST = "2012/03/social-posts-and-players/"
RST_POST = "2012/03/videos-in-restructuredtext/"


def write_content(content):
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "social-posts-and-players.md").write_text(SOCIAL_POST, encoding="utf-8")
    (content / "posts" / "videos-in-restructuredtext.rst").write_text(RST_VIDEOS, encoding="utf-8")
    return content


def copy_site(project, content):
    copy_project(project, content=content)
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write('\nEMBED_EXTRA_HOSTS = ["player.example.org"]\n')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("embeds")
    copy_site(project, write_content(tmp_path_factory.mktemp("embeds-content") / "content"))
    result = run_pelican(project / "output", cwd=project, extra=("--verbose",))  # INFO lines too
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not re.search(r"\b(WARNING|ERROR|CRITICAL)\b", log), log
    return project / "output", " ".join(log.split())


def main_html(output, url):
    return str(page(output, url).select_one("main"))


def test_social_posts_are_static_cards(built):
    output, _ = built
    doc = page(output, POST)
    cards = doc.select("main figure.social-post")
    assert [c["class"][1] for c in cards] == ["social-post--x", "social-post--mastodon", "social-post--bluesky"]
    links = [c.select_one("a.social-post-link")["href"] for c in cards]
    assert links == [
        "https://twitter.com/janedoe/status/176890011234567890",
        "https://mastodon.social/@Gargron/113557238026733224",
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laxyz2abc22k",
    ]
    assert cards[0].select_one("time")["datetime"] == "2012-03-05"
    assert "Moderation is community work." in cards[2].get_text()


def test_no_script_and_nothing_that_makes_a_request_in_the_post(built):
    output, _ = built
    for url in (POST, RST_POST):
        html = main_html(output, url)
        assert "<script" not in html and "<iframe" not in html, url
        for host in ("platform.twitter.com", "embed.bsky.app", "mastodon.social/embed.js", "assets/embed.js"):
            assert host not in html, (url, host)
        assert active_in_html(html, fragment=True) == [], url


def test_speakerdeck_script_and_owner_host_become_facades(built):
    output, _ = built
    facades = page(output, POST).select("main figure[data-embed]")
    sources = [f["data-embed-src"] for f in facades]
    assert sources == [
        "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef",
        "https://player.example.org/v/42",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ]
    extra = facades[1]
    assert extra["data-embed-sandbox"] == "allow-scripts allow-same-origin allow-popups"
    assert extra["data-embed-title"] == "Our meetup talk"


def test_code_blocks_show_their_markup_as_code(built):
    output, _ = built
    doc = page(output, POST)
    code = " ".join(" ".join(pre.get_text() for pre in doc.select("main pre")).split())
    assert '<iframe src="https://evil.example/player"></iframe>' in code
    assert '<script>alert("kept as code")</script>' in code
    assert "[presentation: https://evil.example/deck]" in code


def test_the_list_item_keeps_its_player(built):
    output, _ = built
    item = next(li for li in page(output, POST).select("main li") if "A list item" in li.get_text())
    assert item.select_one("figure[data-embed]")["data-embed-src"].endswith("/dQw4w9WgXcQ")


def test_restructuredtext_directives_give_the_same_facade(built):
    output, _ = built
    facades = page(output, RST_POST).select("main figure[data-embed]")
    assert [f["data-embed-src"] for f in facades] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    assert facades[1]["data-embed-ratio"] == "640 / 360"


def test_the_feed_holds_plain_quotes(built):
    output, _ = built
    feed = read_feed(output / "feeds" / "all.atom.xml")
    entry = next(e for e in feed.entries if e.title == "Social posts and players")
    html = entry.content[0].value
    assert "social-post" not in html and "<template" not in html and "<script" not in html
    assert html.count("<blockquote>") == 3
    assert "— Jane Doe (@janedoe), March 5, 2012 on X/Twitter:" in html
    assert "https://mastodon.social/@Gargron/113557238026733224" in html


def test_the_log_says_once_per_post_that_the_script_was_dropped(built):
    _, log = built
    path = "content/posts/social-posts-and-players.md"
    for name in ("X/Twitter", "Mastodon", "Bluesky"):
        line = f"{path}: dropped the {name} embed script; the post is shown as a static card"
        assert log.count(line) == 1, (line, log)


def test_bad_directive_and_refused_iframes_fail_naming_file_and_line(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "bad-video.rst").write_text(
        "Bad video\n#########\n\n:date: 2012-03-08\n\n.. youtube:: https://www.youtube.com/watch?v=short\n",
        encoding="utf-8")
    frames = ["Title: Frames", "Date: 2012-03-08", ""] + [
        '<iframe src="https://other.example/1"></iframe>' if n in (4, 9, 15) else "" for n in range(4, 16)]
    (content / "posts" / "frames.md").write_text("\n".join(frames) + "\n", encoding="utf-8")
    scripts = ["Title: Scripts", "Date: 2012-03-08", ""] + [
        f"Text <script>alert({n})</script> here." if n in (4, 9, 15) else "" for n in range(4, 16)]
    (content / "posts" / "scripts.md").write_text("\n".join(scripts) + "\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    copy_site(project, content)
    result = run_pelican(project / "output", cwd=project)
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, log
    assert "content/posts/bad-video.rst:6: youtube: YouTube video id 'short' is not valid" in log, log
    for line in (4, 9, 15):
        assert f'content/posts/frames.md:{line}: host \'other.example\' is not an allowed provider' in log, log
    assert 'add "other.example" to EMBED_EXTRA_HOSTS in pelicanconf.py' in log
    for line in (4, 9, 15):
        assert f"content/posts/scripts.md:{line}: unsafe HTML the site does not publish: <script>" in log, log


def test_every_page_showing_a_player_may_load_it(built):
    """A post, or a list whose summaries show a player: its script loads, its policy frames that host."""
    from urllib.parse import urlsplit

    from helpers import html_files, soup

    output, _ = built
    pages_with_players = 0
    for file in html_files(output):
        doc = soup(file)
        players = doc.select("[data-embed-src]")
        if not players:
            continue
        pages_with_players += 1
        assert any(s["src"].endswith("js/presentations.js") for s in doc.select("script[src]")), file
        policy = doc.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        frames = next(part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["frame-src"])
        for player in players:
            parts = urlsplit(player["data-embed-src"])
            assert f"{parts.scheme}://{parts.netloc}" in frames, (file, frames)
    assert pages_with_players >= 3  # the two posts, and a list showing a summary with a player
