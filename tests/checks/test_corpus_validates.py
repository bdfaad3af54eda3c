"""``tkg validate`` on a store holding the chapter and EXCITE's 60 papers (issue 18's
"done when"): no failing finding, every unit of every paper's text inside that text, and
what the parsed reference lists lack said as notes.

The papers are read where they are (``../shared/peer-tests/excite``): each ``text.txt`` is
linked into a folder under a name of its own (``p{id}.txt``), so that the graph names each
text apart and the span check finds every one of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.build import build
from kg.checks.validate import validate
from kg.ingest.pipeline import ingest
from kg.settings import default_corpus_dir
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
ID = "https://w3id.org/technocracy/id/"
TECH = "https://w3id.org/technocracy/ontology#"
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"

pytestmark = [
    pytest.mark.slow,  # about two minutes: 60 ingests and pyshacl over 600,000 triples
    pytest.mark.skipif(not EXCITE.is_dir(), reason="../shared/peer-tests is not here"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    texts = base / "texts"
    texts.mkdir()
    shared = default_corpus_dir()
    if shared is not None and (shared / CHAPTER).is_file():
        (texts / CHAPTER).symlink_to(shared / CHAPTER)
    store = open_store(f"oxigraph:{base / 'store'}")
    build(store, reason=False)
    papers = sorted(p.name for p in EXCITE.iterdir() if (p / "text.txt").is_file())
    for paper in papers:
        link = texts / f"p{paper}.txt"
        link.symlink_to(EXCITE / paper / "text.txt")
        ingest(store, link, doc_id=f"p{paper}")
    yield store, texts, papers
    store.close()


def test_the_chapter_and_the_60_papers_validate_with_notes_only(corpus) -> None:
    store, texts, papers = corpus
    assert len(papers) == 60
    report = validate(store, corpus_dir=texts)
    assert [(f.rule, f.focus, f.message) for f in report.findings] == []
    assert report.conforms
    # every paper's text was at hand, and each of its units checked against it
    at_hand = {f"p{paper}.txt" for paper in papers}
    assert not at_hand & report.spans.skipped_texts
    assert report.spans.texts >= 60 and report.spans.checked > 60_000
    # what the parsed lists lack is said, as notes, of the three kinds the shapes allow
    kinds = Counter(
        n.message.split(": ", 1)[0].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for n in report.notes
    )
    assert set(kinds) == {"citedAs", "title", "hasPublicationYear"}
    assert kinds["citedAs"] > 300 and kinds["title"] > 10
    assert {n.severity for n in report.notes} == {"info"}
    # an uncited reference is one of a paper's list; a title or year is missing from a work
    for note in report.notes:
        where = "reference/p" if note.message.startswith(TECH) else "work/"
        assert note.focus.startswith(ID + where), note
