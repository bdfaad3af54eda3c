"""The formats a literature map is written in: name → media type, file extension, writer.

>>> [f.name for f in MAP_FORMATS][:4]
['json', 'graphml', 'gexf', 'vosviewer']
>>> fmt = map_format("GEXF"); fmt.media_type, fmt.extension
('application/gexf+xml', 'gexf')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import UnsupportedFormatError
from kg.litmap import bib, exports, vosviewer
from kg.litmap.gexf import to_gexf
from kg.litmap.html import to_html
from kg.litmap.networks import LitMap
from kg.litmap.render_svg import render

__all__ = ["BIB_FORMATS", "MAP_FORMATS", "MapFormat", "map_format", "write_map"]


@dataclass(frozen=True)
class MapFormat:
    """One way of writing a map."""

    name: str
    media_type: str
    extension: str
    write: Callable[[LitMap, bool], bytes]
    summary: str


def _meta(m: LitMap) -> dict:
    return {
        "kind": m.kind,
        "title": m.title,
        "grain": m.filters.grain if m.kind.endswith("cocitation") else None,
        "filters": m.filters.described(),
        "counts": {"nodes": m.graph.number_of_nodes(), "edges": m.graph.number_of_edges()},
    }


def _items(m: LitMap) -> list[dict]:
    return [bib.csl_item(w) for w in m.work_items()]


def _style(name: str) -> Callable[[LitMap, bool], bytes]:
    return lambda m, _years: bib.reference_list(_items(m), name).encode()


MAP_FORMATS: tuple[MapFormat, ...] = (
    MapFormat(
        "json",
        "application/json",
        "json",
        lambda m, _y: exports.to_json(m.graph, meta=_meta(m)),
        "nodes and edges",
    ),
    MapFormat(
        "graphml",
        "application/graphml+xml",
        "graphml",
        lambda m, _y: exports.to_graphml(m.graph),
        "GraphML (networkx, yEd, Gephi)",
    ),
    MapFormat(
        "gexf",
        "application/gexf+xml",
        "gexf",
        lambda m, y: to_gexf(m.graph, title=m.title, years=y),
        "GEXF 1.3 for Gephi",
    ),
    MapFormat(
        "vosviewer",
        "application/vnd.vosviewer+json",
        "json",
        lambda m, _y: vosviewer.to_vosviewer(m.graph, title=m.title),
        "VOSviewer JSON",
    ),
    MapFormat(
        "vosviewer-map",
        "text/tab-separated-values",
        "txt",
        lambda m, _y: vosviewer.to_map_txt(m.graph),
        "VOSviewer map file",
    ),
    MapFormat(
        "cytoscape",
        "application/vnd.cytoscape+json",
        "cyjs",
        lambda m, y: exports.to_cytoscape(m.graph, years=y),
        "Cytoscape.js elements",
    ),
    MapFormat("csv", "text/csv", "csv", lambda m, _y: exports.to_csv(m.graph), "edge list"),
    MapFormat(
        "svg",
        "image/svg+xml",
        "svg",
        lambda m, y: render(m.graph, fmt="svg", title=m.title, years=y),
        "picture",
    ),
    MapFormat(
        "png",
        "image/png",
        "png",
        lambda m, y: render(m.graph, fmt="png", title=m.title, years=y),
        "picture",
    ),
    MapFormat(
        "html",
        "text/html",
        "html",
        lambda m, y: to_html(m.graph, title=m.title, years=y),
        "interactive page",
    ),
    MapFormat(
        "csl",
        "application/vnd.citationstyles.csl+json",
        "json",
        lambda m, _y: bib.to_csl_json(_items(m)).encode(),
        "the map's works as CSL-JSON",
    ),
    MapFormat(
        "bibtex",
        "application/x-bibtex",
        "bib",
        lambda m, _y: bib.to_bibtex(_items(m)).encode(),
        "the map's works as BibTeX",
    ),
    MapFormat(
        "ris",
        "application/x-research-info-systems",
        "ris",
        lambda m, _y: bib.to_ris(_items(m)).encode(),
        "the map's works as RIS",
    ),
    MapFormat("apa", "text/plain", "txt", _style("apa"), "reference list, APA"),
    MapFormat("harvard", "text/plain", "txt", _style("harvard"), "reference list, Harvard"),
    MapFormat("chicago", "text/plain", "txt", _style("chicago"), "reference list, Chicago"),
    MapFormat(
        "vosviewer-network",
        "text/plain",
        "txt",
        lambda m, _y: vosviewer.to_network_txt(m.graph),
        "VOSviewer network file",
    ),
)
BIB_FORMATS = ("csl", "bibtex", "ris", "apa", "harvard", "chicago")
_BY_NAME = {f.name: f for f in MAP_FORMATS}


def map_format(name: str) -> MapFormat:
    """The format called ``name`` (any case); ``UnsupportedFormatError`` lists the others."""
    found = _BY_NAME.get(name.strip().lower())
    if found is None:
        raise UnsupportedFormatError(f"unknown map format {name!r}", offered=list(_BY_NAME))
    return found


def write_map(m: LitMap, fmt: str | MapFormat, *, years: bool = False) -> bytes:
    """The map written in ``fmt``; never empty (an empty map raises before this)."""
    chosen = map_format(fmt) if isinstance(fmt, str) else fmt
    if chosen.name in BIB_FORMATS and not m.work_items():
        from kg.litmap.networks import EmptyMapError

        raise EmptyMapError(f"the {m.kind} map holds no works to list as {chosen.name}")
    return chosen.write(m, years)
