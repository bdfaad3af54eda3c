"""``tkg delete DOC``: ingest then delete leaves the store exactly as it was; a work another
document cites, or the curated bibliography holds, stays; all or nothing, with a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.argmap.storage import load_map, read_text
from kg.build import build
from kg.cli import app
from kg.errors import NotFoundError
from kg.ingest.delete import delete_document, documents
from kg.ingest.pipeline import ingest
from kg.rdf import graphs
from kg.store import OxigraphStore, Store

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PAPER = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers" / "26735" / "text.txt"
WORK = "https://w3id.org/technocracy/id/work/"


def nquads(store: Store) -> list[str]:
    return sorted(store.dump(format="nq").decode("utf-8").splitlines())


def describes(store: Store, iri: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{iri}> ?p ?o }}").rows()
    return int(rows[0]["n"].value)  # type: ignore[union-attr]


def _smith(store: Store, doc: str) -> int:
    bib = DATA / "bibliographies" / "smart-cities.bib"
    return ingest(store, DATA / "texts" / "pdf-like.txt", bib=bib, doc_id=doc).triples


@pytest.fixture
def built():
    store = OxigraphStore()
    build(store, reason=False)
    yield store
    store.close()


def test_ingest_then_delete_leaves_the_store_as_it_was(built) -> None:
    empty = nquads(built)
    smith = _smith(built, "smith2020")
    before = nquads(built)
    # a second document citing the same works, and a real paper with its argument map
    _smith(built, "jones2021")
    paper = [] if not PAPER.is_file() else [ingest(built, PAPER, doc_id="excite26735")]
    m = read_text("[T]: A thesis. {cites: [townsend2013smart]}\n", "excite26735.argdown")
    load_map(built, m, "excite26735")
    alone = [  # works jones2021 cites that the curated bibliography does not hold
        w
        for w in ("worldbank2016world", "decerteau1984practice", "vandijck2014datafication")
        if not built.query(
            f"ASK {{ GRAPH <{graphs.BIBLIOGRAPHY}> {{ <{WORK}{w}> ?p ?o }} }}"
        ).boolean
    ]
    assert alone

    removal = delete_document(built, "excite26735")
    assert graphs.argmap("excite26735") in removal.removed
    if paper:
        assert removal.removed[graphs.corpus("excite26735")] == paper[0].triples
    removal = delete_document(built, "jones2021")
    assert removal.removed == {graphs.corpus("jones2021"): smith}
    assert nquads(built) == before
    # smith2020 cites them too: they stay
    assert all(describes(built, WORK + w) > 0 for w in alone)

    delete_document(built, "smith2020")
    assert nquads(built) == empty
    # cited by no one now: gone; the curated bibliography's works stay
    assert all(describes(built, WORK + w) == 0 for w in alone)
    assert describes(built, WORK + "townsend2013smart") > 0
    assert documents(built) == ["kitchin2019smart"]


def test_an_unknown_document_is_not_found_and_changes_nothing(built) -> None:
    before = nquads(built)
    with pytest.raises(NotFoundError, match="no document 'nosuch' in the store"):
        delete_document(built, "nosuch")
    with pytest.raises(NotFoundError):
        delete_document(built, "../bibliography")
    assert nquads(built) == before


def test_inferences_about_what_only_the_document_described_go_with_it(built) -> None:
    _smith(built, "smith2020")
    citation = "https://w3id.org/technocracy/id/citation/smith2020/1"
    thing = "<http://www.w3.org/2002/07/owl#Thing>"
    built.update(
        f"INSERT DATA {{ GRAPH <{graphs.INFERRED}> {{ <{citation}> a {thing} . "
        f"<{WORK}townsend2013smart> a {thing} }} }}"
    )
    removal = delete_document(built, "smith2020")
    assert removal.removed[graphs.INFERRED] == 1
    assert describes(built, citation) == 0
    assert built.query(f"ASK {{ <{WORK}townsend2013smart> a {thing} }}").boolean


def test_the_cli_prints_what_it_removed(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    notes = str(DATA / "texts" / "notes.md")
    assert runner.invoke(app, ["ingest", notes, "--store", store]).exit_code == 0
    result = runner.invoke(app, ["delete", "notes", "--store", store])
    assert result.exit_code == 0, result.output
    assert "deleted notes:" in result.output and graphs.corpus("notes") in result.output
    result = runner.invoke(app, ["delete", "notes", "--store", store])
    assert result.exit_code == 1 and "no document 'notes'" in result.output
