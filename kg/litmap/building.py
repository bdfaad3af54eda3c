"""Building a large networkx graph fast: nodes and edges written into its dicts, and the cyclic
garbage collector paused while a map of a million edges is made.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_nodes_from(["a", "b", "c"])
>>> add_weighted_edges(g, ["a", "b", "c"], np.array([0, 1]), np.array([1, 2]), np.array([2, 1]))
>>> list(g.edges(data="weight"))
[('a', 'b', 2), ('b', 'c', 1)]
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx
import numpy as np

__all__ = ["add_nodes", "add_weighted_edges", "collector_paused"]


def add_nodes(g: nx.Graph, nodes: list[tuple[str, dict]]) -> None:
    """Add ``(name, attributes)`` nodes to ``g`` (an undirected graph) as ``add_nodes_from``
    would, into its node and adjacency dicts directly: the attributes dict becomes the
    node's (a node added twice has both dicts' attributes, the later winning), without
    networkx's copy and checks per node (100,000 nodes of a co-citation map).

    >>> g = nx.Graph()
    >>> add_nodes(g, [("a", {"x": 1}), ("b", {}), ("a", {"y": 2})])
    >>> dict(g.nodes(data=True)), list(g.edges)
    ({'a': {'x': 1, 'y': 2}, 'b': {}}, [])
    """
    have, adjacency = g._node, g._adj
    for name, attributes in nodes:
        if name in have:
            have[name].update(attributes)
        else:
            have[name] = attributes
            adjacency[name] = {}


def add_weighted_edges(
    g: nx.Graph, names: list[str], a: np.ndarray, b: np.ndarray, weight: np.ndarray
) -> None:
    """Add edges ``names[a[i]]``--``names[b[i]]`` of ``weight[i]`` (distinct node names,
    already in ``g``, an undirected graph) as ``add_weighted_edges_from`` would, in the same
    order, into the adjacency dicts directly: one shared ``{"weight": w}`` per edge, half
    the time for a million edges (networkx re-checks both nodes and merges attribute dicts
    per edge)."""
    rows = [g._adj[name] for name in names]
    for i, j, w in zip(a.tolist(), b.tolist(), weight.tolist(), strict=True):
        data = {"weight": w}
        rows[i][names[j]] = data
        rows[j][names[i]] = data


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) for the block: a map of a
    million edges makes millions of dicts and lists, none of them garbage, and each full
    collection walks them all (about 15% of a map's time at 250,000 citations). Reference
    counting still frees what the block drops; cycles wait for the next collection.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
