"""Issue 18's closing check: ``tkg validate`` passes on a store holding the chapter (built,
with HermiT's inferred graph) and EXCITE's 60 real papers, ingested from their text as
``tkg ingest DIR`` ingests a corpus; every text is found below the shared folder by its
SHA-256, so every span of all 61 texts and every anchor is checked against its text.

Slow (the SHACL shapes run over the whole union, some 300,000 triples, in pyshacl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.checks.validate import validate
from kg.ingest.corpus import corpus_files, ingest_corpus
from kg.store import OxigraphStore, Store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXCITE = SHARED / "peer-tests" / "excite" / "papers"
PAPERS = sorted(p for p in EXCITE.iterdir() if p.is_dir()) if EXCITE.is_dir() else []

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PAPERS, reason="../shared/peer-tests/excite is not here"),
]


def test_the_chapter_and_the_60_excite_papers_validate(built_store: Store) -> None:
    store = OxigraphStore()
    try:
        store.load(built_store.dump(format="nq"), format="nq")  # the shared one stays as it is
        outcomes = ingest_corpus(store, corpus_files([p / "text.txt" for p in PAPERS]))
        assert [o.status for o in outcomes] == ["ingested"] * len(PAPERS) == ["ingested"] * 60
        report = validate(store, corpus_dir=SHARED)
        assert report.findings == []
        assert report.conforms
        # nothing passed unchecked: the chapter and each paper were found and read
        assert report.spans.texts == 61 and not report.spans.skipped_texts
        assert report.spans.checked > 20_000
        assert report.anchors.checked > 300 and report.anchors.skipped == 0
        assert report.qc_checked and report.shapes_checked
    finally:
        store.close()
