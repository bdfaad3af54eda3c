"""Replacing a graph of the embedded store: exactly the new content, in one update, and no
scratch graph ever left to be seen (issue 21, item 6)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from store_support import content

from kg.errors import StoreError
from kg.store import OxigraphStore
from kg.store.oxigraph import SCRATCH_PREFIX

G1 = "http://example.org/graph/one"
G2 = "http://example.org/graph/two"
OLD = b"""<http://e/a> <http://e/p> "kept" .
<http://e/a> <http://e/p> "dropped" .
<http://e/b> <http://e/q> <http://e/a> .
_:x <http://e/p> "old blank" .
<http://e/a> <http://e/r> _:x .
"""
NEW = b"""<http://e/a> <http://e/p> "kept" .
<http://e/a> <http://e/p> "added" .
<http://e/b> <http://e/q> <http://e/a> .
_:y <http://e/p> "new blank" .
<http://e/a> <http://e/r> _:y .
"""


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    handle = OxigraphStore(tmp_path / "store" if request.param == "disk" else None)
    yield handle
    handle.close()


def expected(data: bytes) -> list[str]:
    other = OxigraphStore()
    other.load(data, format="nt", graph=G1)
    return content(other, G1)


def blank_links(store: OxigraphStore, graph: str) -> int:
    """How many blank nodes both carry a value and are linked to (the shape of the data)."""
    query = f"""SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{
        <http://e/a> <http://e/r> ?b . ?b <http://e/p> ?v FILTER(isBlank(?b)) }} }}"""
    term = next(iter(store.query(query).rows()))["n"]
    assert term is not None
    return int(term.value)


@pytest.mark.parametrize("how", ["replace_graph", "load", "write_graph"])
def test_replace_leaves_exactly_the_new_content(store, how):
    store.replace_graph(G1, OLD, format="nt")
    store.replace_graph(G2, b'<http://e/c> <http://e/p> "other" .', format="nt")
    if how == "replace_graph":
        assert store.replace_graph(G1, NEW, format="nt") == 5
    elif how == "load":
        assert store.load(NEW, format="nt", graph=G1, replace=True) == 5
    else:
        assert store.write_graph(G1, NEW, format="nt") == 5
    assert content(store, G1) == expected(NEW)
    assert blank_links(store, G1) == 1
    assert content(store, G2) == ['<http://e/c> <http://e/p> "other"']
    assert store.graphs() == [G1, G2]


def test_replace_with_the_same_data_and_with_other_data(store):
    store.replace_graph(G1, OLD, format="nt")
    store.replace_graph(G1, OLD, format="nt")
    assert content(store, G1) == expected(OLD)
    assert blank_links(store, G1) == 1
    other = b'<http://e/z> <http://e/p> "all new" .\n'
    store.replace_graph(G1, other, format="nt")
    assert content(store, G1) == ['<http://e/z> <http://e/p> "all new"']


def test_replace_with_nothing_removes_the_graph_as_before(store):
    store.replace_graph(G1, OLD, format="nt")
    store.replace_graph(G1, b"", format="nt")
    assert not store.has_graph(G1)
    store.replace_graph(G1, OLD, format="nt")
    store.write_graph(G1, b"", format="nt")  # the Graph Store Protocol keeps an empty graph
    assert store.has_graph(G1) and content(store, G1) == []


def test_replace_of_the_default_graph_and_of_quads(store):
    store.write_graph(None, OLD, format="nt")
    store.write_graph(None, NEW, format="nt")
    assert content(store, None) == expected(NEW)
    store.load(OLD.replace(b" .\n", f" <{G2}> .\n".encode()), format="nq")
    store.load(NEW.replace(b" .\n", f" <{G2}> .\n".encode()), format="nq", replace=True)
    assert content(store, G2) == expected(NEW)


def test_replace_of_a_graph_with_triple_terms(store):
    # a triple term cannot be named in DELETE DATA (nor written in INSERT DATA): the graph
    # that holds one is dropped and written again in full, in the same update
    quoted = b'<http://e/a> <http://e/says> <<( _:s <http://e/p> "x" )>> .\n'
    store.load(OLD + quoted, format="nt", graph=G1)
    store.replace_graph(G1, NEW, format="nt")
    assert content(store, G1) == expected(NEW)
    assert blank_links(store, G1) == 1


def test_a_replace_that_fails_midway_leaves_the_old_graph(store, monkeypatch):
    store.replace_graph(G1, OLD, format="nt")
    before = content(store, G1)

    def fail(self, sparql, *, base_iri=None):
        raise StoreError("the disk is full")

    monkeypatch.setattr(OxigraphStore, "_apply_update", fail)
    with pytest.raises(StoreError, match="disk is full"):
        store.replace_graph(G1, NEW, format="nt")
    with pytest.raises(StoreError, match="disk is full"):
        store.load_stream(NEW, format="nt", graph=G1, replace=True)
    assert content(store, G1) == before
    assert [g.value for g in store._store.named_graphs()] == [G1]  # no scratch graph either


def test_a_scratch_graph_left_by_a_crash_is_never_seen(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(G1, OLD, format="nt")
    scratch = ox.NamedNode(SCRATCH_PREFIX + "0123456789abcdef")
    # what a load stopped between writing its scratch graph and the swap leaves behind
    store._store.add(
        ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("half"), scratch)
    )
    assert store.graphs() == [G1]
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    assert not reopened._store.contains_named_graph(scratch)
    assert not reopened.query('ASK { ?s ?p "half" }').boolean
    assert reopened.graphs() == [G1] and content(reopened, G1) == expected(OLD)
    reopened.close()
