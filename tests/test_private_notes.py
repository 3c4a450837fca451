"""Private speaker notes reach no file of the built site, and a misspelt marker stops the build.

A deck's `Note (private):` notes are for the speaker only. The good build
below hides unique words under such markers and then reads every file of
output/ as a reader, a feed reader or a search engine would: HTML, XML, JSON
and text, the PDF's text and metadata, and Pagefind's gzip-compressed index.
A public word under `Note:` must be found by the same scan in each of those,
so the scan is known to see them. A look-alike marker (`Notes (private):`)
would leave its notes on the public slide, so it fails the build instead.
"""

import gzip
import io
import os
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from helpers import copy_project

# Unique words, written only under `Note (private):` markers.
SECRETS = ("zorbathian", "quillometric", "brandlewisp", "vexmorandum", "plinthquark")
PUBLIC = "fennimorel"  # written only under `Note:`, the scan's positive control

POST = """\
Title: A talk about {name}
Date: 2011-10-26
Category: Talks
Tags: talks
Summary: The deck, shown in a post.

Intro.

[presentation: {name}]
"""

GOOD_DECK = f"""\
Title: A deck with private notes
Date: 2011-10-25
Summary: Slides with notes for everyone and notes for the speaker.

## First slide
- a point

Note:
Said aloud: {PUBLIC}.

Note (private):
Only for me: {SECRETS[0]} and a [link](https://example.com/{SECRETS[1]}).

---

## Second slide

Note (private): {SECRETS[2]} on the marker's own line

---

## Third slide

Note (private):
**{SECRETS[3]}** in bold, then back to public notes.

Note:
Public again.

---

## Fourth slide

```
Notes (private):
looks like a marker, but it is code
```

Note (private):
- {SECRETS[4]} in a list
"""

# Representative near-misses (the parser's unit tests try many more):
# (deck name, the marker line, the marker as the message quotes it).
NEAR_MISSES = (
    ("plural", "Notes (private):", "Notes (private):"),
    ("indented", " Note (private):", " Note (private):"),
    ("inline", "note (Private): {secret} on the line", "note (Private):"),
)
NEAR_MISS_LINE = 8


def near_miss_deck(marker, secret):
    return (
        "Title: A deck with a misspelt marker\nDate: 2011-10-25\n\n"
        f"## A slide\n- a point\n\nNote:\n{marker.format(secret=secret)}\n{secret}\n"
    )


def invoke_build(project):
    return subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, COLUMNS="1000"), check=False,
    )


def small_site(project, decks):
    """Replace the project's posts and decks with `decks` ({name: text}), each shown in a post."""
    for folder in ("posts", "presentations", "recaps"):
        shutil.rmtree(project / "content" / folder, ignore_errors=True)
        (project / "content" / folder).mkdir()
    for name, text in decks.items():
        (project / "content" / "presentations" / f"{name}.md").write_text(text, encoding="utf-8")
        (project / "content" / "posts" / f"{name}.md").write_text(POST.format(name=name), encoding="utf-8")


def pdf_text(data):
    pdf = PdfReader(io.BytesIO(data))
    words = [page.extract_text() for page in pdf.pages] + [str(pdf.metadata or "")]
    return " ".join(" ".join(words).split())


def readable_files(output):
    """{file: its text, lower-cased}: every file of `output` as a program reading it would see it."""
    texts = {}
    for file in sorted(path for path in output.rglob("*") if path.is_file()):
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments
            data = gzip.decompress(data)
        text = pdf_text(data) if file.suffix == ".pdf" else data.decode("utf-8", "replace")
        texts[file] = text.lower()
    return texts


def kind(output, file):
    """Which part of the site `file` is, for the positive control."""
    rel = file.relative_to(output).as_posix()
    if rel.startswith("pagefind/"):
        return "search fragment" if "/fragment/" in rel else "search index" if "/index/" in rel else "search"
    return file.suffix


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """The project with one deck holding private notes, built; return (process, output folder)."""
    project = copy_project(tmp_path_factory.mktemp("private"))
    small_site(project, {"secret-deck": GOOD_DECK})
    return invoke_build(project), project / "output"


def test_good_build_succeeds(good_build):
    result, output = good_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "presentations" / "secret-deck" / "secret-deck.pdf").is_file()


def test_the_scan_sees_every_kind_of_output_file(good_build):
    """The public note's word is found in the pages, the PDF, and the search index and fragments."""
    _, output = good_build
    found = {kind(output, file) for file, text in readable_files(output).items() if PUBLIC in text}
    assert {".html", ".pdf", "search index", "search fragment"} <= found, found


def test_private_notes_reach_no_output_file(good_build):
    _, output = good_build
    texts = readable_files(output)
    assert len(texts) > 20
    leaks = [(word, str(file.relative_to(output))) for file, text in texts.items()
             for word in SECRETS if word[:7] in text]
    assert not leaks


def test_a_near_miss_marker_fails_the_build_and_leaves_output_alone(project):
    decks = {name: near_miss_deck(marker, f"{name}secretword") for name, marker, _ in NEAR_MISSES}
    small_site(project, decks)
    (project / "output").mkdir()
    (project / "output" / "previous.html").write_text("the last good build")

    result = invoke_build(project)

    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    for name, _, quoted in NEAR_MISSES:
        assert (
            f"content/presentations/{name}.md:{NEAR_MISS_LINE}: {quoted!r} looks like a speaker-notes "
            "marker; write exactly 'Note:' or 'Note (private):' on its own line"
        ) in log, log
    assert "Traceback" not in log
    assert sorted(p.name for p in (project / "output").iterdir()) == ["previous.html"]
    assert not (project / "output.partial").exists()
