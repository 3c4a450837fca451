"""Embedded X/Twitter, Mastodon and Bluesky posts become static cards: Markdown in, HTML out."""

import markdown
import pytest
from bs4 import BeautifulSoup

from kbutil.diagnostics import LineError
from presentations.extension import PresentationExtension
from presentations.feeds import feed_html
from presentations.social import MAX_TEXT, post_from_embed

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Community managers: what is your '
    'favourite <a href="https://twitter.com/hashtag/cmgr?src=hash&amp;ref_src=twsrc%5Etfw">#cmgr</a> '
    'tool? <a href="https://t.co/AbCdEf123">https://t.co/AbCdEf123</a></p>&mdash; Jane Doe (@janedoe) '
    '<a href="https://twitter.com/janedoe/status/176890011234567890?ref_src=twsrc%5Etfw">March 5, 2012</a>'
    '</blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)
MASTODON = (
    '<blockquote class="mastodon-embed" data-embed-url="https://mastodon.social/@Gargron/113557238026733224/embed" '
    'style="background: #FCF8FF; border-radius: 8px; border: 1px solid #C9C4DA; margin: 0; max-width: 540px;"> '
    '<a href="https://mastodon.social/@Gargron/113557238026733224" target="_blank" style="color: #1C1A25;"> '
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 79 75"><path d="M63 45" '
    'fill="currentColor"/></svg> <div style="color: #787588; margin-top: 16px;">Post by @Gargron@mastodon.social</div> '
    '<div style="font-weight: 500;">View on Mastodon</div> </a> </blockquote> '
    '<script data-allowed-prefixes="https://mastodon.social/" async src="https://mastodon.social/embed.js"></script>'
)
DID = "did:plc:z72i7hdynmk6r22z27h6tvur"
BLUESKY = (
    f'<blockquote class="bluesky-embed" data-bluesky-uri="at://{DID}/app.bsky.feed.post/3laxyz2abc22k" '
    'data-bluesky-cid="bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5ig4w5djxqv4ggi" '
    'data-bluesky-embed-color-mode="system">'
    '<p lang="en">Moderation is community work.<br><br>Thread below.</p>&mdash; Bluesky (@bsky.app) '
    f'<a href="https://bsky.app/profile/{DID}/post/3laxyz2abc22k?ref_src=embed">November 20, 2024 at 6:03 PM</a>'
    '</blockquote><script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>'
)


def convert(text):
    """(HTML, notices) of Markdown `text` with the presentations extension and the sanitizer."""
    ext = PresentationExtension(template_dirs=["theme/templates"])
    md = markdown.Markdown(extensions=["markdown.extensions.extra", ext], output_format="html5")
    return md.convert(text), md.kb_embed_notices


def card(html):
    return BeautifulSoup(html, "html.parser").select_one("figure.social-post")


def words(node):
    return " ".join(node.get_text().split())


def test_a_tweet_becomes_a_static_card():
    html, notices = convert(f"Look:\n\n{TWEET}\n\nDone.\n")
    figure = card(html)
    quote = figure.select("blockquote.social-post-text")[0]
    assert " ".join(quote.get_text().split()) == (
        "Community managers: what is your favourite #cmgr tool? https://t.co/AbCdEf123")
    assert [a["href"] for a in quote.select("a")] == [
        "https://twitter.com/hashtag/cmgr?src=hash&ref_src=twsrc%5Etfw", "https://t.co/AbCdEf123"]
    assert figure.select_one(".social-post-author").get_text() == "Jane Doe"
    assert figure.select_one(".social-post-handle").get_text() == "@janedoe"
    time = figure.select("time")[0]
    assert (time["datetime"], time.get_text()) == ("2012-03-05", "March 5, 2012")
    assert figure.select("a.social-post-link")[0]["href"] == "https://twitter.com/janedoe/status/176890011234567890"
    assert "<script" not in html and "platform.twitter.com" not in html
    assert notices == ["dropped the X/Twitter embed script; the post is shown as a static card"]


def test_an_x_com_link_and_a_script_on_the_next_line():
    tweet = TWEET.replace("https://twitter.com/janedoe/status", "https://x.com/janedoe/status").replace(
        "</blockquote> <script", "</blockquote>\n<script")
    figure = card(convert(tweet + "\n")[0])
    assert figure.select("a.social-post-link")[0]["href"] == "https://x.com/janedoe/status/176890011234567890"


def test_a_mastodon_post_becomes_a_card_with_its_server_and_user():
    html, notices = convert(MASTODON + "\n")
    figure = card(html)
    assert figure.select_one(".social-post-handle").get_text() == "@Gargron@mastodon.social"
    assert figure.select("a.social-post-link")[0]["href"] == "https://mastodon.social/@Gargron/113557238026733224"
    assert "<svg" not in html and "style=" not in html and "embed.js" not in html
    assert notices == ["dropped the Mastodon embed script; the post is shown as a static card"]


def test_a_bluesky_post_becomes_a_card():
    html, notices = convert(BLUESKY + "\n")
    figure = card(html)
    paragraph = figure.select("blockquote p")[0]
    assert paragraph.contents[0] == "Moderation is community work." and len(paragraph.select("br")) == 2
    assert figure.select_one(".social-post-author").get_text() == "Bluesky"
    assert figure.select_one(".social-post-handle").get_text() == "@bsky.app"
    assert figure.select("time")[0]["datetime"] == "2024-11-20"
    assert figure.select("a.social-post-link")[0]["href"] == f"https://bsky.app/profile/{DID}/post/3laxyz2abc22k"
    assert notices == ["dropped the Bluesky embed script; the post is shown as a static card"]


def test_in_feeds_a_card_is_a_plain_quote():
    html = feed_html(convert(TWEET + "\n")[0])
    root = BeautifulSoup(html, "html.parser")
    assert root.select("figure, template") == [] and "<!--" not in html
    quote = root.select("blockquote")[0]
    text = " ".join(quote.get_text().split())
    assert text.startswith("Community managers:")
    assert (
        "— Jane Doe (@janedoe), March 5, 2012 on X/Twitter: https://twitter.com/janedoe/status/176890011234567890"
    ) in text


def test_event_handlers_javascript_links_and_nested_scripts_are_dropped():
    hostile = (
        '<blockquote class="twitter-tweet" onmouseover="alert(1)"><p lang="en" onclick="alert(2)">Hi '
        '<a href="javascript:alert(3)" onclick="x()">click</a> <a href="jav&#x09;ascript:alert(4)">tab</a> '
        '<a href="data:text/html,x">data</a><script>alert(5)</script><img src=x onerror=alert(6)>'
        '<style>p{}</style></p>&mdash; Eve (@eve) <a href="https://twitter.com/eve/status/1">May 1, 2020</a>'
        '<script src="https://evil.example/x.js"></script></blockquote>'
    )
    html, _ = convert(hostile + "\n")
    for needle in ("alert", "javascript", "onclick", "onmouseover", "onerror", "<script", "<img", "data:", "<style"):
        assert needle not in html.lower(), needle
    quote = card(html).select("blockquote")[0]
    assert " ".join(quote.get_text().split()) == "Hi click tab data"
    assert quote.select("a") == []


def test_a_status_link_to_another_host_gives_no_original_link():
    html, _ = convert(TWEET.replace("https://twitter.com/janedoe/status", "https://evil.example/janedoe/status") + "\n")
    figure = card(html)
    assert figure.select("a.social-post-link") == [] and "evil.example" not in html


def test_missing_pieces_leave_them_out():
    html, _ = convert('<blockquote class="twitter-tweet"><p>Only text</p></blockquote>\n')
    figure = card(html)
    assert figure.select(".social-post-author, .social-post-handle, time, a") == []
    assert "Only text" in figure.get_text()


def test_huge_text_is_cut():
    post = post_from_embed(f'<blockquote class="twitter-tweet"><p>{"word " * 9_000}</p>'
                           f'<p>{"more " * 100}</p></blockquote>')
    shown = "".join(piece.text for paragraph in post.paragraphs for piece in paragraph)
    assert len(post.paragraphs) == 1 and len(shown) <= MAX_TEXT + 1 and shown.endswith("…")


def test_a_paste_past_the_limit_fails_with_the_line():
    with pytest.raises(LineError) as caught:
        convert(f'Intro.\n\n<blockquote class="twitter-tweet"><p>{"word " * 20_000}</p></blockquote>\n')
    assert caught.value.line == 3 and "the pasted post is too long" in caught.value.message


def test_an_unknown_date_is_text_not_a_time():
    html, _ = convert(TWEET.replace("March 5, 2012", "yesterday") + "\n")
    figure = card(html)
    assert figure.select("time") == [] and figure.select_one(".social-post-date").get_text() == "yesterday"


@pytest.mark.parametrize("extra, says", [
    ('<script src="https://evil.example/widgets.js"></script>', "is not its embed script"),
    ('<script>alert(1)</script>', "is not its embed script"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe> beside the X/Twitter post is not allowed"),
])
def test_other_markup_beside_a_post_fails_with_the_line(extra, says):
    with pytest.raises(LineError) as caught:
        convert("Intro.\n\n" + TWEET.split(" <script")[0] + extra + "\n")
    assert caught.value.line == 3 and says in caught.value.message


def test_an_unclosed_blockquote_fails_with_the_line():
    with pytest.raises(LineError) as caught:
        convert('Intro.\n\n<blockquote class="twitter-tweet"><p>text</p>\n\nmore\n')
    assert caught.value.line == 3 and "not closed" in caught.value.message


def test_a_mastodon_embed_without_its_url_fails():
    with pytest.raises(LineError) as caught:
        convert(MASTODON.replace("https://mastodon.social/@Gargron/113557238026733224/embed", "javascript:x") + "\n")
    assert "data-embed-url" in caught.value.message


def test_a_post_in_a_code_block_stays_code():
    html, notices = convert("Intro.\n\n    " + TWEET + "\n")
    assert "<pre><code>&lt;blockquote" in html and "social-post" not in html and notices == []


def test_an_ordinary_blockquote_is_left_to_markdown():
    html, _ = convert("<blockquote><p>Said.</p></blockquote>\n\n> quoted\n")
    assert "social-post" not in html and html.count("<blockquote>") == 2
