"""One map, any format: the table of what a map can be written as, and the writer.

Each format's codec is the function that writes a map in it; the modules that draw or
serialise maps are imported only when their format is asked for.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> data = export(parse_argdown("[T]: Thesis.\\n"), "demo", "mermaid")
>>> data.decode().splitlines()[0], FORMATS["mermaid"].media_type
('flowchart BT', 'text/vnd.mermaid')
"""

from __future__ import annotations

import json
from collections.abc import Callable

from kg.argmap.model import ArgMap
from kg.errors import UnsupportedFormatError
from kg.store.formats import Format

__all__ = ["FORMATS", "MapWriter", "export"]

#: Writes a map (its id, the base of the links in pictures) as bytes.
MapWriter = Callable[[ArgMap, str, str], bytes]


def _json(m: ArgMap, _doc: str, _base: str) -> bytes:
    from kg.argmap.storage import as_json

    return json.dumps(as_json(m), ensure_ascii=False, indent=1).encode("utf-8")


def _argdown(m: ArgMap, _doc: str, _base: str) -> bytes:
    from kg.argmap.argdown_write import write_argdown

    return write_argdown(m).encode("utf-8")


def _aif(m: ArgMap, _doc: str, _base: str) -> bytes:
    from kg.argmap.aif_json import map_to_aif, write_aif

    return write_aif(map_to_aif(m)).encode("utf-8")


def _xaif(m: ArgMap, _doc: str, _base: str) -> bytes:
    from kg.argmap.aif_json import map_to_aif, write_aif

    return write_aif(map_to_aif(m, envelope=True)).encode("utf-8")


def _dot(m: ArgMap, doc: str, base: str) -> bytes:
    from kg.argmap.render_dot import to_dot

    return to_dot(m, doc, base=base).encode("utf-8")


def _picture(fmt: str) -> MapWriter:
    def write(m: ArgMap, doc: str, base: str) -> bytes:
        from kg.argmap.render_dot import render

        return render(m, doc, fmt, base=base)

    return write


def _mermaid(m: ArgMap, doc: str, _base: str) -> bytes:
    from kg.argmap.render_text import to_mermaid

    return to_mermaid(m, doc).encode("utf-8")


def _graphml(m: ArgMap, doc: str, _base: str) -> bytes:
    from kg.argmap.render_text import to_graphml

    return to_graphml(m, doc)


def _html(m: ArgMap, doc: str, base: str) -> bytes:
    from kg.argmap.html import to_html

    return to_html(m, doc, base=base).encode("utf-8")


def _turtle(m: ArgMap, doc: str, _base: str) -> bytes:
    from kg.argmap.rdf import to_graph

    return to_graph(m, doc).serialize(format="turtle", encoding="utf-8")


_TABLE: tuple[Format[MapWriter], ...] = (
    Format("json", "application/json", _json),
    Format(
        "argdown",
        "text/vnd.argdown",
        _argdown,
        also=("text/x-argdown", "text/argdown"),
    ),
    Format(
        "aif",
        "application/vnd.aif+json",
        _aif,
        aliases=("aif.json",),
        extensions=("aif.json",),
        also=("application/x-aif+json",),
        summary="AIF JSON as AIFdb writes it (nodes, edges, locutions)",
    ),
    Format(
        "xaif",
        "application/vnd.xaif+json",
        _xaif,
        aliases=("xaif.json",),
        extensions=("xaif.json",),
        summary='AIF JSON in OVA\'s envelope ({"AIF": {...}})',
    ),
    Format("dot", "text/vnd.graphviz", _dot, also=("text/x-dot",)),
    Format("svg", "image/svg+xml", _picture("svg")),
    Format("png", "image/png", _picture("png")),
    Format(
        "mermaid",
        "text/vnd.mermaid",
        _mermaid,
        aliases=("mmd",),
        extensions=("mmd",),
        also=("text/x-mermaid",),
    ),
    Format("graphml", "application/graphml+xml", _graphml, also=("application/xml",)),
    Format("html", "text/html", _html, also=("application/xhtml+xml",)),
    Format("ttl", "text/turtle", _turtle, aliases=("turtle",), also=("application/x-turtle",)),
)

#: What a map can be written as, by name; JSON first (the API's default).
FORMATS: dict[str, Format[MapWriter]] = {f.name: f for f in _TABLE}


def export(m: ArgMap, doc: str, fmt: str, *, base: str | None = None) -> bytes:
    """``m`` as ``fmt`` (a name or alias of ``FORMATS``); links in pictures point below
    ``base``."""
    from kg.argmap.render_dot import DEFAULT_BASE

    wanted = fmt.strip().lower()
    chosen = next((f for f in FORMATS.values() if wanted in f.names), None)
    if chosen is None:
        raise UnsupportedFormatError(f"no argument-map format {fmt!r}", offered=list(FORMATS))
    return chosen.codec(m, doc, base or DEFAULT_BASE)
