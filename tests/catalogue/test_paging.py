"""Pages of the catalogue (concepts, works, search, a work's citations): cut by the store with
LIMIT and OFFSET, with the whole list's length counted by the store, however long it is."""

from __future__ import annotations

import httpx
import pytest

from kg.catalogue import records as catalogue
from kg.errors import ParameterError
from kg.store import Store, open_store
from kg.store.named import count_named_query, counting_query, load_queries, run_named_query
from kg.store.sparqltext import query_form

QUERIES = load_queries()
WORK = "https://w3id.org/technocracy/id/work/"


SELECTS = sorted(
    name
    for name, query in QUERIES.items()
    if query_form(query.text) == "SELECT" and not any(p.required for p in query.params.values())
)


@pytest.mark.parametrize("name", SELECTS)
def test_the_count_of_a_named_query_is_its_number_of_rows(built_store, name):
    query = QUERIES[name]
    rows = run_named_query(built_store, query, {}, limit=None).rows()
    assert count_named_query(built_store, query, {}) == len(rows)


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("search", {"q": "smart"}),
        ("search", {"q": '" } UNION { ?s ?p ?o }'}),
        ("work-citations", {"work": WORK + "vanolo2014smartmentality"}),
        ("work-cited-by", {"work": WORK + "kitchin2014realtime"}),
        ("concepts-by-family", {"scheme": "https://w3id.org/technocracy/ontology#LoopModeScheme"}),
    ],
)
def test_a_count_sees_the_parameters_as_the_query_does(built_store, name, values):
    query = QUERIES[name]
    rows = run_named_query(built_store, query, values, limit=None).rows()
    assert count_named_query(built_store, query, values) == len(rows)


def test_only_a_select_is_counted():
    with pytest.raises(ParameterError, match="SELECT"):
        counting_query("ASK { ?s ?p ?o }", {})


@pytest.mark.parametrize(
    ("listing", "kwargs"),
    [
        (catalogue.concepts, {}),
        (catalogue.works, {}),
        (catalogue.search, {"q": "smart"}),
    ],
    ids=["concepts", "works", "search"],
)
def test_pages_put_together_are_the_whole_list(built_store, listing, kwargs):
    whole = listing(built_store, limit=500, **kwargs)
    assert whole.total == len(whole.items) > 20
    pages, offset = [], 0
    while True:
        page = listing(built_store, limit=7, offset=offset, **kwargs)
        assert page.total == whole.total
        if not page.items:
            break
        pages.extend(page.items)
        offset += 7
    assert pages == whole.items
    beyond = listing(built_store, limit=7, offset=whole.total + 10, **kwargs)
    assert (beyond.items, beyond.total) == ([], whole.total)


def _many_works(n: int) -> Store:
    store = open_store("memory")
    lines = []
    for i in range(n):
        work = f"<{WORK}w{i:05d}>"
        lines.append(f'{work} <http://purl.org/dc/terms/identifier> "w{i:05d}" .')
        lines.append(f'{work} <http://purl.org/dc/terms/title> "Work {i}" .')
    store.replace_graph(
        "https://w3id.org/technocracy/graph/bibliography", "\n".join(lines), format="nt"
    )
    return store


def test_a_list_longer_than_its_query_s_own_limit_is_paged_to_its_end():
    """``works.rq`` says ``limit: 2000``; the catalogue pages past it and counts it all."""
    assert QUERIES["works"].limit == 2000
    store = _many_works(2345)
    page = catalogue.works(store, limit=100, offset=2300)
    assert page.total == 2345
    assert [w.slug for w in page.items] == [f"w{i:05d}" for i in range(2300, 2345)]
    first = catalogue.works(store, limit=100)
    assert first.total == 2345 and first.items[0].slug == "w00000"


def test_a_work_s_citations_come_a_page_at_a_time(built_store):
    works = catalogue.works(built_store, limit=500).items
    most = max(works, key=lambda w: w.citations)
    assert most.citations >= 2
    whole = catalogue.work(built_store, most.slug, limit=500)
    assert whole.citations_total == most.citations == len(whole.citations)
    assert whole.cited_by_total == most.cited_by == len(whole.cited_by)
    one_by_one = [
        c
        for offset in range(most.citations)
        for c in catalogue.work(built_store, most.slug, limit=1, offset=offset).citations
    ]
    assert one_by_one == whole.citations


def test_the_api_links_a_work_s_citation_pages(built_server, built_store):
    works = catalogue.works(built_store, limit=500).items
    most = max(works, key=lambda w: w.citations)
    first = httpx.get(f"{built_server}/works/{most.slug}", params={"limit": 1}).json()
    assert first["citations_total"] == most.citations and len(first["citations"]) == 1
    assert first["next"] == f"{built_server}/works/{most.slug}?limit=1&offset=1"
    assert first["prev"] is None
    second = httpx.get(first["next"]).json()
    assert second["prev"] == f"{built_server}/works/{most.slug}?limit=1&offset=0"
    assert second["citations"][0] != first["citations"][0]
