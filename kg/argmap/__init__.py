"""Argument maps: the chapter's argument (and any other) in the Argument Interchange Format.

::

    model          the map in memory: statements, arguments, relations, structures, tags
    argdown_parse  Argdown -> map (line/column errors, dangling references, support cycles)
    argdown_write  map -> Argdown that reads back as the same map
    aif_json       AIF JSON (AIFdb/OVA) <-> map
    rdf            map <-> AIF triples in graph argmap/{doc}
    storage        maps in the store: load (all or nothing), read, list
    render_dot     DOT, SVG, PNG (Graphviz); render_text: Mermaid, GraphML; html: a page
    export         one map, any format
"""

from __future__ import annotations

from kg.argmap.argdown_parse import check, parse_argdown
from kg.argmap.argdown_write import write_argdown
from kg.argmap.model import ArgMap, Argument, Relation, Statement
from kg.errors import CycleError, DanglingReferenceError, MapSyntaxError

__all__ = [
    "ArgMap",
    "Argument",
    "CycleError",
    "DanglingReferenceError",
    "MapSyntaxError",
    "Relation",
    "Statement",
    "check",
    "parse_argdown",
    "write_argdown",
]
