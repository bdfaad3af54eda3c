"""SPARQL Update on ``/sparql`` behind ``TKG_UPDATE_TOKEN``, and the VoID description that
counts what is there, over a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from SPARQLWrapper import POST, SPARQLWrapper

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

TOKEN = "s3cret-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
G = "http://example.org/graph/notes"
INSERT = f'INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/p> "new" }} }}'
DIRECT = {"content-type": "application/sparql-update"}
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SEED = '<http://example.org/s> <http://example.org/p> "seed" .\n<http://example.org/s> <http://example.org/q> "two" .'


@pytest.fixture
def store() -> Iterator[OxigraphStore]:
    handle = OxigraphStore()
    handle.replace_graph("http://example.org/graph/seed", SEED, format="nt")
    yield handle
    handle.close()


@pytest.fixture
def url(serve_app, store) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory", update_token=TOKEN), store)) as base:
        yield base


def test_update_with_the_token_is_made(url, store):
    response = httpx.post(f"{url}/sparql", content=INSERT, headers={**DIRECT, **BEARER})
    assert response.status_code == 204
    assert store.graphs() == [G, "http://example.org/graph/seed"]
    form = httpx.post(f"{url}/sparql", data={"update": f"DROP GRAPH <{G}>"}, headers=BEARER)
    assert form.status_code == 204
    assert store.graphs() == ["http://example.org/graph/seed"]


def test_update_through_sparqlwrapper(url, store):
    client = SPARQLWrapper(f"{url}/sparql")
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery(INSERT)
    assert client.query().response.status == 204
    assert [
        r["o"].value for r in store.query(f"SELECT ?o {{ GRAPH <{G}> {{ ?s ?p ?o }} }}").rows()
    ] == ["new"]


@pytest.mark.parametrize(
    ("headers", "status", "challenge"),
    [
        ({}, 401, 'Bearer realm="tkg"'),
        ({"Authorization": "Bearer wrong"}, 401, "invalid_token"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, 'Bearer realm="tkg"'),
    ],
    ids=["missing", "wrong", "not-bearer"],
)
def test_update_without_the_right_token_is_401_and_changes_nothing(
    url, store, headers, status, challenge
):
    before = store.dump(format="nq")
    for kwargs in (
        {"content": INSERT, "headers": {**DIRECT, **headers}},
        {"data": {"update": INSERT}, "headers": headers},
    ):
        response = httpx.post(f"{url}/sparql", **kwargs)
        assert response.status_code == status
        assert challenge in response.headers["www-authenticate"]
        assert response.json()["error"] == "unauthorized"
    assert store.dump(format="nq") == before


def test_update_without_a_configured_token_is_403_saying_how_to_enable(serve_app, store):
    before = store.dump(format="nq")
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as base:
        response = httpx.post(f"{base}/sparql", content=INSERT, headers={**DIRECT, **BEARER})
    assert response.status_code == 403
    message = response.json()["message"]
    assert "set TKG_UPDATE_TOKEN" in message and "Authorization: Bearer <token>" in message
    assert store.dump(format="nq") == before


@pytest.mark.parametrize(
    ("update", "error", "says"),
    [
        (INSERT + " ; DROP ALL ; garbage", "bad-sparql", "update"),
        (INSERT + " ; DROP GRAPH <http://example.org/graph/none>", "bad-input", "does not exist"),
        (INSERT + " ; CREATE GRAPH <http://example.org/graph/seed>", "bad-input", "already exists"),
    ],
    ids=["syntax", "drop-missing-graph", "create-existing-graph"],
)
def test_a_failed_update_changes_nothing(url, store, update, error, says):
    before = store.dump(format="nq")
    response = httpx.post(f"{url}/sparql", content=update, headers={**DIRECT, **BEARER})
    assert response.status_code == 400
    assert response.json()["error"] == error
    assert says in response.json()["message"] + str(response.json()["where"])
    assert store.dump(format="nq") == before


def test_a_syntax_error_says_where(url):
    response = httpx.post(
        f"{url}/sparql", content="INSERT DATA { <a> }", headers={**DIRECT, **BEARER}
    )
    assert response.status_code == 400
    assert response.json()["where"] == "update"
    assert "1:" in response.json()["message"]


def test_protocol_dataset_with_a_using_clause_is_400(url, store):
    update = "WITH <http://example.org/g> INSERT { ?s a ?o } WHERE { ?s ?p ?o }"
    response = httpx.post(
        f"{url}/sparql", params={"using-graph-uri": G}, content=update, headers={**DIRECT, **BEARER}
    )
    assert response.status_code == 400
    assert "WITH" in response.json()["message"]


def test_service_description_lists_update_when_enabled(url):
    response = httpx.get(f"{url}/sparql", headers={"accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert set(graph.objects(None, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}
    assert len(set(graph.objects(None, SD.resultFormat))) == 11
    assert (None, SD.feature, SD.UnionDefaultGraph) in graph
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert names == {"http://example.org/graph/seed"}


def _void(url: str, accept: str = "text/turtle") -> Graph:
    response = httpx.get(f"{url}/.well-known/void", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    return Graph().parse(data=response.text, format="turtle" if accept == "text/turtle" else "nt")


def _counts(graph: Graph) -> dict[str, int]:
    return {
        str(graph.value(subset, SD.name)): int(graph.value(subset, VOID.triples))
        for subset in graph.objects(None, VOID.subset)
    }


def test_void_counts_equal_the_stores_counts_after_an_update(url, store):
    before = _void(url)
    (dataset,) = before.subjects(VOID.subset, None, unique=True)
    assert before.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{url}/sparql")
    assert _counts(before) == {"http://example.org/graph/seed": 2}
    httpx.post(f"{url}/sparql", content=INSERT, headers={**DIRECT, **BEARER})
    after = _void(url, "application/n-triples")
    expected = {
        g: int(r["n"].value)
        for g in store.graphs()
        for r in store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows()
    }
    assert _counts(after) == expected == {"http://example.org/graph/seed": 2, G: 1}
    (dataset,) = after.subjects(VOID.subset, None, unique=True)
    assert after.value(dataset, VOID.triples) == Literal(3)


def test_void_default_is_turtle_and_refuses_what_it_cannot_send(url):
    response = httpx.get(f"{url}/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    refused = httpx.get(f"{url}/.well-known/void", headers={"accept": "image/png"})
    assert refused.status_code == 406
    assert "text/turtle" in refused.json()["offered"]
