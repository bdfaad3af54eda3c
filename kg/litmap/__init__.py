"""Literature maps: citation, co-citation (document, paragraph, sentence), bibliographic
coupling, concept–work and author co-citation networks computed from the graph, with
weights, degree, PageRank, Louvain/Leiden communities and years; written as GraphML, GEXF 1.3,
VOSviewer, Cytoscape.js, CSV, SVG/PNG, interactive HTML, and the map's works as
CSL-JSON, BibTeX, RIS or formatted reference lists.

``build_map(store, kind, Filters(...))`` computes; ``write_map(map, format)`` writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.litmap.choices import BIB_FORMATS, GRAINS, KINDS

if TYPE_CHECKING:
    from kg.litmap.formats import MAP_FORMATS, MapWriter, map_format, write_map
    from kg.litmap.networks import EmptyMapError, Filters, LitMap, build_map

#: where each name computed on first use lives: importing the package (to read
#: :mod:`kg.litmap.choices`, as the command line does) does not import networkx and numpy
_LAZY = {
    "MAP_FORMATS": "kg.litmap.formats",
    "MapWriter": "kg.litmap.formats",
    "map_format": "kg.litmap.formats",
    "write_map": "kg.litmap.formats",
    "EmptyMapError": "kg.litmap.networks",
    "Filters": "kg.litmap.networks",
    "LitMap": "kg.litmap.networks",
    "build_map": "kg.litmap.networks",
}


def __getattr__(name: str) -> Any:
    """The name from the module that defines it, imported now (PEP 562)."""
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.litmap' has no attribute {name!r}")


__all__ = [
    "BIB_FORMATS",
    "GRAINS",
    "KINDS",
    "MAP_FORMATS",
    "EmptyMapError",
    "Filters",
    "LitMap",
    "MapWriter",
    "build_map",
    "map_format",
    "write_map",
]
