"""The interactive view of a map: the data its viewer draws, and a self-contained HTML file.

The viewer is sigma.js (WebGL, with graphology) and our ``litmap.js``: it draws what
``viewer_data`` gives it (positions from ``kg.litmap.layout``, the same picture as the
SVG and GEXF exports; on large maps igraph's Fruchterman-Reingold, ``large_layout``: either
way the browser runs no layout unless asked to), zooms and pans, keeps labels apart
(sigma's label grid), sizes nodes by citations, colours them by cluster or by year with a
legend, filters by year, and opens a clicked work in a side panel. The web app serves the
same scripts from ``/static``; ``to_html`` inlines them into one file that works offline,
read at write time from the app's ``static/`` folder beside this package (``make
web-assets`` installs the npm packages there). Without them the file says so in one line.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from kg.litmap.layout import PALETTE, Look, style

__all__ = [
    "LARGE_MAP_NODES",
    "VENDOR_SCRIPTS",
    "by_cluster",
    "large_layout",
    "script_json",
    "static_dir",
    "to_html",
    "viewer_data",
]

#: From this many nodes up, a map's positions come from ``large_layout`` (igraph, in C: 1.4 s
#: at 5,000 nodes and 50,000 links) rather than the project's spring layout (networkx: 34 s at
#: 500 nodes, unfinished after 25 min at 5,000), so that the page comes laid out and the
#: browser only draws (ForceAtlas2 in a worker there took 266 s at 5,000 nodes on a software
#: renderer: bench/results/litmap-viewer.md).
LARGE_MAP_NODES = 1000

#: The viewer's npm files under ``static/vendor/``, in load order (graphology, then sigma).
VENDOR_SCRIPTS = ("graphology/graphology.umd.min.js", "sigma/sigma.min.js")

_WORK = "https://w3id.org/technocracy/id/work/"

_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kg.litmap", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def script_json(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and the two
    line separators JavaScript once took for line ends, as ``\\u`` escapes (still the same
    JSON), so that no ``</script>`` or ``<!--`` in a title can end or bend the element.

    >>> script_json('{"t": "<!--<script></script>"}')
    '{"t": "\\\\u003c!--\\\\u003cscript\\\\u003e\\\\u003c/script\\\\u003e"}'
    """
    return text.translate(_SCRIPT_ESCAPES)


def static_dir() -> Path:
    """The web app's ``static/`` folder (a sibling package in a checkout and in the wheel):
    where the viewer's scripts live, ours and the npm ones."""
    return Path(__file__).resolve().parent.parent.parent / "api" / "static"


def _looks(g: nx.Graph, where: Mapping[Any, tuple[float, float]]) -> dict[Any, Look]:
    """Looks at the given positions: colour by cluster, size by weighted degree."""
    top = max((d.get("strength") or 1 for _, d in g.nodes(data=True)), default=1)
    looks = {}
    for node, data in g.nodes(data=True):
        c = int(data.get("community") or 1)
        share = ((data.get("strength") or 1) / top) ** 0.5
        looks[node] = Look(*where[node], PALETTE[(c - 1) % len(PALETTE)], round(5 + 25 * share, 2))
    return looks


def large_layout(g: nx.Graph, seed: int = 7) -> dict[Any, Look]:
    """Positions for a large map, computed here: igraph's Fruchterman-Reingold with its grid
    (repulsion only between nearby nodes), links pulling by weight, seeded (the same map
    gives the same picture), scaled into -1..1; colours and sizes as ``by_cluster``.

    >>> g = nx.path_graph(4); nx.set_node_attributes(g, 1, "community")
    >>> looks = large_layout(g)
    >>> max(abs(c) for look in looks.values() for c in (look.x, look.y)) <= 1
    True
    >>> looks == large_layout(g)
    True
    """
    import igraph

    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()])
    weights = [float(w) for _, _, w in g.edges(data="weight", default=1)]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(
            weights=weights or None, niter=500, grid=True
        ).coords
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [x for x, _ in coords], [y for _, y in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - cx, max(ys) - cy, 1e-9)
    where = {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in zip(nodes, coords, strict=True)}
    return _looks(g, where)


def by_cluster(g: nx.Graph, seed: int = 7) -> dict[Any, Look]:
    """Where a map to be laid out in the browser starts: each cluster a cloud around a point
    of the unit circle (seeded: the same map starts the same); colours by cluster and sizes
    by weighted degree, as ``kg.litmap.layout.style`` gives them.

    >>> g = nx.Graph([("a", "b")]); nx.set_node_attributes(g, 1, "community")
    >>> sorted(round(look.x) for look in by_cluster(g).values())
    [1, 1]
    """
    rng = random.Random(seed)
    clusters = max((int(d.get("community") or 1) for _, d in g.nodes(data=True)), default=1)
    where = {}
    for node, data in g.nodes(data=True):
        angle = 2 * math.pi * (int(data.get("community") or 1) - 1) / clusters
        where[node] = (
            math.cos(angle) + rng.gauss(0, 0.15),
            math.sin(angle) + rng.gauss(0, 0.15),
        )
    return _looks(g, where)


def viewer_data(
    g: nx.Graph,
    *,
    title: str = "",
    years: bool = False,
    looks: Mapping[Any, Look] | None = None,
    layout: str = "auto",
) -> dict[str, Any]:
    """What the viewer draws: nodes (position, size by citations, cluster colour, year,
    the work's page), edges with weights, and the clusters for the legend. ``looks``:
    positions and colours laid out elsewhere (else ``kg.litmap.layout.style``, or
    ``large_layout`` from ``LARGE_MAP_NODES`` nodes up). ``layout``: ``server`` or ``auto``
    (laid out here), or ``browser`` (placed by cluster, for ForceAtlas2 in the viewer).

    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2)
    >>> for n in g: g.nodes[n].update(label=n.upper(), community=1, citations=3, year=2001)
    >>> data = viewer_data(g, title="t")
    >>> [n["label"] for n in data["nodes"]], data["clusters"][0]["count"], data["years"]
    (['A', 'B'], 2, [2001, 2001])
    """
    browser = layout == "browser"
    if looks is None and browser:
        looks = by_cluster(g)
    elif looks is None:
        looks = (
            large_layout(g) if len(g) >= LARGE_MAP_NODES and not years else style(g, years=years)
        )
    cites = {n: d.get("citations") for n, d in g.nodes(data=True)}
    top = max((c for c in cites.values() if c), default=0)
    nodes = []
    for node, data in g.nodes(data=True):
        look = looks[node]
        size = look.size if not top else 4 + 16 * ((cites[node] or 0) / top) ** 0.5
        iri = str(data.get("iri") or "")
        nodes.append(
            {
                "id": str(node),
                "label": str(data.get("label", node)),
                "x": look.x,
                "y": look.y,
                "size": round(size, 2),
                "color": look.color,
                "community": data.get("community"),
                "year": data.get("year"),
                "type": data.get("type"),
                "title": data.get("title") or "",
                "citations": cites[node],
                "degree": data.get("degree"),
                "strength": data.get("strength"),
                "iri": iri,
                "work": iri.removeprefix(_WORK) if iri.startswith(_WORK) else None,
            }
        )
    counts: dict[int, int] = {}
    for n in nodes:
        counts[int(n["community"] or 1)] = counts.get(int(n["community"] or 1), 0) + 1
    known = [int(n["year"]) for n in nodes if n["year"]]
    return {
        "title": title,
        "layout": "browser" if browser else "server",
        "directed": g.is_directed(),
        "nodes": nodes,
        "edges": [
            {"source": str(a), "target": str(b), "weight": w}
            for a, b, w in g.edges(data="weight", default=1)
        ],
        "clusters": [
            {"id": c, "color": PALETTE[(c - 1) % len(PALETTE)], "count": counts[c]}
            for c in sorted(counts)
        ],
        "years": [min(known), max(known)] if known else None,
    }


def _read(name: str) -> str | None:
    path = static_dir() / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def to_html(
    g: nx.Graph,
    *,
    title: str = "",
    years: bool = False,
    looks: Mapping[Any, Look] | None = None,
    layout_worker: str = "",
) -> bytes:
    """The interactive map as one HTML file (UTF-8), its scripts inlined: it opens from
    disk with no network. Missing npm files leave a page that says which."""
    vendor = [_read(f"vendor/{name}") for name in VENDOR_SCRIPTS]
    missing = [name for name, text in zip(VENDOR_SCRIPTS, vendor, strict=True) if text is None]
    # a file opened from disk may start no worker: laid out here, whatever its size, unless
    # the file is served with the layout worker beside it (``layout_worker``: its URL)
    layout = "browser" if layout_worker else "server"
    view = viewer_data(g, title=title, years=years, looks=looks, layout=layout)
    data = json.dumps(view, ensure_ascii=False)
    page = _ENV.get_template("map.html").render(
        title=title,
        data=jinja2.utils.markupsafe.Markup(script_json(data)),
        scripts=[] if missing else [*vendor, _read("litmap.js") or ""],
        style=_read("litmap.css") or "",
        missing=missing,
        layout_worker=layout_worker,
    )
    return page.encode()
