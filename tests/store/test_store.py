"""The Store protocol, one suite for every backend: the embedded store in memory and on disk,
and the RemoteStore on Oxigraph's server and on Virtuoso (real servers on 127.0.0.1)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from servers import BACKENDS, open_backend

from kg.errors import (
    NotFoundError,
    QuerySyntaxError,
    RdfSyntaxError,
    StoreError,
    StoreLockedError,
    StoreUnavailableError,
    UnsupportedFormatError,
)
from kg.store import OxigraphStore, Store, open_store

G1 = "http://example.org/graph/one"
G2 = "http://example.org/graph/two"
TTL = b"""@prefix ex: <http://example.org/> .
ex:a ex:p "alpha" ; ex:q ex:b .
ex:b ex:p "beta"@en .
"""


@pytest.fixture(
    params=[
        pytest.param(
            name, marks=[pytest.mark.slow] if name in ("oxigraph-server", "virtuoso") else []
        )
        for name in BACKENDS
    ]
)
def store(request, tmp_path) -> Store:
    handle = open_backend(request, request.param, tmp_path)
    yield handle
    handle.close()


def values(store: Store, query: str) -> list[str]:
    return sorted(row["o"].value for row in store.query(query).rows())


def test_backend_implements_the_protocol(store):
    assert isinstance(store, Store)


def test_replace_graph_then_query_the_union(store):
    assert store.replace_graph(G1, TTL, format="ttl") == 3
    assert (
        store.replace_graph(
            G2, b'<http://example.org/c> <http://example.org/p> "gamma" .', format="nt"
        )
        == 1
    )
    assert values(store, "SELECT ?o { ?s <http://example.org/p> ?o }") == ["alpha", "beta", "gamma"]
    assert store.graphs() == [G1, G2]


def test_replace_graph_replaces_only_that_graph(store):
    store.replace_graph(G1, TTL, format="ttl")
    store.replace_graph(G2, b'<http://example.org/c> <http://example.org/p> "gamma" .', format="nt")
    store.replace_graph(G1, b'<http://example.org/a> <http://example.org/p> "new" .', format="nt")
    assert values(store, "SELECT ?o { ?s <http://example.org/p> ?o }") == ["gamma", "new"]


def test_failed_load_leaves_the_store_as_it_was(store):
    store.replace_graph(G1, TTL, format="ttl")
    before = store.dump(format="nq")
    bad = TTL + b"ex:c ex:p .\n"
    with pytest.raises(RdfSyntaxError) as caught:
        store.replace_graph(G1, bad, format="ttl")
    assert "<input>:4" in str(caught.value)
    with pytest.raises(RdfSyntaxError):
        store.load(bad, format="ttl", graph=G2, replace=True)
    assert store.dump(format="nq") == before


def test_failed_update_changes_nothing(store):
    store.replace_graph(G1, TTL, format="ttl")
    before = store.dump(format="nq")
    with pytest.raises(QuerySyntaxError):
        store.update(
            "INSERT DATA { GRAPH <http://example.org/g> { <http://x> <http://y> 1 } } ; DROP ALL ; garbage"
        )
    assert store.dump(format="nq") == before


def test_load_quads_keeps_their_graphs_and_replace_swaps_them(store):
    nq = b'<http://e/a> <http://e/p> "1" <http://e/g1> .\n<http://e/b> <http://e/p> "2" <http://e/g2> .\n'
    assert store.load(nq, format="nq") == 2
    assert store.graphs() == ["http://e/g1", "http://e/g2"]
    store.load(b'<http://e/c> <http://e/p> "3" <http://e/g1> .\n', format="nq", replace=True)
    assert values(store, "SELECT ?o { GRAPH <http://e/g1> { ?s ?p ?o } }") == ["3"]
    assert values(store, "SELECT ?o { GRAPH <http://e/g2> { ?s ?p ?o } }") == ["2"]


def test_triples_need_a_graph(store):
    with pytest.raises(StoreError, match="target graph"):
        store.load(TTL, format="ttl")


def test_bindings_reach_the_query_as_terms_not_text(store):
    store.replace_graph(G1, TTL, format="ttl")
    injected = ox.Literal('alpha" } UNION { ?s ?p ?o')
    rows = store.query(
        "SELECT ?s ?o { ?s <http://example.org/p> ?o }", bindings={"o": injected}
    ).rows()
    assert rows == []
    rows = store.query(
        "SELECT ?s ?o { ?s <http://example.org/p> ?o }", bindings={"o": ox.Literal("alpha")}
    ).rows()
    assert [r["s"].value for r in rows] == ["http://example.org/a"]


def test_query_result_kinds_and_serializations(store):
    store.replace_graph(G1, TTL, format="ttl")
    assert store.query("ASK { ?s ?p 'alpha' }").boolean is True
    assert b'"boolean":true' in store.query("ASK { ?s ?p 'alpha' }").serialize("json").replace(
        b" ", b""
    )
    csv = store.query("SELECT ?o { ?s <http://example.org/p> ?o } ORDER BY ?o").serialize("csv")
    assert csv.decode().splitlines() == ["o", "alpha", "beta"]
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(graph.triples()) == 3
    with pytest.raises(UnsupportedFormatError, match="offered"):
        store.query("SELECT * { ?s ?p ?o }").serialize("ttl")


def test_default_graphs_and_named_graphs_restrict_the_dataset(store):
    store.replace_graph(G1, TTL, format="ttl")
    store.replace_graph(G2, b'<http://example.org/c> <http://example.org/p> "gamma" .', format="nt")
    only_two = store.query("SELECT ?o { ?s <http://example.org/p> ?o }", default_graphs=[G2]).rows()
    assert [r["o"].value for r in only_two] == ["gamma"]
    named = store.query("SELECT ?g { GRAPH ?g { ?s ?p ?o } }", named_graphs=[G1]).rows()
    assert {r["g"].value for r in named} == {G1}


def test_malformed_query_says_where(store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert "1:" in str(caught.value)


def test_dump_one_graph_and_dataset(store):
    store.replace_graph(G1, TTL, format="ttl")
    assert b"alpha" in store.dump(format="ttl", graph=G1)
    assert G1.encode() in store.dump(format="trig")
    with pytest.raises(UnsupportedFormatError):
        store.dump(format="ttl")


def test_disk_store_persists_and_locks(tmp_path):
    path = tmp_path / "db"
    first = OxigraphStore(path)
    first.replace_graph(G1, TTL, format="ttl")
    with pytest.raises(StoreLockedError, match="another process"):
        OxigraphStore(path)
    reader = OxigraphStore(path, read_only=True)
    assert reader.graphs() == [G1]
    reader.close()
    first.close()
    again = OxigraphStore(path)
    assert again.graphs() == [G1]
    again.close()


def test_a_server_that_is_down_is_one_clear_error():
    from servers import free_port

    with pytest.raises(
        StoreUnavailableError, match=r"cannot be reached .* is it running"
    ) as caught:
        open_store(f"http://127.0.0.1:{free_port()}")
    assert "\n" not in str(caught.value)


def test_bulk_load_writes_new_graphs_only(store):
    nq = b'<http://e/a> <http://e/p> "1" <http://e/new1> .\n<http://e/b> <http://e/p> "2" <http://e/new2> .\n'
    assert store.load(nq, format="nq", bulk=True) == 2
    assert store.graphs() == ["http://e/new1", "http://e/new2"]
    with pytest.raises(StoreError, match="these exist: <http://e/new1>"):
        store.load(nq, format="nq", bulk=True)
    with pytest.raises(RdfSyntaxError):
        store.load(
            b"<http://e/c> <http://e/p> <http://e/new3> <http://e/g3> <x> .", format="nq", bulk=True
        )
    assert store.graphs() == ["http://e/new1", "http://e/new2"]


def test_drop_graph_removes_a_graph_however_it_was_written(store):
    store.replace_graph(G1, b'<http://e/a> <http://e/p> "1" .', format="nt")
    store.load(b'<http://e/b> <http://e/p> "2" <http://e/bulk> .\n', format="nq", bulk=True)
    store.load_stream(b'<http://e/c> <http://e/p> "3" .\n', format="nt", graph=G2)
    for graph in (G1, "http://e/bulk"):
        store.drop_graph(graph)
    assert store.graphs() == [G2]
    assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows()] == ["3"]
    with pytest.raises(NotFoundError, match="there is no graph <http://e/bulk>"):
        store.drop_graph("http://e/bulk")


def test_the_same_blank_node_label_in_two_files_is_two_nodes(store):
    store.replace_graph(G1, b'_:x <http://example.org/p> "one" .', format="nt")
    store.replace_graph(G2, b'_:x <http://example.org/p> "two" .', format="nt")
    rows = store.query("SELECT DISTINCT ?s WHERE { ?s <http://example.org/p> ?o }").rows()
    assert len(rows) == 2


def test_load_stream_reads_files_and_file_objects_into_graphs(store, tmp_path):
    path = tmp_path / "corpus.nq"
    path.write_bytes(
        b'<http://e/a> <http://e/p> "1" <http://e/g1> .\n<http://e/b> <http://e/p> "2" <http://e/g2> .\n'
    )
    assert store.load_stream(path, format="nq") is None
    assert store.graphs() == ["http://e/g1", "http://e/g2"]
    with path.open("rb") as stream:  # a file object is read by the parser, not by Python
        store.load_stream(stream, format="nq")
    assert values(store, "SELECT ?o { GRAPH <http://e/g2> { ?s ?p ?o } }") == ["2"]
    store.load_stream(TTL, format="ttl", graph=G1, lenient=True)
    assert values(store, f"SELECT ?o {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [
        "alpha",
        "beta",
        "http://example.org/b",
    ]
    store.load_stream(b"", format="nt", graph=G2)  # an empty input still makes its graph...
    # ...where the store keeps empty graphs: SPARQL 1.1 Update lets a store drop them, and
    # Virtuoso does (README, "Virtuoso's quirks")
    assert store.has_graph(G2) or getattr(store, "kind", None) == "virtuoso"


def test_load_stream_replace_swaps_one_graph_atomically(store):
    store.replace_graph(G1, TTL, format="ttl")
    store.replace_graph(G2, b'<http://e/x> <http://e/p> "other" .', format="nt")
    store.load_stream(b'<http://e/a> <http://e/p> "new" .', format="nt", graph=G1, replace=True)
    assert values(store, f"SELECT ?o {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == ["new"]
    assert values(store, f"SELECT ?o {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}") == ["other"]
    assert store.graphs() == [G1, G2]  # no scratch graph left behind
    with pytest.raises(StoreError, match="replace needs a triples format"):
        store.load_stream(b"", format="nq", replace=True)


def test_failed_load_stream_leaves_the_store_as_it_was(store, tmp_path):
    store.replace_graph(G1, TTL, format="ttl")
    before = store.dump(format="nq")
    bad = b'<http://e/a> <http://e/p> "1" .\n<http://e/a> <http://e/p> .\n'
    with pytest.raises(RdfSyntaxError) as caught:
        store.load_stream(bad, format="nt", graph=G1, replace=True)
    assert caught.value.where == "<input>:2:27"
    path = tmp_path / "bad.nt"
    path.write_bytes(bad)
    with pytest.raises(RdfSyntaxError, match="must be an IRI"):
        store.load_stream(path, format="nt", graph=G2)
    assert caught.value.message.startswith("nt: ")
    assert store.dump(format="nq") == before
    assert store.graphs() == [G1]
    with pytest.raises(StoreError, match="target graph"):
        store.load_stream(TTL, format="ttl")
    with pytest.raises(RdfSyntaxError, match="cannot read the file") as caught:
        store.load_stream(tmp_path / "missing.nq", format="nq")
    assert caught.value.where.endswith("missing.nq")


def test_from_and_from_named_are_the_querys_dataset_on_every_backend(store):
    """The embedded store and the servers alike: FROM is the default graph (the remote store
    sends no dataset of its own with such a query), FROM NAMED the graphs GRAPH ranges over."""
    store.replace_graph(G1, TTL, format="ttl")
    store.replace_graph(G2, b'<http://example.org/c> <http://example.org/p> "gamma" .', format="nt")
    pattern = "{ ?s <http://example.org/p> ?o }"
    assert values(store, f"SELECT ?o FROM <{G2}> {pattern}") == ["gamma"]
    assert values(store, f"SELECT ?o FROM <urn:x:nothing> {pattern}") == []
    assert values(store, f"SELECT ?o FROM NAMED <{G2}> {{ GRAPH ?g {pattern} }}") == ["gamma"]
    assert values(store, f"SELECT ?o {pattern}") == ["alpha", "beta", "gamma"]
