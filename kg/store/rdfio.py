"""RDF in: parse fully before anything is written (so bad input changes nothing), with the
line and column the parser stopped at; the checks of what a load may write where."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import (
    RdfSyntaxError,
    StoreError,
    UnsupportedFormatError,
)
from kg.store.base import Source, rdf_syntax
from kg.store.formats import RDF_FORMATS, Format, rdf_format

__all__ = [
    "dataset_format",
    "insert_data_lines",
    "one_graph_quads",
    "parse_rdf",
    "read_source",
    "stream_format",
]

_LINE_COL = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")


def read_source(data: Source) -> tuple[bytes, str]:
    """The bytes of the input and a name for it in error messages."""
    if isinstance(data, Path):
        try:
            return data.read_bytes(), str(data)
        except OSError as exc:
            raise RdfSyntaxError(f"cannot read the file: {exc.strerror}", where=str(data)) from exc
    if isinstance(data, str):
        return data.encode("utf-8"), "<input>"
    return data, "<input>"


def dataset_format(fmt: Format) -> Format:
    """``fmt``, if it can carry named graphs (for a dump of the whole dataset)."""
    if not fmt.datasets:
        raise UnsupportedFormatError(
            f"{fmt.name} cannot carry named graphs; name a graph or use nq or trig",
            offered=[f.name for f in RDF_FORMATS if f.datasets],
        )
    return fmt


def one_graph_quads(
    data: Source, *, format: Format | str, graph: str, base_iri: str | None = None
) -> list[ox.Quad]:
    """Parse ``data`` for one named graph; data naming any other graph is refused."""
    quads = parse_rdf(data, format=format, graph=graph, base_iri=base_iri)
    strays = {str(q.graph_name) for q in quads if q.graph_name != ox.NamedNode(graph)}
    if strays:
        raise StoreError(f"data for graph <{graph}> names other graphs: {sorted(strays)}")
    return quads


def stream_format(format: Format | str, *, graph: str | None, replace: bool) -> Format:
    """The format of a ``load_stream``, once its target makes sense: triples need a graph,
    and ``replace`` swaps one graph, so it takes a triples format and a graph."""
    fmt = rdf_format(format) if isinstance(format, str) else format
    if graph is None and not fmt.datasets:
        raise StoreError("triples need a target graph: pass graph=IRI")
    if replace and (graph is None or fmt.datasets):
        raise StoreError("replace needs a triples format and a target graph")
    return fmt


def parse_rdf(
    data: Source,
    *,
    format: Format | str,
    graph: str | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse RDF fully, before anything is written, so bad input changes nothing.

    Triples (and the default-graph quads of a dataset) go to ``graph``; a dataset's
    named graphs are kept. The error says which line and column the parser stopped at.

    >>> parse_rdf(b"<http://a> <http://b> .", format="nt")
    Traceback (most recent call last):
    ...
    kg.errors.RdfSyntaxError: <input>:1:23: nt: ...must be an IRI, a blank node or a literal...
    """
    fmt = rdf_format(format) if isinstance(format, str) else format
    syntax = rdf_syntax(fmt)
    raw, name = read_source(data)
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    try:
        # fresh blank nodes per load: the same label in two files is two nodes
        quads = list(ox.parse(raw, format=syntax, base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as exc:
        message = str(exc)
        where = name
        found = _LINE_COL.search(message)
        if found:
            col = found.group(2) or found.group(3)
            where = f"{name}:{found.group(1)}" + (f":{col}" if col else "")
        raise RdfSyntaxError(f"{fmt.name}: {message}", where=where) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise RdfSyntaxError(f"{fmt.name}: {exc}", where=name) from exc
    if graph is None and not fmt.datasets:
        return quads
    return [
        ox.Quad(q.subject, q.predicate, q.object, target)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in quads
    ]


def insert_data_lines(quads: Iterable[ox.Quad]) -> Iterator[str]:
    """Quads as lines of an ``INSERT DATA`` block, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    for graph, lines in by_graph.items():
        if graph:
            yield f"GRAPH {graph} {{"
            yield from lines
            yield "}"
        else:
            yield from lines
