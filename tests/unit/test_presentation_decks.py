"""The deck compiler and the Markdown directive, without Pelican."""

from textwrap import dedent

import markdown
import pytest

from kbutil.diagnostics import LineError, SourceError
from presentations.deck import note_marker, parse_deck, public_notes
from presentations.feeds import feed_html
from presentations.render import shift_headings

DECK = dedent("""\
    Title: A deck
    Date: 2011-10-25

    # One
    - a point

    Note:
    Said aloud.

    Note (private):
    Kept back.
    ---
    # Two

    ```
    ---
    not a separator
    ```
    Note: inline note
    ---

    # Three
""")


def test_slides_split_on_separator_lines_but_not_in_code():
    deck = parse_deck("d.md", DECK, "d")
    assert deck.title == "A deck"
    assert [s.number for s in deck.slides] == [1, 2, 3]
    assert [s.line for s in deck.slides] == [4, 13, 21]
    assert "not a separator" in deck.slides[1].body


def test_notes_public_and_private():
    one, two, three = parse_deck("d.md", DECK, "d").slides
    assert (one.body, one.notes, one.private_notes) == ("# One\n- a point", "Said aloud.", "Kept back.")
    assert two.notes == "inline note"
    assert three.notes == ""
    assert public_notes(one) == "Said aloud."
    assert public_notes(one, include_private=True) == "Said aloud.\n\nKept back."


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Title: T\nDate: 2011-10-25\n\n# One\n---\n---\n# Three\n", 6, "slide 2 is empty"),
        ("Title: T\nDate: 2011-10-25\n\n", 4, "no slides"),
        ("Title: T\n\n# One\n", 1, "no 'Date:' line"),
        ("Date: 2011-10-25\n\n# One\n", 1, "no 'Title:' line"),
        ("Title: T\nDate: soon\n\n# One\n", 2, "invalid date"),
    ],
)
def test_deck_errors_name_the_line(text, line, says):
    with pytest.raises(SourceError) as caught:
        parse_deck("talks/t.md", text, "t")
    assert caught.value.line == line and says in str(caught.value)


NEAR_MISSES = [
    # (line, the marker as the error quotes it)
    ("Note (private) :", "Note (private) :"),
    ("Note  (private):", "Note  (private):"),
    ("Note( private):", "Note( private):"),
    ("Note(private):", "Note(private):"),
    (" Note (private):", " Note (private):"),
    ("\tNote:", "\tNote:"),
    ("Notes:", "Notes:"),
    ("Notes (private):", "Notes (private):"),
    ("Notes (private): secret", "Notes (private):"),
    ("note:", "note:"),
    ("NOTE:", "NOTE:"),
    ("note (Private):", "note (Private):"),
    ("Note (Private): secret", "Note (Private):"),
    ("NOTE (PRIVATE):", "NOTE (PRIVATE):"),
    ("Note [private]:", "Note [private]:"),
    ("Note {private}:", "Note {private}:"),
    ("Note - private:", "Note - private:"),
    ("Private note:", "Private note:"),
    ("Private notes: secret", "Private notes:"),
    ("Speaker notes:", "Speaker notes:"),
    ("Note (secret):", "Note (secret):"),
    ("Note (public):", "Note (public):"),
    ("Note (private)", "Note (private)"),
    ("Note (private) secret", "Note (private) secret"),
    ("Notes", "Notes"),
]


@pytest.mark.parametrize(
    "line, kind, rest",
    [
        ("Note:", "public", ""),
        ("Note:   ", "public", ""),
        ("Note: inline note", "public", "inline note"),
        ("Note (private):", "private", ""),
        ("Note (private): secret", "private", "secret"),
        ("Note (private):  ", "private", ""),
    ]
    + [(line, "near-miss", quoted) for line, quoted in NEAR_MISSES]
    + [
        (prose, None, None)
        for prose in (
            "Notes on pricing are below.",
            "Note that lurkers matter",
            "Note to self: ask the room",
            "**Note:** bold text on the slide",
            "- Note: a bullet point",
            "## Notes",
            "Footnote: one",
            "Notebook: two",
            "A note (private): on a slide",
            "Notes.",
            "",
        )
    ],
)
def test_note_markers_exact_near_misses_and_prose(line, kind, rest):
    """Only 'Note:' and 'Note (private):' are markers; look-alikes are near-misses."""
    assert note_marker(line) == (None if kind is None else (kind, rest))


@pytest.mark.parametrize("line, quoted", NEAR_MISSES)
def test_a_near_miss_marker_is_an_error_at_its_line(line, quoted):
    """A look-alike marker stops the deck, naming its line and the exact spelling."""
    text = f"Title: T\nDate: 2011-10-25\n\n# One\n- a point\n\n{line}\nSecretword\n"
    with pytest.raises(SourceError) as caught:
        parse_deck("content/presentations/x.md", text, "x")
    assert str(caught.value) == (
        f"content/presentations/x.md:7: {quoted!r} looks like a speaker-notes marker; "
        "write exactly 'Note:' or 'Note (private):' on its own line"
    )


def test_near_miss_on_a_later_slide_names_its_line():
    """Line numbers count from the top of the file, across separators."""
    text = "Title: T\nDate: 2011-10-25\n\n# One\n---\n# Two\n\nNotes (private):\nx\n"
    with pytest.raises(SourceError) as caught:
        parse_deck("d.md", text, "d")
    assert caught.value.line == 8


def test_markers_in_fenced_code_are_slide_text():
    """Inside fenced code a marker or a look-alike is just code."""
    text = "Title: T\nDate: 2011-10-25\n\n# One\n```\nNotes (private):\nNote:\n```\n"
    [slide] = parse_deck("d.md", text, "d").slides
    assert "Notes (private):\nNote:" in slide.body and slide.notes == ""


def test_headings_shift_to_the_requested_level():
    assert shift_headings("<h1>A</h1><h2 id=x>B</h2>", 3) == "<h3>A</h3><h4 id=x>B</h4>"
    assert shift_headings("<h5>A</h5><h6>B</h6>", 2) == "<h2>A</h2><h3>B</h3>"
    assert shift_headings("<p>no heading</p>", 2) == "<p>no heading</p>"


def test_feed_version_replaces_players_and_keeps_the_rest():
    html = (
        "<p>before</p><!-- presentation-embed --><figure data-embed><button>x</button>"
        '<template class="embed-feed"><p><a href="https://x">Deck on X</a></p></template>'
        "</figure><!-- /presentation-embed --><p>after</p>"
    )
    assert feed_html(html) == '<p>before</p><p><a href="https://x">Deck on X</a></p><p>after</p>'


def render(text, tmp_path, **config):
    """Markdown with our extension, as Pelican configures it."""
    from presentations.extension import PresentationExtension

    theme = __import__("helpers").ROOT / "theme" / "templates"
    ext = PresentationExtension(deck_dir=str(tmp_path), template_dirs=[str(theme)], **config)
    return markdown.markdown(dedent(text), extensions=["markdown.extensions.fenced_code", ext])


def test_one_line_deck_renders_viewer_with_links(tmp_path):
    (tmp_path / "talk.md").write_text(DECK)
    html = render("Intro\n\n[presentation: talk]\n\nOutro\n", tmp_path)
    assert '<section class="deck" data-deck' in html
    assert 'href="{filename}/presentations/talk.md"' in html
    assert 'href="{filename}/presentations/talk/download"' in html
    assert "Said aloud." in html and "Kept back." not in html
    assert html.index("Intro") < html.index("data-deck") < html.index("Outro")


def test_private_notes_only_when_asked(tmp_path):
    (tmp_path / "talk.md").write_text(DECK)
    assert "Kept back." in render("[presentation: talk]\n", tmp_path, private_notes=True)


def test_second_deck_on_a_page_gets_prefixed_ids(tmp_path):
    (tmp_path / "talk.md").write_text(DECK)
    html = render("[presentation: talk]\n\n[presentation: talk]\n", tmp_path)
    assert 'id="slide-1"' in html and 'id="talk-slide-1"' in html


def test_directives_inside_code_blocks_are_left_alone(tmp_path):
    html = render("```\n[presentation: http://evil]\n<script>x</script>\n```\n", tmp_path)
    assert "[presentation: http://evil]" in html and "&lt;script&gt;" in html


def test_inline_code_may_show_tags(tmp_path):
    assert "&lt;iframe&gt;" in render("Write `<iframe>` never.\n", tmp_path)


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("Hi\n\n```presentation\nsrc: https://youtu.be/dQw4w9WgXcQ\n", 3, "not closed"),
        ("```presentation\ntitle: x\n```\n", 1, "exactly one of src"),
        ("```presentation\nsrc: https://youtu.be/dQw4w9WgXcQ\ndeck: x\n```\n", 1, "exactly one of src"),
        ("[presentation: ]\n", 1, "empty"),
        ("[presentation: ../etc/passwd]\n", 1, "deck name"),
        ("```presentation\ndeck: talk\nstart: \u00b9\n```\n", 1, "start: '\u00b9' should be a slide number"),
        ("```presentation\ndeck: talk\nstart: 99\n```\n", 1, "from 1 to"),
    ],
)
def test_directive_errors_name_the_line(tmp_path, text, line, says):
    (tmp_path / "talk.md").write_text(DECK)
    with pytest.raises(LineError) as caught:
        render(text, tmp_path)
    assert caught.value.line == line and says in caught.value.message


@pytest.mark.parametrize(
    "markup, says",
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<img src=x onerror=alert(1)>", "onerror= on <img>"),
        ("[x](javascript:alert(1))", "href='javascript:alert(1)'"),
    ],
)
def test_active_markup_in_a_slide_or_its_notes_names_the_deck_line(tmp_path, markup, says):
    lines = ["Title: Talk", "Date: 2011-10-25", "", "## One", "", "---", "", "## Two", "", "Note:", "", markup]
    (tmp_path / "talk.md").write_text("\n".join(lines) + "\n")
    with pytest.raises(LineError) as caught:
        render("Intro\n\n[presentation: talk]\n", tmp_path)
    assert caught.value.line == 3
    assert f"talk.md:12: unsafe HTML the site does not publish: {says}" in caught.value.message


def test_embed_code_wrapped_in_a_div_becomes_a_facade(tmp_path):
    snippet = (
        '<div style="padding:56.25% 0 0 0;position:relative;">'
        '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;" '
        'allow="autoplay; fullscreen; picture-in-picture" title="A talk"></iframe></div>\n'
    )
    html = render("Intro\n\n" + snippet, tmp_path)
    assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1&amp;h=8272103f6e"' in html
    assert "<iframe" not in html and "<div style" not in html
