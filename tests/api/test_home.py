"""The home page: what is here, in HTML for people and JSON for programs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest

from api import create_app
from api.html.pages import EXAMPLE_QUERY
from kg.rdf.namespaces import GRAPH
from kg.settings import Settings

ONTOLOGY_GRAPH = str(GRAPH.ontology)
BIBLIOGRAPHY_GRAPH = str(GRAPH.bibliography)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LABELS = ["abstraction and codification", "imposition", "legitimation"]


@pytest.fixture(scope="module")
def client(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=10) as c:
        yield c


def labels(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


@pytest.mark.parametrize("accept", [BROWSER, "*/*"])
def test_home_page_lists_the_graphs_with_their_sizes(client, accept):
    response = client.get("/", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["vary"].replace(" ", "").split(",")
    rows = re.findall(
        r"<tr><td><code>(.*?)</code></td><td class=\"n\">(\d+)</td></tr>", response.text
    )
    assert rows == [(BIBLIOGRAPHY_GRAPH, "2"), (ONTOLOGY_GRAPH, "9")]


def test_home_page_links_to_the_endpoint_the_docs_and_a_runnable_example(client, live_server):
    page = client.get("/", headers={"accept": BROWSER}).text
    links = {unescape(href) for href in re.findall(r'href="([^"]*)"', page)}
    assert f"{live_server}/sparql" in links
    assert f"{live_server}/docs" in links
    assert "?pillar a tech:TechnocracyPillar ;" in unescape(page)  # the query, shown
    (example,) = [link for link in links if "?query=" in link]
    assert labels(httpx.get(example, headers={"accept": "application/json"})) == LABELS


def test_home_as_json(client, live_server):
    response = client.get("/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["graphs"] == [
        {"graph": BIBLIOGRAPHY_GRAPH, "triples": 2},
        {"graph": ONTOLOGY_GRAPH, "triples": 9},
    ]
    assert body["links"] == {
        "sparql": f"{live_server}/sparql",
        "docs": f"{live_server}/docs",
        "openapi": f"{live_server}/openapi.json",
        "concepts": f"{live_server}/concepts",
        "works": f"{live_server}/works",
        "search": f"{live_server}/search?q=smart",
    }
    assert body["example"]["query"] == EXAMPLE_QUERY
    assert labels(httpx.get(body["example"]["url"])) == LABELS


def test_format_parameter_wins_over_a_browsers_accept(client):
    response = client.get("/", params={"format": "json"}, headers={"accept": BROWSER})
    assert response.json()["graphs"][1]["triples"] == 9


def test_home_in_a_format_not_offered_is_406(client):
    response = client.get("/", headers={"accept": "application/rdf+xml"})
    assert response.status_code == 406
    assert response.json()["offered"] == ["text/html", "application/json"]


def test_empty_store_says_how_to_fill_it(serve_app, memory_store):
    with serve_app(create_app(Settings(store="memory"), memory_store)) as url:
        page = httpx.get(url).text
        body = httpx.get(url, headers={"accept": "application/json"}).json()
    assert "The store is empty: build it with <code>tkg build</code>." in page
    assert body["graphs"] == []


def test_openapi_documents_the_routes(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Technocracy KG"
    assert {"/", "/sparql", "/store", "/store/{path}", "/.well-known/void"} <= set(spec["paths"])
    get = spec["paths"]["/sparql"]["get"]
    names = {p["name"] for p in get["parameters"]}
    assert names == {"accept", "query", "default-graph-uri", "named-graph-uri", "format"}
    post = spec["paths"]["/sparql"]["post"]
    assert set(post["requestBody"]["content"]) == {
        "application/sparql-query",
        "application/sparql-update",
        "application/x-www-form-urlencoded",
    }
    assert "text/csv" in get["responses"]["200"]["content"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
