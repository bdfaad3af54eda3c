"""Plain exports of a map: JSON (nodes and edges), GraphML (networkx), CSV edge list,
Cytoscape.js elements (networkx's ``cytoscape_data`` plus positions).

>>> import networkx as nx
>>> g = nx.Graph(); g.add_edge("a", "b", weight=2)
>>> for n in g: g.nodes[n].update(label=n.upper(), community=1, strength=2, year=None)
>>> print(to_csv(g).decode().strip())
source,target,weight,source_label,target_label
a,b,2,A,B
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from kg.litmap.layout import style

__all__ = ["clean", "to_csv", "to_cytoscape", "to_graphml", "to_json"]


def clean(g: nx.Graph) -> nx.Graph:
    """A copy without empty values (GraphML has no null)."""
    out = g.copy()
    for _, data in out.nodes(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    for *_, data in out.edges(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    return out


def to_json(g: nx.Graph, *, meta: dict) -> bytes:
    """``{"kind", "filters", "nodes": [{id, ...}], "edges": [{source, target, weight, ...}]}``."""
    body = {
        **meta,
        "directed": g.is_directed(),
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True)],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML with every node and edge attribute, typed (networkx's writer)."""
    buffer = io.BytesIO()
    nx.write_graphml(clean(g), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_csv(g: nx.Graph) -> bytes:
    """One row per edge: source, target, weight and the two labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "weight", "source_label", "target_label"])
    edges = [
        (a, b, w) if g.is_directed() or a <= b else (b, a, w) for a, b, w in g.edges(data="weight")
    ]
    for a, b, weight in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        writer.writerow([a, b, weight, g.nodes[a].get("label", a), g.nodes[b].get("label", b)])
    return out.getvalue().encode()


def to_cytoscape(g: nx.Graph, *, years: bool = False, meta: dict | None = None) -> bytes:
    """Cytoscape.js JSON, as ``cy.json()`` writes and reads it: ``data`` an object (the
    map's ``meta``), and ``elements`` whose nodes carry a preset position, community colour
    and size, and whose edges each have an ``id`` (``a--b``; ``a->b`` when directed), without
    which ``cy.json(...)`` drops them."""
    data = nx.cytoscape_data(clean(g))
    data["data"] = {k: v for k, v in (meta or {}).items() if v is not None}
    looks = style(g, years=years)
    for node in data["elements"]["nodes"]:
        look = looks[node["data"]["value"]]
        node["data"].update(color=look.color, size=look.size)
        node["position"] = {
            "x": round(look.x * (10 if years else 400), 2),
            "y": round(-look.y * 400, 2),
        }
    arrow = "->" if g.is_directed() else "--"
    for edge in data["elements"]["edges"]:
        edge["data"] = {"id": f"{edge['data']['source']}{arrow}{edge['data']['target']}"} | edge[
            "data"
        ]
    return json.dumps(data, ensure_ascii=False, indent=1).encode()
