"""kg.pdf on a PDF written here: two columns, a running header, page numbers, a ligature,
a word broken at a line end and a footnote, each where a scholar's PDF has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.dehyphenate import keep_hyphen, word_counts
from kg.ingest.segment import segment
from kg.pdf.text import RULE, PdfText, pdf_text
from kg.text.pages import page_of, page_starts
from tests.pdf.synthetic import HEADER, write_pdf


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> PdfText:
    path = write_pdf(tmp_path_factory.mktemp("pdf") / "paper.pdf")
    return pdf_text(path, keep_hyphen=keep_hyphen, word_counts=word_counts)


def test_the_left_column_is_read_before_the_right(found: PdfText) -> None:
    text = found.text
    assert text.index("must\ntake the left") < text.index("The left column ends here")
    assert text.index("The left column ends here") < text.index("The right column starts")
    assert "paper,\nwhich" in text  # not interleaved with the right column's lines


def test_running_header_and_page_numbers_are_gone(found: PdfText) -> None:
    lines = [line.strip() for line in found.text.splitlines()]
    assert HEADER not in found.text
    assert "41" not in lines and "42" not in lines


def test_ligature_spelled_out_and_broken_word_made_whole(found: PdfText) -> None:
    assert "\ufb01" not in found.text
    assert "the significant questions" in found.text
    assert "urban governance\n" in found.text and "gov-" not in found.text


def test_the_footnote_is_at_the_foot_of_its_page_and_tied_to_its_marker(
    found: PdfText,
) -> None:
    text = found.text
    first = text[slice(*found.pages[0])]
    assert first.index("practice.") < first.index(RULE) < first.index("1 A note about cities")
    document = segment(text)
    (note,) = document.footnotes
    assert note.label == "1" and note.page == 1
    assert text[note.start : note.end].startswith("A note about cities")
    assert note.marker_start is not None and text[note.marker_start] == "1"
    assert text[note.marker_start - len("cities.") : note.marker_start] == "cities."
    assert not any("A note about" in s.text for s in document.sentences)
    assert any(s.text.startswith("We say that the significant") for s in document.sentences)


def test_pages_are_recorded_as_the_ingester_reads_them(found: PdfText) -> None:
    text = found.text
    assert [start for start, _ in found.pages] == page_starts(text)
    assert found.pages[-1][1] == len(text)
    second = text.index("The second page")
    assert found.page_of(second) == page_of(page_starts(text), second) == 2
    assert found.page_of(text.index("Smart cities")) == 1
    document = segment(text)
    for sentence in document.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.page == found.page_of(sentence.start)


def test_unusable_input_is_refused_in_one_line(tmp_path: Path) -> None:
    not_pdf = tmp_path / "fake.pdf"
    not_pdf.write_text("just some text", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        pdf_text(not_pdf)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 20)
    with pytest.raises(InputError, match="not a readable PDF"):
        pdf_text(damaged)


def test_a_pdf_without_text_needs_ocr(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(4, 4))
    figure.add_artist(plt.Circle((0.5, 0.5), 0.2))  # a picture, no text
    path = tmp_path / "scan.pdf"
    figure.savefig(path)
    plt.close(figure)
    with pytest.raises(InputError, match="needs OCR") as raised:
        pdf_text(path)
    assert "\n" not in str(raised.value)
