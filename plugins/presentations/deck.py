"""Parse a Markdown deck: a metadata header, slides, speaker notes. Pure.

File format (content/presentations/NAME.md)::

    Title: Why Your Customers Need an Online Community
    Date: 2011-10-25
    Summary: One sentence for the presentations index.

    ## First slide
    - a point

    Note:
    What the speaker says, as Markdown.

    Note (private):
    Only for the speaker: never in the public build.

    ---

    ## Second slide

A line holding only `---` separates slides (reveal.js's convention), except
inside fenced code. `Note:` starts the public speaker notes of a slide and
`Note (private):` notes that stay out of every public file.
"""

import re
from dataclasses import dataclass, field

from kbutil.diagnostics import SourceError
from kbutil.header import check_header, read_header

SEPARATOR = re.compile(r"^---\s*$")
NOTE = re.compile(r"^note(?P<private>\s*\(private\))?:\s*(?P<rest>.*)$", re.IGNORECASE)
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Slide:
    number: int
    line: int  # where the slide starts in the file
    body: str  # Markdown
    notes: str = ""  # Markdown, public
    private_notes: str = ""  # Markdown, kept out of public output


@dataclass
class Deck:
    name: str
    path: str
    metadata: dict = field(default_factory=dict)
    slides: list = field(default_factory=list)

    @property
    def title(self):
        return self.metadata["title"]


def parse_deck(path, text, name):
    """Return the Deck in `text`; raise SourceError naming the line of a problem."""
    text = text.lstrip("\ufeff")
    check_header(path, text, required=("title", "date"))
    lines = text.splitlines()
    metadata, body_start = read_header(lines)
    slides = [
        parse_slide(path, number, start, chunk)
        for number, (start, chunk) in enumerate(split_slides(lines, body_start), start=1)
    ]
    if not slides:
        raise SourceError(path, body_start + 1, "the deck has no slides after its header")
    return Deck(name=name, path=path, metadata=metadata, slides=slides)


def split_slides(lines, start):
    """Yield (first line number, lines) for each slide, skipping blank slides at the ends."""
    chunk, first, in_code = [], start + 1, False
    for index in range(start, len(lines)):
        line = lines[index]
        if FENCE.match(line):
            in_code = not in_code
        if SEPARATOR.match(line) and not in_code:
            yield first, chunk
            chunk, first = [], index + 2
        else:
            chunk.append(line)
    if any(line.strip() for line in chunk):
        yield first, chunk


def parse_slide(path, number, first_line, lines):
    """Split one slide's lines into body, public notes and private notes."""
    parts = {"body": [], "notes": [], "private_notes": []}
    current, in_code = parts["body"], False
    for line in lines:
        if FENCE.match(line):
            in_code = not in_code
        match = None if in_code else NOTE.match(line)
        if match:
            current = parts["private_notes" if match["private"] else "notes"]
            line = match["rest"]
        current.append(line)
    slide = Slide(number, first_line, *("\n".join(parts[k]).strip() for k in parts))
    if not slide.body:
        raise SourceError(path, first_line, f"slide {number} is empty (two '---' lines in a row?)")
    return slide


def public_notes(slide, include_private=False):
    """The notes of `slide` that may be published (private ones only when asked)."""
    if include_private and slide.private_notes:
        return f"{slide.notes}\n\n{slide.private_notes}".strip()
    return slide.notes
