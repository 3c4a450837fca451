"""Presentation and video embeds: every accepted form, and hostile input refused."""

import pytest

from presentations.providers import (
    PROVIDERS,
    SHORTCODE,
    Embed,
    EmbedError,
    embed_from_shortcode,
    embed_from_snippet,
    embed_from_url,
)

DECK = "fullscreen"
VIDEO = "fullscreen; picture-in-picture; encrypted-media"

SS = "https://www.slideshare.net"
SS_EMBED_KEY = f"{SS}/slideshow/embed_code/key/AbC123xyz"
SS_EMBED_ID = f"{SS}/slideshow/embed_code/12345678"
SD_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
SD_PLAYER = f"https://speakerdeck.com/player/{SD_ID}"
GS_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"
GS_DOC = f"https://docs.google.com/presentation/d/{GS_ID}"
GS_KEY = "2PACX-1vQabc_DEF-123"
GS_PUB = f"https://docs.google.com/presentation/d/e/{GS_KEY}"
CANVA_PAGE = "https://www.canva.com/design/DAFxYz12_3/aBc-DeF_456/view"
YT = "dQw4w9WgXcQ"
YT_SRC = f"https://www.youtube-nocookie.com/embed/{YT}"
YT_LINK = f"https://www.youtube.com/watch?v={YT}"
VIMEO_SRC = "https://player.vimeo.com/video/76979871?dnt=1"


@pytest.mark.parametrize(
    "url, src, link",
    [
        (SS_EMBED_KEY, SS_EMBED_KEY, SS_EMBED_KEY),
        (f"{SS_EMBED_KEY}/", SS_EMBED_KEY, SS_EMBED_KEY),
        (SS_EMBED_ID, SS_EMBED_ID, SS_EMBED_ID),
        ("https://slideshare.net/slideshow/embed_code/key/AbC123xyz", SS_EMBED_KEY, SS_EMBED_KEY),
        (f"{SS_EMBED_KEY}?hostedIn=slideshare&page=upload", SS_EMBED_KEY, SS_EMBED_KEY),
        (f"{SS}/slideshow/why-online-community/12345678", SS_EMBED_ID,
         f"{SS}/slideshow/why-online-community/12345678"),
        (f"{SS_EMBED_KEY}?startSlide=4", f"{SS_EMBED_KEY}?startSlide=4", f"{SS_EMBED_KEY}?startSlide=4"),
        ("HTTPS://WWW.SLIDESHARE.NET/slideshow/embed_code/12345678", SS_EMBED_ID, SS_EMBED_ID),
    ],
)
def test_slideshare_urls(url, src, link):
    assert embed_from_url(url) == Embed("slideshare", "SlideShare", src, link, "595 / 485", DECK)


@pytest.mark.parametrize(
    "url, src",
    [
        (SD_PLAYER, SD_PLAYER),
        (f"{SD_PLAYER}/", SD_PLAYER),
        (f"{SD_PLAYER}?slide=7", f"{SD_PLAYER}?slide=7"),
        (f"{SD_PLAYER}?slide=7&utm_source=x", f"{SD_PLAYER}?slide=7"),
    ],
)
def test_speakerdeck_urls(url, src):
    assert embed_from_url(url) == Embed("speakerdeck", "Speaker Deck", src, src, "16 / 9", DECK)


@pytest.mark.parametrize(
    "url, src, link",
    [
        (f"{GS_DOC}/edit", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_DOC}/edit?usp=sharing#slide=id.p", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_DOC}/view", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_DOC}/pub", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_DOC}/embed", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_DOC}/preview", f"{GS_DOC}/embed", f"{GS_DOC}/pub"),
        (f"{GS_PUB}/pub", f"{GS_PUB}/embed", f"{GS_PUB}/pub"),
        (f"{GS_PUB}/embed", f"{GS_PUB}/embed", f"{GS_PUB}/pub"),
        (f"{GS_PUB}/pub?start=false&loop=false&delayms=3000",
         f"{GS_PUB}/embed?start=false&loop=false&delayms=3000", f"{GS_PUB}/pub"),
        (f"{GS_PUB}/pub?delayms=5000&rm=minimal&start=TRUE", f"{GS_PUB}/embed?start=true&delayms=5000",
         f"{GS_PUB}/pub"),
    ],
)
def test_google_slides_urls(url, src, link):
    assert embed_from_url(url) == Embed("google-slides", "Google Slides", src, link, "16 / 9", DECK)


@pytest.mark.parametrize(
    "url, page",
    [
        (CANVA_PAGE, CANVA_PAGE),
        (f"{CANVA_PAGE}?utm_content=DAFxYz12_3&utm_campaign=designshare", CANVA_PAGE),
        (f"{CANVA_PAGE}?embed", CANVA_PAGE),
        ("https://canva.com/design/DAFxYz12_3/aBc-DeF_456/watch", CANVA_PAGE),
        ("https://www.canva.com/design/DAFxYz12_3/view", "https://www.canva.com/design/DAFxYz12_3/view"),
    ],
)
def test_canva_urls(url, page):
    assert embed_from_url(url) == Embed("canva", "Canva", f"{page}?embed", page, "16 / 9", DECK)


@pytest.mark.parametrize(
    "url, src, link",
    [
        (f"https://www.youtube.com/watch?v={YT}", YT_SRC, YT_LINK),
        (f"https://youtube.com/watch?v={YT}&list=PL123&index=2", YT_SRC, YT_LINK),
        (f"https://m.youtube.com/watch?feature=share&v={YT}", YT_SRC, YT_LINK),
        (f"https://youtu.be/{YT}", YT_SRC, YT_LINK),
        (f"https://youtu.be/{YT}?si=AbCdEf", YT_SRC, YT_LINK),
        (f"https://www.youtube.com/embed/{YT}", YT_SRC, YT_LINK),
        (f"https://www.youtube.com/shorts/{YT}", YT_SRC, YT_LINK),
        (f"https://www.youtube.com/live/{YT}?feature=shared", YT_SRC, YT_LINK),
        (f"https://www.youtube-nocookie.com/embed/{YT}", YT_SRC, YT_LINK),
        (f"https://youtube-nocookie.com/embed/{YT}", YT_SRC, YT_LINK),
        (f"https://youtu.be/{YT}?t=42", f"{YT_SRC}?start=42", f"{YT_LINK}&t=42s"),
        (f"https://www.youtube.com/watch?v={YT}&t=90s", f"{YT_SRC}?start=90", f"{YT_LINK}&t=90s"),
        (f"https://www.youtube.com/watch?v={YT}&t=1m30s", f"{YT_SRC}?start=90", f"{YT_LINK}&t=90s"),
        (f"https://www.youtube.com/watch?v={YT}&t=1h2m3s", f"{YT_SRC}?start=3723", f"{YT_LINK}&t=3723s"),
        (f"https://www.youtube.com/embed/{YT}?start=75", f"{YT_SRC}?start=75", f"{YT_LINK}&t=75s"),
        (f"https://www.youtube.com/watch?v={YT}&t=0", YT_SRC, YT_LINK),
    ],
)
def test_youtube_urls(url, src, link):
    assert embed_from_url(url) == Embed("youtube", "YouTube", src, link, "16 / 9", VIDEO)


@pytest.mark.parametrize(
    "url, src, link",
    [
        ("https://vimeo.com/76979871", VIMEO_SRC, "https://vimeo.com/76979871"),
        ("https://www.vimeo.com/76979871/", VIMEO_SRC, "https://vimeo.com/76979871"),
        ("https://vimeo.com/76979871/8272103f6e", f"{VIMEO_SRC}&h=8272103f6e",
         "https://vimeo.com/76979871/8272103f6e"),
        ("https://player.vimeo.com/video/76979871", VIMEO_SRC, "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871?h=8272103f6e&badge=0&autopause=0",
         f"{VIMEO_SRC}&h=8272103f6e", "https://vimeo.com/76979871/8272103f6e"),
        ("https://vimeo.com/76979871#t=1m30s", f"{VIMEO_SRC}#t=90s", "https://vimeo.com/76979871#t=90s"),
    ],
)
def test_vimeo_urls(url, src, link):
    assert embed_from_url(url) == Embed("vimeo", "Vimeo", src, link, "16 / 9", VIDEO)


def test_surrounding_whitespace_is_ignored():
    assert embed_from_url(f"  {SD_PLAYER}\n").src == SD_PLAYER


@pytest.mark.parametrize(
    "url, start, src",
    [
        (SS_EMBED_KEY, "3", f"{SS_EMBED_KEY}?startSlide=3"),
        (f"{SS_EMBED_KEY}?startSlide=9", "3", f"{SS_EMBED_KEY}?startSlide=3"),
        (f"{SS}/slideshow/my-talk/12345678", " 12 ", f"{SS_EMBED_ID}?startSlide=12"),
        (SD_PLAYER, "5", f"{SD_PLAYER}?slide=5"),
        (f"{SD_PLAYER}?slide=2", "5", f"{SD_PLAYER}?slide=5"),
        (f"https://youtu.be/{YT}", "90", f"{YT_SRC}?start=90"),
        (f"https://youtu.be/{YT}", "90s", f"{YT_SRC}?start=90"),
        (f"https://youtu.be/{YT}", "1m30s", f"{YT_SRC}?start=90"),
        (f"https://youtu.be/{YT}", "2m", f"{YT_SRC}?start=120"),
        (f"https://youtu.be/{YT}", "1h2m3s", f"{YT_SRC}?start=3723"),
        (f"https://youtu.be/{YT}", "1:30", f"{YT_SRC}?start=90"),
        (f"https://youtu.be/{YT}", "1:02:03", f"{YT_SRC}?start=3723"),
        (f"https://youtu.be/{YT}?t=10", "20", f"{YT_SRC}?start=20"),
        (f"https://youtu.be/{YT}", "0", YT_SRC),
        ("https://vimeo.com/76979871", "1:30", f"{VIMEO_SRC}#t=90s"),
        ("https://vimeo.com/76979871/8272103f6e", "45", f"{VIMEO_SRC}&h=8272103f6e#t=45s"),
    ],
)
def test_start(url, start, src):
    assert embed_from_url(url, start).src == src


def test_youtube_start_goes_into_the_link_too():
    assert embed_from_url(f"https://youtu.be/{YT}", "1:30").link == f"{YT_LINK}&t=90s"


@pytest.mark.parametrize(
    "url, start, says",
    [
        (SS_EMBED_KEY, "0", "SlideShare must be a slide number"),
        (SS_EMBED_KEY, "1m30s", "SlideShare must be a slide number"),
        (SS_EMBED_KEY, "-2", "must be a slide number"),
        (f"{SS_EMBED_KEY}?startSlide=abc", None, "slide parameter for SlideShare must be a slide number"),
        (SD_PLAYER, "two", "Speaker Deck must be a slide number"),
        (f"{SD_PLAYER}?slide=0", None, "must be a slide number"),
        (f"{GS_DOC}/edit", "3", "start is not supported for Google Slides"),
        (CANVA_PAGE, "3", "start is not supported for Canva"),
        (f"https://youtu.be/{YT}", "soon", "'soon' is not a time"),
        (f"https://youtu.be/{YT}", "1:75", "is not a time"),
        (f"https://youtu.be/{YT}", "1h30", "is not a time"),
        (f"https://youtu.be/{YT}", "-5", "is not a time"),
        (f"https://youtu.be/{YT}", "", "start is empty"),
        (f"https://youtu.be/{YT}", "   ", "start is empty"),
        (f"https://youtu.be/{YT}", 90, "start must be text"),
        ("https://vimeo.com/76979871", "1.5", "is not a time"),
        (f"https://youtu.be/{YT}?t=later", None, "YouTube t='later' is not a time"),
        (f"https://www.youtube.com/embed/{YT}?start=1:30", None, "YouTube start='1:30' is not a time"),
        ("https://vimeo.com/76979871#t=soon", None, "Vimeo #t='soon' is not a time"),
    ],
)
def test_bad_start(url, start, says):
    with pytest.raises(EmbedError) as caught:
        embed_from_url(url, start)
    assert says in str(caught.value)


SLIDESHARE_SNIPPET = (
    '<iframe src="//www.slideshare.net/slideshow/embed_code/key/AbC123xyz" width="595" '
    'height="485" frameborder="0" marginwidth="0" marginheight="0" scrolling="no" '
    'style="border:1px solid #CCC; border-width:1px; margin-bottom:5px; max-width: 100%;" '
    "allowfullscreen> </iframe> <div style=\"margin-bottom:5px\"> <strong> "
    '<a href="//www.slideshare.net/jdoe/why-your-customers-need-an-online-community" '
    'title="Why Your Customers Need an Online Community" target="_blank">Why Your Customers '
    "Need an Online Community</a> </strong> from <strong><a href=\"https://www.slideshare.net/jdoe\" "
    'target="_blank">Jane Doe</a></strong> </div>'
)
SPEAKERDECK_SNIPPET = (
    f'<iframe class="speakerdeck-iframe" frameborder="0" src="https://speakerdeck.com/player/{SD_ID}" '
    'title="Scaling Community &amp; Support" allowfullscreen="true" style="border: 0px; '
    "background-color: rgba(0, 0, 0, 0.1); margin: 0px; padding: 0px; border-radius: 6px; "
    'box-shadow: rgba(0, 0, 0, 0.2) 0px 5px 40px; width: 100%; height: auto; aspect-ratio: 560 / 315;" '
    'data-ratio="1.7777777777777777"></iframe>'
)
GOOGLE_SNIPPET = (
    f'<iframe src="{GS_PUB}/embed?start=false&loop=false&delayms=3000" frameborder="0" '
    'width="960" height="569" allowfullscreen="true" mozallowfullscreen="true" '
    'webkitallowfullscreen="true"></iframe>'
)
CANVA_SNIPPET = (
    '<div style="position: relative; width: 100%; height: 0; padding-top: 56.2500%;\n'
    ' padding-bottom: 0; box-shadow: 0 2px 8px 0 rgba(63,69,81,0.16); margin-top: 1.6em; '
    'margin-bottom: 0.9em; overflow: hidden;\n border-radius: 8px; will-change: transform;">\n'
    '  <iframe loading="lazy" style="position: absolute; width: 100%; height: 100%; top: 0; left: 0; '
    'border: none; padding: 0;margin: 0;"\n'
    f'    src="{CANVA_PAGE}?embed" allowfullscreen="allowfullscreen" allow="fullscreen">\n'
    "  </iframe>\n</div>\n"
    f'<a href="{CANVA_PAGE}?utm_content=DAFxYz12_3&amp;utm_campaign=designshare&amp;utm_medium=embeds'
    '&amp;utm_source=link" target="_blank" rel="noopener">Community Launch Plan</a> by Jane Doe'
)
YOUTUBE_SNIPPET = (
    f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{YT}?si=Xy12AbCdEf" '
    'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
    'encrypted-media; gyroscope; picture-in-picture; web-share" '
    'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
)
VIMEO_SNIPPET = (
    '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e&amp;badge=0&amp;autopause=0'
    '&amp;player_id=0&amp;app_id=58479" width="640" height="360" frameborder="0" '
    'allow="autoplay; fullscreen; picture-in-picture; clipboard-write" '
    'title="The New Vimeo Player (You Know, For Videos)"></iframe>\n'
    '<p><a href="https://vimeo.com/76979871">The New Vimeo Player</a> from '
    '<a href="https://vimeo.com/staff">Vimeo Staff</a> on <a href="https://vimeo.com">Vimeo</a>.</p>'
)


@pytest.mark.parametrize(
    "html, expected",
    [
        (SLIDESHARE_SNIPPET, Embed(
            "slideshare", "SlideShare", SS_EMBED_KEY,
            f"{SS}/jdoe/why-your-customers-need-an-online-community", "595 / 485", DECK,
            "Why Your Customers Need an Online Community")),
        (SPEAKERDECK_SNIPPET, Embed(
            "speakerdeck", "Speaker Deck", SD_PLAYER, SD_PLAYER, "1.7777777777777777", DECK,
            "Scaling Community & Support")),
        (GOOGLE_SNIPPET, Embed(
            "google-slides", "Google Slides", f"{GS_PUB}/embed?start=false&loop=false&delayms=3000",
            f"{GS_PUB}/pub", "960 / 569", DECK)),
        (CANVA_SNIPPET, Embed("canva", "Canva", f"{CANVA_PAGE}?embed", CANVA_PAGE, "16 / 9", DECK)),
        (YOUTUBE_SNIPPET, Embed(
            "youtube", "YouTube", YT_SRC, YT_LINK, "560 / 315", VIDEO, "YouTube video player")),
        (VIMEO_SNIPPET, Embed(
            "vimeo", "Vimeo", f"{VIMEO_SRC}&h=8272103f6e", "https://vimeo.com/76979871/8272103f6e",
            "640 / 360", VIDEO, "The New Vimeo Player (You Know, For Videos)")),
    ],
    ids=["slideshare", "speakerdeck", "google-slides", "canva", "youtube", "vimeo"],
)
def test_provider_embed_codes(html, expected):
    assert embed_from_snippet(html) == expected


def test_snippet_start_is_applied():
    assert embed_from_snippet(SLIDESHARE_SNIPPET, "6").src == f"{SS_EMBED_KEY}?startSlide=6"


def test_snippet_title_is_plain_collapsed_and_capped():
    html = f'<iframe src="{SD_PLAYER}" title="  A\n\t&lt;b&gt;deck&lt;/b&gt;   {"x" * 300}"></iframe>'
    title = embed_from_snippet(html).title
    assert title.startswith("A <b>deck</b> xxx")
    assert len(title) == 200


@pytest.mark.parametrize(
    "attributes, ratio",
    [
        ('width="100%" height="400"', "16 / 9"),
        ('width="0" height="400"', "16 / 9"),
        ('width="640"', "16 / 9"),
        ('data-ratio="1.33333333333333"', "1.33333333333333"),
        ('data-ratio="0"', "16 / 9"),
        ('data-ratio="4/3; background:url(x)"', "16 / 9"),
        ('width="800" height="600" data-ratio="1.7"', "800 / 600"),
    ],
)
def test_snippet_ratio(attributes, ratio):
    assert embed_from_snippet(f'<iframe src="{SD_PLAYER}" {attributes}></iframe>').ratio == ratio


@pytest.mark.parametrize(
    "href",
    [
        "https://evil.example/jdoe/talk",
        "//www.slideshare.net.evil.example/jdoe/talk",
        "https://www.slideshare.net/jdoe",
        "https://www.slideshare.net/slideshow/embed_code",
        "https://www.slideshare.net:8443/jdoe/talk",
    ],
)
def test_slideshare_attribution_is_used_only_when_it_is_a_slideshare_page(href):
    html = f'<iframe src="{SS_EMBED_KEY}"></iframe><div><a href="{href}" title="T">T</a></div>'
    embed = embed_from_snippet(html)
    assert (embed.link, embed.title) == (SS_EMBED_KEY, "")


def test_attribution_link_is_not_used_for_other_providers():
    html = f'<iframe src="{SD_PLAYER}"></iframe><a href="{SS}/jdoe/talk">talk</a>'
    assert embed_from_snippet(html).link == SD_PLAYER


@pytest.mark.parametrize(
    "text, ratio",
    [
        ("[slideshare id=12345678&doc=some-slug-111025&w=425&h=355]", "425 / 355"),
        ("[slideshare id=12345678&amp;doc=some-slug-111025&amp;w=425&amp;h=355]", "425 / 355"),
        ("[slideshare id=12345678&#038;doc=some-slug-111025&#038;w=425&#038;h=355]", "425 / 355"),
        ("[slideshare id=12345678 doc=some-slug-111025 w=477 h=510]", "477 / 510"),
        ('[slideshare id="12345678" doc="some-slug-111025" w="425" h="355"]', "425 / 355"),
        ("[slideshare id='12345678' doc='some-slug-111025']", "595 / 485"),
        ("  [slideshare id=12345678&doc=x&w=425&h=355&fb=0&mw=0&mh=0&sc=no]  ", "425 / 355"),
    ],
)
def test_shortcode(text, ratio):
    expected = Embed("slideshare", "SlideShare", SS_EMBED_ID, SS_EMBED_ID, ratio, DECK)
    assert embed_from_shortcode(text) == expected


@pytest.mark.parametrize(
    "line, matches",
    [
        ("[slideshare id=12345678&doc=some-slug-111025&w=425&h=355]", True),
        ("  [slideshare id=1]  ", True),
        ("[slideshare]", True),
        ("See [slideshare id=12345678] for details", False),
        ("[slideshareid=1]", False),
        ("[youtube id=1]", False),
        ("`[slideshare id=1]` in code", False),
    ],
)
def test_shortcode_pattern_matches_whole_lines(line, matches):
    assert bool(SHORTCODE.fullmatch(line)) is matches


def test_shortcode_pattern_finds_lines_in_a_post():
    text = "Intro\n[slideshare id=1&doc=a]\nmore [slideshare id=2] text\n[slideshare id=3]\n"
    assert [m["args"].strip() for m in SHORTCODE.finditer(text)] == ["id=1&doc=a", "id=3"]


@pytest.mark.parametrize(
    "text, says",
    [
        ("[slideshare doc=some-slug&w=425&h=355]", "has no id="),
        ("[slideshare]", "has no id="),
        ("[slideshare id=12ab34]", "id '12ab34' must be digits"),
        ("[slideshare id=]", "must be digits"),
        ("[slideshare id=javascript:alert(1)]", "must be digits"),
        ("[slideshare id=123&w=425]", "needs w= and h="),
        ("[slideshare id=123&w=425&h=tall]", "needs w= and h="),
        ("[slideshare id=123&w=0&h=355]", "needs w= and h="),
        ("[slideshare id=123&id=456]", "id= more than once"),
        ('[slideshare id="123]', "malformed"),
        ("[slideshare 123]", "malformed"),
        ("[slideshare id=123\n]", "not a WordPress [slideshare"),
        ("[youtube id=123]", "not a WordPress [slideshare"),
        ("text [slideshare id=123]", "not a WordPress [slideshare"),
    ],
)
def test_bad_shortcodes(text, says):
    with pytest.raises(EmbedError) as caught:
        embed_from_shortcode(text)
    assert says in str(caught.value)


HOSTILE_URLS = [
    # schemes
    (f"http://www.youtube.com/watch?v={YT}", "http: is not allowed, use an https:// URL"),
    (f"HTTP://www.youtube.com/watch?v={YT}", "http: is not allowed"),
    ("javascript:alert(1)", "javascript: is not allowed"),
    ("JaVaScRiPt:alert(document.domain)", "javascript: is not allowed"),
    ("  javascript:alert(1)", "javascript: is not allowed"),
    ("\x01javascript:alert(1)", "control character U+0001"),
    ("java\tscript:alert(1)", "whitespace is not allowed"),
    ("java\x00script:alert(1)", "control character U+0000"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data: is not allowed"),
    ("file:///etc/passwd", "file: is not allowed"),
    ("ftp://www.slideshare.net/slideshow/embed_code/12345678", "ftp: is not allowed"),
    ("vbscript:msgbox(1)", "vbscript: is not allowed"),
    ("javascript&#58;alert(1)", "is not a full URL"),
    ("javascript&colon;alert(1)", "is not a full URL"),
    ("javascript%3Aalert(1)", "is not a full URL"),
    ("%6Aavascript:alert(1)", "is not a full URL"),
    ("https&#58;//www.youtube.com/embed/dQw4w9WgXcQ", "is not a full URL"),
    (f"//www.youtube.com/embed/{YT}", "protocol-relative URL"),
    (f"www.youtube.com/watch?v={YT}", "is not a full URL"),
    (f"www.youtube.com:443/watch?v={YT}", "is not a full URL"),
    (f"/embed/{YT}", "is not a full URL"),
    (f"https:www.youtube.com/embed/{YT}", "https: must be followed by //host"),
    (f"https:/www.youtube.com/embed/{YT}", "https: must be followed by //host"),
    (f"https:///embed/{YT}", "the URL has no host"),
    ("", "the URL is empty"),
    (None, "the URL must be text"),
    # hosts
    ("https://evil.example/slideshow/embed_code/12345678", "host 'evil.example' is not an allowed provider"),
    ("https://www.slideshare.net.evil.example/slideshow/embed_code/12345678", "is not an allowed provider"),
    (f"https://evilyoutube.com/watch?v={YT}", "host 'evilyoutube.com' is not an allowed provider"),
    (f"https://youtube.com.evil/watch?v={YT}", "host 'youtube.com.evil' is not an allowed provider"),
    (f"https://www.youtube.com./watch?v={YT}", "is not an allowed provider"),
    (f"https://xn--youtube-9ya.com/watch?v={YT}", "host 'xn--youtube-9ya.com' is not an allowed provider"),
    ("https://xn--vimeo-qva.com/76979871", "is not an allowed provider"),
    (f"https://www.yout\u00fcbe.com/watch?v={YT}", "non-ASCII character"),
    (f"https://www.\u0443outube.com/watch?v={YT}", "non-ASCII character"),
    (f"https://www.youtube\uff0ecom/watch?v={YT}", "non-ASCII character"),
    (f"https://www.youtube%2ecom/watch?v={YT}", "is not an allowed provider"),
    (f"https://evil.example%2F.youtube.com/watch?v={YT}", "is not an allowed provider"),
    (f"https://www.youtube.com@evil.example/watch?v={YT}", "user name or password"),
    (f"https://user:pass@www.youtube.com/watch?v={YT}", "user name or password"),
    (f"https://www.youtube.com%2F@evil.example/watch?v={YT}", "user name or password"),
    (f"https://www.youtube.com:443/watch?v={YT}", "a port is not allowed"),
    (f"https://www.youtube.com:8080/watch?v={YT}", "a port is not allowed"),
    ("https://[::1]/x", "a port is not allowed"),
    ("https://127.0.0.1/slideshow/embed_code/12345678", "is not an allowed provider"),
    (f"https://www.youtube.com\\@evil.example/watch?v={YT}", "backslash is not allowed"),
    (f"https:\\\\www.youtube.com/watch?v={YT}", "backslash is not allowed"),
    (f"https://www.youtube.com/watch?v={YT} onload=alert(1)", "whitespace is not allowed"),
    (f"https://www.youtube.com/watch?v=\n{YT}", "whitespace is not allowed"),
    (f"https://www.youtube.com/watch?v={YT}\u00a0", "whitespace is not allowed"),
    (f"https://www.youtube.com/watch?v={YT}&x=\u202e", "non-ASCII character"),
    (f"https://www.youtube.com/watch?v={YT}&x=" + "a" * 2048, "the URL is too long"),
    # paths and parameters
    ("https://www.slideshare.net/slideshow/embed_code/key/../../x", "is not a supported form"),
    ("https://www.slideshare.net/slideshow/embed_code/key/AbC%2F..%2Fx", "is not a supported form"),
    ("https://www.slideshare.net/slideshow/embed_code/key/AbC;evil", "is not a supported form"),
    ("https://www.slideshare.net/jdoe/why-online-community", "does not hold the presentation key"),
    ("https://www.slideshare.net/jdoe/why-online-community/", "Share > Embed"),
    ("https://www.slideshare.net/jdoe", "SlideShare address path '/jdoe' is not a supported form"),
    ("https://www.slideshare.net/slideshow/embed_code/key/", "is not a supported form"),
    ("https://speakerdeck.com/jdoe/scaling-community", "does not hold the deck id"),
    ("https://speakerdeck.com/player/0F1E2D3C4B5A69788796A5B4C3D2E1F0", "is not a supported form"),
    ("https://speakerdeck.com/player/0f1e2d3c", "is not a supported form"),
    ("https://speakerdeck.com/player/" + SD_ID + "/../x", "is not a supported form"),
    (f"{GS_DOC}/copy", "Google Slides address path"),
    ("https://docs.google.com/document/d/1AbC/edit", "is not a supported form"),
    ("https://docs.google.com/presentation/d/e/embed", "is not a supported form"),
    (f"{GS_DOC}/edit/../../../spreadsheets/x", "is not a supported form"),
    (f"{GS_PUB}/pub?delayms=3s", "delayms='3s' is not valid"),
    (f"{GS_PUB}/pub?loop=yes", "loop='yes' is not valid"),
    (f"{GS_PUB}/pub?start=javascript:alert(1)", "start='javascript:alert(1)' is not valid"),
    (f"{GS_PUB}/pub?loop=true&loop=false", "'loop' appears more than once"),
    ("https://www.canva.com/design/DAFxYz12_3/aBc-DeF_456/edit", "Canva edit link is private"),
    ("https://www.canva.com/design/DAFxYz12_3", "Canva address path"),
    ("https://www.canva.com/design/DAF..x/view/../../x", "is not a supported form"),
    ("https://www.youtube.com/watch", "has no v= video id"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXc", "YouTube video id 'dQw4w9WgXc' is not valid"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload", "is not valid"),
    (f"https://www.youtube.com/watch?v={YT}&v=aaaaaaaaaaa", "'v' appears more than once"),
    (f"https://www.youtube.com/{YT}", "YouTube address path"),
    (f"https://youtu.be/embed/{YT}", "is not a supported form"),
    (f"https://www.youtube.com/embed/{YT}/../../redirect", "is not a supported form"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQextra", "is not a supported form"),
    ("https://vimeo.com/channels/staffpicks/76979871", "Vimeo address path"),
    ("https://vimeo.com/76979871/NOT-A-HASH", "is not a supported form"),
    ("https://player.vimeo.com/76979871", "is not a supported form"),
    ("https://player.vimeo.com/video/76979871?h=x%22y", "is not a valid hash"),
]


@pytest.mark.parametrize("url, says", HOSTILE_URLS)
def test_hostile_urls_are_refused(url, says):
    with pytest.raises(EmbedError) as caught:
        embed_from_url(url)
    assert says in str(caught.value)


def test_a_trailing_newline_is_trimmed():
    assert embed_from_url(f"https://www.youtube.com/watch?v={YT}\n").src == YT_SRC


def test_a_url_just_under_the_limit_is_accepted():
    url = f"https://www.youtube.com/watch?v={YT}&x="
    assert embed_from_url(url + "a" * (2048 - len(url))).src == YT_SRC


def test_protocol_relative_src_is_accepted_in_a_snippet():
    assert embed_from_snippet(f'<iframe src="//www.youtube.com/embed/{YT}"></iframe>').src == YT_SRC


def iframe(src=f"https://www.youtube.com/embed/{YT}", extra=""):
    """A minimal pasted iframe with `extra` attributes."""
    return f'<iframe src="{src}" {extra}></iframe>'


HOSTILE_SNIPPETS = [
    (iframe(extra='onload="alert(1)"'), "event handler attribute 'onload' is not allowed in a pasted embed"),
    (iframe(extra='ONLOAD="alert(1)"'), "event handler attribute 'onload'"),
    (iframe(extra='/onerror="alert(1)"'), "event handler attribute 'onerror'"),
    (iframe() + '<div onmouseover="alert(1)">x</div>', "event handler attribute 'onmouseover'"),
    (iframe() + '<a href="https://x.example" onclick="steal()">x</a>', "event handler attribute 'onclick'"),
    (iframe(extra='srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"'), "srcdoc attribute is not allowed"),
    (iframe(extra='sandbox="allow-scripts allow-same-origin"'), "'sandbox' is not allowed on <iframe>"),
    (iframe(extra='csp="x"'), "attribute 'csp' is not allowed on <iframe>"),
    (iframe() + '<div id="x">x</div>', "attribute 'id' is not allowed on <div>"),
    (iframe() + '<a href="https://x.example" download>x</a>', "attribute 'download' is not allowed on <a>"),
    (iframe(extra='src="javascript:alert(1)"'), "attribute 'src' appears twice"),
    (iframe() + "<script>alert(1)</script>", "<script> is not allowed in a pasted embed"),
    (iframe() + '<script src="https://player.vimeo.com/api/player.js"></script>', "delete it"),
    (iframe() + "</script>", "<script> is not allowed"),
    ('<script async class="speakerdeck-embed" data-id="abc" src="//speakerdeck.com/assets/embed.js">'
     "</script>", "<script> is not allowed"),
    ('<object data="https://www.youtube.com/v/dQw4w9WgXcQ"></object>', "<object> is not allowed"),
    ('<embed src="https://www.youtube.com/v/dQw4w9WgXcQ">', "<embed> is not allowed"),
    (iframe() + '<form action="https://evil.example"><input name="p"></form>', "<form> is not allowed"),
    (iframe() + "<style>iframe{display:none}</style>", "<style> is not allowed"),
    (iframe() + '<link rel="stylesheet" href="https://evil.example/x.css">', "<link> is not allowed"),
    (iframe() + '<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta> is not allowed"),
    (iframe() + "<svg><script>alert(1)</script></svg>", "<svg> is not allowed"),
    (iframe() + "<math><mi>x</mi></math>", "<math> is not allowed"),
    ('<base href="https://evil.example/">' + iframe(), "<base> is not allowed"),
    (iframe() + '<img src="x" onerror="alert(1)">', "<img> is not allowed"),
    (iframe() + "<noscript><p>x</p></noscript>", "<noscript> is not allowed"),
    (iframe() + '<frame src="https://evil.example">', "<frame> is not allowed"),
    ("<!DOCTYPE html>" + iframe(), "<!DOCTYPE html> is not allowed"),
    (iframe() + "<![CDATA[x]]>", "is not allowed in a pasted embed"),
    (iframe() + "<?xml-stylesheet href='x'?>", "is not allowed in a pasted embed"),
    ("", "no <iframe> found"),
    ("<div><a href='https://www.slideshare.net/jdoe/talk'>talk</a></div>", "no <iframe> found"),
    (f"https://www.youtube.com/watch?v={YT}", "no <iframe> found"),
    ('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"', "no <iframe> found"),
    (iframe() + iframe(), "holds 2 <iframe> elements"),
    (iframe() + "<iframe>", "holds 2 <iframe> elements"),
    ("<iframe></iframe>", "has no src"),
    ('<iframe src=""></iframe>', "has no src"),
    ("<iframe src></iframe>", "has no src"),
    (iframe() + '<a href="javascript:alert(1)">x</a>', "<a href>: javascript: is not allowed"),
    (iframe() + '<a href="  JAVASCRIPT:alert(1)">x</a>', "<a href>: javascript: is not allowed"),
    (iframe() + '<a href="java&#x09;script:alert(1)">x</a>', "<a href>: javascript: is not allowed"),
    (iframe() + '<a href="&#106;avascript:alert(1)">x</a>', "<a href>: javascript: is not allowed"),
    (iframe() + '<a href="jav&#x0A;ascript&colon;alert(1)">x</a>', "<a href>: javascript: is not allowed"),
    (iframe() + '<a href="data:text/html,&lt;script&gt;">x</a>', "<a href>: data: is not allowed"),
    (iframe() + '<a href="http://www.slideshare.net/jdoe/talk">x</a>', "<a href>: http: is not allowed"),
    (iframe("javascript:alert(1)"), "<iframe src>: javascript: is not allowed"),
    (iframe("&#106;avascript:alert(1)"), "<iframe src>: javascript: is not allowed"),
    (iframe("&#x6A;&#x61;vascript&#x3A;alert(1)"), "<iframe src>: javascript: is not allowed"),
    (iframe("data:text/html;base64,PHNjcmlwdD4="), "<iframe src>: data: is not allowed"),
    (iframe("http://www.slideshare.net/slideshow/embed_code/9787650"), "http: is not allowed, use an https:// URL"),
    (iframe("http://other.example/embed/1"), "http: is not allowed, and as https: host 'other.example' is not"),
    (iframe("https://evil.example/embed/dQw4w9WgXcQ"), "host 'evil.example' is not an allowed provider"),
    (iframe("//evil.example/embed/dQw4w9WgXcQ"), "host 'evil.example' is not an allowed provider"),
    (iframe("https://www.youtube.com/embed/dQw4w9WgXcQ&#x20;onload=x"), "whitespace is not allowed"),
    (iframe("https://www.youtube.com@evil.example/embed/dQw4w9WgXcQ"), "user name or password"),
    (iframe("https://www.slideshare.net/slideshow/embed_code/key/../../x"), "is not a supported form"),
    (iframe("/embed/dQw4w9WgXcQ"), "is not a full URL"),
    ("x" * 10_001, "the pasted embed is too long"),
    (None, "the pasted embed must be text"),
]


@pytest.mark.parametrize("html, says", HOSTILE_SNIPPETS)
def test_hostile_snippets_are_refused(html, says):
    with pytest.raises(EmbedError) as caught:
        embed_from_snippet(html)
    assert says in str(caught.value)


def test_snippet_start_errors_come_through():
    with pytest.raises(EmbedError, match="start is not supported for Google Slides"):
        embed_from_snippet(GOOGLE_SNIPPET, "2")


def test_nothing_from_the_pasted_markup_reaches_the_embed():
    evil = 'class="x" style="background:url(https://evil.example)" title="'
    html = VIMEO_SNIPPET.replace('title="', evil)
    embed = embed_from_snippet(html)
    assert not any("evil" in value or "autoplay" in value for value in vars(embed).values())


def test_providers_lists_every_provider_with_its_name():
    assert PROVIDERS == {
        "slideshare": "SlideShare",
        "speakerdeck": "Speaker Deck",
        "google-slides": "Google Slides",
        "canva": "Canva",
        "youtube": "YouTube",
        "vimeo": "Vimeo",
    }


def test_embed_error_is_a_value_error_and_embeds_are_frozen():
    embed = embed_from_url(SD_PLAYER)
    assert issubclass(EmbedError, ValueError)
    with pytest.raises(AttributeError):
        embed.src = "https://evil.example"


def test_embed_origins_name_plain_https_hosts_only():
    from presentations.providers import embed_origins

    html = (
        '<figure data-embed-src="https://www.youtube-nocookie.com/embed/x?start=90"></figure>'
        '<figure data-embed-src="https://player.example.org:8443/v/1"></figure>'
        '<figure data-embed-src="http://plain.example/v"></figure>'
        '<figure data-embed-src="https://evil.example;script-src *;/x"></figure>'
        '<figure data-embed-src="https://a b.example/x"></figure>'
        '<figure data-embed-src="https://www.youtube-nocookie.com/embed/y"></figure>'
    )
    assert embed_origins(html) == ["https://player.example.org:8443", "https://www.youtube-nocookie.com"]
    assert embed_origins("") == [] and embed_origins("<p>no players</p>") == []
