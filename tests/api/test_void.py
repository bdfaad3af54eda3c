"""``/.well-known/void``: VoID and DCAT that describe the dataset; the ontology's versionIRI."""

from __future__ import annotations

import gzip

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID

from kg.rdf.namespaces import ID, ONTOLOGY_IRI
from kg.store import Store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def void(built_server) -> tuple[Graph, URIRef]:
    r = httpx.get(f"{built_server}/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = Graph().parse(data=r.text, format="turtle")
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    return graph, dataset


def test_the_dataset_is_described(void):
    g, d = void
    assert (d, RDF.type, VOID.Dataset) in g
    assert str(g.value(d, DCTERMS.title)) == "Technocracy KG"
    assert len(str(g.value(d, DCTERMS.description))) > 50
    assert g.value(d, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    creator = g.value(d, DCTERMS.creator)
    assert g.value(creator, FOAF.name) == Literal("Technocracy KG contributors")
    assert g.value(d, VOID.uriSpace) == Literal(str(ID))
    vocabularies = set(g.objects(d, VOID.vocabulary))
    assert {URIRef(ONTOLOGY_IRI), URIRef(str(DCTERMS)), URIRef("http://purl.org/spar/cito/")} <= (
        vocabularies
    )


def test_the_examples_dereference(void, built_server):
    g, d = void
    examples = [str(e) for e in g.objects(d, VOID.exampleResource)]
    assert examples
    for iri in examples:
        assert iri.startswith(str(ID))
        r = httpx.get(
            built_server + "/id/" + iri[len(str(ID)) :], headers={"Accept": "text/turtle"}
        )
        assert r.status_code == 200, iri


def test_each_named_graph_is_a_subset_with_its_count_and_dump(
    void, built_server, built_store: Store
):
    g, d = void
    subsets = {str(g.value(s, SD.name)): s for s in g.objects(d, VOID.subset)}
    assert set(subsets) == set(built_store.graphs())
    bibliography = "https://w3id.org/technocracy/graph/bibliography"
    expected = len(built_store.dump_graph(bibliography, format="nt").splitlines())
    assert int(g.value(subsets[bibliography], VOID.triples)) == expected
    dump = httpx.get(
        str(g.value(subsets[bibliography], VOID.dataDump)),
        headers={"Accept": "application/n-triples"},
    )
    assert dump.status_code == 200
    assert len(dump.text.splitlines()) == expected


def test_the_endpoint_and_the_dumps_are_given_and_answer(void, built_server):
    g, d = void
    endpoint = g.value(d, VOID.sparqlEndpoint)
    assert endpoint == URIRef(f"{built_server}/sparql")
    (service,) = g.subjects(RDF.type, DCAT.DataService)
    assert g.value(service, DCAT.endpointURL) == endpoint
    assert g.value(service, DCAT.servesDataset) == d
    dumps = {str(u) for u in g.objects(d, VOID.dataDump)}
    assert dumps == {f"{built_server}/dumps/dataset.nq.gz", f"{built_server}/dumps/dataset.trig"}
    downloads = {
        str(g.value(dist, DCAT.downloadURL))
        for dist in g.objects(d, DCAT.distribution)
        if g.value(dist, DCAT.downloadURL) is not None
    }
    assert downloads == dumps
    assert any(
        g.value(dist, DCAT.accessService) == service for dist in g.objects(d, DCAT.distribution)
    )
    nq = httpx.get(f"{built_server}/dumps/dataset.nq.gz", timeout=120)
    assert nq.status_code == 200
    assert int(g.value(d, VOID.triples)) <= len(gzip.decompress(nq.content).splitlines())


@pytest.mark.parametrize(
    ("accept", "expect"), [("text/turtle", "text/turtle"), ("text/html", "text/html")]
)
def test_the_version_iri_dereferences_to_the_ontology(built_server, accept, expect):
    ontology = Graph().parse(
        data=httpx.get(f"{built_server}/ontology", headers={"Accept": "text/turtle"}).text,
        format="turtle",
    )
    version = ontology.value(
        URIRef(ONTOLOGY_IRI), URIRef("http://www.w3.org/2002/07/owl#versionIRI")
    )
    assert version is not None
    path = str(version)[len("https://w3id.org/technocracy") :]
    r = httpx.get(f"{built_server}{path}", headers={"Accept": accept}, timeout=180)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(expect)
    if expect == "text/turtle":
        served = Graph().parse(data=r.text, format="turtle")
        assert len(served) == len(ontology)
    else:
        assert "<title>Technocracy ontology</title>" in r.text
