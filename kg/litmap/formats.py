"""The formats a literature map is written in: name, media type, file extension, writer.

>>> [f.name for f in MAP_FORMATS][:4]
['json', 'graphml', 'gexf', 'vosviewer']
>>> fmt = map_format("GEXF"); fmt.media_type, fmt.extension
('application/gexf+xml', 'gexf')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kg.bib.bibtex import to_bibtex
from kg.bib.citekeys import year_suffixes
from kg.bib.csl import to_csl_json
from kg.bib.ris import to_ris
from kg.bib.styles import reference_list
from kg.errors import UnsupportedFormatError
from kg.litmap.choices import BIB_FORMATS, KINDS
from kg.store.formats import Format

if TYPE_CHECKING:
    from kg.litmap.networks import LitMap

__all__ = ["BIB_FORMATS", "MAP_FORMATS", "MapWriter", "map_format", "write_map"]


#: Writes a map, with or without years of publication along x in pictures, as bytes.
MapWriter = Callable[["LitMap", bool], bytes]


def _module(name: str) -> ModuleType:
    """``kg.litmap.{name}``, imported when a map is first written in a format it serves:
    the writers import networkx, numpy and lxml, which the API's pages (this table's
    names and media types) do without (0.2 CPU s of the server's start)."""
    return importlib.import_module(f"kg.litmap.{name}")


def _writer(module: str, name: str) -> Callable[..., Any]:
    writer: Callable[..., Any] = getattr(_module(module), name)
    return writer


def _meta(m: LitMap) -> dict:
    return {
        "kind": m.kind,
        "title": m.title,
        "grain": m.filters.grain if m.kind.endswith("cocitation") else None,
        "filters": m.filters.described(),
        "counts": {"nodes": m.graph.number_of_nodes(), "edges": m.graph.number_of_edges()},
    }


def _described(m: LitMap) -> str:
    """What a map shows, in a sentence: its kind and its size."""
    nodes, edges = m.graph.number_of_nodes(), m.graph.number_of_edges()
    return f"{KINDS[m.kind].capitalize()} ({nodes} nodes, {edges} links); from Technocracy KG."


def _items(m: LitMap) -> list[dict]:
    """The map's works as CSL-JSON items; works with the same authors and year carry the
    ``year-suffix`` the citing texts give them (else in title order), which citeproc-py
    does not work out itself."""
    works = m.work_items()
    items = [_writer("bib", "csl_item")(w) for w in works]
    letters = year_suffixes(
        items, {_writer("extract", "short_id")(w.iri): m.cited.get(w.iri, set()) for w in works}
    )
    for item in items:
        if letters.get(item["id"]):
            item["year-suffix"] = letters[item["id"]]
    return items


def _style(name: str) -> MapWriter:
    return lambda m, _years: reference_list(_items(m), name).encode()


MAP_FORMATS: tuple[Format[MapWriter], ...] = (
    Format(
        "json",
        "application/json",
        lambda m, _y: _writer("exports", "to_json")(m.graph, meta=_meta(m)),
        summary="nodes and edges",
    ),
    Format(
        "graphml",
        "application/graphml+xml",
        lambda m, _y: _writer("exports", "to_graphml")(m.graph),
        summary="GraphML (networkx, yEd, Gephi)",
    ),
    Format(
        "gexf",
        "application/gexf+xml",
        lambda m, y: _writer("gexf", "to_gexf")(m.graph, title=m.title, years=y),
        summary="GEXF 1.3 for Gephi",
    ),
    Format(
        "vosviewer",
        "application/vnd.vosviewer+json",
        lambda m, _y: _writer("vosviewer", "to_vosviewer")(
            m.graph, title=m.title, description=_described(m)
        ),
        extensions=("json",),
        summary="VOSviewer JSON",
    ),
    Format(
        "vosviewer-map",
        "text/tab-separated-values",
        lambda m, _y: _writer("vosviewer", "to_map_txt")(m.graph),
        extensions=("txt",),
        summary="VOSviewer map file",
    ),
    Format(
        "cytoscape",
        "application/vnd.cytoscape+json",
        lambda m, y: _writer("exports", "to_cytoscape")(m.graph, years=y, meta=_meta(m)),
        extensions=("cyjs",),
        summary="Cytoscape.js elements",
    ),
    Format(
        "csv", "text/csv", lambda m, _y: _writer("exports", "to_csv")(m.graph), summary="edge list"
    ),
    Format(
        "svg",
        "image/svg+xml",
        lambda m, y: _writer("render_svg", "render")(m.graph, fmt="svg", title=m.title, years=y),
        summary="picture",
    ),
    Format(
        "png",
        "image/png",
        lambda m, y: _writer("render_svg", "render")(m.graph, fmt="png", title=m.title, years=y),
        summary="picture",
    ),
    Format(
        "html",
        "text/html",
        lambda m, y: _writer("html", "to_html")(m.graph, title=m.title, years=y),
        summary="interactive page",
    ),
    Format(
        "csl",
        "application/vnd.citationstyles.csl+json",
        lambda m, _y: to_csl_json(_items(m)).encode(),
        extensions=("json",),
        summary="the map's works as CSL-JSON",
    ),
    Format(
        "bibtex",
        "application/x-bibtex",
        lambda m, _y: to_bibtex(_items(m)).encode(),
        extensions=("bib",),
        summary="the map's works as BibTeX",
    ),
    Format(
        "ris",
        "application/x-research-info-systems",
        lambda m, _y: to_ris(_items(m)).encode(),
        summary="the map's works as RIS",
    ),
    Format("apa", "text/plain", _style("apa"), extensions=("txt",), summary="reference list, APA"),
    Format(
        "harvard",
        "text/plain",
        _style("harvard"),
        extensions=("txt",),
        summary="reference list, Harvard",
    ),
    Format(
        "chicago",
        "text/plain",
        _style("chicago"),
        extensions=("txt",),
        summary="reference list, Chicago",
    ),
    Format(
        "vosviewer-network",
        "text/plain",
        lambda m, _y: _writer("vosviewer", "to_network_txt")(m.graph),
        extensions=("txt",),
        summary="VOSviewer network file",
    ),
)
_BY_NAME = {f.name: f for f in MAP_FORMATS}


def map_format(name: str) -> Format[MapWriter]:
    """The format called ``name`` (any case); ``UnsupportedFormatError`` lists the others."""
    found = _BY_NAME.get(name.strip().lower())
    if found is None:
        raise UnsupportedFormatError(f"unknown map format {name!r}", offered=list(_BY_NAME))
    return found


def write_map(m: LitMap, fmt: str | Format[MapWriter], *, years: bool = False) -> bytes:
    """The map written in ``fmt``; never empty (an empty map raises before this)."""
    chosen = map_format(fmt) if isinstance(fmt, str) else fmt
    if chosen.name in BIB_FORMATS and not m.work_items():
        from kg.litmap.networks import EmptyMapError

        raise EmptyMapError(f"the {m.kind} map holds no works to list as {chosen.name}")
    return chosen.codec(m, years)
