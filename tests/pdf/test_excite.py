"""kg.pdf and ``tkg ingest paper.pdf`` on EXCITE's 60 real papers (PDFs by others, read in
place from ``../shared/peer-tests/excite``; skipped only where ``../shared`` is absent)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from bench.excite import gold_strings, match_count
from kg.cli import app
from kg.ingest.dehyphenate import keep_hyphen, word_counts
from kg.ingest.pipeline import analyse, bibliography
from kg.ingest.segment import segment
from kg.pdf.extract import LIGATURES
from kg.pdf.text import PdfText, pdf_text
from kg.store import open_store
from kg.text.pages import page_starts

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
PAPERS = sorted(p.name for p in EXCITE.iterdir() if p.is_dir()) if EXCITE.is_dir() else []
#: papers whose reference list the strict reader takes today (from text.txt too)
INGEST_TODAY = ["26735", "27756", "42982"]

pytestmark = pytest.mark.skipif(not PAPERS, reason="../shared is not beside the checkout")


@cache
def read(paper: str) -> PdfText:
    return pdf_text(EXCITE / paper / "paper.pdf", keep_hyphen=keep_hyphen, word_counts=word_counts)


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_reads_into_clean_paged_text(paper: str) -> None:
    found = read(paper)
    text = found.text
    document = pdfium.PdfDocument(EXCITE / paper / "paper.pdf")
    assert len(found.pages) == len(document)
    document.close()
    assert len(text) > 5000
    assert not any(chr(code) in text for code in LIGATURES)
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f]", text)
    # pages: contiguous, increasing, the ingester's own page starts
    assert [start for start, _ in found.pages] == page_starts(text)
    assert all(a < b or a == b for a, b in found.pages)
    assert all(prev[1] == nxt[0] for prev, nxt in zip(found.pages, found.pages[1:], strict=False))
    # no page numbers left: a bare number at the top or foot of a page may be a figure's
    # axis, but numbers that run with the pages (page n, n + 1, ...) are page numbers
    offsets = []
    for n, (start, end) in enumerate(found.pages, start=1):
        lines = [x.strip() for x in text[start:end].splitlines() if x.strip()]
        offsets += [int(x) - n for x in lines[:2] + lines[-2:] if x.isdigit()]
    assert len(offsets) == len(set(offsets)) or len(offsets) < 3, offsets
    assert not any(re.fullmatch(r"(?i)page \d+( of \d+)?", x.strip()) for x in text.splitlines())
    # every offset the segmenter records is in the text, on the page it says
    doc = segment(text)
    for sentence in doc.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.page == found.page_of(sentence.start)
    for note in doc.footnotes:
        assert text[note.start : note.end].strip()


def test_gold_references_are_in_the_text() -> None:
    """The gold reference strings, folded to letters and digits, found verbatim in the
    text: reading order, broken words and ligatures all show here (CERMINE's text.txt:
    99.4%; ours 97.4% when written)."""
    found = gold = 0

    def fold(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.casefold())

    for paper in PAPERS:
        text = fold(read(paper).text)
        lines = (EXCITE / paper / "references.txt").read_text(encoding="utf-8").splitlines()
        strings = [fold(x) for x in lines if x.strip()]
        gold += len(strings)
        found += sum(1 for s in strings if s in text)
    assert found / gold >= 0.95, (found, gold)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_paper_is_refused(paper: str) -> None:
    found = analyse(read(paper).text, doc_id=f"p{paper}", matcher=None, text_name="paper.pdf.txt")
    assert found.references


def test_the_reference_lists_read_from_the_pdfs_match_the_gold() -> None:
    """Issue 18's targets, from the PDF as from CERMINE's text: the reference strings ingest
    reads match the hand-checked ones at a micro F1 of at least 0.95 (reached 0.954), and
    no paper below 0.80 (reached 0.82), scored as bench/excite.py scores them."""
    matched = found = gold = 0
    per_paper = {}
    for paper in PAPERS:
        text = read(paper).text
        references, _, _ = bibliography(text, segment(text), None, "paper.pdf.txt")
        strings = gold_strings(EXCITE / paper)
        hits = match_count([r.raw or "" for r in references], strings)
        matched, found, gold = matched + hits, found + len(references), gold + len(strings)
        per_paper[paper] = 2 * hits / (len(references) + len(strings))
    precision, recall = matched / found, matched / gold
    assert 2 * precision * recall / (precision + recall) >= 0.95, (precision, recall)
    assert min(per_paper.values()) >= 0.80, sorted(per_paper.items(), key=lambda kv: kv[1])[:3]


@pytest.mark.parametrize("paper", INGEST_TODAY)
def test_tkg_ingest_a_pdf_end_to_end(paper: str, tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    kept = tmp_path / "texts"
    kept.mkdir()
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["ingest", str(EXCITE / paper / "paper.pdf"), "--id", f"p{paper}", "--store", spec,
         "--text-out", str(kept)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "paper.pdf.txt (the offsets point into it)" in result.output.replace("\n", "")
    text = (kept / "paper.pdf.txt").read_text(encoding="utf-8")
    assert text == read(paper).text
    listed = runner.invoke(app, ["citations", f"p{paper}", "--format", "json", "--store", spec])
    records = json.loads(listed.stdout)
    assert len(records) >= 10
    assert sum(1 for r in records if r["reference"]) >= 0.8 * len(records)
    found = read(paper)
    for r in records:  # offsets into the kept text; the page is the citing sentence's
        cited = text[r["start"] : r["end"]]
        assert r["surnames"][0].split()[-1][:4] in cited or str(r["year"]) in cited
        assert found.page_of(r["start"]) - 1 <= r["page"] <= found.page_of(r["start"])
    # the citing sentences' words, as the graph keeps them, are at their offsets
    store = open_store(spec, read_only=True)
    try:
        rows = store.query(SENTENCES).rows()
    finally:
        store.close()
    assert len(rows) >= 5
    same = sum(
        1
        for row in rows
        if " ".join(text[int(row["start"].value) : int(row["end"].value)].split())[:25]
        == " ".join(row["content"].value.split())[:25]
    )
    assert same >= 0.9 * len(rows), (same, len(rows))


SENTENCES = """PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?content ?start ?end WHERE {
  ?s c4o:hasContent ?content ; nif:beginIndex ?start ; nif:endIndex ?end .
}"""
