"""GEXF 1.3 for Gephi, with visual attributes (``viz:color``, ``viz:size``,
``viz:position``, ``viz:thickness``) and every node attribute declared and typed.

networkx writes GEXF 1.1 and 1.2 only; this writer follows the GEXF 1.3 primer
(namespace ``http://gexf.net/1.3``) with lxml. An attribute's id is its name, as readers
that show ids as column names (graphology, Gephi Lite) need.

>>> import networkx as nx
>>> g = nx.Graph(); g.add_edge("a", "b", weight=2)
>>> for n in g: g.nodes[n].update(label=n.upper(), community=1, strength=2, year=2014)
>>> print(to_gexf(g, title="demo").decode().splitlines()[1])
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
"""

from __future__ import annotations

from datetime import date

import networkx as nx
from lxml import etree

from kg.litmap.layout import hex_rgb, style

__all__ = ["GEXF_NS", "VIZ_NS", "to_gexf"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_SKIP = {"label"}


def _type(values: list[object]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _declare(parent, cls: str, items: list[dict]) -> dict[str, str]:
    """Declare the attributes of a class; each one's id is its name (``pagerank``), which
    is what graphology and Gephi Lite show as the column's name."""
    keys = sorted({k for d in items for k in d if k not in _SKIP})
    block = etree.SubElement(parent, f"{{{GEXF_NS}}}attributes", {"class": cls})
    ids = {}
    for key in keys:
        ids[key] = key
        etree.SubElement(
            block,
            f"{{{GEXF_NS}}}attribute",
            {"id": ids[key], "title": key, "type": _type([d.get(key) for d in items])},
        )
    return ids


def _values(parent, data: dict, ids: dict[str, str]) -> None:
    values = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
    for key, ident in ids.items():
        value = data.get(key)
        if value is None or value == "":
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        etree.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": ident, "value": text})


def to_gexf(g: nx.Graph, *, title: str = "", years: bool = False) -> bytes:
    """The map as a GEXF 1.3 document (UTF-8 bytes)."""
    root = etree.Element(
        f"{{{GEXF_NS}}}gexf", {"version": "1.3"}, nsmap={None: GEXF_NS, "viz": VIZ_NS}
    )
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": str(date.today())})
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "Technocracy KG (tkg litmap)"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = title
    graph = etree.SubElement(
        root,
        f"{{{GEXF_NS}}}graph",
        {"defaultedgetype": "directed" if g.is_directed() else "undirected", "mode": "static"},
    )
    node_ids = _declare(graph, "node", [d for _, d in g.nodes(data=True)])
    edge_ids = _declare(
        graph,
        "edge",
        [{k: v for k, v in d.items() if k != "weight"} for *_, d in g.edges(data=True)],
    )
    looks = style(g, years=years)
    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes", {"count": str(len(g))})
    for node, data in g.nodes(data=True):
        el = etree.SubElement(
            nodes, f"{{{GEXF_NS}}}node", {"id": str(node), "label": str(data.get("label", node))}
        )
        _values(el, data, node_ids)
        look = looks[node]
        r, gr, b = hex_rgb(look.color)
        etree.SubElement(el, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(gr), "b": str(b)})
        scale = 1 if years else 500
        etree.SubElement(
            el,
            f"{{{VIZ_NS}}}position",
            {"x": f"{look.x * scale:.3f}", "y": f"{look.y * 500:.3f}", "z": "0.0"},
        )
        etree.SubElement(el, f"{{{VIZ_NS}}}size", {"value": f"{look.size:.2f}"})
    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges", {"count": str(g.number_of_edges())})
    for n, (a, b, data) in enumerate(g.edges(data=True)):
        weight = data.get("weight", 1)
        el = etree.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {"id": str(n), "source": str(a), "target": str(b), "weight": str(weight)},
        )
        _values(el, {k: v for k, v in data.items() if k != "weight"}, edge_ids)
        etree.SubElement(el, f"{{{VIZ_NS}}}thickness", {"value": str(float(weight))})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
