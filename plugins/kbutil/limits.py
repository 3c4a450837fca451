"""Limits on Markdown input that Python-Markdown cannot handle. Pure.

Python-Markdown parses nested lists and block quotes by recursion, one level
per level of nesting, and re-reads the nested text at each level. Hostile or
broken text therefore fails badly (measured with Markdown 3.11): a list of
1,000 levels written with markers on one line (`- - - ... x`) or
`1. 1. 1. ... x` stops with a RecursionError; 500 levels by indentation is a
RecursionError after more than a second, and 2,000 levels by indentation
(two or four spaces per level) runs for minutes. Real writing nests a few
levels, so `check_nesting` refuses text deeper than MAX_NESTING before
Markdown sees it, in time linear in the text.
"""

import re

from kbutil.diagnostics import LineError

# Deeper than any real outline (a few levels), far below where Python-Markdown
# recurses into trouble (RecursionError near 1,000 levels, minutes at 2,000).
MAX_NESTING = 20
TAB = 4  # columns a tab stands for, as in Python-Markdown
STEP = 2  # an item at least this many columns right of another is inside it

QUOTES = re.compile(r"[ ]*>")
MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ ]|$)")
SPACES = re.compile(r"[ ]*")
THEMATIC_BREAK = re.compile(r"[ ]{0,3}([-*_])(?:[ ]*\1){2,}[ ]*")
FENCE = re.compile(r"`{3,}|~{3,}")
# What may follow an opening fence on its line (Python-Markdown's FENCED_BLOCK_RE).
OPENING = re.compile(r"""[ ]*(?:\{[^\n]*\}|(?:\.?[\w#.+-]*[ ]*)?(?:hl_lines=("|').*?\1[ ]*)?)""")


def check_nesting(lines, limit=MAX_NESTING, first_line=1):
    """Raise LineError when `lines` nest lists or block quotes deeper than `limit`.

    `lines` is Markdown text or its lines; the first is line `first_line`.
    Depth counts `>` markers (`> > >` and `>>>`), list markers on one line
    (`- - x`, `1. - * x`) and list items indented under others (two or more
    columns, a tab being four). Fenced code blocks that are closed, as
    Python-Markdown reads them, are skipped. The error is at the first line
    too deep and gives the deepest nesting found.
    """
    lines = lines.splitlines() if isinstance(lines, str) else list(lines)
    deepest, where = 0, None
    for index, depth in line_depths(lines):
        if depth > limit and where is None:
            where = first_line + index
        deepest = max(deepest, depth)
    if where is not None:
        raise LineError(
            where,
            f"lists or quotes nested {deepest} levels deep (the limit is {limit}); flatten the list",
        )


def line_depths(lines):
    """Yield (index, nesting depth) for each non-blank line outside closed fenced code."""
    code = code_blocks(lines)
    items = []  # columns of the list items open around the current line
    index = 0
    while index < len(lines):
        if index in code:
            index = code[index] + 1
            continue
        line = lines[index].expandtabs(TAB)
        if line.strip():
            quotes, start = quote_depth(line)
            yield index, quotes + open_items(line, start, items)
        index += 1


def code_blocks(lines):
    """Map the index of each opening code fence to the index of its closing fence.

    As Python-Markdown's fenced_code reads them: a fence opens a line (with
    nothing after it but a language or {attributes}); the block ends at the
    next line holding the same fence and nothing else; a fence never closed
    opens no block, and its lines are read as Markdown.
    """
    later, pairs = {}, {}  # fence -> index of its next closing line below
    for index in range(len(lines) - 1, -1, -1):
        fence = FENCE.match(lines[index])
        if not fence:
            continue
        if OPENING.fullmatch(lines[index], fence.end()) and fence[0] in later:
            pairs[index] = later[fence[0]]
        if not lines[index][fence.end():].strip(" "):
            later[fence[0]] = index
    return outermost(pairs)


def outermost(pairs):
    """Keep the blocks that open when read from the top (not fences inside another block)."""
    kept, inside_until = {}, -1
    for start in sorted(pairs):
        if start > inside_until:
            kept[start] = inside_until = pairs[start]
    return kept


def quote_depth(line):
    """Return (number of `>` markers starting `line`, column after them)."""
    depth, pos = 0, 0
    while match := QUOTES.match(line, pos):
        depth, pos = depth + 1, match.end()
    return depth, pos


def open_items(line, start, items):
    """Update `items`, the columns of the open list items, with `line`; return how many are open.

    `start` is the column after the line's `>` markers.
    """
    if THEMATIC_BREAK.fullmatch(line, start):
        items.clear()
        return 0
    pos = SPACES.match(line, start).end()
    marker = MARKER.match(line, pos)
    if not marker and pos == 0:
        items.clear()  # text at the margin ends every list
    while marker:
        while items and items[-1] > pos - STEP:
            items.pop()
        items.append(pos)
        pos = SPACES.match(line, marker.end()).end()
        marker = MARKER.match(line, pos)
    return len(items)
