"""``tkg ingest`` given a PDF: the text made of it is analysed and kept; unusable PDFs are
refused in one line and leave the store as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.ingest.dehyphenate import keep_hyphen, word_counts
from kg.ingest.pipeline import ingest
from kg.pdf.text import pdf_text
from kg.store import Store
from tests.pdf.synthetic import write_pdf


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("pdf") / "paper.pdf")


def test_the_text_made_of_the_pdf_is_analysed_and_kept(
    paper: Path, memory_store: Store, tmp_path: Path
) -> None:
    report = ingest(memory_store, paper, doc_id="syn", keep_text=tmp_path)
    kept = tmp_path / "paper.pdf.txt"
    assert report.text_kept == str(kept)
    text = kept.read_text(encoding="utf-8")
    assert text == pdf_text(paper, keep_hyphen=keep_hyphen, word_counts=word_counts).text
    assert report.sentences >= 5
    rows = memory_store.query(
        """PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?name WHERE { GRAPH ?g { <https://w3id.org/technocracy/id/text/syn>
        dct:identifier ?name } }"""
    ).rows()
    assert [r["name"].value for r in rows] == ["paper.pdf.txt"]


def test_by_default_the_text_is_kept_beside_the_pdf(paper: Path, memory_store: Store) -> None:
    report = ingest(memory_store, paper, doc_id="syn")
    assert report.text_kept == str(paper.with_name("paper.pdf.txt"))
    assert Path(report.text_kept).read_text(encoding="utf-8").startswith("Smart cities")


def test_the_size_limit_is_the_texts_not_the_pdfs(
    paper: Path, memory_store: Store, tmp_path: Path
) -> None:
    size = len(pdf_text(paper).text.encode())
    assert paper.stat().st_size > size + 100
    ingest(memory_store, paper, doc_id="syn", keep_text=tmp_path, max_bytes=size + 100)
    with pytest.raises(InputError, match=r"PDF's text is .* TKG_MAX_TEXT_BYTES"):
        ingest(memory_store, paper, doc_id="syn2", keep_text=tmp_path, max_bytes=size - 100)
    assert not any("syn2" in g for g in memory_store.graphs())


def test_a_file_named_pdf_that_is_none_is_refused_in_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "paper.pdf"
    fake.write_text("Not a PDF at all.\n", encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(app, ["ingest", str(fake), "--store", spec])
    assert result.exit_code != 0
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "not a PDF" in lines[0], result.output
    assert not (tmp_path / "paper.pdf.txt").exists()
