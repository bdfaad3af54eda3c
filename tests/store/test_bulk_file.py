"""``load`` of a file into a new graph of an on-disk store, by Oxigraph's bulk loader: the
same content as a transactional load, bad input refused with line and column and nothing
left, and a load killed midway (``kill -9``) undone at the next opening (issue 20, item 3)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import RdfSyntaxError
from kg.store import OxigraphStore
from kg.store.bulk import JOURNAL

G = "http://example.org/graph/new"
OLD = "http://example.org/graph/old"
ROOT = Path(__file__).resolve().parents[2]


def triples(n: int) -> bytes:
    return b"".join(
        b'<http://e/s%d> <http://e/p> "%d" .\n_:b%d <http://e/q> <http://e/s%d> .\n' % (i, i, i, i)
        for i in range(n)
    )


def content(store: OxigraphStore, graph: str) -> list[str]:
    """The graph's triples as text, blank nodes written as ``_`` (their labels change)."""
    return sorted(
        " ".join(
            "_" if isinstance(t, ox.BlankNode) else str(t)
            for t in (q.subject, q.predicate, q.object)
        )
        for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    )


@pytest.fixture
def disk(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.load(b'<http://e/x> <http://e/p> "old" .', format="nt", graph=OLD)
    yield store
    store.close()


def test_a_file_for_a_new_graph_reads_as_a_transactional_load_does(disk, tmp_path):
    path = tmp_path / "data.nt"
    path.write_bytes(triples(50))
    assert disk.load(path, format="nt", graph=G) == 100
    memory = OxigraphStore()
    memory.load(path, format="nt", graph=G)
    assert content(disk, G) == content(memory, G)
    assert disk.graphs() == [G, OLD]  # the journal is never listed
    assert not disk._store.contains_named_graph(ox.NamedNode(JOURNAL))
    empty = tmp_path / "empty.ttl"
    empty.write_bytes(b"")
    assert disk.load(empty, format="ttl", graph=G + "2") == 0
    assert disk.has_graph(G + "2")


def test_bad_input_is_refused_with_line_and_column_and_leaves_no_graph(disk, tmp_path):
    before = disk.dump(format="nq")
    path = tmp_path / "bad.nt"
    path.write_bytes(triples(2000) + b"<http://e/a> <http://e/p> .\n" + triples(10))
    with pytest.raises(RdfSyntaxError) as caught:
        disk.load(path, format="nt", graph=G)
    assert caught.value.where == f"{path}:4001:27"
    assert disk.dump(format="nq") == before
    assert disk.graphs() == [OLD]
    with pytest.raises(RdfSyntaxError, match="cannot read the file"):
        disk.load(tmp_path / "missing.nt", format="nt", graph=G)
    assert disk.dump(format="nq") == before


# The child loads half of the file for real, says so, and waits to be killed: a load stopped
# midway, with a partial graph in the store, whenever the kill lands.
CHILD = textwrap.dedent(
    """
    import sys, time
    import pyoxigraph as ox
    from kg.store import OxigraphStore

    class Halfway:
        def __init__(self, real):
            self.real = real
        def __getattr__(self, name):
            return getattr(self.real, name)
        def bulk_load(self, input=None, format=None, *, path=None, to_graph=None, **kw):
            data = open(path, "rb").read() if path is not None else input  # a piece
            data = data if isinstance(data, bytes) else data.read()  # or the rest
            half = data[: data.index(b"\\n", len(data) // 2) + 1]
            self.real.bulk_load(half, format, to_graph=to_graph)
            self.real.flush()
            print("half", flush=True)
            time.sleep(600)

    store = OxigraphStore(sys.argv[1])
    store._store = Halfway(store._store)
    store.load(__import__("pathlib").Path(sys.argv[2]), format="nt", graph=sys.argv[3])
    """
)


def test_a_load_killed_midway_is_undone_at_the_next_opening(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.load(b'<http://e/x> <http://e/p> "old" .', format="nt", graph=OLD)
    before = store.dump(format="nq")
    store.close()
    path = tmp_path / "data.nt"
    path.write_bytes(triples(5000))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "store"), str(path), G],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline().strip() == b"half"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    # what the killed load left: half a graph, and the journal's note of it
    raw = ox.Store(str(tmp_path / "store"))
    assert raw.contains_named_graph(ox.NamedNode(G))
    assert raw.contains_named_graph(ox.NamedNode(JOURNAL))
    del raw
    reopened = OxigraphStore(tmp_path / "store")
    assert reopened.dump(format="nq") == before
    assert reopened.graphs() == [OLD]
    assert reopened.load(path, format="nt", graph=G) == 10000  # and it loads again
    reopened.close()


def test_compact_keeps_every_quad_and_reads_read_only(tmp_path: Path) -> None:
    """Compacting merges the files several bulk loads left (``OxigraphStore.compact``):
    the same graphs after it, read by a read-only opening as the query workers open it."""
    store = OxigraphStore(tmp_path / "s")
    store.bulk_load_graph(G, triples(50))
    store.bulk_load_graph(OLD, triples(20))
    before = {g: content(store, g) for g in (G, OLD)}
    store.compact()
    assert {g: content(store, g) for g in (G, OLD)} == before
    store.close()
    reader = OxigraphStore(tmp_path / "s", read_only=True)
    assert {g: content(reader, g) for g in (G, OLD)} == before
    reader.compact()  # nothing to do for a reader
    reader.close()
