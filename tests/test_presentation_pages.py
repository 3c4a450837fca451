"""Presentations in the built site: facades, the deck viewer, deck pages, PDFs, feeds."""

import io
import re
import shutil

import pytest
from pypdf import PdfReader

from helpers import ROOT, SITE_CONTENT, failed_build_log, page, read_feed, run_pelican, without_glossary

POST = "2011/10/why-your-customers-need-an-online-community/"
DECK = "presentations/why-your-customers-need-an-online-community/"
DECK_SOURCE = SITE_CONTENT / "presentations" / "why-your-customers-need-an-online-community.md"
PRIVATE = "Q3 forum migration"  # words of a `Note (private):` in the seed deck
BAD = ROOT / "tests" / "fixtures" / "presentations" / "bad"


def public_notes():
    """The first line of every public note in the seed deck, read from its source."""
    text = DECK_SOURCE.read_text(encoding="utf-8")
    return re.findall(r"^Note:\n(.+)$", text, re.MULTILINE)


def test_seed_deck_has_public_and_private_notes():
    assert len(public_notes()) == 6
    assert PRIVATE in DECK_SOURCE.read_text(encoding="utf-8")


def test_post_shows_facade_and_deck_viewer(site):
    doc = without_glossary(page(site, POST))
    main = doc.find("main")
    assert main.find("iframe") is None
    facade = main.find("figure", attrs={"data-embed": True})
    assert facade["data-embed-src"] == "https://www.slideshare.net/slideshow/embed_code/9876543"
    assert facade["data-embed-provider"] == "SlideShare"
    assert facade.find("button", class_="embed-load").has_attr("hidden")
    assert facade.find("a", class_="embed-link")["href"].startswith("https://www.slideshare.net/")
    deck = main.find("section", attrs={"data-deck": True})
    slides = deck.find_all("li", class_="deck-slide")
    assert [s["id"] for s in slides] == [f"slide-{n}" for n in range(1, 7)]
    assert slides[0].find("h3").get_text() == "Why Your Customers Need an Online Community"
    assert len(main.find_all("h1")) == 1
    notes = " ".join(deck.get_text(" ").split())
    for note in public_notes():
        assert note in notes
    assert "Download it to get the speaker notes:" in main.get_text()


def test_deck_page_shows_every_slide_with_its_notes(site):
    doc = page(site, DECK)
    sections = doc.find_all("section", class_="deck-page-slide")
    assert len(sections) == 6
    for section, note in zip(sections, public_notes()):
        assert note in " ".join(section.find(class_="slide-notes").get_text(" ").split())
    assert doc.find("h1").get_text() == "Why Your Customers Need an Online Community"


def test_handout_puts_each_slide_beside_its_notes(site):
    rows = page(site, DECK + "handout/").find_all("section", class_="handout-row")
    assert len(rows) == 6
    assert all(r.find(class_="slide-frame") and r.find(class_="slide-notes") for r in rows)


def test_presentations_index_lists_the_deck(site):
    doc = page(site, "presentations/")
    link = doc.find("main").find("a", href=re.compile(r"presentations/why-your-customers-need-an-online-community/$"))
    assert link is not None and link.get_text() == "Why Your Customers Need an Online Community"


def test_pdf_download_holds_slides_and_notes(site):
    pdf = PdfReader(io.BytesIO((site / DECK / "why-your-customers-need-an-online-community.pdf").read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert len(pdf.pages) >= 6
    assert "Foster: customers helping customers" in text
    for note in public_notes():
        assert " ".join(note.split()[:6]) in text
    assert PRIVATE not in text


def test_private_notes_reach_no_public_file(site, production_site):
    for output in (site, production_site):
        for file in output.rglob("*"):
            if file.is_file() and file.suffix != ".pdf":
                assert PRIVATE.encode() not in file.read_bytes(), file


def test_feeds_link_to_embeds_instead_of_players(production_site):
    feed = read_feed(production_site / "feeds" / "all.atom.xml")
    entry = next(e for e in feed.entries if e.link.endswith(POST))
    content = entry.content[0].value
    for forbidden in ("<iframe", "<button", "data-embed", "<template", "<script"):
        assert forbidden not in content
    assert 'href="https://www.slideshare.net/slideshow/embed_code/9876543"' in content
    assert f'href="https://example.org/blog/{DECK}"' in content


HOSTILE_EMBEDS = [
    ("post_embed_over_http.md", 7, "http: is not allowed"),
    ("post_embed_unknown_host.md", 5, "slides.evil.example"),
    ("post_snippet_with_onload.md", 7, "onload"),
    ("post_embed_javascript_url.md", 5, "javascript"),
    ("post_with_raw_script.md", 7, "unsafe HTML the site does not publish: <script>"),
    ("post_unknown_deck.md", 5, "no deck 'no-such-deck'"),
    ("post_block_unknown_key.md", 7, "'autoplay: yes' in a presentation block"),
]


@pytest.fixture(scope="module")
def hostile_embeds_log(tmp_path_factory):
    """One build of every post above: each must be reported, and the build must fail."""
    tmp_path = tmp_path_factory.mktemp("hostile-embeds")
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for fixture, _, _ in HOSTILE_EMBEDS:
        shutil.copy(BAD / fixture, content / "posts" / fixture)
    return failed_build_log(run_pelican(tmp_path / "output", settings=ROOT / "pelicanconf.py", content=content,
                                        cwd=tmp_path))


@pytest.mark.parametrize("fixture, line, says", HOSTILE_EMBEDS)
def test_hostile_or_broken_embeds_fail_the_build(hostile_embeds_log, fixture, line, says):
    where = rf"content/posts/{re.escape(fixture)}:{line}: .*{re.escape(says)}"
    assert re.search(where, hostile_embeds_log, re.IGNORECASE), hostile_embeds_log
