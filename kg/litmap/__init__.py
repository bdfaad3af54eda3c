"""Literature maps: citation, co-citation (document, paragraph, sentence), bibliographic
coupling, concept–work and author co-citation networks computed from the graph, with
weights, degree, PageRank, Louvain/Leiden communities and years; written as GraphML, GEXF 1.3,
VOSviewer, Cytoscape.js, CSV, SVG/PNG, interactive HTML, and the map's works as
CSL-JSON, BibTeX, RIS or formatted reference lists.

``build_map(store, kind, Filters(...))`` computes; ``write_map(map, format)`` writes.
"""

from __future__ import annotations

from kg.litmap.formats import BIB_FORMATS, MAP_FORMATS, MapWriter, map_format, write_map
from kg.litmap.networks import GRAINS, KINDS, EmptyMapError, Filters, LitMap, build_map

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
