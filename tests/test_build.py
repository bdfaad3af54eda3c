"""``tkg build``: idempotent, stable IRIs, provenance per graph, and all-or-nothing."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import build as build_module
from kg.build import build
from kg.errors import InputError
from kg.rdf import graphs
from kg.store import open_store


def graph_of(store, iri: str) -> Graph:
    return Graph().parse(data=store.dump(format="nt", graph=iri), format="nt")


def test_build_twice_yields_the_same_graphs(tmp_path):
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    first = build(store, reason=False)
    snapshot = {g: graph_of(store, g) for g in store.graphs()}
    second = build(store, reason=False)
    assert first.triples == second.triples
    assert store.graphs() == sorted(snapshot)
    for iri, before in snapshot.items():
        assert isomorphic(before, graph_of(store, iri)), iri
    store.close()


def test_graphs_and_their_provenance():
    store = open_store("memory")
    report = build(store, reason=False)
    assert set(report.triples) == {
        graphs.ONTOLOGY,
        graphs.BIBLIOGRAPHY,
        graphs.corpus("kitchin2019smart"),
        graphs.argmap("kitchin2019smart"),
    }
    assert report.triples[graphs.ONTOLOGY] > 5000
    for iri in report.triples:
        rows = store.query(
            "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
            "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
            "PREFIX dct: <http://purl.org/dc/terms/>\n"
            f"SELECT ?name ?sha ?agent WHERE {{ GRAPH <{iri}> {{ <{iri}> prov:wasGeneratedBy ?act . "
            "?act prov:used ?in ; prov:wasAssociatedWith ?agent . ?in dct:identifier ?name ; tech:sha256 ?sha } }"
        ).rows()
        assert rows, iri
        assert all(len(r["sha"].value) == 64 for r in rows)
        assert all(r["agent"].value.endswith("/software/technocracy-kg/0.1.0") for r in rows)
    names = {
        r["name"].value
        for r in store.query(
            "SELECT ?name WHERE { GRAPH ?g { ?x <http://purl.org/dc/terms/identifier> ?name ; "
            "<https://w3id.org/technocracy/ontology#sha256> ?s } }"
        ).rows()
    }
    assert {
        "ontology/technocracy.ttl",
        "kg/corpus/references.csl.json",
        "kg/corpus/kitchin2019smart.facts.ttl",
    } <= names


def test_a_broken_input_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    store = open_store("memory")
    build(store, reason=False)
    before = store.dump(format="nq")
    broken = tmp_path / "technocracy.ttl"
    broken.write_text(
        "@prefix tech: <https://w3id.org/technocracy/ontology#> .\ntech:X a tech:Y ;\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(build_module, "ontology_file", lambda: broken)
    with pytest.raises(InputError, match=r"technocracy\.ttl"):
        build(store, reason=False)
    assert store.dump(format="nq") == before


def test_stable_readable_iris():
    store = open_store("memory")
    build(store, reason=False)
    for iri in (
        "https://w3id.org/technocracy/id/work/vanolo2014smartmentality",
        "https://w3id.org/technocracy/id/person/kitchin-rob",
        "https://w3id.org/technocracy/id/org/smart-city-council",
        "https://w3id.org/technocracy/id/anchor/smartmentality",
    ):
        assert store.query(f"ASK {{ <{iri}> ?p ?o }}").boolean, iri


@pytest.mark.slow
def test_a_rebuild_with_the_same_inputs_is_skipped_and_a_changed_store_is_not(tmp_path):
    """The build's key is recorded in the inferred graph; the same key skips the build,
    and a graph written since (here a loaded one) makes the next build reason again."""
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    first = build(store)
    assert not first.current and graphs.INFERRED in first.seconds
    inferred = graph_of(store, graphs.INFERRED)
    again = build(store)
    assert again.current and not again.seconds
    assert again.triples[graphs.ONTOLOGY] == first.triples[graphs.ONTOLOGY]
    assert any("up to date" in note for note in again.notes)
    assert isomorphic(inferred, graph_of(store, graphs.INFERRED))
    store.replace_graph(
        "https://example.org/graph/systems",
        "<https://example.org/s> a <https://w3id.org/technocracy/ontology#AlgorithmicSystem> ;"
        " <https://w3id.org/technocracy/ontology#hasLoopMode>"
        " <https://w3id.org/technocracy/ontology#HumanOffTheLoop> .",
        format="ttl",
    )
    changed = build(store)
    assert not changed.current
    assert store.query(
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { <https://example.org/s> a"
        " <https://w3id.org/technocracy/ontology#AutomatedManagementSystem> } }"
    ).boolean
    assert build(store, force=True).current is False
    store.close()


@pytest.mark.slow
def test_a_finished_build_is_kept_and_given_whole_to_the_next_empty_store(tmp_path, monkeypatch):
    """A build into an empty store keeps its graphs (``kg.buildcache``); the next empty store
    gets the same graphs, and is up to date for ``tkg build``; other inputs, or a store
    written to while it reasoned, have nothing kept."""
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path / "kept"))
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    first = build(store)
    assert any("kept for the next empty store" in note for note in first.notes)
    built = {g: graph_of(store, g) for g in store.graphs()}
    store.close()
    fresh = open_store(f"oxigraph:{tmp_path / 'fresh'}")
    loaded = build_module.from_kept(fresh)
    assert loaded is not None
    # the inferred graph holds HermiT's triples and the key of the build that wrote them
    assert loaded.triples.pop(graphs.INFERRED) > first.triples.pop(graphs.INFERRED)
    assert loaded.triples == first.triples
    assert sorted(fresh.graphs()) == sorted(built)
    for iri, graph in built.items():
        assert isomorphic(graph, graph_of(fresh, iri)), iri
    assert build(fresh).current
    fresh.close()

    changed = tmp_path / "technocracy.ttl"
    changed.write_text(
        build_module.ontology_file().read_text(encoding="utf-8") + "\n# changed\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("kg.buildkey.ontology_file", lambda: changed)
    assert build_module.from_kept(open_store("memory")) is None


@pytest.mark.slow
def test_a_build_written_to_while_it_reasons_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path / "kept"))
    store = open_store("memory")
    build(store, reason=False)
    state = build_module.built_state(store)
    store.update(
        f"INSERT DATA {{ GRAPH <{graphs.BIBLIOGRAPHY}> {{ <https://example.org/w> a"
        " <http://purl.org/ontology/bibo/Book> } }"
    )
    report = build_module.reason_built(store, keep=state)
    assert graphs.INFERRED in report.triples
    assert not any("kept for the next empty store" in note for note in report.notes)
    # no build kept (the ontology's page may be: it depends on the ontology alone)
    assert not list((tmp_path / "kept").glob("*.nq"))
    assert build_module.from_kept(open_store("memory")) is None
