"""The REST surface: named queries, concepts, works and search, over the chapter's graph."""

from __future__ import annotations

import httpx
import pytest

from kg.store import Store
from kg.store.named import load_queries

QUERIES = load_queries()


def _get(url: str, **params: object) -> httpx.Response:
    return httpx.get(url, params=params, timeout=60)  # type: ignore[arg-type]


def _bindings(response: httpx.Response) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()["results"]["bindings"]
    return rows


# -- /queries ---------------------------------------------------------------------------------


def test_queries_lists_every_named_query_with_typed_params(built_server):
    listed = {q["name"]: q for q in _get(f"{built_server}/queries").json()}
    assert set(listed) == set(QUERIES)
    for name, query in QUERIES.items():
        info = listed[name]
        assert info["summary"] == query.summary
        assert info["url"] == f"{built_server}/queries/{name}"
        assert info["sparql"] == query.text
        assert {p["name"]: (p["type"], p["required"]) for p in info["params"]} == {
            n: (p.type, p.required) for n, p in query.params.items()
        }
    assert listed["concept-discussions"]["params"][0]["type"] == "iri"
    assert listed["references-by-confidence"]["params"][0]["enum"] == ["high", "medium", "low"]


def test_every_query_and_parameter_is_in_the_openapi_description(built_server):
    spec = _get(f"{built_server}/openapi.json").json()
    for name, query in QUERIES.items():
        operation = spec["paths"][f"/queries/{name}"]["get"]
        assert operation["summary"] == query.summary
        documented = {p["name"] for p in operation["parameters"]}
        assert set(query.params) | {"limit", "offset", "format"} <= documented


def test_the_pillars_query_returns_three_rows_in_order(built_server):
    rows = _bindings(_get(f"{built_server}/queries/pillars"))
    assert [r["number"]["value"] for r in rows] == ["1", "2", "3"]  # type: ignore[index]
    assert rows[1]["label"]["value"].startswith("legitimation")  # type: ignore[index]
    csv = _get(f"{built_server}/queries/pillars", format="csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == 4
    tsv = httpx.get(
        f"{built_server}/queries/pillars", headers={"Accept": "text/tab-separated-values"}
    )
    assert tsv.text.startswith("?pillar\t")


def test_a_typed_parameter_is_bound_and_limit_and_offset_page(built_server):
    concept = "https://w3id.org/technocracy/ontology#Smartmentality"
    rows = _bindings(_get(f"{built_server}/queries/concept-sources", concept=concept))
    assert [r["work"]["value"] for r in rows] == [  # type: ignore[index]
        "https://w3id.org/technocracy/id/work/vanolo2014smartmentality"
    ]
    every = _bindings(_get(f"{built_server}/queries/concepts-by-family"))
    page = _bindings(_get(f"{built_server}/queries/concepts-by-family", limit=5, offset=5))
    assert page == every[5:10]


def test_bad_parameters_are_400_naming_the_parameter_and_unknown_queries_404(built_server):
    r = _get(f"{built_server}/queries/concept-sources", concept="not an iri")
    assert r.status_code == 400
    assert r.json()["where"] == "concept-sources: concept"
    r = _get(f"{built_server}/queries/references-by-confidence", level="certain")
    assert r.status_code == 400 and "level" in r.json()["where"]
    r = _get(f"{built_server}/queries/concept-discussions")
    assert r.status_code == 400 and r.json()["where"] == "concept-discussions: concept"
    r = _get(f"{built_server}/queries/pillars", colour="red")
    assert r.status_code == 400 and "colour" in r.json()["message"]
    assert _get(f"{built_server}/queries/no-such-query").status_code == 404


HOSTILE = [
    '" } UNION { ?s ?p ?o } #',
    "> } ; DROP ALL ; <",
    "'; DELETE WHERE { ?s ?p ?o } #",
    "https://example.org/a b> } UNION { ?s ?p ?o",
    "https://example.org/x> ?p ?o } #",
    'http://example.org/"}',
    "\\u0022 } UNION { ?s ?p ?o }",
    "1 } UNION { ?s ?p ?o",
    "?s",
]
BENIGN = {
    "iri": "https://example.org/benign",
    "string": "zzz-benign-zzz",
    "langstring": "zzz-benign-zzz",
    "integer": "1",
    "decimal": "1.5",
    "boolean": "true",
    "date": "2019-01-01",
    "year": "2019",
}


def _fingerprint(store: Store) -> list[str]:
    return sorted(store.dump(format="nq").decode().splitlines())


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if q.params))
def test_injection_through_every_parameter_changes_nothing(built_server, built_store, name):
    query = QUERIES[name]
    before = _fingerprint(built_store)

    def benign_value(param_name: str) -> str:
        param = query.params[param_name]
        return param.enum[0] if param.enum else BENIGN[param.type]

    for target in query.params:
        required = {n: benign_value(n) for n, p in query.params.items() if p.required}
        url = f"{built_server}/queries/{name}"
        benign = _without(
            _bindings(_get(url, **{**required, target: benign_value(target)})), target
        )
        for hostile in HOSTILE:
            r = _get(url, **{**required, target: hostile})
            if r.status_code == 400:  # refused by type, naming the parameter
                assert r.json()["where"] == f"{name}: {target}"
                continue
            # bound as a value: the same rows as any other value of its type, never more
            assert _without(_bindings(r), target) == benign, (target, hostile)
    assert _fingerprint(built_store) == before


def _without(rows: list[dict[str, object]], column: str) -> list[dict[str, object]]:
    """The rows without the column that echoes the parameter's value."""
    return [{k: v for k, v in row.items() if k != column} for row in rows]


# -- /concepts, /works, /search ---------------------------------------------------------------


def test_concepts_paginate_with_a_total_and_links(built_server):
    first = _get(f"{built_server}/concepts", limit=20).json()
    assert first["total"] > 100 and first["offset"] == 0 and len(first["items"]) == 20
    assert first["prev"] is None
    assert first["next"] == f"{built_server}/concepts?limit=20&offset=20"
    second = httpx.get(first["next"], timeout=60).json()
    assert second["prev"] == f"{built_server}/concepts?limit=20&offset=0"
    assert {c["slug"] for c in first["items"]}.isdisjoint(c["slug"] for c in second["items"])
    last = _get(f"{built_server}/concepts", limit=20, offset=first["total"] - 1).json()
    assert len(last["items"]) == 1 and last["next"] is None
    everything = _get(f"{built_server}/concepts", limit=500).json()["items"]
    assert everything[:40] == first["items"] + second["items"]
    smart = next(c for c in everything if c["slug"] == "Smartmentality")
    assert smart["iri"] == "https://w3id.org/technocracy/ontology#Smartmentality"
    assert smart["scheme"]["label"] == "governmentality concepts"
    assert "smart mentality" in smart["alt_labels"]
    assert _get(f"{built_server}/concepts", limit=0).status_code == 422


def test_a_concept_with_its_source_and_anchors(built_server):
    c = _get(f"{built_server}/concepts/Smartmentality").json()
    assert c["label"] == "smartmentality"
    assert c["definition"].startswith("The governmentality of the smart city")
    assert [s["iri"] for s in c["sources"]] == [
        "https://w3id.org/technocracy/id/work/vanolo2014smartmentality"
    ]
    anchor = next(a for a in c["anchors"] if a["iri"].endswith("/anchor/smartmentality"))
    assert anchor == {
        "iri": "https://w3id.org/technocracy/id/anchor/smartmentality",
        "quote": "what Vanolo (2015) terms ‘smartmentality’",
        "page": 4,
        "start": 10467,
        "end": 10508,
        "source": "https://w3id.org/technocracy/id/text/kitchin2019smart",
    }
    r = _get(f"{built_server}/concepts/NoSuchTerm")
    assert r.status_code == 404 and r.json()["error"] == "not-found"


def test_works_paginate_and_count_citations(built_server):
    page = _get(f"{built_server}/works", limit=10).json()
    assert page["total"] >= 25 and len(page["items"]) == 10
    everything = _get(f"{built_server}/works", limit=500).json()["items"]
    vanolo = next(w for w in everything if w["slug"] == "vanolo2014smartmentality")
    assert vanolo["authors"] == ["Vanolo"]
    assert vanolo["year"] == "2014"
    assert (vanolo["cited_by"], vanolo["citations"]) == (1, 1)


def test_vanolo_is_cited_by_the_chapter_on_page_4_in_its_sentence(built_server):
    w = _get(f"{built_server}/works/vanolo2014smartmentality").json()
    assert w["title"] == "Smartmentality: The smart city as disciplinary strategy"
    assert w["doi"] == "10.1177/0042098013494427"
    assert [a["label"] for a in w["authors"]] == ["Alberto Vanolo"]
    assert [c["iri"] for c in w["concepts"]] == [
        "https://w3id.org/technocracy/ontology#Smartmentality"
    ]
    assert [d["slug"] for d in w["cited_by"]] == ["kitchin2019smart"]
    [citation] = w["citations"]
    assert citation["document"] == "https://w3id.org/technocracy/id/work/kitchin2019smart"
    assert citation["text"] == "Vanolo (2015)"
    assert citation["page"] == 4
    assert (citation["start"], citation["end"]) == (10472, 10485)
    assert citation["context"] == (
        "The second is the emergence of a new form of governmentality – "
        "what Vanolo (2015) terms ‘smartmentality’."
    )
    assert _get(f"{built_server}/works/no-such-work").status_code == 404
    assert _get(f"{built_server}/works/a b").status_code == 404


def test_search_finds_the_term_and_its_anchors(built_server):
    found = _get(f"{built_server}/search", q="smartmentality", limit=100).json()
    hits = {(h["kind"], h["iri"]) for h in found["items"]}
    assert ("label", "https://w3id.org/technocracy/ontology#Smartmentality") in hits
    assert ("quotation", "https://w3id.org/technocracy/id/anchor/smartmentality") in hits
    assert found["items"][0]["iri"] == "https://w3id.org/technocracy/ontology#Smartmentality"
    quotation = next(h for h in found["items"] if h["kind"] == "quotation")
    assert "https://w3id.org/technocracy/ontology#Smartmentality" in quotation["anchors"]
    assert found["total"] == len(found["items"])
    one = _get(f"{built_server}/search", q="SMARTMENTALITY", limit=1).json()
    assert one["total"] == found["total"] and len(one["items"]) == 1
    assert one["next"].endswith("q=SMARTMENTALITY&limit=1&offset=1")
    assert _get(f"{built_server}/search", q="").status_code == 422
    assert _get(f"{built_server}/search", q='" } UNION { ?s ?p ?o }').json()["total"] == 0


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("path", "params", "title"),
    [
        ("/concepts", {"limit": 5}, "<title>Concepts</title>"),
        ("/works", {}, "<title>Works</title>"),
        ("/search", {"q": "smartmentality"}, "<title>Search: smartmentality</title>"),
        ("/works/vanolo2014smartmentality", {}, "<title>Smartmentality: The smart city"),
        ("/concepts/Smartmentality", {}, "<title>smartmentality</title>"),
    ],
)
def test_a_browser_gets_a_page_and_a_client_json(built_server, path, params, title):
    page = httpx.get(f"{built_server}{path}", params=params, headers={"accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"].split(", ")
    assert title in page.text
    by_format = httpx.get(f"{built_server}{path}", params={**params, "format": "html"}).text
    assert by_format.replace("&amp;format=html", "") == page.text  # links keep format=html
    data = httpx.get(f"{built_server}{path}", params=params)
    assert data.headers["content-type"] == "application/json"
    assert "Accept" in data.headers["vary"].split(", ")
    assert data.json()
    refused = httpx.get(f"{built_server}{path}", params=params, headers={"accept": "text/csv"})
    assert refused.status_code == 406


def test_the_concept_page_links_each_term_and_the_next_page(built_server):
    page = httpx.get(f"{built_server}/concepts", params={"limit": 5, "format": "html"}).text
    data = httpx.get(f"{built_server}/concepts", params={"limit": 5}).json()
    for concept in data["items"]:
        assert f'href="{built_server}/concepts/{concept["slug"]}"' in page
    assert "1–5 of 265 concepts" in page
    assert f'rel="next" href="{built_server}/concepts?limit=5&amp;format=html&amp;offset=5"' in page
