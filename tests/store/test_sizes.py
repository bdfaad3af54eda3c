"""The triples per named graph, kept by every write of the embedded store (kg.store.sizes):
always what counting every quad gives, or nothing kept, never a wrong figure."""

from __future__ import annotations

import json

import pytest

from api.sparql.service import named_graph_sizes
from kg.store import OxigraphStore
from kg.store.removal import remove_graphs
from kg.store.sizes import sizes_file

G1 = "http://example.org/graph/one"
G2 = "http://example.org/graph/two"
NT = b'<http://e/a> <http://e/p> "1" .\n<http://e/a> <http://e/p> "2" .\n'


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    opened = OxigraphStore(tmp_path / "store" if request.param == "disk" else None)
    yield opened
    opened.close()


def test_every_write_keeps_the_sizes_a_count_gives(store, tmp_path):
    writes = [
        lambda: store.write_graph(G1, NT, format="nt"),
        lambda: store.write_graph(G1, b'<http://e/a> <http://e/p> "3" .', format="nt", merge=True),
        lambda: store.replace_graph(G2, NT, format="nt"),
        lambda: store.load(NT, format="nt", graph=G2, replace=True),
        lambda: store.load_stream(NT, format="nt", graph=G1, replace=True),
        lambda: store.update(
            f"INSERT DATA {{ GRAPH <{G2}> {{ <http://e/b> <http://e/p> 9 }} }}", graphs=[G2]
        ),
        lambda: store.update(f"MOVE <{G2}> TO <{G1}>", graphs=[G1, G2]),
        lambda: store.update(
            f'CREATE GRAPH <{G2}> ; INSERT DATA {{ <http://e/x> <http://e/p> "#" }}',
            graphs=[G2],
        ),
        lambda: store.drop_graph(G2),
        lambda: store.write_graph(None, NT, format="nt"),  # the store's own default graph
        lambda: remove_graphs(store, [G1]),
    ]
    for write in writes:
        write()
        assert store.sizes.known() == named_graph_sizes(store)


def test_a_write_it_cannot_follow_forgets_them_until_they_are_counted(store):
    store.write_graph(G1, NT, format="nt")
    trig = f"<{G2}> {{ <http://e/a> <http://e/p> 1 }}".encode()
    store.load(trig, format="trig")
    assert store.sizes.known() is None
    store.write_graph(G1, NT, format="nt")
    assert store.sizes.known() is None
    assert store.sizes.count_all() == named_graph_sizes(store) == {G1: 2, G2: 1}
    store.update("INSERT { GRAPH ?g { <http://e/n> <http://e/p> 0 } } WHERE { GRAPH ?g { } }")
    assert store.sizes.known() is None
    store.sizes.count_all()
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <http://e/b> <http://e/p> 9 }} }}")
    assert store.sizes.known() is None  # a user's update: its graphs are not guessed
    assert store.sizes.count_all() == named_graph_sizes(store) == {G1: 4, G2: 2}


def test_on_disk_they_outlive_the_process_and_a_stopped_write_leaves_none(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.write_graph(G1, NT, format="nt")
    store.close()
    assert json.loads(sizes_file(path).read_text()) == {G1: 2}
    reopened = OxigraphStore(path, read_only=True)
    assert reopened.sizes.known() == {G1: 2}
    reopened.close()
    store = OxigraphStore(path)
    with pytest.raises(RuntimeError), store.sizes.writing([G1]):
        assert not sizes_file(path).exists()  # removed before the write
        raise RuntimeError("stopped")
    store.close()
    sizes_file(path).write_text(json.dumps({G2: 5}))  # what another store left
    assert OxigraphStore(path, read_only=True).sizes.known() is None


def test_files_loaded_into_a_store_on_disk_keep_them(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    data = tmp_path / "g.nt"
    data.write_bytes(NT)
    store.load_stream(data, format="nt", graph=G1)  # the bulk loader, a new graph
    store.load(data, format="nt", graph=G2)
    assert store.sizes.known() == named_graph_sizes(store) == {G1: 2, G2: 2}
    data.write_bytes(b'<http://e/a> <http://e/p> "3" .\n')
    store.load_stream(data, format="nt", graph=G1, replace=True)  # replaced on disk
    store.load(data, format="nt", graph=G2, replace=True)
    assert store.sizes.known() == named_graph_sizes(store) == {G1: 1, G2: 1}
    store.close()
