"""``TKG_DEFAULT_GRAPH=default`` on a live server: a query that names no dataset reads the
store's own default graph; FROM and the protocol's graphs work as ever; the service
description no longer claims a union default graph, and VoID still counts every graph."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api import create_app
from api.sparql.service import graph_sizes
from kg.settings import Settings
from kg.store import OxigraphStore

G1 = "http://example.org/g1"
DATA = f"""INSERT DATA {{
  <http://example.org/a> <http://example.org/p> "default" .
  GRAPH <{G1}> {{ <http://example.org/a> <http://example.org/p> "one", "two" }}
}}"""
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
UNION = "http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph"


@pytest.fixture(scope="module")
def served(serve_app) -> Iterator[tuple[OxigraphStore, httpx.Client]]:
    store = OxigraphStore(default_graph="default")
    store.update(DATA)
    settings = Settings(store="memory", default_graph="default", update_token=None)
    with serve_app(create_app(settings, store)) as url, httpx.Client(base_url=url) as client:
        yield store, client
    store.close()


def count(client: httpx.Client, query: str, **params: str) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_the_default_graph_is_the_stores_own(served):
    _, client = served
    assert count(client, COUNT.format("")) == 1
    assert count(client, COUNT.format(f"FROM <{G1}>")) == 2
    assert count(client, COUNT.format(""), **{"default-graph-uri": G1}) == 2


def test_the_service_description_and_void_say_so(served):
    store, client = served
    description = client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert description.status_code == 200
    assert "sparql-service-description#endpoint" in description.text
    assert UNION not in description.text
    assert graph_sizes(store) == ({G1: 2}, 2)  # the distinct triples of the named graphs
