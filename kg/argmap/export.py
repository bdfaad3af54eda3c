"""One map, any format: the table of what a map can be written as, and the writer.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> data = export(parse_argdown("[T]: Thesis.\\n"), "demo", "mermaid")
>>> data.decode().splitlines()[0], FORMATS["mermaid"].media_type
('flowchart BT', 'text/vnd.mermaid')
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kg.argmap.model import ArgMap
from kg.errors import UnsupportedFormatError

__all__ = ["FORMATS", "MapFormat", "export"]


@dataclass(frozen=True)
class MapFormat:
    name: str
    media_type: str
    extension: str
    also: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


FORMATS: dict[str, MapFormat] = {
    f.name: f
    for f in (
        MapFormat("json", "application/json", "json"),
        MapFormat("argdown", "text/vnd.argdown", "argdown", ("text/x-argdown", "text/argdown")),
        MapFormat("aif", "application/vnd.aif+json", "aif.json", ("application/x-aif+json",)),
        MapFormat("dot", "text/vnd.graphviz", "dot", ("text/x-dot",)),
        MapFormat("svg", "image/svg+xml", "svg"),
        MapFormat("png", "image/png", "png"),
        MapFormat("mermaid", "text/vnd.mermaid", "mmd", ("text/x-mermaid",)),
        MapFormat("graphml", "application/graphml+xml", "graphml", ("application/xml",)),
        MapFormat("html", "text/html", "html", ("application/xhtml+xml",)),
        MapFormat("ttl", "text/turtle", "ttl", ("application/x-turtle",), ("turtle",)),
    )
}


def export(m: ArgMap, doc: str, fmt: str, *, base: str | None = None) -> bytes:
    """``m`` as ``fmt`` (a name of ``FORMATS``); links in pictures point below ``base``."""
    from kg.argmap.render_dot import DEFAULT_BASE

    base = base or DEFAULT_BASE
    if fmt == "json":
        from kg.argmap.storage import as_json

        return json.dumps(as_json(m), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "argdown":
        from kg.argmap.argdown_write import write_argdown

        return write_argdown(m).encode("utf-8")
    if fmt == "aif":
        from kg.argmap.aif_json import map_to_aif, write_aif

        return write_aif(map_to_aif(m)).encode("utf-8")
    if fmt == "dot":
        from kg.argmap.render_dot import to_dot

        return to_dot(m, doc, base=base).encode("utf-8")
    if fmt in ("svg", "png"):
        from kg.argmap.render_dot import render

        return render(m, doc, fmt, base=base)
    if fmt == "mermaid":
        from kg.argmap.render_text import to_mermaid

        return to_mermaid(m, doc).encode("utf-8")
    if fmt == "graphml":
        from kg.argmap.render_text import to_graphml

        return to_graphml(m, doc)
    if fmt == "html":
        from kg.argmap.html import to_html

        return to_html(m, doc, base=base).encode("utf-8")
    if fmt in ("ttl", "turtle"):
        from kg.argmap.rdf import to_graph

        return to_graph(m, doc).serialize(format="turtle", encoding="utf-8")
    raise UnsupportedFormatError(f"no argument-map format {fmt!r}", offered=list(FORMATS))
