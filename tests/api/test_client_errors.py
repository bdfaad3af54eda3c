"""A client's mistake is a 4xx that says what and where, never a 500: malformed dataset
IRIs, a graph path that is no IRI, SERVICE and LOAD targets that are not allowed."""

from __future__ import annotations

import httpx
import pytest

from api import create_app
from kg.settings import Settings
from kg.store import open_store

TOKEN = "client-errors"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def url(serve_app):
    store = open_store("memory")
    store.replace_graph("http://e/g", '<http://e/a> <http://e/p> "1" .', format="nt")
    with serve_app(create_app(Settings(store="memory", update_token=TOKEN), store)) as base:
        yield base


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["", "a b", "no-scheme"])
def test_a_dataset_iri_that_is_not_one_is_a_400(url, name, value):
    response = httpx.get(f"{url}/sparql", params={"query": "ASK {}", name: value})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["where"] == name and repr(value) in body["message"]


@pytest.mark.parametrize("name", ["using-graph-uri", "using-named-graph-uri"])
def test_a_using_iri_that_is_not_one_is_a_400(url, name):
    update = "INSERT { <http://e/x> <http://e/p> 2 } WHERE { ?s ?p ?o }"
    response = httpx.post(f"{url}/sparql", data={"update": update, name: "a b"}, headers=AUTH)
    assert response.status_code == 400 and response.json()["where"] == name


def test_a_graph_path_that_is_no_iri_is_a_400(url):
    response = httpx.get(f"{url}/store/a%20b", headers=AUTH)
    assert response.status_code == 400 and response.json()["where"] == "path"


@pytest.mark.parametrize(
    ("operation", "text"),
    [
        ("query", "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }"),
        ("query", "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        ("update", "LOAD <file:///etc/hostname>"),
    ],
)
def test_outbound_calls_are_refused_as_the_client_s_error(url, operation, text):
    response = httpx.post(f"{url}/sparql", data={operation: text}, headers=AUTH)
    assert response.status_code == 400 and response.json()["error"] == "query-refused"
