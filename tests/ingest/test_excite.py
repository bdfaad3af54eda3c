"""EXCITE's 60 real social-science papers (SSOAR, the PDF's text as a layout analyser
extracted it), read in place from ``../shared/peer-tests/excite`` and never copied:
every paper ingests through the real pipeline with no refusal, and the reference list
ingest reads from each is scored against the hand-checked gold strings as
``bench/excite.py`` scores it (folded similarity of at least 0.9, one-to-one).

Issue 18's targets, which the list reader reaches and these tests assert: micro F1 at
least 0.95 and no paper below 0.80 (``bench/results/excite.md`` has the figures per
paper).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.excite import gold_strings, match_count
from kg.ingest.pipeline import bibliography, ingest, read_text
from kg.ingest.segment import segment
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
PAPERS = sorted(p.name for p in EXCITE.iterdir() if p.is_dir()) if EXCITE.is_dir() else []

MICRO_F1 = 0.95  # reached: 0.954; issue 18's target
PAPER_F1 = 0.80  # reached: 0.806 on the worst paper; issue 18's target

pytestmark = pytest.mark.skipif(not PAPERS, reason="../shared/peer-tests/excite is not here")


def _extracted(folder: Path) -> tuple[list[str], list[str]]:
    text, _ = read_text(folder / "text.txt")
    refs, _, _ = bibliography(text, segment(text), None, "text.txt")
    return [r.raw or "" for r in refs], gold_strings(folder)


def _f1(matched: int, found: int, gold: int) -> float:
    return 2 * matched / (found + gold) if found + gold else 1.0


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_ingests_without_refusal(paper):
    store = OxigraphStore()
    try:
        report = ingest(store, EXCITE / paper / "text.txt", doc_id=f"excite-{paper}")
        assert report.references > 0
        # every warning names the file and a line of it
        assert all(w.where.startswith("text.txt:") for w in report.warnings)
        assert len(store.graphs()) == 1
    finally:
        store.close()


@pytest.mark.parametrize("paper", PAPERS)
def test_each_paper_reference_list_is_found_and_split(paper):
    found, gold = _extracted(EXCITE / paper)
    assert _f1(match_count(found, gold), len(found), len(gold)) >= PAPER_F1


def test_micro_f1_over_all_papers():
    matched = found = gold = 0
    for paper in PAPERS:
        got, expected = _extracted(EXCITE / paper)
        matched += match_count(got, expected)
        found += len(got)
        gold += len(expected)
    assert _f1(matched, found, gold) >= MICRO_F1
