"""Co-citation over integer arrays gives the networkx path's numbers, in the same order."""

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
def test_pairs_weights_and_order_match_cooccurrence(min_weight):
    units, items = _rows(300, 200, 4, seed=7)
    reference, fast, e, groups = _graphs(units, items, 200, min_weight)
    assert list(fast.nodes) == list(reference.nodes)
    assert list(fast.edges(data="weight")) == list(reference.edges(data="weight"))
    assert fast.number_of_edges() > 100
    citing = {w: sum(w in g for g in groups.values()) for w in reference.nodes}
    assert {f"w{i:05d}": int(e.citing[i]) for i in e.nodes.tolist()} == citing
    order = arrays.networkx_edge_order(e.a, e.b)
    names = list(fast.nodes)
    listed = [(names[a], names[b]) for a, b in zip(e.a[order], e.b[order], strict=True)]
    assert listed == list(fast.edges())


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


def test_edges_written_into_the_adjacency_equal_add_weighted_edges_from():
    units, items = _rows(300, 200, 4, seed=11)
    _, reference, e, _ = _graphs(units, items, 200)
    names = [f"w{i:05d}" for i in e.nodes.tolist()]
    direct = nx.Graph()
    direct.add_nodes_from(names)
    add_weighted_edges(direct, names, e.a, e.b, e.weight)
    assert list(direct.edges(data=True)) == list(reference.edges(data=True))
    assert [list(direct.adj[n].items()) for n in names] == [
        list(reference.adj[n].items()) for n in names
    ]
    a, b = next(iter(direct.edges()))
    assert direct.adj[a][b] is direct.adj[b][a]  # one dict per edge, as networkx keeps it
    direct.edges[a, b]["weight"] = 99  # and so an attribute set on it reads the same both ways
    assert direct.adj[b][a]["weight"] == 99
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
