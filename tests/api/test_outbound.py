"""The public endpoint holds against crafted queries: SERVICE and LOAD call no other host
unless the allow-list (TKG_OUTBOUND) names it, and no query or update nests deep enough to
crash a process: 400 with the reason, and the server goes on answering."""

from __future__ import annotations

import httpx
import pytest
from attack_support import DEEP, Listener

from api import create_app
from kg.settings import Settings
from kg.store import open_store

TOKEN = "outbound"


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def memory_server(serve_app):
    """The in-memory store, where one crashing query used to take the whole server down."""
    settings = Settings(store="memory", update_token=TOKEN)
    with serve_app(create_app(settings, open_store("memory"))) as url:
        yield url


def test_service_from_the_endpoint_calls_no_one(memory_server, listener):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?x ?p ?o }} }}"
    for response in (
        httpx.get(f"{memory_server}/sparql", params={"query": query}),
        httpx.post(f"{memory_server}/sparql", data={"query": query}),
    ):
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["error"] == "query-refused"
        assert "TKG_OUTBOUND" in body["message"] and body["where"] == "query:1:18"
    assert listener.connections == 0


def test_load_with_the_token_calls_no_one(memory_server, listener):
    update = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    response = httpx.post(
        f"{memory_server}/sparql",
        data={"update": update},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400 and response.json()["error"] == "query-refused"
    assert listener.connections == 0


@pytest.mark.parametrize("name", ["braces", "parentheses", "negations"])
def test_a_deep_query_or_update_is_a_400_and_the_server_lives(memory_server, name):
    query = DEEP[name]
    response = httpx.post(
        f"{memory_server}/sparql",
        content=query,
        headers={"content-type": "application/sparql-query"},
    )
    assert response.status_code == 400 and "nests deeper" in response.json()["message"]
    update = httpx.post(
        f"{memory_server}/sparql",
        content="CLEAR ALL ; " + query,
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
    )
    assert update.status_code == 400 and "nests deeper" in update.json()["message"]
    alive = httpx.get(
        f"{memory_server}/sparql",
        params={"query": "ASK {}"},
        headers={"accept": "application/sparql-results+json"},
    )
    assert alive.status_code == 200 and alive.json()["boolean"] is True


def test_an_allowed_host_is_called_through_the_endpoint(serve_app, listener):
    allowed = [f"http://127.0.0.1:{listener.port}/"]
    settings = Settings(store="memory", outbound=allowed)
    query = f"SELECT ?o WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    with serve_app(create_app(settings, open_store("memory", outbound=allowed))) as url:
        response = httpx.get(
            f"{url}/sparql", params={"query": query}, headers={"accept": "application/json"}
        )
    assert response.status_code == 200, response.text
    assert [b["o"]["value"] for b in response.json()["results"]["bindings"]] == ["far"]
    assert listener.connections == 1
