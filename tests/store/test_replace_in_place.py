"""Replacing a small graph of an on-disk store from a file in place (kg.store.staged):
exactly the new triples with only the difference written, the rest of the store untouched,
bad input in the middle of the file refused with the store as it was, and a replace killed
(``kill -9``) before its note, midway through writing, or while being finished at the next
opening, seen as the old graph or wholly the new one (issue 21, "Memory that scales")."""

from __future__ import annotations

import textwrap
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from store_support import (
    PATIENCE,
    content,
    content_of,
    killed_when_there,
    leftovers,
    numbered_triples,
)

import kg.store.bulk as bulk
from kg.errors import RdfSyntaxError, StoreError
from kg.store import OxigraphStore
from kg.store.bulk import JOURNAL
from kg.store.staged import Written, write_difference

G = "http://example.org/graph/small"
BIG = "http://example.org/graph/big"
EMPTY = "http://example.org/graph/empty"


def prepared(path: Path) -> OxigraphStore:
    """A store where G (400 triples) is small beside BIG (1,000 triples), with an empty
    graph and a triple of the default graph."""
    store = OxigraphStore(path)
    store.load(numbered_triples(500, "big", first=10_000), format="nt", graph=BIG)
    store.load(numbered_triples(200, "old"), format="nt", graph=G)
    store.write_graph(EMPTY, b"", format="nt")
    store.write_graph(None, b'<http://e/d> <http://e/p> "default" .', format="nt")
    return store


def rest(store: OxigraphStore) -> tuple:
    return content(store, BIG), content(store, None), store.has_graph(EMPTY)


NEW = {
    "same": numbered_triples(200, "old"),
    "changed": numbered_triples(180, "old") + numbered_triples(20, "changed", first=180),
    "other": numbered_triples(150, "new", first=5_000),
    "triple terms": numbered_triples(10, "old")
    + b'<http://e/a> <http://e/says> <<( <http://e/x> <http://e/p> "quoted" )>> .\n',
}
# (deleted, added): the plain triples kept, those with blank nodes always written again
WRITTEN = {
    "same": (200, 200),
    "changed": (220, 220),
    "other": (400, 300),
    "triple terms": (390, 11),
}


@pytest.mark.parametrize("case", list(NEW))
def test_a_file_replaces_a_small_graph_writing_only_the_difference(tmp_path, monkeypatch, case):
    store = prepared(tmp_path / "store")
    before = rest(store)
    seen: list[Written] = []

    def spied(*args: object) -> Written:
        seen.append(write_difference(*args))  # type: ignore[arg-type]
        return seen[-1]

    monkeypatch.setattr(bulk, "write_difference", spied)
    new = tmp_path / "new.nt"
    new.write_bytes(NEW[case])
    assert store.load(new, format="nt", graph=G, replace=True) == len(content_of(NEW[case], G))
    assert [(w.deleted, w.added) for w in seen] == [WRITTEN[case]]
    assert content(store, G) == content_of(NEW[case], G)
    assert rest(store) == before
    assert store.graphs() == sorted([G, BIG, EMPTY])
    assert leftovers(tmp_path) == []
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    assert content(reopened, G) == content_of(NEW[case], G) and rest(reopened) == before
    assert not reopened._store.contains_named_graph(ox.NamedNode(JOURNAL))
    reopened.close()


def test_load_stream_of_a_file_replaces_in_place_too(tmp_path):
    store = prepared(tmp_path / "store")
    new = tmp_path / "new.nt"
    new.write_bytes(NEW["changed"])
    store.load_stream(new, format="nt", graph=G, replace=True)
    assert content(store, G) == content_of(NEW["changed"], G)
    assert leftovers(tmp_path) == []
    store.close()


def test_an_empty_file_leaves_the_graph_empty(tmp_path):
    store = prepared(tmp_path / "store")
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    assert store.load(empty, format="nt", graph=G, replace=True) == 0
    assert store.has_graph(G) and content(store, G) == []
    store.close()


@pytest.mark.parametrize(
    ("fmt", "bad_line", "where"),
    [
        ("nt", b"<http://e/a> <http://e/p> .\n", ":201:27"),
        ("ttl", b"<http://e/a> <http://e/p> ] .\n", ":201:"),
    ],
)
def test_bad_input_in_the_middle_leaves_the_store_as_it_was(tmp_path, fmt, bad_line, where):
    store = prepared(tmp_path / "store")
    dumped = store.dump(format="nq")
    bad = tmp_path / f"bad.{fmt}"
    bad.write_bytes(
        numbered_triples(100, "new") + bad_line + numbered_triples(100, "after", first=100)
    )
    with pytest.raises(RdfSyntaxError) as caught:
        store.load(bad, format=fmt, graph=G, replace=True)
    assert caught.value.where is not None
    assert caught.value.where.startswith(f"{bad}{where}")
    assert store.dump(format="nq") == dumped
    assert leftovers(tmp_path) == []
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    assert reopened.dump(format="nq") == dumped
    reopened.close()


def test_a_snapshot_asked_for_during_a_replace_waits_for_it(tmp_path, monkeypatch):
    """What the query workers of a server read (snapshots): never the graph half written.
    The replace is held with the old triples deleted and the new ones not yet loaded; a
    snapshot asked for then is taken once the replace is done, and holds the new graph."""
    store = prepared(tmp_path / "store")
    new = tmp_path / "new.nt"
    new.write_bytes(NEW["other"])
    writing, go, asked = threading.Event(), threading.Event(), threading.Event()

    class Held:  # the store, holding the replace before the bulk load
        def __init__(self, real: ox.Store) -> None:
            self.real = real

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

        def bulk_load(self, **options: object) -> None:
            writing.set()
            assert go.wait(PATIENCE)
            self.real.bulk_load(**options)  # type: ignore[arg-type]

    class Asked:  # the store's lock, saying when the snapshot asks for it
        def __init__(self, real: threading.Lock) -> None:
            self.real = real

        def __enter__(self) -> bool:
            if threading.current_thread().name == "snapshot":
                asked.set()
            return self.real.__enter__()

        def __exit__(self, *exc: object) -> None:
            self.real.release()

    monkeypatch.setattr(bulk, "write_difference", lambda s, g, f: write_difference(Held(s), g, f))
    monkeypatch.setattr(store, "_writing", Asked(store._writing))
    options = {"format": "nt", "graph": G, "replace": True}
    replacing = threading.Thread(target=store.load, args=(new,), kwargs=options)
    replacing.start()
    assert writing.wait(PATIENCE)
    snapshot = threading.Thread(target=store.snapshot, args=(tmp_path / "snap",), name="snapshot")
    snapshot.start()
    assert asked.wait(PATIENCE)
    go.set()
    replacing.join()
    snapshot.join()
    assert content(store, G) == content_of(NEW["other"], G)
    seen = OxigraphStore(tmp_path / "snap", read_only=True)
    assert content(seen, G) == content_of(NEW["other"], G)
    seen.close()
    store.close()


# The child replaces G and stops at a chosen step, to be killed there: after staging the
# input (before the journal's note), or midway through writing (the note written, the old
# triples deleted, half the new ones loaded, on disk), or when the next opening finishes a
# replace and is itself stopped midway.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import kg.store.bulk as bulk
    from kg.store import OxigraphStore
    from kg.store.staged import write_difference

    def there():
        print("there", flush=True)
        time.sleep(600)

    class Halfway:
        def __init__(self, real):
            self.real = real
        def __getattr__(self, name):
            return getattr(self.real, name)
        def bulk_load(self, *, path, format, to_graph, lenient):
            data = open(path, "rb").read()
            half = data[: data.index(b"\\n", len(data) // 2) + 1]
            self.real.bulk_load(half, format, to_graph=to_graph, lenient=lenient)
            self.real.flush()
            there()

    store_path, source, when, graph = sys.argv[1:5]
    if when == "staged":
        real = bulk.stage
        bulk.stage = lambda *args, **kwargs: (real(*args, **kwargs), there())
    else:
        bulk.write_difference = lambda store, g, staged: write_difference(Halfway(store), g, staged)
    store = OxigraphStore(store_path)  # "recovering": stopped in here
    store.load(Path(source), format="nt", graph=graph, replace=True)
    """
)


def _killed(tmp_path: Path, new: Path, when: str) -> None:
    killed_when_there(CHILD, str(tmp_path / "store"), str(new), when, G)


def _raw(tmp_path: Path) -> tuple[list[str], bool]:
    """G as the killed process left it, and whether the journal holds a note."""
    raw = OxigraphStore.__new__(OxigraphStore)  # opened without finishing anything
    raw._store = ox.Store(str(tmp_path / "store"))
    left = content(raw, G), raw._store.contains_named_graph(ox.NamedNode(JOURNAL))
    del raw._store
    return left


@pytest.mark.parametrize("when", ["staged", "midway", "recovering"])
def test_a_replace_killed_at_any_step_is_the_old_graph_or_wholly_the_new(tmp_path, when):
    store = prepared(tmp_path / "store")
    old, before = content(store, G), rest(store)
    store.close()
    new = tmp_path / "new.nt"
    new.write_bytes(NEW["other"])
    _killed(tmp_path, new, "staged" if when == "staged" else "midway")
    left, noted = _raw(tmp_path)
    if when == "staged":
        assert left == old and not noted
    else:  # a mix: the old triples gone, part of the new ones there, and the note
        assert noted and 0 < len(left) < len(content_of(NEW["other"], G))
    assert len(leftovers(tmp_path)) == 1  # the staged folder
    if when == "recovering":
        _killed(tmp_path, new, "recovering")
        assert _raw(tmp_path)[1]  # still noted: to be finished again
    reopened = OxigraphStore(tmp_path / "store")
    assert content(reopened, G) == (old if when == "staged" else content_of(NEW["other"], G))
    assert rest(reopened) == before
    assert leftovers(tmp_path) == []
    assert not reopened._store.contains_named_graph(ox.NamedNode(JOURNAL))
    reopened.close()


def test_a_note_whose_staged_input_is_gone_is_said_once(tmp_path):
    store = prepared(tmp_path / "store")
    note, journal = ox.BlankNode(), ox.NamedNode(JOURNAL)
    store._store.extend(
        [
            ox.Quad(
                note, ox.NamedNode(bulk.SCRATCH_PREFIX + "replacing"), ox.NamedNode(G), journal
            ),
            ox.Quad(note, ox.NamedNode(bulk.SCRATCH_PREFIX + "from"), ox.Literal("/gone"), journal),
        ]
    )
    old = content(store, G)
    store.close()
    with pytest.raises(StoreError, match=f"load these graphs again: <{G}>"):
        OxigraphStore(tmp_path / "store")
    reopened = OxigraphStore(tmp_path / "store")  # said once: the note is gone
    assert content(reopened, G) == old
    reopened.close()
