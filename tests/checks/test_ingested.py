"""``tkg validate`` after ``tkg ingest`` of ordinary papers: a clean ingest conforms (what a
parsed reference list lacks is a note, not a failure), and real faults are still named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.argmap.storage import load_map, read_text
from kg.build import build
from kg.checks.validate import validate
from kg.ingest.pipeline import ingest
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
DATA = ROOT / "tests" / "data"
ID = "https://w3id.org/technocracy/id/"
BIBLIOGRAPHY = "https://w3id.org/technocracy/graph/bibliography"
#: real social-science papers whose reference lists today's ingest reads (bench/results/excite.md)
PAPERS = ("26735", "27756")

pytestmark = pytest.mark.skipif(not EXCITE.is_dir(), reason="../shared/peer-tests is not here")


def _corpus() -> OxigraphStore:
    store = OxigraphStore()
    build(store, reason=False)
    for paper in PAPERS:
        ingest(store, EXCITE / paper / "text.txt", doc_id=f"excite{paper}")
    ingest(
        store,
        DATA / "texts" / "pdf-like.txt",
        bib=DATA / "bibliographies" / "smart-cities.bib",
        doc_id="smith2020",
    )
    ingest(store, DATA / "texts" / "notes.md")
    return store


@pytest.fixture(scope="module")
def corpus():
    store = _corpus()
    yield store
    store.close()


def test_a_clean_ingest_conforms_with_notes_only(corpus) -> None:
    report = validate(corpus, corpus_dir=EXCITE / PAPERS[0])
    assert report.findings == []
    assert report.conforms
    # the paper's text is at hand: each of its units was checked against it
    assert report.spans.texts == 1 and report.spans.checked > 500
    # what the parsed lists lack is said, as notes
    assert report.notes and {n.severity for n in report.notes} == {"info"}
    # (a reference no citation resolves to: 27756 had all its references so only while
    # its first pages were lost to front matter; 26735 has one)
    assert any("/reference/excite" in n.focus for n in report.notes)


def test_texts_kept_one_to_a_folder_are_found_by_their_sha256(corpus) -> None:
    # both papers are text.txt, each in its own folder below the one given
    report = validate(corpus, corpus_dir=EXCITE)
    assert report.findings == []
    assert report.spans.texts == len(PAPERS)
    assert report.spans.skipped_texts == {
        "pdf-like.txt",
        "notes.md",
        "kitchin2019-smart-cities-algorithmic-technocracy.txt",  # not below EXCITE
    }
    checked_one = validate(corpus, corpus_dir=EXCITE / PAPERS[0]).spans.checked
    assert report.spans.checked > checked_one > 500


def test_a_map_citing_a_work_of_an_ingested_paper_is_not_unknown(corpus) -> None:
    row = corpus.query(
        "PREFIX biro: <http://purl.org/spar/biro/> SELECT ?work WHERE { "
        f"?ref biro:references ?work FILTER STRSTARTS(STR(?ref), '{ID}reference/excite{PAPERS[0]}/') "
        "} ORDER BY ?work LIMIT 1"
    ).rows()[0]
    key = row["work"].value.rsplit("/", 1)[1]
    m = read_text(f"[T]: A thesis.\n  + [R]: A reason. {{cites: [{key}]}}\n", "cites.argdown")
    store = _corpus()
    try:
        load_map(store, m, "cites")
        report = validate(store, corpus_dir=None)
        assert [f for f in report.findings if "unknown-work" in f.rule] == []
    finally:
        store.close()


def test_real_faults_are_each_reported() -> None:
    store = _corpus()
    doc = f"excite{PAPERS[0]}"
    pointer = f"{ID}citation/{doc}/1"
    ghost = f"{ID}reference/{doc}/nosuchwork2020"
    sentence = f"{ID}sentence/{doc}/5"
    work = f"{ID}work/vanolo2014smartmentality"
    try:
        store.update(
            f"""PREFIX c4o: <http://purl.org/spar/c4o/> PREFIX dct: <http://purl.org/dc/terms/>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            DELETE {{ GRAPH ?g {{ <{pointer}> c4o:denotes ?r }} }}
            INSERT {{ GRAPH ?g {{ <{pointer}> c4o:denotes <{ghost}> }} }}
            WHERE {{ GRAPH ?g {{ <{pointer}> c4o:denotes ?r }} }} ;
            DELETE WHERE {{ GRAPH <{BIBLIOGRAPHY}> {{ <{work}> dct:title ?t }} }} ;
            DELETE {{ GRAPH ?g {{ <{sentence}> nif:endIndex ?e }} }}
            INSERT {{ GRAPH ?g {{ <{sentence}> nif:endIndex 10000000 }} }}
            WHERE {{ GRAPH ?g {{ <{sentence}> nif:endIndex ?e }} }}"""
        )
        report = validate(store, corpus_dir=EXCITE / PAPERS[0])
        by_focus: dict[str, set[str]] = {}
        for finding in report.findings:
            by_focus.setdefault(finding.focus, set()).add(finding.rule)
        assert "citation-target-violation" in by_focus[pointer]
        assert "shacl WorkTitleShape" in by_focus[work]
        assert {"span-offsets", "unit-span-violation"} <= by_focus[sentence]
        assert not report.conforms
        # without the text at hand, the sentence is still outside its paragraph
        report = validate(store, corpus_dir=None)
        assert "unit-span-violation" in {f.rule for f in report.findings if f.focus == sentence}
    finally:
        store.close()


def test_the_cli_passes_with_notes_and_lists_them_on_request(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert runner.invoke(app, ["build", "--no-reason", "--store", spec]).exit_code == 0
    paper = str(EXCITE / PAPERS[0] / "text.txt")  # one of its references is cited nowhere
    result = runner.invoke(app, ["ingest", paper, "--id", "paper", "--store", spec])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["validate", "--store", spec], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert (
        "conforms" in result.output and "notes (not failures; --notes lists them)" in result.output
    )
    result = runner.invoke(app, ["validate", "--notes", "--store", spec], env={"COLUMNS": "300"})
    assert (
        result.exit_code == 0 and "no in-text citation resolves to this reference" in result.output
    )
