"""Properties of the presentations' provider parser on arbitrary URLs, embed codes and shortcodes.

Whatever an author writes, the parser returns an Embed or raises EmbedError,
and an Embed only ever points at an allowlisted host over https.
"""

import re
from urllib.parse import urlsplit

from hypothesis import event, given
from hypothesis import strategies as st
from property_inputs import CONTROL, ENTITIES, UNICODE, joined, mutated_text, pieces

from presentations import providers
from presentations.providers import Embed, EmbedError, embed_from_shortcode, embed_from_snippet, embed_from_url

ALLOWED = sorted(providers.HOSTS)
LOOK_ALIKES = [
    "evil.example", "www.youtube.com.evil.example", "youtube.com@evil.example", "evil.example#@youtu.be",
    "www.youtube.com:443", "www.youtube.com:", "WWW.YOUTUBE.COM", "youtube.com.", "xn--youtube-9ya.com",
    "www.yоutube.com", "ｗｗｗ.youtube.com", "youtube。com", "[::1]", "[", "127.0.0.1", "speakerdeck.com\\@evil",
    "user:pass@vimeo.com", "%77ww.youtube.com", "docs.google.com.", "", " ",
]
SCHEMES = ["https://", "HTTPS://", "http://", "//", "https:/", "https:", "hTTps://", "javascript:", "data:",
           "ftp://", "java\tscript:", "https:\\\\", " https://", "https://\t", "\x00https://", ""]
PATH_PIECES = [
    "/", "//", "/watch", "/watch/", "/embed/", "/shorts/", "/live/", "/player/", "/video/", "/slideshow/",
    "/slideshow/embed_code/", "key/", "/presentation/d/", "e/", "/pub", "/edit", "/view", "/embed", "/preview",
    "/design/", "/watch", "dQw4w9WgXcQ", "0123456789abcdef0123456789abcdef", "12345678", "AbCd", "a-b_c", "..",
    "%2e%2e", "%2F", "\\", " ", "\t", "é", "٣", "?", "&", "#", "=", "v=", "t=", "start=", "h=", "#t=",
    "?startSlide=", "slide=", "loop=true", "delayms=", "1m30s", "90", "-1", "0", "99999999", ";", "@", ":",
]


VALID_URLS = [
    "https://www.slideshare.net/slideshow/embed_code/key/AbCd", "https://slideshare.net/slideshow/embed_code/1234",
    "https://www.slideshare.net/slideshow/some-deck/12345678?startSlide=2",
    "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef?slide=3",
    "https://docs.google.com/presentation/d/1AbC_d-E/edit",
    "https://docs.google.com/presentation/d/e/2PACX-1v/pub?start=true&loop=false&delayms=3000",
    "https://www.canva.com/design/DAF1/abc/view", "https://canva.com/design/DAF1/watch",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "https://youtu.be/dQw4w9WgXcQ",
    "https://www.youtube.com/embed/dQw4w9WgXcQ?start=90", "https://m.youtube.com/shorts/dQw4w9WgXcQ",
    "https://vimeo.com/123456/abcdef", "https://player.vimeo.com/video/123456?h=abcdef#t=1m30s",
]


def urls():
    """URL-shaped text: provider URLs with a few edits, or scheme, host and path pieces, or any text."""
    return st.one_of(
        st.sampled_from(VALID_URLS),
        mutated_text(VALID_URLS, st.sampled_from(PATH_PIECES + SCHEMES + LOOK_ALIKES)),
        mutated_text(VALID_URLS, pieces(PATH_PIECES, SCHEMES, LOOK_ALIKES, noise=2)),
        st.builds(
            lambda scheme, host, path, pad: pad + scheme + host + path + pad,
            st.sampled_from(SCHEMES),
            st.sampled_from(ALLOWED + LOOK_ALIKES),
            joined(pieces(PATH_PIECES, noise=3), max_size=10),
            st.sampled_from(["", " ", "\n", "\t", "\u00a0", "\u2028"]),
        ),
        st.text(max_size=40),
    )


starts = st.one_of(
    st.none(), st.none(), st.none(), st.sampled_from(["3", "90", "1m30s", "1:30"]),
    st.sampled_from(["3", "90", "90s", "1m30s", "1h2m3s", "1:30", "1:02:03", "0", "-1", "٣", "１", "", " ",
                     "99999", "1:60", "1e3", "3 ", "\n3"]),
    st.text(max_size=8),
)
ATTRIBUTE_PIECES = [
    "<iframe", "</iframe>", ">", " ", "/>", "=", '"', "'", " src=", " width=", " height=", " title=", " onload=",
    " srcdoc=", " data-ratio=", " style=", " allowfullscreen", " SRC=", " src", "<div>", "</div>", "<p>",
    "<a href=", "</a>", "<strong>", "<script>", "</script>", "<!DOCTYPE html>", "<![CDATA[x]]>", "<?x?>",
    "<!-- -->", "425", "355", "0", "-1", "1.7777", "&#x6A;", "&quot;", "<br>", "<img", "<svg",
    "https://www.slideshare.net/slideshow/embed_code/key/AbCd", "https://www.slideshare.net/user/deck",
]


VALID_SNIPPETS = [
    '<iframe src="{}" width="560" height="315" title="A talk" allowfullscreen></iframe>',
    '<div style="position:relative"><iframe loading="lazy" src="{}" data-ratio="1.77"></iframe></div>',
    '<iframe src="{}" width="595" height="485"></iframe><div><strong><a href="https://www.slideshare.net/'
    'user/deck" title="The deck" target="_blank">The deck</a></strong> from <strong><a href="https://www.'
    'slideshare.net/user">user</a></strong></div>',
]


@st.composite
def valid_snippets(draw):
    return draw(st.sampled_from(VALID_SNIPPETS)).format(draw(st.sampled_from(VALID_URLS)).replace("&", "&amp;"))


def snippets():
    """Pasted embed codes with a few edits, or iframes, attributes, URLs and stray markup in any order."""
    piece = st.one_of(pieces(ATTRIBUTE_PIECES, ENTITIES, CONTROL, UNICODE, noise=3), urls())
    edited = valid_snippets().flatmap(lambda html: mutated_text([html], piece))
    return st.one_of(
        edited, edited,
        joined(piece, max_size=20),
        st.text(max_size=60),
    )


SHORTCODE_PIECES = ["[slideshare", "]", " ", "\t", "\n", "id=", "12345678", "doc=", "deck-name", "w=", "h=",
                    "425", "355", "0", "-1", "&", "&amp;", "&#38;", "&#x26;", '"', "'", "ID=", "٣", "x"]
shortcodes = st.one_of(
    mutated_text(["[slideshare id=12345678&doc=deck-name&w=425&h=355]", "[slideshare id=1 w='4' h=\"3\"]"],
                 pieces(SHORTCODE_PIECES, noise=2)),
    joined(pieces(SHORTCODE_PIECES, noise=2), max_size=14),
)
RATIO = re.compile(r"[0-9]+(?:\.[0-9]+)? / [0-9]+|[0-9]+(?:\.[0-9]+)?")


def assert_safe(embed):
    """Both of the embed's URLs are https on an allowlisted host, and nothing else rides along."""
    assert isinstance(embed, Embed)
    for url in (embed.src, embed.link):
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        assert parts.netloc == parts.hostname and parts.hostname in providers.HOSTS, url
        assert not re.search(r"[\s\"'<>\\\x00-\x1f\x7f]", url), url
    assert embed.provider in providers.PROVIDERS
    assert RATIO.fullmatch(embed.ratio), embed.ratio
    assert len(embed.title) <= providers.MAX_TITLE and not re.search(r"[\x00-\x1f\x7f]", embed.title)


def embedded(make, *args):
    try:
        embed = make(*args)
    except EmbedError as err:
        assert str(err)
        event("refused: EmbedError")
        return
    event(f"embed: {embed.provider}")
    assert_safe(embed)


@given(url=urls(), start=starts)
def test_embed_from_url_gives_an_allowlisted_https_embed_or_embed_error(url, start):
    """embed_from_url on any URL and start returns an https embed on an allowed host, or raises EmbedError."""
    embedded(embed_from_url, url, start)


@given(html=snippets(), start=starts)
def test_embed_from_snippet_gives_an_allowlisted_https_embed_or_embed_error(html, start):
    """embed_from_snippet on any pasted markup returns an https embed on an allowed host, or raises EmbedError."""
    embedded(embed_from_snippet, html, start)


@given(text=shortcodes)
def test_embed_from_shortcode_gives_an_allowlisted_https_embed_or_embed_error(text):
    """embed_from_shortcode on any text returns an https SlideShare embed, or raises EmbedError."""
    embedded(embed_from_shortcode, text)
