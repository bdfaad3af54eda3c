"""HermiT through owlready2: consistency, classification, and a store that keeps its
last good inferred graph when the facts turn inconsistent."""

from __future__ import annotations

import pytest

from kg.build import build
from kg.errors import InconsistentError, JavaMissingError
from kg.owl.reason import JAVA_HINT, reason
from kg.rdf import graphs
from kg.store import open_store

pytestmark = pytest.mark.slow

SYSTEMS = """@prefix tech: <https://w3id.org/technocracy/ontology#> .
@prefix ex: <https://example.org/systems/> .
ex:traffic-lights a tech:AlgorithmicSystem ; tech:hasLoopMode tech:HumanOnTheLoop .
ex:parking-fines a tech:AlgorithmicSystem ; tech:hasLoopMode tech:HumanOffTheLoop .
ex:case-review a tech:AlgorithmicSystem ; tech:hasLoopMode tech:HumanInTheLoop .
"""
CONTRADICTION = """@prefix tech: <https://w3id.org/technocracy/ontology#> .
@prefix ex: <https://example.org/systems/> .
ex:confused a tech:AlgorithmicSystem ; tech:hasLoopMode tech:HumanInTheLoop , tech:HumanOffTheLoop .
"""


def ask(store, query: str) -> bool:
    prefixes = "PREFIX tech: <https://w3id.org/technocracy/ontology#>\nPREFIX ex: <https://example.org/systems/>\n"
    return store.query(prefixes + query).boolean


def inferred(store) -> bytes:
    return store.dump(format="nq", graph=graphs.INFERRED)


@pytest.fixture(scope="module")
def store():
    handle = open_store("memory")
    build(handle, reason=False)
    handle.replace_graph("https://example.org/graph/systems", SYSTEMS, format="ttl")
    reason(handle)
    yield handle
    handle.close()


def test_defined_class_classifies_systems_by_loop_mode(store):
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { ex:traffic-lights a tech:AutomatedManagementSystem } }",
    )
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { ex:parking-fines a tech:AutomatedManagementSystem } }",
    )
    assert not ask(store, "ASK { ex:case-review a tech:AutomatedManagementSystem }")
    assert ask(store, "ASK { ex:case-review a tech:HumanInTheLoopSystem }")


def test_scale_order_is_inferred_transitively(store):
    assert not ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/ontology> { tech:GlobalScale tech:broaderScaleThan tech:LocalScale } }",
    )
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { tech:GlobalScale tech:broaderScaleThan tech:LocalScale } }",
    )
    assert ask(store, "ASK { tech:LocalScale tech:narrowerScaleThan tech:SupraNationalScale }")


def test_class_hierarchy_is_classified(store):
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { tech:HumanOnTheLoopSystem "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> tech:AutomatedManagementSystem } }",
    )


def test_organisations_get_their_entailed_types(store):
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { <https://w3id.org/technocracy/id/org/ibm> a <http://xmlns.com/foaf/0.1/Agent> } }",
    )


def test_inferred_graph_has_provenance(store):
    assert ask(
        store,
        "ASK { GRAPH <https://w3id.org/technocracy/graph/inferred> { <https://w3id.org/technocracy/graph/inferred> <http://www.w3.org/ns/prov#wasGeneratedBy> ?a } }",
    )


def test_inconsistency_names_the_individual_and_keeps_the_last_good_graph(store):
    before = inferred(store)
    store.replace_graph("https://example.org/graph/bad", CONTRADICTION, format="ttl")
    try:
        with pytest.raises(InconsistentError) as caught:
            reason(store)
        assert caught.value.offenders == ["https://example.org/systems/confused"]
        assert "hasLoopMode" in str(caught.value)
        assert "tech:HumanInTheLoop" in str(caught.value) and "tech:HumanOffTheLoop" in str(
            caught.value
        )
        assert inferred(store) == before
    finally:
        store.update("DROP GRAPH <https://example.org/graph/bad>")


def test_disjoint_types_are_named(store):
    store.replace_graph(
        "https://example.org/graph/bad",
        "@prefix tech: <https://w3id.org/technocracy/ontology#> .\n"
        "<https://example.org/systems/both> a tech:HumanInTheLoopSystem , tech:HumanOffTheLoopSystem .\n",
        format="ttl",
    )
    try:
        with pytest.raises(InconsistentError) as caught:
            reason(store)
        assert "https://example.org/systems/both" in caught.value.offenders
        assert "disjoint" in str(caught.value)
    finally:
        store.update("DROP GRAPH <https://example.org/graph/bad>")


def test_missing_java_says_how_to_install_it(store, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(JavaMissingError) as caught:
        reason(store)
    assert "apt-get install default-jre-headless" in str(caught.value)
    assert str(caught.value) == JAVA_HINT
