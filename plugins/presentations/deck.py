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
`Note (private):` notes that stay out of every public file. Both are spelled
exactly so; a line that looks like a marker but is not (`Notes:`,
`note (Private):`, `Note [private]:`, ` Note (private):`, `Private note:`)
is an error rather than slide text, so private notes never go public by a typo.
"""

import re
from dataclasses import dataclass, field

from kbutil.diagnostics import SourceError
from kbutil.header import check_header, read_header

SEPARATOR = re.compile(r"^---\s*$")
NOTE = re.compile(r"^Note(?P<private> \(private\))?:\s*(?P<rest>.*)$")
# A near-miss: the words before the first ':' (or of the whole line) are only
# these, with at least one "note(s)", separated by blanks, brackets or dashes.
NOTE_WORDS = {"note", "notes", "private", "public", "speaker", "speakers", "secret", "hidden"}
MARKER_CHARS = re.compile(r"[A-Za-z\s()\[\]{}<>-]*")
WORD = re.compile(r"[A-Za-z]+")
NOTE_SPELLING = "write exactly 'Note:' or 'Note (private):' on its own line"
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


def note_marker(line):
    """Classify `line` as a speaker-notes marker. Pure.

    Return ("public" or "private", text after the marker) for `Note:` and
    `Note (private):`, ("near-miss", the marker as written) for a line that
    looks like one but is spelled otherwise, and None for ordinary text.
    """
    match = NOTE.match(line)
    if match:
        return ("private" if match["private"] else "public"), match["rest"]
    head = line.split(":", 1)[0]
    words = WORD.findall(head.lower())
    looks_like = (
        head.strip()[:1].isalpha()
        and MARKER_CHARS.fullmatch(head)
        and 0 < len(words) <= 3
        and set(words) <= NOTE_WORDS
        and {"note", "notes"} & set(words)
    )
    if not looks_like:
        return None
    return "near-miss", (head + ":" if ":" in line else head).rstrip()


def parse_slide(path, number, first_line, lines):
    """Split one slide's lines into body, public notes and private notes."""
    parts = {"body": [], "notes": [], "private_notes": []}
    current, in_code = parts["body"], False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_code = not in_code
        marker = None if in_code else note_marker(line)
        if marker and marker[0] == "near-miss":
            raise SourceError(
                path, first_line + index,
                f"{marker[1]!r} looks like a speaker-notes marker; {NOTE_SPELLING}",
            )
        if marker:
            current = parts["private_notes" if marker[0] == "private" else "notes"]
            line = marker[1]
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
