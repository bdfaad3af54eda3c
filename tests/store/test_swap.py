"""Replacing a graph of an on-disk store by building a new store beside it with the bulk
loader and exchanging the two directories (kg.store.swap): exactly the new content, the
rest of the store as it was, bad input refused with nothing changed, and a replace killed
before or after the exchange (``kill -9``) seen whole or not at all (issue 21)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from store_support import content, content_of, killed_when_there, leftovers, numbered_triples

from kg.errors import RdfSyntaxError
from kg.store import OxigraphStore
from kg.store.swap import can_exchange

G = "http://example.org/graph/big"
SMALL = "http://example.org/graph/small"
EMPTY = "http://example.org/graph/empty"

pytestmark = pytest.mark.skipif(
    not can_exchange(Path(__file__).parent), reason="no renameat2(RENAME_EXCHANGE) here"
)


def prepared(path: Path) -> OxigraphStore:
    """A store whose graph G holds most of it, beside a small graph (whose two triples share
    a blank node), an empty graph and a triple of the default graph."""
    store = OxigraphStore(path)
    store.load(numbered_triples(200, "old"), format="nt", graph=G)
    store.load(b'_:x <http://e/p> "1" .\n_:x <http://e/p> "2" .\n', format="nt", graph=SMALL)
    store.write_graph(EMPTY, b"", format="nt")
    store.write_graph(None, b'<http://e/d> <http://e/p> "default" .', format="nt")
    return store


def rest(store: OxigraphStore) -> tuple:
    shared = store.query('ASK { GRAPH ?g { ?b <http://e/p> "1", "2" } }').boolean
    return content(store, SMALL), content(store, None), store.has_graph(EMPTY), shared


def test_a_file_replaces_the_graph_and_keeps_the_rest(tmp_path):
    store = prepared(tmp_path / "store")
    before = rest(store)
    new = tmp_path / "new.nt"
    new.write_bytes(numbered_triples(150, "new"))
    assert store.load(new, format="nt", graph=G, replace=True) == 300
    assert content(store, G) == content_of(new.read_bytes(), G)
    assert rest(store) == before
    assert store.graphs() == sorted([G, SMALL, EMPTY])
    assert leftovers(tmp_path) == []
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    assert content(reopened, G) == content_of(new.read_bytes(), G)
    reopened.close()


def test_bad_input_leaves_the_store_as_it_was(tmp_path):
    store = prepared(tmp_path / "store")
    dumped = store.dump(format="nq")
    bad = tmp_path / "bad.nt"
    bad.write_bytes(numbered_triples(100, "new") + b"<http://e/a> <http://e/p> .\n")
    with pytest.raises(RdfSyntaxError) as caught:
        store.load(bad, format="nt", graph=G, replace=True)
    assert caught.value.where == f"{bad}:201:27"
    assert store.dump(format="nq") == dumped
    assert leftovers(tmp_path) == []
    store.close()


# The child replaces G, and stops at the exchange, before or after it, to be killed there.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import kg.store.bulk as bulk
    from kg.store import OxigraphStore

    real = bulk.exchange

    def stopped(a, b):
        if sys.argv[3] == "after":
            real(a, b)
        print("there", flush=True)
        time.sleep(600)

    bulk.exchange = stopped
    store = OxigraphStore(sys.argv[1])
    store.load(Path(sys.argv[2]), format="nt", graph=sys.argv[4], replace=True)
    """
)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_replace_killed_at_the_exchange_is_seen_whole_or_not_at_all(tmp_path, when):
    store = prepared(tmp_path / "store")
    old, before = content(store, G), rest(store)
    store.close()
    new = tmp_path / "new.nt"
    new.write_bytes(numbered_triples(150, "new"))
    killed_when_there(CHILD, str(tmp_path / "store"), str(new), when, G)
    assert len(leftovers(tmp_path)) == 1  # the new store, or the old one after the exchange
    reopened = OxigraphStore(tmp_path / "store")
    assert content(reopened, G) == (old if when == "before" else content_of(new.read_bytes(), G))
    assert rest(reopened) == before
    assert leftovers(tmp_path) == []
    reopened.close()
