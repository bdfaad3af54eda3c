"""The white box that the viewer (api/static/litmap.js) draws round a node under the pointer
covers no label: it takes the first side of its node where it meets none, and where every
side meets one, the labels make room for it (as for the selected node). Geometry as the
viewer kept it (``tkgLitmap.hover()``, ``tkgLitmap.labels()``), not pixels or time."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.litmap.html import to_html


def _crowded(nodes: int = 40, seed: int = 3) -> nx.Graph:
    """A small map with long labels: many a node has another's label beside it."""
    rng = random.Random(seed)
    g = nx.gnm_random_graph(nodes, 2 * nodes, seed=seed)
    g = nx.relabel_nodes(g, {n: f"w{n}" for n in g})
    for i, n in enumerate(g):
        g.nodes[n].update(label=f"Author{i} et al. {1990 + i}", community=1 + rng.randrange(4))
    nx.set_edge_attributes(g, 1, "weight")
    nx.set_node_attributes(g, dict(g.degree()), "strength")
    return g


def _apart(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["w"] <= b["x"]
        or b["x"] + b["w"] <= a["x"]
        or a["y"] + a["h"] <= b["y"]
        or b["y"] + b["h"] <= a["y"]
    )


@pytest.mark.slow
def test_the_hover_box_covers_no_label(page, tmp_path) -> None:
    path = tmp_path / "crowded.html"
    path.write_bytes(to_html(_crowded(), title="crowded"))
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    box = page.locator("#litmap-canvas").bounding_box()
    assert box is not None
    # where each node is drawn, in the canvas' pixels
    where = page.evaluate(
        """() => { const m = window.tkgLitmap;
                   return m.graph.mapNodes(id => [id, m.renderer.graphToViewport(
                       m.graph.getNodeAttributes(id))]); }"""
    )
    sides, crowded = set(), 0
    for key, at in where:
        page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
        page.wait_for_function(
            "k => { const h = window.tkgLitmap.hover(); return h && h.key === k; }", arg=key
        )
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        hover = page.evaluate("() => window.tkgLitmap.hover()")
        labels = page.evaluate("() => window.tkgLitmap.labels()")
        others = [q for q in labels if q["key"] != key]
        assert all(_apart(hover, q) for q in others), (key, hover, others)
        # the box is round the node
        assert hover["x"] < at["x"] < hover["x"] + hover["w"], (key, hover, at)
        assert hover["y"] < at["y"] < hover["y"] + hover["h"], (key, hover, at)
        sides.add(hover["side"])
        crowded += any(q["key"] == key and q.get("box") for q in labels)  # labels made room
        page.mouse.move(box["x"] + 2, box["y"] + 2)  # off the node: its labels come back
        page.wait_for_function("() => window.tkgLitmap.hover() === null")
    # the map is crowded enough that the box went elsewhere than to the right, or made room
    assert sides != {0} or crowded, (sides, crowded)
