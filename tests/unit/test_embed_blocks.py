"""Code stays code: directives and embed codes in code blocks, lists, Speaker Deck scripts, owner hosts."""

import logging
from textwrap import dedent

import markdown
import pytest

from kbutil.config import configure
from kbutil.diagnostics import LineError
from kbutil.sanitize import find_line, find_lines
from presentations.blocks import classify
from presentations.extension import LineErrors, PresentationExtension
from presentations.settings import SETTINGS, extra_hosts

YT = "dQw4w9WgXcQ"
IFRAME = f'<iframe src="https://www.youtube.com/embed/{YT}"></iframe>'
HEX = "0123456789abcdef0123456789abcdef"


def render(text, **config):
    """Markdown in, HTML out, with the presentations extension and the site's sanitizer."""
    ext = PresentationExtension(template_dirs=["theme/templates"], **config)
    return markdown.Markdown(extensions=["markdown.extensions.extra", ext], output_format="html5").convert(text)


def plain(text):
    """What Python-Markdown alone makes of `text` (the reference for code or not)."""
    return markdown.markdown(text, extensions=["markdown.extensions.extra"], output_format="html5")


CODE_CASES = {
    "indented after a paragraph": f"Para.\n\n    {IFRAME}\n",
    "tab-indented": f"Para.\n\n    {IFRAME}\n".replace("    ", "\t"),
    "script in code": "Para.\n\n    <script>alert(1)</script>\n",
    "directive in code": f"Para.\n\n    [presentation: https://youtu.be/{YT}]\n",
    "shortcode in code": "Para.\n\n    [slideshare id=12345678&doc=deck]\n",
    "after a list and a paragraph": f"- item\n\nPara.\n\n    {IFRAME}\n",
    "inside a list item, 8 spaces": f"- item\n\n        {IFRAME}\n",
    "code over blank lines": f"    first\n\n    {IFRAME}\n",
    "backtick fence": f"```\n{IFRAME}\n<script>x</script>\n```\n",
    "tilde fence holding a backtick fence": f"~~~\n```\n{IFRAME}\n```\n[presentation: x]\n~~~\n",
    "fenced presentation block inside a fence": f"~~~\n```presentation\nsrc: https://youtu.be/{YT}\n```\n~~~\n",
}


@pytest.mark.parametrize("text", CODE_CASES.values(), ids=CODE_CASES.keys())
def test_code_blocks_stay_code(text):
    """Whatever a code block holds is shown as code: no player, no build failure."""
    html = render(text)
    assert "<pre><code" in html and "data-embed" not in html and "<iframe" not in html
    assert "<script" not in html
    reference = plain(text.replace("\t", "    "))
    assert reference.count("<pre>") == html.count("<pre>")


@pytest.mark.parametrize("text", [
    f"- item\n\n    {IFRAME}\n",
    f"- item\n\n\t{IFRAME}\n",
    f"- item\n    {IFRAME}\n",
    f"1. item\n    - nested\n\n        {IFRAME}\n",
], ids=["4 spaces", "tab", "lazy line", "nested list"])
def test_an_iframe_continuing_a_list_item_is_an_embed_inside_it(text):
    """An embed written as the continuation of a list item (not code for Python-Markdown) is the facade, in the item."""
    html = render(text)
    assert "<pre>" not in plain(text.replace("\t", "    "))
    assert html.count("data-embed-src") == 1
    assert html.index("<li>") < html.index("data-embed-src") < html.rindex("</li>")


def test_an_unclosed_fence_is_not_code_so_the_embed_after_it_works():
    """fenced_code needs a closing fence; without one the lines are text."""
    html = render(f"```\n\n{IFRAME}\n")
    assert "data-embed-src" in html


def test_a_presentation_block_still_works():
    html = render(f"```presentation\nsrc: https://youtu.be/{YT}\ntitle: Talk\n```\n")
    assert "data-embed-src" in html and "Talk" in html


def test_classify_matches_python_markdown_on_a_mixed_document():
    lines = dedent("""\
        - item

            continuation
        - second

                code in item

        Para.

            code
        after
        """).split("\n")
    kinds = [kind.code for kind, line in zip(classify(lines), lines) if line.strip()]
    assert kinds == [False, False, False, True, False, True, False]


def test_three_refused_iframes_give_three_errors_with_their_own_lines():
    text = "\n".join(
        ["Title: x", "", '<iframe src="https://a.example/1"></iframe>', "", "text", "", "", "",
         '<iframe src="https://a.example/1"></iframe>', "", "", "", "", "",
         '<iframe src="https://a.example/1"></iframe>', ""])
    with pytest.raises(LineErrors) as caught:
        render(text)
    assert [e.line for e in caught.value.errors] == [3, 9, 15]
    assert all('add "a.example" to EMBED_EXTRA_HOSTS in pelicanconf.py' in e.message for e in caught.value.errors)
    assert isinstance(caught.value, LineError) and caught.value.line == 3


def test_speakerdeck_script_embed_becomes_the_player_facade():
    for src in ("//speakerdeck.com/assets/embed.js", "https://speakerdeck.com/assets/embed.js"):
        html = render(f'<script async class="speakerdeck-embed" data-id="{HEX}" '
                      f'data-ratio="1.77777777777778" src="{src}"></script>\n')
        assert f'data-embed-src="https://speakerdeck.com/player/{HEX}"' in html
        assert 'data-embed-ratio="1.77777777777778"' in html and "<script" not in html


@pytest.mark.parametrize("script, says", [
    (f'<script class="speakerdeck-embed" data-id="{HEX}" src="//evil.example/assets/embed.js"></script>',
     "must load //speakerdeck.com/assets/embed.js"),
    ('<script class="speakerdeck-embed" data-id="xyz" src="//speakerdeck.com/assets/embed.js"></script>',
     "is not a deck id"),
    (f'<script class="speakerdeck-embed" data-id="{HEX}" onload="x()"'
     ' src="//speakerdeck.com/assets/embed.js"></script>',
     "event handler"),
    (f'<script class="speakerdeck-embed" data-id="{HEX}" src="//speakerdeck.com/assets/embed.js">alert(1)</script>',
     "must be empty"),
])
def test_bad_speakerdeck_scripts_are_refused_with_the_line(script, says):
    with pytest.raises(LineError) as caught:
        render(f"Intro.\n\n{script}\n")
    assert caught.value.line == 3 and says in caught.value.message


def test_an_owner_allowed_host_gets_a_sandboxed_facade():
    html = render('<iframe src="https://player.example.org/v/42?t=1" title="Our talk"></iframe>\n',
                  extra_hosts=["player.example.org"])
    assert 'data-embed-src="https://player.example.org/v/42?t=1"' in html
    assert 'data-embed-sandbox="allow-scripts allow-same-origin allow-popups"' in html
    assert "data-embed-referrerpolicy" in html and "Our talk" in html and "<iframe" not in html


@pytest.mark.parametrize("src, says", [
    ("http://player.example.org/v/1", "http: is not allowed, use an https:// URL"),
    ("http://other.example/v/1", "http: is not allowed, and as https: host 'other.example'"),
    ("https://other.example/v/1", 'add "other.example" to EMBED_EXTRA_HOSTS in pelicanconf.py to allow it'),
])
def test_refused_iframes_name_the_setting_and_advise_https_only_when_it_would_work(src, says):
    with pytest.raises(LineError) as caught:
        render(f'<iframe src="{src}"></iframe>\n', extra_hosts=["player.example.org"])
    assert says in caught.value.message


@pytest.mark.parametrize("value, says", [
    ("player.example.org", "must be a list"),
    (["https://player.example.org"], "'https://player.example.org' is not a bare host name"),
    (["player.example.org:8443", "10.0.0.1"], "are not bare host names"),
    (["Player.Example.org"], "is not a bare host name"),
])
def test_bad_extra_hosts_are_refused_at_start_up(value, says, caplog):
    settings = {"EMBED_EXTRA_HOSTS": value}
    configure(settings, SETTINGS, logging.getLogger("test"))
    [record] = caplog.records
    assert record.levelname == "ERROR" and record.getMessage().startswith(f"setting EMBED_EXTRA_HOSTS={value!r}: ")
    assert says in record.getMessage()
    assert settings["EMBED_EXTRA_HOSTS"] == ()


def test_good_extra_hosts_are_kept(caplog):
    settings = {"EMBED_EXTRA_HOSTS": ["video.example.net", "player.example.org", "www.youtube-nocookie.com"]}
    configure(settings, SETTINGS, logging.getLogger("test"))
    assert settings["EMBED_EXTRA_HOSTS"] == ("player.example.org", "video.example.net") and caplog.records == []
    assert extra_hosts([]) == ()


def test_find_lines_gives_every_line_holding_a_needle():
    text = "a\n<script>1\nb <SCRIPT>2 <script>3\n\nonerror=\n"
    assert find_lines(text, ["<script", "onerror"]) == [2, 3, 5]
    assert find_line(text, ["<script"]) == 2 and find_lines(text, ["<iframe", ""]) == []


def rst_html(text):
    """reStructuredText in, body HTML out, with the directives and a fragment store as the reader sets them."""
    from docutils.core import publish_parts

    from kbutil.fragments import fragment_env
    from kbutil.sanitize import Fragments
    from presentations.rst import CURRENT, register_directives

    register_directives()
    fragments = Fragments()
    token = CURRENT.set((fragments, fragment_env(["theme/templates"])))
    try:
        body = publish_parts(text, writer="html5", settings_overrides={"halt_level": 2, "report_level": 5})["body"]
    finally:
        CURRENT.reset(token)
    return fragments.restore(body)


def test_rst_youtube_and_vimeo_directives_give_the_facade():
    html = rst_html(
        f"Intro.\n\n.. youtube:: {YT}\n   :start: 90\n\n.. vimeo:: 76979871\n   :width: 640\n   :height: 360\n"
    )
    assert f'data-embed-src="https://www.youtube-nocookie.com/embed/{YT}?start=90"' in html
    assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"' in html
    assert 'data-embed-ratio="640 / 360"' in html


@pytest.mark.parametrize("text, says", [
    (".. youtube:: https://evil.example/watch?v=x\n", "youtube: host 'evil.example' is not an allowed provider"),
    (f".. vimeo:: https://youtu.be/{YT}\n", "is a YouTube address, not Vimeo"),
    (f".. youtube:: {YT}\n   :width: wide\n", "should be a whole number of pixels"),
])
def test_bad_rst_directives_are_errors_with_the_line(text, says):
    from docutils.utils import SystemMessage

    with pytest.raises(SystemMessage) as caught:
        rst_html("Intro.\n\n" + text)
    assert ":3:" in str(caught.value) and says in str(caught.value)
