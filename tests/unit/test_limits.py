"""kbutil.limits.check_nesting: lists and quotes nested too deep for Python-Markdown."""

import markdown
import pytest

from kbutil.diagnostics import LineError
from kbutil.limits import MAX_NESTING, check_nesting, line_depths


def indented(levels, step="  ", marker="-"):
    """A list nested `levels` deep by indentation."""
    return "".join(f"{step * level}{marker} item\n" for level in range(levels))


def error(text, **options):
    with pytest.raises(LineError) as caught:
        check_nesting(text, **options)
    return caught.value


def deepest(text):
    return max(depth for _, depth in line_depths(text.splitlines()))


@pytest.mark.parametrize(
    "text, line, depth",
    [
        ("- " * 1000 + "x\n", 1, 1000),
        ("1. " * 1000 + "x\n", 1, 1000),
        ("1. - * " * 334 + "x\n", 1, 1002),
        ("Intro.\n\n" + indented(2000), 23, 2000),
        (indented(2000, step="    "), 21, 2000),
        (indented(100, step="\t", marker="*"), 21, 100),
        (indented(100, step="   ", marker="1."), 21, 100),
        (">" * 1000 + " x\n", 1, 1000),
        ("> " * 1000 + "x\n", 1, 1000),
        ("".join(">" * n + " x\n" for n in range(1, 31)), 21, 30),
        ("> " * 15 + "- " * 15 + "x\n", 1, 30),
    ],
)
def test_deep_nesting_is_refused_at_the_first_line_too_deep(text, line, depth):
    err = error(text)
    assert err.line == line
    assert err.message == (
        f"lists or quotes nested {depth} levels deep (the limit is {MAX_NESTING}); flatten the list"
    )


@pytest.mark.parametrize(
    "text, depth",
    [
        ("- a\n  - b\n    - c\n- d\n", 3),
        ("1. one\n    - two\n        * three\n", 3),
        ("* a\n\n    more of a\n\n    * b\n", 2),
        ("> quote\n> > nested\n>\n> - a list in it\n", 2),
        ("- a\n - b, one space in: the same level\n", 1),
        ("- a\n  - b\n\nText at the margin.\n\n  - c\n", 2),
        ("Prose 1.5 times - not a list.\n-not a list either\n*emphasis*\n", 0),
        ("- - -\n* * * * * * * * * * * * * * * * * * * * * * * *\n", 0),
    ],
)
def test_ordinary_writing_passes(text, depth):
    check_nesting(text)
    assert deepest(text) == depth


def test_the_limit_itself_is_allowed():
    check_nesting("- " * MAX_NESTING + "x\n")
    assert error("- " * (MAX_NESTING + 1) + "x\n").line == 1
    check_nesting("- " * 30 + "x\n", limit=30)


@pytest.mark.parametrize(
    "fence, language",
    [("```", ""), ("~~~", ""), ("```", "markdown"), ("````", " {.md}"), ("```", " hl_lines=\"1\"")],
)
def test_fenced_code_is_skipped(fence, language):
    text = f"Text\n\n{fence}{language}\n" + "- " * 1000 + "x\n" + indented(50) + f"{fence}\n\n- after\n"
    check_nesting(text)


def test_a_fence_never_closed_is_markdown_and_checked():
    """Python-Markdown reads the lines after an unclosed fence as Markdown: so does the check."""
    assert error("```\n" + "- " * 1000 + "x\n").line == 2
    assert error("````\n" + "- " * 1000 + "x\n```\n").line == 2  # closed by the same fence only
    assert error("```not a (language\n" + "- " * 30 + "x\n```\n").line == 2


def test_a_fence_inside_code_opens_nothing():
    text = "```\n~~~\n```\n" + "- " * 30 + "x\n~~~\n"
    assert error(text).line == 4


def test_lines_may_be_a_list_and_start_anywhere():
    assert error(["ok", "- " * 30 + "x"], first_line=10).line == 11


def test_big_input_is_checked_in_one_pass():
    """A million levels on one line (2 MB) and 5,000 lines of indentation finish quickly."""
    assert error("- " * 1_000_000 + "x").message.startswith("lists or quotes nested 1000000 levels")
    assert error(indented(5000)).line == 21


def test_python_markdown_needs_the_limit():
    """The reason for the limit: Python-Markdown recurses once per level."""
    with pytest.raises(RecursionError):
        markdown.markdown("- " * 1000 + "x\n")
    markdown.markdown("- " * MAX_NESTING + "x\n")
