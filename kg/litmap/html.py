"""A self-contained interactive view of a map: one HTML file, no CDN, no external script.

The map's nodes (with their positions, colours and sizes) and edges are embedded as JSON;
a small script of our own (``litmap.js`` beside this module) draws them as SVG and lets a
reader hover for details, click a node to see its neighbours, search labels, and hide edges
under a weight.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files

import networkx as nx

from kg.litmap.layout import style

__all__ = ["script_json", "to_html"]

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #1f2933; }}
header {{ padding: .6em 1em; border-bottom: 1px solid #e4e7eb; display: flex; gap: 1em;
  align-items: center; flex-wrap: wrap; }}
h1 {{ font-size: 1.1em; margin: 0; }}
#map {{ width: 100%; height: calc(100vh - 4.5em); display: block; }}
#info {{ position: fixed; right: 1em; bottom: 1em; max-width: 24em; background: #fff;
  border: 1px solid #cbd2d9; padding: .6em .8em; border-radius: 4px; }}
#info:empty {{ display: none; }}
.label {{ paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }}
.dim {{ opacity: .12; }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<label>find <input id="find" type="search" placeholder="label"></label>
<label>min. weight <input id="weight" type="range" min="1" max="{max_weight}" value="1">
<output id="weight-value">1</output></label>
<span id="counts"></span>
</header>
<svg id="map" role="img" aria-label="{title}"></svg>
<div id="info" aria-live="polite"></div>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and the two
    line separators JavaScript once took for line ends, as ``\\u`` escapes (still the same
    JSON), so that no ``</script>`` or ``<!--`` in a title can end or bend the element.

    >>> script_json('{"t": "<!--<script></script>"}')
    '{"t": "\\\\u003c!--\\\\u003cscript\\\\u003e\\\\u003c/script\\\\u003e"}'
    """
    return text.translate(_SCRIPT_ESCAPES)


def to_html(g: nx.Graph, *, title: str = "", years: bool = False) -> bytes:
    """The interactive page as UTF-8 bytes."""
    looks = style(g, years=years)
    nodes = []
    for node, data in g.nodes(data=True):
        look = looks[node]
        nodes.append(
            {
                "id": node,
                "label": str(data.get("label", node)),
                "x": look.x,
                "y": look.y,
                "color": look.color,
                "size": look.size,
                "year": data.get("year"),
                "type": data.get("type"),
                "title": data.get("title") or "",
                "community": data.get("community"),
                "degree": data.get("degree"),
                "strength": data.get("strength"),
                "pagerank": data.get("pagerank"),
            }
        )
    edges = [{"source": a, "target": b, "weight": w} for a, b, w in g.edges(data="weight")]
    data = json.dumps({"nodes": nodes, "edges": edges, "years": years}, ensure_ascii=False)
    script = files(__package__).joinpath("litmap.js").read_text(encoding="utf-8")
    page = _PAGE.format(
        title=html.escape(title),
        max_weight=max((e["weight"] for e in edges), default=1),
        data=script_json(data),
        script=script,
    )
    return page.encode()
