"""Where nodes go and how they look: positions (a seeded force layout, or years along x),
colours by community and sizes by weight, shared by every format that draws.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b")]); nx.set_node_attributes(g, {"a": 1, "b": 2}, "community")
>>> nx.set_node_attributes(g, 1, "strength"); nx.set_node_attributes(g, None, "year")
>>> styled = style(g)
>>> styled["a"].color, styled["b"].color
('#0072B2', '#E69F00')
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["PALETTE", "Look", "hex_rgb", "positions", "style"]

#: Okabe and Ito's colour-blind-safe palette, then a few more distinct hues.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#8C564B",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)


@dataclass(frozen=True)
class Look:
    """A node's position (in -1..1, or years along x), colour and size (5..30)."""

    x: float
    y: float
    color: str
    size: float


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three integers.

    >>> hex_rgb("#0072B2")
    (0, 114, 178)
    """
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def positions(g: nx.Graph, *, years: bool = False) -> dict[str, tuple[float, float]]:
    """A seeded spring layout (same map, same picture); with ``years``, x is the node's
    publication year and y comes from the layout (nodes without a year stand left of the
    earliest)."""
    undirected = g.to_undirected() if g.is_directed() else g
    k = 2.6 / max(1, len(g)) ** 0.5
    pos = nx.spring_layout(undirected, weight="weight", seed=7, k=k, iterations=200)
    out = {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    if not years:
        return out
    known = [y for _, y in g.nodes(data="year") if y]
    lowest = min(known) - 2 if known else 0
    return {n: (float(g.nodes[n].get("year") or lowest), y) for n, (_, y) in out.items()}


def style(g: nx.Graph, *, years: bool = False) -> dict[str, Look]:
    """Position, colour (by community) and size (by weighted degree) of every node."""
    pos = positions(g, years=years) if len(g) > 1 or years else {n: (0.0, 0.0) for n in g}
    strengths = [d.get("strength", 1) or 1 for _, d in g.nodes(data=True)]
    top = max(strengths, default=1)
    looks = {}
    for node, data in g.nodes(data=True):
        share = ((data.get("strength") or 1) / top) ** 0.5
        colour = PALETTE[(int(data.get("community", 1)) - 1) % len(PALETTE)]
        looks[node] = Look(*pos[node], colour, round(5 + 25 * share, 2))
    return looks
