"""VOSviewer: its JSON map (items with id, label, x, y, cluster, weights, scores; links)
and its two text files, the map file (items) and the network file (links).

Weights are VOSviewer's own: ``Links`` (degree) and ``Total link strength`` (weighted
degree), plus ``Citations`` or ``Occurrences`` where the map has them; the score is the
publication year (``Avg. pub. year`` for authors and terms).

>>> import networkx as nx
>>> g = nx.Graph(); g.add_edge("a", "b", weight=2)
>>> for n in g: g.nodes[n].update(label=n.upper(), community=1, strength=2, degree=1, year=2014)
>>> print(to_network_txt(g).decode().strip())
1	2	2
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from kg.litmap.layout import style

__all__ = ["to_map_txt", "to_network_txt", "to_vosviewer"]


def _ids(g: nx.Graph) -> dict[str, int]:
    return {node: n for n, node in enumerate(g.nodes, start=1)}


def _weights(data: dict) -> dict[str, float]:
    weights = {"Links": data.get("degree", 0), "Total link strength": data.get("strength", 0)}
    if data.get("citations") is not None:
        weights["Citations"] = data["citations"]
    if data.get("references") is not None:
        weights["Documents"] = data["references"]
    return weights


def _score(data: dict) -> dict[str, float]:
    year = data.get("year")
    if year is None:
        return {}
    return {"Pub. year" if data.get("type") in ("work", "document") else "Avg. pub. year": year}


def to_vosviewer(g: nx.Graph, *, title: str = "", description: str = "") -> bytes:
    """The VOSviewer JSON map format: ``network`` (items and links), ``config`` (the
    terminology) and ``info`` (the map's title and description, which VOSviewer shows; it
    reads no title from ``config``)."""
    ids = _ids(g)
    looks = style(g)
    items = []
    for node, data in g.nodes(data=True):
        item = {
            "id": ids[node],
            "label": data.get("label", node),
            "x": round(looks[node].x, 4),
            "y": round(looks[node].y, 4),
            "cluster": data.get("community", 1),
            "weights": _weights(data),
            "scores": _score(data),
        }
        if data.get("title"):
            item["description"] = data["title"]
        if data.get("iri"):
            item["url"] = data["iri"]
        items.append(item)
    links = [
        {"source_id": ids[a], "target_id": ids[b], "strength": w}
        for a, b, w in g.edges(data="weight")
    ]
    info = {k: v for k, v in (("title", title), ("description", description)) if v}
    body = {
        "info": info,
        "config": {"terminology": {"item": "item", "link": "link"}},
        "network": {"items": items, "links": links},
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def to_map_txt(g: nx.Graph) -> bytes:
    """The VOSviewer map file: tab-separated, a header of VOSviewer's column names."""
    ids = _ids(g)
    looks = style(g)
    rows = []
    weight_names: list[str] = []
    for _, data in g.nodes(data=True):
        for name in _weights(data):
            if name not in weight_names:
                weight_names.append(name)
    score_names = sorted({k for _, d in g.nodes(data=True) for k in _score(d)})
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(
        ["id", "label", "x", "y", "cluster"]
        + [f"weight<{n}>" for n in weight_names]
        + [f"score<{n}>" for n in score_names]
    )
    for node, data in g.nodes(data=True):
        weights, scores = _weights(data), _score(data)
        rows.append(
            [
                ids[node],
                data.get("label", node),
                f"{looks[node].x:.4f}",
                f"{looks[node].y:.4f}",
                data.get("community", 1),
            ]
            + [weights.get(n, 0) for n in weight_names]
            + [scores.get(n, "") for n in score_names]
        )
    writer.writerows(rows)
    return out.getvalue().encode()


def to_network_txt(g: nx.Graph) -> bytes:
    """The VOSviewer network file: ``id<TAB>id<TAB>strength``, one link a line, no header."""
    ids = _ids(g)
    lines = [f"{ids[a]}\t{ids[b]}\t{w:g}" for a, b, w in g.edges(data="weight")]
    return ("\n".join(lines) + "\n").encode()
