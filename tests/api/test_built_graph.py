"""The endpoint over the chapter's built graph, as linked-data clients use it."""

from __future__ import annotations

import httpx
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

PILLARS = """PREFIX tech: <https://w3id.org/technocracy/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?pillar ?label ?definition WHERE {
  ?pillar a tech:TechnocracyPillar ; skos:prefLabel ?label ; skos:definition ?definition ;
          tech:pillarNumber ?n .
} ORDER BY ?n"""


def test_sparqlwrapper_gets_the_three_pillars_with_definitions(built_server):
    client = SPARQLWrapper(f"{built_server}/sparql")
    client.setQuery(PILLARS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["pillar"]["value"].rsplit("#", 1)[1] for r in rows] == [
        "AbstractionPillar",
        "LegitimationPillar",
        "ImpositionPillar",
    ]
    assert all(
        r["definition"]["xml:lang"] == "en" and len(r["definition"]["value"]) > 40 for r in rows
    )


def test_curl_style_form_post_as_in_the_readme(built_server):
    response = httpx.post(
        f"{built_server}/sparql",
        data={"query": PILLARS},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    labels = [b["label"]["value"] for b in response.json()["results"]["bindings"]]
    assert len(labels) == 3


def test_rdflib_sparqlstore_reads_the_inferred_scale_order(built_server):
    graph = Graph(store=SPARQLStore(f"{built_server}/sparql", returnFormat="json"))
    rows = list(
        graph.query(
            "PREFIX tech: <https://w3id.org/technocracy/ontology#> "
            "SELECT ?narrower WHERE { tech:GlobalScale tech:broaderScaleThan ?narrower }"
        )
    )
    assert {str(r[0]).rsplit("#", 1)[1] for r in rows} == {
        "SupraNationalScale",
        "NationalScale",
        "LocalScale",
    }


def test_home_page_lists_the_real_graphs(built_server):
    page = httpx.get(built_server + "/", headers={"Accept": "text/html"}).text
    for graph in (
        "graph/ontology",
        "graph/bibliography",
        "graph/corpus/kitchin2019smart",
        "graph/inferred",
    ):
        assert graph in page


def test_malformed_query_gets_400_with_the_parsers_message(built_server):
    response = httpx.get(
        f"{built_server}/sparql",
        params={"query": "SELECT ?x WHERE { ?x "},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad-sparql"
    assert "1:" in body["message"]


def test_authors_come_in_the_order_of_the_author_list(built_server):
    """GROUP_CONCAT's order is the engine's choice: the queries join the family names in
    the order of bibo:authorList, as the reference list gives them."""
    works = httpx.get(f"{built_server}/works", params={"limit": 100}).json()["items"]
    authors = {w["slug"]: w["authors"] for w in works}
    assert authors["savini2019rise"] == ["Savini", "Raco"]
    assert authors["kitchin2019smart"] == ["Kitchin", "Coletta", "Evans", "Heaphy", "Mac Donncha"]
    assert authors["raco2019planning"] == []  # edited: editors are not authors
