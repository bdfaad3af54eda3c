"""Co-citation counts and network measures over integer arrays (numpy, scipy, igraph), so a
map of a million citations costs no Python object per citation or per pair.

The numbers are the ones the networkx path gives, in the same order: pairs counted per
unit, edges in the order ``cooccurrence`` first meets them, nodes in IRI order; PageRank
is the same power iteration on the same sparse matrix; Louvain sees the same edge list.

>>> e = cocitation_edges(np.array([0, 0, 0, 1, 1, 2]), np.array([2, 0, 1, 0, 2, 1]), 3)
>>> e.nodes.tolist(), e.a.tolist(), e.b.tolist(), e.weight.tolist(), e.citing.tolist()
([0, 1, 2], [0, 0, 1], [1, 2, 2], [1, 2, 1], [2, 2, 2])
"""

from __future__ import annotations

import random
from typing import NamedTuple

import numpy as np

__all__ = ["Edges", "cocitation_edges", "degrees", "louvain", "networkx_edge_order", "pagerank"]


class Edges(NamedTuple):
    """Weighted pairs of items: ``nodes`` (item codes, ascending) are the items in a pair;
    edge ``i`` joins positions ``a[i] < b[i]`` of ``nodes`` with ``weight[i]``, in the order
    the pairs were first met; ``citing`` counts, per item code, the units holding it."""

    nodes: np.ndarray
    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    citing: np.ndarray


def cocitation_edges(
    units: np.ndarray, items: np.ndarray, n_items: int, *, min_weight: float = 1
) -> Edges:
    """Count, for each pair of items, the units that hold both (as ``networks.cooccurrence``
    does), keeping pairs of at least ``min_weight``. ``units`` are unit codes, ``items``
    item codes whose order is the items' sort order; units are taken in the order they
    first appear, and each unit's items in ascending code order."""
    units = np.asarray(units, dtype=np.int64)
    items = np.asarray(items, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if units.size == 0:
        return Edges(empty, empty, empty, empty, np.zeros(n_items, dtype=np.int64))
    seen, first = np.unique(units, return_index=True)
    order = np.empty(int(seen[-1]) + 1, dtype=np.int64)
    order[seen[np.argsort(first, kind="stable")]] = np.arange(seen.size)
    held = np.unique(order[units] * n_items + items)  # distinct (unit, item), sorted
    unit, item = held // n_items, held % n_items
    citing = np.bincount(item, minlength=n_items)
    firsts, lasts = [], []
    for gap in range(1, int(np.bincount(unit).max())):
        i = np.flatnonzero(unit[:-gap] == unit[gap:])
        firsts.append(i)
        lasts.append(i + gap)
    if not firsts:
        return Edges(empty, empty, empty, empty, citing)
    i, j = np.concatenate(firsts), np.concatenate(lasts)
    stream = np.lexsort((j, i))  # unit by unit, each unit's pairs as combinations() gives them
    code = (item[i] * n_items + item[j])[stream]
    pairs, met, weight = np.unique(code, return_index=True, return_counts=True)
    keep = weight >= min_weight
    pairs, met, weight = pairs[keep], met[keep], weight[keep]
    by_meeting = np.argsort(met, kind="stable")
    pairs, weight = pairs[by_meeting], weight[by_meeting]
    first_item, second_item = pairs // n_items, pairs % n_items
    nodes = np.unique(np.concatenate([first_item, second_item]))
    a, b = np.searchsorted(nodes, first_item), np.searchsorted(nodes, second_item)
    return Edges(nodes, a, b, weight, citing)


def networkx_edge_order(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The order in which ``nx.Graph.edges()`` lists these edges once they were added in
    this order to a graph whose nodes were added in position order: node by node, each
    node's edges to later nodes in the order they were added.

    >>> networkx_edge_order(np.array([1, 0, 0]), np.array([2, 2, 1])).tolist()
    [1, 2, 0]
    """
    return np.lexsort((np.arange(a.size), np.minimum(a, b)))


def degrees(n: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> tuple[list, list]:
    """Degree and weighted degree (strength) of each of ``n`` nodes, as Python ints."""
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    strength = np.bincount(a, weights=weight, minlength=n) + np.bincount(
        b, weights=weight, minlength=n
    )
    return degree.tolist(), strength.astype(np.int64).tolist()


def pagerank(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    weight: np.ndarray,
    *,
    alpha: float = 0.85,
    tol: float = 1.0e-6,
    max_iter: int = 100,
) -> np.ndarray:
    """PageRank of an undirected weighted graph by power iteration (uniform teleport,
    dangling nodes spread uniformly), stopping when the L1 change is under ``n * tol``,
    with the parameters of ``networkx.pagerank``."""
    import scipy.sparse as sp

    values = np.concatenate([weight, weight]).astype(float)
    adjacency = sp.coo_array(
        (values, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n), dtype=float
    ).asformat("csr")
    out = adjacency.sum(axis=1)
    out[out != 0] = 1.0 / out[out != 0]
    walk = sp.dia_array((out.T, 0), shape=adjacency.shape).tocsr() @ adjacency
    x = np.repeat(1.0 / n, n)
    teleport = np.repeat(1.0 / n, n)
    dangling = np.flatnonzero(out == 0)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ walk + sum(x[dangling]) * teleport) + (1 - alpha) * teleport
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise RuntimeError(f"PageRank did not converge in {max_iter} iterations")


def louvain(n: int, edges: list, weights: list, seed: int) -> list[list[int]]:
    """igraph's Louvain (multilevel) communities, seeded, as lists of node positions."""
    import igraph

    graph = igraph.Graph(n=n, edges=edges, directed=False)
    graph.es["weight"] = weights
    igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = graph.community_multilevel(weights="weight")
    finally:
        igraph.set_random_number_generator(random)
    return [list(part) for part in parts]
