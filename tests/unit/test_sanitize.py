"""The sanitizer on what Markdown makes of hostile and ordinary posts: nothing active survives."""

from textwrap import dedent

import markdown
import pytest

from kbutil.safe_markdown import SanitizeExtension
from kbutil.sanitize import Fragments, UnsafeHTML, clean, find_line

EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.codehilite", "markdown.extensions.toc"]


def to_html(text):
    """Markdown as the site configures it, with the sanitizer last."""
    return markdown.markdown(dedent(text), extensions=[*EXTENSIONS, SanitizeExtension()], output_format="html5")


# Each of these got past the old pattern-matching guard; each must now be refused.
HOSTILE = [
    ("[x][e]\n\n[e]: javascript:alert(1)\n", "href='javascript:alert(1)' on <a>", 3),
    ("<svg/onload=alert(1)>\n", "<svg>", 1),
    ("Hi\n\n<img src=x\nonerror=alert(1)>\n", "onerror= on <img>", 4),
    ("[a](javascript&#58;alert(1))\n", "href='javascript:alert(1)'", 1),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>\n', "href='jav\\tascript:alert(1)'", 1),
    ("[x](\njavascript:alert(1))\n", "javascript:alert(1)", 2),
    (" ```\n<script>alert(1)</script>\n", "<script>", 2),
    ("```\n<script>alert(1)</script>\n", "<script>", 2),
    ('<img src=x alt="`" onerror=alert(1)>\n', "onerror= on <img>", 1),
    ("- item\n\n    <img src=x onerror=alert(1)>\n", "onerror= on <img>", 3),
    ("<style>body{background:url(https://other.host/x)}</style>\n", "<style>", 1),
    ("<link rel=stylesheet href=https://other.host/x.css>\n", "<link>", 1),
    ('<table><tr><td style="background:url(https://other.host/x)">a</td></tr></table>\n',
     "style with url() on <td>", 1),
    ("para\n{: onclick=\"alert(1)\" }\n", "onclick= on <p>", 2),
    ('<iframe src="https://evil.example/"></iframe>\n', "<iframe>", 1),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", "href='data:text/html", 1),
    ("[x](vbscript:msgbox)\n", "href='vbscript:msgbox'", 1),
    ('<form action="https://x"><button formaction="javascript:1">b</button></form>\n', "<form>", 1),
    ('<base href="https://evil/">\n', "<base>", 1),
    ('<object data="x.swf"></object><embed src="x.swf">\n', "<object>", 1),
    ('<meta http-equiv="refresh" content="0;url=https://evil/">\n', "<meta>", 1),
    ('<div data-embed data-embed-src="https://evil/">x</div>\n', None, None),
]


@pytest.mark.parametrize("text, says, line", HOSTILE)
def test_active_markup_is_refused_naming_what_and_where(text, says, line):
    if says is None:  # our own markers are not content's to set: dropped, the text kept
        html = to_html(text)
        assert "data-embed" not in html and ">x<" in html
        return
    with pytest.raises(UnsafeHTML) as caught:
        to_html(text)
    assert says in str(caught.value)
    assert find_line(dedent(text), caught.value.needles) == line


def test_ordinary_markdown_passes_unchanged_in_meaning():
    html = to_html("""\
        ## A heading

        Hello *world*, a [post]({filename}/posts/x.md), an ![image]({static}/images/a.png)
        and <abbr title="Community Manager">CM</abbr>[^1].

        | left | centre |
        |------|:------:|
        | 1    | 2      |

        ```python
        print("<b>")
        ```

        [^1]: A footnote.
        """)
    assert '<h2 id="a-heading">A heading</h2>' in html
    assert '<a href="{filename}/posts/x.md">post</a>' in html
    assert 'src="{static}/images/a.png"' in html
    assert '<td class="align-center">2</td>' in html and "style=" not in html
    assert '<abbr title="Community Manager">CM</abbr>' in html
    assert "&lt;b&gt;" in html and 'class="footnote"' in html


def test_presentational_markup_is_dropped_keeping_the_text():
    html, dropped = clean('<font color="red">Red</font> <div style="color:red" align="left">x</div>')
    assert html == 'Red <div>x</div>'
    assert set(dropped) == {"<font>", "color= on <font>", "align= on <div>", "style= on <div>"}


def test_fragments_come_back_after_cleaning_and_cannot_be_forged():
    fragments = Fragments()
    token = fragments.add('<figure data-embed><template><iframe src="https://x"></iframe></template></figure>')
    html, _ = clean(f"<p>{token}</p>\n<p>kbfragment0n0x</p>")
    restored = fragments.restore(html)
    assert restored.startswith("<figure data-embed>") and "<p>kbfragment0n0x</p>" in restored
    assert Fragments().add("x") != token  # a new random part for every document


def test_entities_and_controls_in_urls_are_decoded_before_the_scheme_check():
    for href in ("javascript&#58;x", "java\nscript:x", "&#x6A;avascript:x", " JaVaScRiPt:x", "\x01javascript:x"):
        with pytest.raises(UnsafeHTML):
            clean(f'<a href="{href}">x</a>')
