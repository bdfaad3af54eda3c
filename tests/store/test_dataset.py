"""The dataset a query runs over (``kg.store.dataset``): the caller's graphs, else the
query's ``FROM``/``FROM NAMED``, else the store's default graph (the union, or its own) — on
the embedded store, and in the query worker processes that serve a store on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.sparql.protocol import answer_query
from kg.errors import InputError, QuerySyntaxError, StoreError
from kg.store import OxigraphStore, open_store
from kg.store.executor import ProcessExecutor
from kg.store.sparqltext import names_dataset

G1 = "http://example.org/g1"
G2 = "http://example.org/g2"
DATA = f"""
INSERT DATA {{
  <http://example.org/a> <http://example.org/p> "default" .
  GRAPH <{G1}> {{ <http://example.org/a> <http://example.org/p> "one" }}
  GRAPH <{G2}> {{ <http://example.org/a> <http://example.org/p> "two" , "three" }}
}}"""
VALUES = "SELECT ?o {} WHERE {{ ?s ?p ?o }} ORDER BY ?o"
NAMED = "SELECT ?g ?o {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g ?o"


def objects(store: OxigraphStore, query: str, **dataset: list[str]) -> list[str]:
    rows = store.query(query, **dataset).rows()
    return [" ".join(term.value for term in row.values() if term is not None) for row in rows]


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore()
    store.update(DATA)
    return store


def test_a_query_without_a_dataset_sees_every_graph(store):
    assert objects(store, VALUES.format("")) == ["default", "one", "three", "two"]


def test_from_is_the_default_graph_and_leaves_no_named_graphs(store):
    assert objects(store, VALUES.format("FROM <urn:x:nothing>")) == []
    assert objects(store, VALUES.format(f"FROM <{G2}>")) == ["three", "two"]
    assert objects(store, VALUES.format(f"FROM <{G1}> FROM <{G2}>")) == ["one", "three", "two"]
    assert objects(store, NAMED.format(f"FROM <{G1}>")) == []


def test_from_named_alone_leaves_the_default_graph_empty(store):
    assert objects(store, NAMED.format(f"FROM NAMED <{G1}>")) == [f"{G1} one"]
    assert objects(store, VALUES.format(f"FROM NAMED <{G1}>")) == []


def test_the_callers_graphs_replace_the_querys_dataset_whole(store):
    """SPARQL 1.1 Protocol 2.1.4: default-graph-uri and named-graph-uri win over FROM and
    FROM NAMED, both parts of the dataset at once."""
    from_g1 = VALUES.format(f"FROM <{G1}>")
    assert objects(store, from_g1, default_graphs=[G2]) == ["three", "two"]
    assert objects(store, from_g1, named_graphs=[G2]) == []  # no default graph given: empty
    named_g1 = NAMED.format(f"FROM NAMED <{G1}>")
    assert objects(store, named_g1, named_graphs=[G2]) == [f"{G2} three", f"{G2} two"]
    assert objects(store, named_g1, default_graphs=[G1]) == []  # no named graph given


def test_the_stores_own_default_graph_when_so_configured():
    store = OxigraphStore(default_graph="default")
    store.update(DATA)
    assert objects(store, VALUES.format("")) == ["default"]
    assert objects(store, VALUES.format(f"FROM <{G1}>")) == ["one"]
    assert len(objects(store, NAMED.format(""))) == 3


def test_an_unknown_choice_of_default_graph_is_refused():
    with pytest.raises(StoreError, match="'union' or 'default'"):
        open_store("memory", default_graph="merged")
    with pytest.raises(StoreError, match="remote store"):
        open_store("http://127.0.0.1:9/sparql", default_graph="default")


def test_query_workers_read_the_dataset_as_the_store_does(tmp_path: Path):
    """A store on disk is queried in worker processes, each opening a snapshot: they
    honour FROM, and the store's choice of default graph."""
    for choice, everything in (("union", "default\r\none\r\nthree\r\ntwo"), ("default", "default")):
        store = OxigraphStore(tmp_path / choice, default_graph=choice)
        store.update(DATA)
        csv = (("csv",), None, None)
        with ProcessExecutor(store, workers=1) as pool:
            plain = pool.run(answer_query, VALUES.format(""), [], [], *csv, timeout=60)
            from_g2 = pool.run(
                answer_query, VALUES.format(f"FROM <{G2}>"), [], [], *csv, timeout=60
            )
            given = pool.run(answer_query, VALUES.format(""), [G1], [], *csv, timeout=60)
        store.close()
        assert plain[1].decode() == f"o\r\n{everything}\r\n"
        assert from_g2[1] == b"o\r\nthree\r\ntwo\r\n"
        assert given[1] == b"o\r\none\r\n"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://e/g> { ?s ?p ?o }", True),
        ("select * from\n<http://e/g> { }", True),
        ("ASK FROM NAMED <http://e/g> { }", True),
        ("PREFIX e: <http://e/> CONSTRUCT { ?s ?p ?o } FROM e:g WHERE { ?s ?p ?o }", True),
        ("SELECT * { ?s <http://e/from> ?from }", False),
        ('SELECT * { ?s e:from e:a.from , _:from , \'FROM\' , """from""" } # from', False),
        ("SELECT * { ?s ?p 'x'@from }", False),
        ("SELECT * { ?s ?p $from }", False),
    ],
)
def test_names_dataset_finds_the_keyword_only(query, expected):
    assert names_dataset(query) is expected


def test_a_query_that_parses_but_cannot_run_is_the_callers_error(store):
    """pyoxigraph raises RuntimeError from ``query`` itself for a function it lacks (found by
    the W3C syntax tests): an InputError (HTTP 400), not a bare RuntimeError (500)."""
    with pytest.raises(InputError, match=r"cannot be run: .*myFunc"):
        store.query("SELECT * { ?s ?p ?o FILTER(<http://example.org/ns#myFunc>(?o)) }")


def test_a_typo_and_an_update_are_named_for_what_they_are(store):
    with pytest.raises(QuerySyntaxError, match=r"error at 2:1: expected SELECT.*not 'SELEC'"):
        store.query("PREFIX e: <http://e/>\nSELEC * { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"this is a SPARQL update \(DROP\), not a query"):
        store.query(f"DROP GRAPH <{G1}>")
    assert objects(store, NAMED.format(f"FROM NAMED <{G1}>")) == [f"{G1} one"]
