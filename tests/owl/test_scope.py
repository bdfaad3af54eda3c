"""What HermiT sees: the schema and the nodes its axioms reach; the text layer is closed
over the classified hierarchy, and the inferred graph is the one HermiT gives over all."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.ingest.pipeline import ingest
from kg.owl.reason import reason
from kg.owl.scope import split
from kg.rdf import graphs
from kg.store import open_store

EX = "https://example.org/"
TTL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
ex:Text a owl:Class . ex:Sentence a owl:Class ; rdfs:subClassOf ex:Text .
ex:Agent a owl:Class . ex:Robot a owl:Class ; owl:disjointWith ex:Person .
ex:Person a owl:Class ; rdfs:subClassOf ex:Agent .
ex:partOf a owl:ObjectProperty ; rdfs:domain ex:Sentence ; rdfs:range ex:Text .
ex:page a owl:DatatypeProperty , owl:FunctionalProperty .
ex:note a owl:AnnotationProperty ; rdfs:domain ex:Agent .
ex:s1 a ex:Sentence ; ex:partOf ex:doc ; ex:page 3 ; ex:note "x" .
ex:s2 ex:partOf ex:doc ; ex:page 3 , 4 .
ex:ann a ex:Person .
"""


def _split(text: str):
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    asserted = [q.triple for q in store]
    return split(asserted), asserted


def test_text_nodes_are_closed_and_axiom_nodes_go_to_hermit():
    scope, asserted = _split(TTL)
    node = ox.NamedNode
    assert node(EX + "s1") in scope.bulk_nodes and node(EX + "doc") in scope.bulk_nodes
    # two values of a functional property: HermiT decides; a disjoint class: HermiT sees it
    assert node(EX + "s2") not in scope.bulk_nodes
    assert node(EX + "ann") not in scope.bulk_nodes
    closed = scope.closure([], asserted)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    types = {(t.subject.value, t.object.value) for t in closed if t.predicate == rdf_type}
    assert (EX + "s1", EX + "Text") in types  # the super-class of its asserted type
    assert (EX + "doc", EX + "Text") in types  # the range of ex:partOf
    assert (EX + "s1", EX + "Agent") not in types  # an annotation property's domain means nothing


def test_annotations_of_the_schema_are_kept_from_hermit():
    scope, _ = _split(TTL + 'ex:Person rdfs:label "person" . ex:Robot ex:note "robot" .\n')
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    note = ox.NamedNode(EX + "note")
    assert {t.predicate for t in scope.annotations} == {label, note}
    assert not {t.predicate for t in scope.core} & {label, note}


def test_an_axiom_on_owl_thing_sends_everything_to_hermit():
    text = (
        TTL
        + "owl:Thing rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:someValuesFrom ex:Text ] .\n"
    )
    scope, _ = _split(text)
    assert not scope.bulk_nodes and not scope.bulk


def _without_own_provenance(quads) -> set[ox.Triple]:
    """The inferred triples but the run's own record (whose checksum is of the asserted
    triples as serialised, in an order that two stores need not share)."""
    triples = {q.triple for q in quads}
    own = {ox.NamedNode(graphs.INFERRED)}
    for _ in range(2):  # the graph, its activity and input, and what they name
        own |= {t.object for t in triples if t.subject in own}
    return {t for t in triples if t.subject not in own}


@pytest.mark.slow
def test_the_inferred_graph_is_hermits_over_everything(tmp_path):
    """The chapter's build and an ingested text: the scoped run and HermiT over every
    asserted triple write the same inferred graph, triple for triple."""
    graphs_of: list[set[ox.Triple]] = []
    for scoped in (True, False):
        store = open_store("memory")
        build(store, reason=False)
        text = tmp_path / "paper.txt"
        text.write_text(
            "Smart cities\n\nCities are run by dashboards (Kitchin 2014). Code governs "
            "(Kitchin and Dodge 2011: 12).\n\nReferences\n\n"
            "Kitchin, R. (2014) The real-time city? GeoJournal 79(1): 1-14.\n"
            "Kitchin, R. and Dodge, M. (2011) Code/Space. Cambridge, MA: MIT Press.\n",
            encoding="utf-8",
        )
        ingest(store, text, doc_id="paper")
        reason(store, scoped=scoped)
        dump = store.dump(format="nq", graph=graphs.INFERRED)
        graphs_of.append(_without_own_provenance(ox.parse(dump, format=ox.RdfFormat.N_QUADS)))
        store.close()
    assert len(graphs_of[0]) > 500
    assert graphs_of[0] == graphs_of[1]


SELECTORS = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
ex:Sel a owl:Class . ex:Pos a owl:Class ; rdfs:subClassOf ex:Sel . ex:Anchor a owl:Class .
ex:Org a owl:Class . ex:in a owl:ObjectProperty .
ex:City a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:in ; owl:hasValue ex:ireland ] .
ex:hasSel a owl:ObjectProperty ; rdfs:domain ex:Anchor ; rdfs:range ex:Sel .
ex:link a owl:ObjectProperty ; rdfs:subPropertyOf ex:rel . ex:rel a owl:ObjectProperty .
ex:start a owl:DatatypeProperty ; rdfs:domain ex:Sel .
ex:about a owl:ObjectProperty ; rdfs:range ex:Org .
ex:a1 ex:hasSel [ a ex:Pos ; ex:start 3 ; ex:about ex:dublin ] ; ex:link [ ex:start 4 ] .
ex:dublin a ex:City .
"""


def test_blank_text_nodes_are_closed_here_and_an_axioms_individual_stays_with_hermit():
    scope, _ = _split(SELECTORS)
    blank = {n for n in scope.bulk_nodes if isinstance(n, ox.BlankNode)}
    assert len(blank) == 2  # the selectors: plain types and properties only
    assert ox.NamedNode(EX + "ireland") not in scope.bulk_nodes  # a hasValue's individual
    seen = {t.subject for t in scope.core + scope.bridges}
    assert not seen & blank


@pytest.mark.slow
def test_blank_nodes_closed_here_give_hermits_inferred_graph():
    """Selectors closed here, a restriction's individual kept: the scoped run writes what
    HermiT over everything writes (and, like it, nothing about anonymous individuals)."""
    graphs_of: list[set[ox.Triple]] = []
    for scoped in (True, False):
        store = open_store("memory")
        store.replace_graph(EX + "g", SELECTORS.encode(), format="ttl")
        reason(store, scoped=scoped)
        dump = store.dump(format="nq", graph=graphs.INFERRED)
        graphs_of.append(_without_own_provenance(ox.parse(dump, format=ox.RdfFormat.N_QUADS)))
        store.close()
    in_ = ox.NamedNode(EX + "in")
    assert ox.Triple(ox.NamedNode(EX + "dublin"), in_, ox.NamedNode(EX + "ireland")) in graphs_of[0]
    assert graphs_of[0] == graphs_of[1]
