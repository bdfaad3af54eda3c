"""The measures put on every node of a literature map: degree, weighted degree
(``strength``), PageRank and community, over networkx for a small map and over integer
arrays (``kg.litmap.arrays``) for a large one, with the same degrees and PageRank.
Communities come from networkx's Louvain on a small map and from igraph's Leiden (which
refines Louvain, in C, with communities of at least Louvain's modularity) on a large one.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
>>> measure(g)
>>> g.nodes["b"]["degree"], g.nodes["b"]["strength"], g.nodes["b"]["community"]
(2, 3, 1)
"""

from __future__ import annotations

import networkx as nx

from kg.litmap import arrays

__all__ = ["LARGE", "SEED", "communities", "measure"]

#: The seed of Louvain's and Leiden's random order, so that a map's communities are the
#: same each time.
SEED = 42

#: Above this many edges, communities come from igraph's Leiden (C) instead of networkx's
#: Louvain (pure Python, about 5 s per 100,000 edges here): many times faster, and at
#: least as modular (0.198 against igraph's Louvain's 0.193 at 1.2 million edges).
LARGE = 20_000


def communities(g: nx.Graph) -> list[set[str]]:
    """Communities of an undirected weighted graph (Louvain; Leiden above ``LARGE``
    edges), seeded, largest first."""
    if g.number_of_edges() > LARGE:
        nodes = list(g.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        edges = [(index[a], index[b]) for a, b in g.edges()]
        weights = [w for *_, w in g.edges(data="weight", default=1)]
        parts = arrays.leiden(len(nodes), edges, weights, SEED)
        groups = [{nodes[i] for i in part} for part in parts]
    else:
        groups = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    return sorted(groups, key=lambda c: (-len(c), min(c)))


def measure(g: nx.Graph, edges: arrays.Edges | None = None) -> None:
    """Put degree, weighted degree (``strength``), PageRank and community (1 for
    the largest) on every node. ``edges``, when given, are the graph's edges as arrays
    (positions in node order, sorted, as ``g.edges()`` lists them): a large map is measured
    over them, with the same degrees and PageRank, instead of over networkx objects."""
    if edges is not None and edges.a.size > LARGE:  # networkx would count every node's edges
        _measure_arrays(g, edges)
        return
    undirected = g.to_undirected() if g.is_directed() else g
    rank = nx.pagerank(g, weight="weight")
    for number, members in enumerate(communities(undirected), start=1):
        for node in members:
            g.nodes[node]["community"] = number
    degree = dict(undirected.degree())
    strength = dict(undirected.degree(weight="weight"))
    for node, data in g.nodes(data=True):
        data["degree"] = degree[node]
        data["strength"] = strength[node]
        data["pagerank"] = round(rank[node], 6)


def _measure_arrays(g: nx.Graph, e: arrays.Edges) -> None:
    nodes = list(g.nodes)
    n = len(nodes)
    rank = arrays.pagerank(n, e.a, e.b, e.weight).tolist()
    pairs = zip(e.a.tolist(), e.b.tolist(), strict=True)  # sorted: as g.edges() lists them
    parts = arrays.leiden(n, pairs, e.weight.tolist(), SEED)
    groups = sorted(({nodes[i] for i in part} for part in parts), key=lambda c: (-len(c), min(c)))
    attributes = g._node  # the nodes' attribute dicts, as g.nodes[node] gives them
    for number, members in enumerate(groups, start=1):
        for node in members:
            attributes[node]["community"] = number
    degree, strength = arrays.degrees(n, e.a, e.b, e.weight)
    for data, d, s, r in zip(attributes.values(), degree, strength, rank, strict=True):
        data["degree"] = d
        data["strength"] = s
        data["pagerank"] = round(r, 6)
