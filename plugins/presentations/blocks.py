"""Which lines of a Markdown file Python-Markdown will show as code. Pure.

Directives and pasted embed codes are read before Python-Markdown parses the
file, so this decides, the way Python-Markdown's block parser does, whether a
line is code (never an embed, whatever it holds) or text:

- a fenced block (``` or ~~~ at the start of a line, closed by the same
  fence; an unclosed fence is plain text, as fenced_code reads it);
- an indented code block: a block (after a blank line) indented 4 spaces or
  more that is not the continuation of a list item; it goes on over blank
  lines while the lines stay indented;
- inside a list item, a block indented one level more than the item's
  content is code too (`- item`, blank line, 8 spaces).

A block indented by a list item's own level after that item is its
continuation: text, and an embed there stays in the item. Tabs are already
spaces here (Python-Markdown's normalize_whitespace, priority 30, runs first).
"""

import re
from dataclasses import dataclass

TAB = 4
FENCE_OPEN = re.compile(r"^(?P<fence>~{3,}|`{3,})")
LIST_MARKER = re.compile(r"^ {0,3}(?:[*+-]|[0-9]+\.)[ \t]+\S")


@dataclass(frozen=True)
class Line:
    """What Python-Markdown makes of one line: code or not, and the indent it belongs to."""

    code: bool
    indent: int  # columns of list-item indentation the text of the line sits in
    fence_start: bool = False  # the opening line of a fenced block


def indentation(line):
    return len(line) - len(line.lstrip(" "))


def closing_fence(lines, start, fence):
    """The index of the line closing the fence opened at `start`, else None."""
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip(" ") == fence:
            return index
    return None


def classify(lines):
    """A Line for each of `lines` (see the module docstring)."""
    result, index, depth, in_code, after_blank = [], 0, 0, False, True
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            result.append(Line(in_code, 0))
            after_blank, index = True, index + 1
            continue
        level = indentation(line) // TAB
        if in_code and level > depth:  # code goes on while the lines stay indented
            result.append(Line(True, 0))
            after_blank, index = False, index + 1
            continue
        in_code = False
        if level == 0 and (match := FENCE_OPEN.match(line)):
            end = closing_fence(lines, index, match["fence"])
            if end is not None:
                result.append(Line(True, 0, fence_start=True))
                result.extend(Line(True, 0) for _ in range(index + 1, end + 1))
                index, after_blank, depth = end + 1, False, 0
                continue
        if after_blank and level > depth:
            in_code = True
            result.append(Line(True, 0))
            after_blank, index = False, index + 1
            continue
        if after_blank:
            depth = min(depth, level)
            if level == 0 and not LIST_MARKER.match(line):
                depth = 0
        if LIST_MARKER.match(line[level * TAB:]) and (after_blank or depth >= level or level == 0):
            depth = level + 1
        result.append(Line(False, min(level, depth) * TAB))
        after_blank, index = False, index + 1
    return result
