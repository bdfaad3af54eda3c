"""``tkg ingest DIR --workers N``: the papers' references are linked to works in the order
of the files whatever the number of workers, so two workers make the same graph as one:
a work cited by several papers under different keys is one IRI, two works that would take
one key are numbered alike, and the store's works (a paper ingested before) are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.corpus import corpus_files, ingest_corpus
from kg.ingest.pipeline import ingest
from kg.store import OxigraphStore

ID = "https://w3id.org/technocracy/id/"
CORPUS = "https://w3id.org/technocracy/graph/corpus/"

SMITH_A = (
    'Smith, John. 2019{}. "Platform Urbanism and the Data City." *Urban Studies* 56 (3): 1–20.'
)
SMITH_B = (
    'Smith, John. 2019{}. "Platform Cooperativism and the Sharing City." *Antipode* 51 (4): 1–18.'
)
JONES = 'Jones, Alice. 2020. "Sensing the Street." *Environment and Planning D* 38 (2): 200–218.'
JONES_OTHER = 'Jones, Alice. 2020. "Counting Crowds in Dublin." *Urban Geography* 41 (1): 5–25.'
KITCHIN = 'Kitchin, Rob. 2014. "The Real-time City? Big Data and Smart Urbanism." *GeoJournal* 79 (1): 1–14.'
KITCHIN_SHORT = 'KITCHIN, Rob. 2014. "The real-time city." *GeoJournal* 79 (1): 1–14.'


def _paper(title: str, cites: str, references: list[str]) -> str:
    listed = "\n\n".join(references)
    return f"# {title}\n\n## Introduction\n\nCities are run through dashboards {cites}.\n\n## References\n\n{listed}\n"


PAPERS = {
    "p1.md": _paper(
        "Dashboards",
        "(Smith 2019a, 2019b; Jones 2020)",
        [JONES, SMITH_A.format("a"), SMITH_B.format("b")],
    ),
    "p2.md": _paper("Sensors", "(Smith 2019; Kitchin 2014)", [KITCHIN_SHORT, SMITH_A.format("")]),
    "p3.md": _paper("Crowds", "(Jones 2020; Smith 2019)", [JONES_OTHER, SMITH_B.format("")]),
    "p4.md": _paper(
        "Streets",
        "(Jones 2020a, 2020b)",
        [JONES.replace("2020", "2020a"), JONES_OTHER.replace("2020", "2020b")],
    ),
}
BEFORE = _paper("Real time", "(Kitchin 2014)", [KITCHIN])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """``p0.md``, ingested before the run, and the run's ``papers/``."""
    root = tmp_path_factory.mktemp("run")
    (root / "papers").mkdir()
    for name, text in PAPERS.items():
        (root / "papers" / name).write_text(text, encoding="utf-8")
    (root / "p0.md").write_text(BEFORE, encoding="utf-8")
    return root


def _run(folder: Path, workers: int) -> tuple[set[str], list]:
    store = OxigraphStore()
    try:
        ingest(store, folder / "p0.md", doc_id="p0")
        outcomes = ingest_corpus(store, corpus_files([folder / "papers"]), workers=workers)
        return set(store.dump(format="nq").decode().splitlines()), outcomes
    finally:
        store.close()


def _works(quads: set[str], doc: str) -> dict[str, str]:
    """Reference key -> work slug, for one document, from its N-Quads."""
    found = {}
    for quad in quads:
        s, p, o, _g = quad.split(" ", 3)
        if p == "<http://purl.org/spar/biro/references>" and s.startswith(f"<{ID}reference/{doc}/"):
            found[s[len(f"<{ID}reference/{doc}/") : -1]] = o[len(f"<{ID}work/") : -1]
    return found


@pytest.fixture(scope="module")
def one(folder):
    return _run(folder, 1)


def test_works_are_linked_across_the_papers_of_a_run(one) -> None:
    quads, outcomes = one
    assert [o.status for o in outcomes] == ["ingested"] * 4
    assert _works(quads, "p1") == {
        "smith2019platform": "smith2019platform",
        "smith2019platform2": "smith2019platform2",
        "jones2020sensing": "jones2020sensing",
    }
    # the store's work (p0, ingested before the run), and p1's, each under p2's own key
    assert _works(quads, "p2") == {
        "kitchin2014realtime": "kitchin2014realtime",
        "smith2019platform": "smith2019platform",
    }
    # p3's smith2019platform is p1's smith2019platform2 (the same title), not p1's work of
    # that key; another work of Jones 2020 than p1's keeps a work of its own
    assert _works(quads, "p3") == {
        "smith2019platform": "smith2019platform2",
        "jones2020counting": "jones2020counting",
    }
    assert _works(quads, "p4") == {
        "jones2020sensing": "jones2020sensing",
        "jones2020counting": "jones2020counting",
    }
    merged = {(o.doc_id, m.reference): m.source for o in outcomes for m in o.report.merged}
    assert merged == {
        ("p2", "kitchin2014realtime"): CORPUS + "p0",
        ("p2", "smith2019platform"): CORPUS + "p1",
        ("p3", "smith2019platform"): CORPUS + "p1",
        ("p4", "jones2020sensing"): CORPUS + "p1",
        ("p4", "jones2020counting"): CORPUS + "p3",
    }


def test_two_workers_make_the_same_graph_as_one(folder, one) -> None:
    quads, _ = one
    two, outcomes = _run(folder, 2)
    assert [o.status for o in outcomes] == ["ingested"] * 4
    assert two == quads


def test_what_stops_the_writer_stops_the_run_and_the_graphs_written_stay_whole(
    folder, monkeypatch
) -> None:
    """The store is written in a thread of its own: a failure there that is no document's
    (the engine failing, not a bad document) reaches the caller, after the documents
    before it were written, each whole; the failed one leaves nothing."""
    store = OxigraphStore()
    loaded: list[str] = []
    load = store.load_stream

    def failing(source, **kwargs) -> None:
        if len(loaded) == 2:
            raise RuntimeError("the engine failed")
        load(source, **kwargs)
        loaded.append(kwargs["graph"])

    monkeypatch.setattr(store, "load_stream", failing)
    with pytest.raises(RuntimeError, match="the engine failed"):
        ingest_corpus(store, corpus_files([folder / "papers"]), workers=1)
    assert [g.removeprefix(CORPUS) for g in store.graphs() if g.startswith(CORPUS)] == [
        "p1",
        "p2",
    ]
    whole = OxigraphStore()
    ingest_corpus(whole, corpus_files([folder / "papers" / "p1.md"]), workers=1)
    lines = {
        one: set(s.dump(format="nt", graph=CORPUS + "p1").splitlines())
        for one, s in (("run", store), ("alone", whole))
    }
    assert lines["run"] == lines["alone"] and lines["run"]


def test_a_bad_graph_in_a_bulk_loaded_batch_fails_alone_and_leaves_nothing(
    folder, monkeypatch, tmp_path
) -> None:
    """On disk, new graphs go to the bulk loader many at a time: when one of them does
    not load, that document fails, the others of its batch are written whole, and its
    graph is not in the store (as if it had not been given)."""
    from kg.ingest import corpus as corpus_module

    prepare = corpus_module.prepare_one

    def spoiling(job, works, matcher):
        result = prepare(job, works, matcher)
        if job[1] == "p3":  # its N-Triples end in a line that is no triple
            with job[2].open("ab") as out:
                out.write(b"<http://a/s> <http://a/p> .\n")
        return result

    monkeypatch.setattr(corpus_module, "prepare_one", spoiling)
    store = OxigraphStore(tmp_path / "store")
    try:
        outcomes = ingest_corpus(store, corpus_files([folder / "papers"]), workers=1)
        statuses = {o.doc_id: o.status for o in outcomes}
        graphs = sorted(g.removeprefix(CORPUS) for g in store.graphs() if g.startswith(CORPUS))
        quads = set(store.dump(format="nq").decode().splitlines())
    finally:
        store.close()
    assert statuses == {"p1": "ingested", "p2": "ingested", "p3": "failed", "p4": "ingested"}
    assert graphs == ["p1", "p2", "p4"]
    assert not any("/p3/" in q or q.endswith(f"<{CORPUS}p3> .") for q in quads)
    monkeypatch.undo()
    clean = OxigraphStore(tmp_path / "clean")
    try:
        files = [f for f in corpus_files([folder / "papers"]) if f.stem != "p3"]
        ingest_corpus(clean, files, workers=1)
        alone = set(clean.dump(format="nq").decode().splitlines())
    finally:
        clean.close()
    assert quads == alone


def test_a_run_of_several_bulk_loads_compacts_the_store_and_keeps_the_graph(
    folder, monkeypatch, tmp_path
) -> None:
    """On disk, a run that bulk-loads several batches has the store merge its files after
    the last, when they call for it (their files overlap: every look-up would read each;
    ``kg.store.compaction``), before the store closes (a ``tkg serve`` keeps it open);
    the graph is the one a run of a single batch writes."""
    from kg.ingest import corpus as corpus_module
    from kg.store.compaction import loads_file

    found = {}
    for batch in (1, corpus_module.BATCH):
        monkeypatch.setattr(corpus_module, "BATCH", batch)
        store = OxigraphStore(tmp_path / f"store{batch}")
        try:
            ingest_corpus(store, corpus_files([folder / "papers"]), workers=1)
            assert not loads_file(tmp_path / f"store{batch}").exists()  # merged: none counted
            found[batch] = set(store.dump(format="nq").decode().splitlines())
        finally:
            store.close()
    assert found[1] == found[corpus_module.BATCH]
