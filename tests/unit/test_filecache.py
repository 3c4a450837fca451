"""Files kept in the build cache under a digest of what they are made from (kbutil.filecache), and deck PDFs."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from kbutil.filecache import kept_file, key_of
from presentations import generator
from presentations.pdf import deck_pdf, pdf_key


def test_a_file_is_made_once_for_its_key_and_again_for_another(tmp_path):
    made = []

    def make(data):
        return lambda: made.append(data) or data

    first = kept_file(tmp_path, key_of({"title": "A"}), ".bin", make(b"A"))
    again = kept_file(tmp_path, key_of({"title": "A"}), ".bin", make(b"never made"))
    other = kept_file(tmp_path, key_of({"title": "B"}), ".bin", make(b"B"))
    assert first == (again[0], True) and again[1] is False and other[1] is True
    assert made == [b"A", b"B"]
    assert Path(first[0]).read_bytes() == b"A"


def test_keys_ignore_the_order_of_keys_but_not_any_value():
    assert key_of({"a": 1, "b": [2, "é"]}) == key_of({"b": [2, "é"], "a": 1})
    assert key_of({"a": 1, "b": [2, "é"]}) != key_of({"a": 1, "b": [2, "e"]})


def test_a_failed_make_leaves_no_file_under_the_key(tmp_path):
    def fail():
        raise RuntimeError("killed while drawing")

    with pytest.raises(RuntimeError):
        kept_file(tmp_path, "k", ".png", fail)
    assert list(tmp_path.iterdir()) == []
    assert kept_file(tmp_path, "k", ".png", lambda: b"drawn")[1] is True


def deck(notes="Say hello.", title="Why communities"):
    slides = [{"number": 1, "html": "<h2>Hello</h2>", "notes_html": f"<p>{notes}</p>"}]
    return SimpleNamespace(title=title, summary="A talk.", slides=slides)


def test_a_decks_pdf_key_follows_everything_the_pdf_shows():
    key = pdf_key(deck(), "Site")
    assert key == pdf_key(deck(), "Site")
    assert len({key, pdf_key(deck(notes="Say goodbye."), "Site"), pdf_key(deck(title="Other"), "Site"),
                pdf_key(deck(), "Another site")}) == 4


def test_the_same_deck_gives_the_same_pdf_bytes():
    assert deck_pdf(deck(), "Site") == deck_pdf(deck(), "Site")


def test_an_unchanged_decks_pdf_is_laid_out_once_and_a_changed_one_again(monkeypatch, tmp_path):
    laid_out = []
    monkeypatch.setattr(generator, "deck_pdf", lambda page, site: laid_out.append(page.title) or deck_pdf(page, site))
    builder = SimpleNamespace(settings={"SITENAME": "Site", "CACHE_PATH": str(tmp_path / "cache")},
                              output_path=str(tmp_path / "output"))

    def build(page):
        page.download_save_as = "presentations/talk/talk.pdf"
        generator.PresentationsGenerator.write_pdf(builder, page)
        return (tmp_path / "output" / page.download_save_as).read_bytes()

    first = build(deck())
    assert build(deck()) == first and laid_out == ["Why communities"]
    assert build(deck(notes="Say goodbye.")) != first and len(laid_out) == 2
    assert len(list((tmp_path / "cache" / generator.PDF_CACHE_FOLDER).glob("*.pdf"))) == 2
