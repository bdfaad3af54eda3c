"""Co-citation over integer arrays gives the networkx path's numbers."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from kg.litmap import arrays
from kg.litmap.building import add_weighted_edges, collector_paused
from kg.litmap.measures import LARGE, measure
from kg.litmap.networks import cooccurrence


def _rows(units: int, items: int, per_unit: int, seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    unit_codes, item_codes = [], []
    for _ in range(units * per_unit):
        unit_codes.append(rng.randrange(units))
        item_codes.append(int(items * rng.random() ** 2))  # skewed, with repeats in a unit
    return unit_codes, item_codes


def _graphs(units: list[int], items: list[int], n_items: int, min_weight: int = 1):
    """The same co-citation graph built twice: from ``cooccurrence`` (the reference) and
    from ``cocitation_edges``, with item ``i`` named ``w{i:05d}`` (so names sort as codes)."""
    groups: dict[int, set[str]] = {}
    for u, i in zip(units, items, strict=True):
        groups.setdefault(u, set()).add(f"w{i:05d}")
    pairs = {p: n for p, n in cooccurrence(groups.values()).items() if n >= min_weight}
    reference = nx.Graph()
    reference.add_nodes_from(sorted({w for p in pairs for w in p}))
    reference.add_weighted_edges_from((a, b, n) for (a, b), n in pairs.items())
    e = arrays.cocitation_edges(np.array(units), np.array(items), n_items, min_weight=min_weight)
    names = [f"w{i:05d}" for i in e.nodes.tolist()]
    fast = nx.Graph()
    fast.add_nodes_from(names)
    fast.add_weighted_edges_from(
        (names[a], names[b], w)
        for a, b, w in zip(e.a.tolist(), e.b.tolist(), e.weight.tolist(), strict=True)
    )
    return reference, fast, e, groups


@pytest.mark.parametrize("min_weight", [1, 2])
def test_pairs_and_weights_match_cooccurrence(min_weight):
    units, items = _rows(300, 200, 4, seed=7)
    reference, fast, e, groups = _graphs(units, items, 200, min_weight)
    assert list(fast.nodes) == list(reference.nodes)
    weights = {(a, b): w for a, b, w in reference.edges(data="weight")}
    assert {(a, b): w for a, b, w in fast.edges(data="weight")} == weights
    assert fast.number_of_edges() > 100
    citing = {w: sum(w in g for g in groups.values()) for w in reference.nodes}
    assert {f"w{i:05d}": int(e.citing[i]) for i in e.nodes.tolist()} == citing
    ends = list(zip(e.a.tolist(), e.b.tolist(), strict=True))
    assert ends == sorted(ends) and all(a < b for a, b in ends)
    names = list(fast.nodes)
    assert [(names[a], names[b]) for a, b in ends] == list(fast.edges())  # as networkx lists


def test_a_hand_made_map_has_the_weights_counted_by_hand():
    # sentences citing works (a repeat within a sentence counts once); items sort as codes
    held = {
        "s1": ["A", "B", "C"],
        "s2": ["B", "A"],
        "s3": ["C", "B", "C"],
        "s4": ["D"],
        "s5": ["D", "A"],
        "s6": ["E", "E"],
    }
    codes = {w: i for i, w in enumerate("ABCDE")}
    units = [u for u, works in enumerate(held.values()) for _ in works]
    items = [codes[w] for works in held.values() for w in works]
    e = arrays.cocitation_edges(np.array(units), np.array(items), 5)
    names = [("ABCDE")[i] for i in e.nodes.tolist()]
    found = {
        (names[a], names[b]): w
        for a, b, w in zip(e.a.tolist(), e.b.tolist(), e.weight.tolist(), strict=True)
    }
    assert found == {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 2, ("A", "D"): 1}
    assert found == dict(cooccurrence(held.values()))  # the straightforward count
    assert names == ["A", "B", "C", "D"]  # E is cited alone: no pair, no node
    assert e.citing.tolist() == [3, 3, 2, 2, 1]  # sentences holding each work
    heavy = arrays.cocitation_edges(np.array(units), np.array(items), 5, min_weight=2)
    assert [(names[a], names[b]) for a, b in zip(heavy.a, heavy.b, strict=True)] == [
        ("A", "B"),
        ("B", "C"),
    ]


def test_no_pairs_and_no_rows():
    e = arrays.cocitation_edges(np.array([0, 1]), np.array([3, 3]), 4)
    assert e.nodes.size == 0 and e.citing.tolist() == [0, 0, 0, 2]
    assert arrays.cocitation_edges(np.array([]), np.array([]), 2).citing.tolist() == [0, 0]


def test_pagerank_matches_networkx():
    units, items = _rows(400, 300, 3, seed=3)
    _, fast, e, _ = _graphs(units, items, 300)
    ours = arrays.pagerank(len(e.nodes), e.a, e.b, e.weight)
    theirs = nx.pagerank(fast, weight="weight")
    assert ours.tolist() == [theirs[n] for n in fast.nodes]
    assert abs(ours.sum() - 1) < 1e-9


@pytest.mark.slow
def test_large_map_measured_over_arrays_equals_the_networkx_measures():
    units, items = _rows(6000, 4000, 5, seed=11)
    _, fast, e, _ = _graphs(units, items, 4000)
    assert fast.number_of_edges() > LARGE
    reference = fast.copy()
    measure(reference)
    measure(fast, e)
    assert list(fast.nodes(data=True)) == list(reference.nodes(data=True))
    assert len({c for _, c in fast.nodes(data="community")}) > 1
    degree = dict(reference.degree())
    assert [d["degree"] for _, d in fast.nodes(data=True)] == [degree[n] for n in fast.nodes]


@pytest.mark.parametrize("shuffled", [False, True])
def test_edges_written_into_the_adjacency_equal_add_weighted_edges_from(shuffled):
    units, items = _rows(300, 200, 4, seed=11)
    _, _, e, _ = _graphs(units, items, 200)
    a, b, weight = e.a, e.b, e.weight
    if shuffled:  # any order of edges and of their ends, as networkx would take them
        order = np.random.default_rng(5).permutation(a.size)
        a, b, weight = b[order], a[order], weight[order]
    names = [f"w{i:05d}" for i in e.nodes.tolist()]
    reference = nx.Graph()
    reference.add_nodes_from(names)
    reference.add_weighted_edges_from(
        (names[x], names[y], w)
        for x, y, w in zip(a.tolist(), b.tolist(), weight.tolist(), strict=True)
    )
    direct = nx.Graph()
    direct.add_nodes_from(names)
    add_weighted_edges(direct, names, a, b, weight)
    assert list(direct.edges(data=True)) == list(reference.edges(data=True))
    assert [list(direct.adj[n].items()) for n in names] == [
        list(reference.adj[n].items()) for n in names
    ]
    x, y = next(iter(direct.edges()))
    assert direct.adj[x][y] is direct.adj[y][x]  # one dict per edge, as networkx keeps it
    direct.edges[x, y]["weight"] = 99  # and so an attribute set on it reads the same both ways
    assert direct.adj[y][x]["weight"] == 99
    assert direct.number_of_edges() == reference.number_of_edges() > 100


def test_the_collector_is_paused_in_the_block_and_as_it_was_after():
    import gc

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left off, as it was
    finally:
        gc.enable()


def _citing(doc: str, sentence: str, *works: str) -> str:
    t, c4o = "https://w3id.org/technocracy/id/", "http://purl.org/spar/c4o/"
    lines = [f"<{t}text/{doc}> <http://purl.org/vocab/frbr/core#realizationOf> <{t}work/{doc}> ."]
    for i, work in enumerate(works):
        pointer, ref = f"<{t}citation/{doc}/{i}>", f"<{t}reference/{doc}/{work}>"
        lines += [
            f"{pointer} <{c4o}denotes> {ref} .",
            f"{pointer} <http://purl.org/dc/terms/isPartOf> <{t}text/{doc}> .",
            f"{pointer} <{c4o}hasContext> {sentence} .",
            f"{ref} <http://purl.org/spar/biro/references> <{t}work/{work}> .",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("odd", ["", '"a sentence given as text"', '"text"', "_:b"])
def test_sentence_units_read_in_bulk_equal_the_rows_read_term_by_term(odd):
    from kg.litmap import extract
    from kg.store import open_store

    t = "https://w3id.org/technocracy/id/"
    data = _citing("d", f"<{t}sentence/d/1>", "a", "b", "a") + _citing(
        "e", f"<{t}sentence/e/é>", "b", "c"
    )
    if odd:  # a context that is no IRI: read term by term, with the same codes
        data += _citing("f", odd, "c", "a")
    store = open_store("memory")
    store.load(data.encode(), format="nt", graph="https://w3id.org/technocracy/graph/t")
    found = extract.sentence_units(store)
    rows = list(extract._solutions(store, "litmap-sentence-pairs", {}))
    assert len(rows) == found.units.size == found.works.size == (7 if odd else 5)
    assert [
        (found.unit_names[u], found.work_iris[w])
        for u, w in zip(found.units.tolist(), found.works.tolist(), strict=True)
    ] == rows
    assert len(found.unit_names) == len(set(found.unit_names)) == (3 if odd else 2)
    assert f"{t}sentence/e/é" in found.unit_names and f"{t}work/c" in found.work_iris
    one = extract.sentence_units(store, doc=f"{t}work/e")
    assert one.unit_names == [f"{t}sentence/e/é"] and sorted(one.work_iris) == [
        f"{t}work/b",
        f"{t}work/c",
    ]


def test_works_read_as_csv_equal_the_rows_read_term_by_term():
    import json

    from kg.litmap import extract
    from kg.store import open_store

    t, dct = "https://w3id.org/technocracy/id/work/", "http://purl.org/dc/terms/"
    titles = ['A "quoted", title\nover two lines', "Ünïcode; a, b", " spaced ", ""]
    data = "".join(  # JSON's string escapes are N-Triples' for these
        f"<{t}w{i}> <{dct}title> {json.dumps(title, ensure_ascii=False)} .\n"
        f'<{t}w{i}> <http://purl.org/spar/fabio/hasPublicationYear> "{2000 + i}" .\n'
        for i, title in enumerate(titles)
    )
    store = open_store("memory")
    store.load(data.encode(), format="nt", graph="https://w3id.org/technocracy/graph/t")
    read = sorted(tuple(r) for r in extract._csv_rows(store, "litmap-works", {}))
    assert read == sorted(extract._solutions(store, "litmap-works", {}))
    found = extract.works(store)
    assert [found[f"{t}w{i}"].title for i in range(4)] == titles
    assert [found[f"{t}w{i}"].year for i in range(4)] == [2000, 2001, 2002, 2003]
