"""RDF in: parse fully before anything is written (so bad input changes nothing), with the
line and column the parser stopped at; the checks of what a load may write where."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import (
    InputError,
    RdfSyntaxError,
    StoreError,
    UnsupportedFormatError,
)
from kg.store.base import Source, Stream, rdf_syntax
from kg.store.formats import RDF_FORMATS, Format, rdf_format

__all__ = [
    "check_entity_expansion",
    "dataset_format",
    "guard_stream",
    "insert_data_lines",
    "named_node",
    "one_graph_quads",
    "parse_rdf",
    "read_source",
    "stream_format",
]

_LINE_COL = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")


def named_node(value: str, *, where: str | None = None) -> ox.NamedNode:
    """``value`` as an IRI, checked by pyoxigraph; one that is not is the caller's
    ``InputError`` (a 400, naming ``where``), never a bare ``ValueError`` (a 500).

    >>> named_node("http://e/g").value
    'http://e/g'
    >>> named_node("a b", where="graph")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: graph: not an IRI: 'a b' (Invalid IRI code point ' ')
    """
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise InputError(f"not an IRI: {value!r} ({exc})", where=where) from exc


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
    if syntax == ox.RdfFormat.RDF_XML:
        check_entity_expansion(raw, where=name)
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


#: What the entity references of an RDF/XML document may expand to, in all: this many
#: bytes, or ``ENTITY_EXPANSION_FACTOR`` times the document's size if that is more.
ENTITY_EXPANSION_CAP = 1_000_000
ENTITY_EXPANSION_FACTOR = 10
#: How deep entity values may refer to other entities (``<!ENTITY b "&a;x">`` is one).
ENTITY_NESTING = 4

_NEWLINE = b"\n"
_ENTITY_KEYWORD = re.compile(rb"<!ENTITY", re.IGNORECASE)
#: the one kind of declaration accepted, an internal general entity: ``<!ENTITY owl "...">``
_ENTITY_DECL = re.compile(rb'<!ENTITY\s+([^\s%"\'<>&;]+)\s+"([^"<]*)"\s*>')
#: a named reference (character references, ``&#38;``, are never longer than they expand to)
_ENTITY_REF = re.compile(rb"&([^\s&;<>\"'#%][^\s&;<>\"'%]*);")


def check_entity_expansion(raw: bytes, *, where: str = "<input>") -> None:
    """Refuse RDF/XML whose entities would expand far beyond its own size.

    The RDF/XML parser expands internal entities, nested ones included, so a kilobyte of
    ``<!ENTITY lol2 "&lol1;&lol1;...">`` declarations turns into gigabytes ("billion
    laughs"). Declarations of plain values, as ontologies use them
    (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``), are fine. Refused, with the line:
    a declaration other than ``<!ENTITY name "value">``, entities that refer to themselves
    or nest deeper than ``ENTITY_NESTING``, and references whose expansions add up to more
    than ``ENTITY_EXPANSION_CAP`` bytes or ``ENTITY_EXPANSION_FACTOR`` times the input.

    >>> lol = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    >>> check_entity_expansion(lol + b'<!ENTITY c "' + b"&b;" * 10 + b'">]><r>&c;&c;</r>')
    >>> check_entity_expansion(lol + b'<!ENTITY c "' + b"&b;" * 9000 + b'">]><r>&c;&c;</r>')
    Traceback (most recent call last):
    ...
    kg.errors.RdfSyntaxError: <input>:1: rdfxml: entity references would expand to more than ...
    """
    if not _ENTITY_KEYWORD.search(raw):
        return

    def line(pos: int) -> str:
        return f"{where}:{raw.count(_NEWLINE, 0, pos) + 1}"

    values: dict[bytes, list[bytes]] = {}
    declared = {m.start() for m in _ENTITY_DECL.finditer(raw)}
    for keyword in _ENTITY_KEYWORD.finditer(raw):
        if keyword.start() not in declared:
            raise RdfSyntaxError(
                "rdfxml: only internal entities of a plain value are accepted, "
                '<!ENTITY name "value">',
                where=line(keyword.start()),
            )
    positions: dict[bytes, int] = {}
    for decl in _ENTITY_DECL.finditer(raw):
        values.setdefault(decl.group(1), []).append(decl.group(2))
        positions.setdefault(decl.group(1), decl.start())

    def _entity_error(name: bytes, problem: str) -> RdfSyntaxError:
        text = name.decode(errors="replace")
        return RdfSyntaxError(f"rdfxml: entity {text!r} {problem}", where=line(positions[name]))

    sizes: dict[bytes, tuple[int, int]] = {}  # name: expanded length, nesting depth

    def size(name: bytes, trail: tuple[bytes, ...]) -> tuple[int, int]:
        if name not in values:
            return len(name) + 2, 0  # a predefined entity, or one the parser will refuse
        if name in sizes:
            return sizes[name]
        if name in trail:
            raise _entity_error(name, "refers to itself")
        if len(trail) > ENTITY_NESTING:
            raise _entity_error(trail[0], "nests entities too deep")
        length, depth = 0, 0
        for value in values[name]:  # declared twice: either value may be the one used
            refs = list(_ENTITY_REF.finditer(value))
            inner = [size(r.group(1), (*trail, name)) for r in refs]
            plain = len(value) - sum(len(r.group(0)) for r in refs)
            length = max(length, plain + sum(n for n, _ in inner))
            depth = max([depth, *(d + 1 for _, d in inner)])
        if depth > ENTITY_NESTING:
            raise _entity_error(name, "nests entities too deep")
        sizes[name] = length, depth
        return length, depth

    for name in values:
        size(name, ())
    budget = max(ENTITY_EXPANSION_CAP, ENTITY_EXPANSION_FACTOR * len(raw))
    expanded = 0
    for ref in _ENTITY_REF.finditer(raw):
        if ref.group(1) in values:
            expanded += sizes[ref.group(1)][0]
            if expanded > budget:
                raise RdfSyntaxError(
                    f"rdfxml: entity references would expand to more than {budget} bytes "
                    f"(at &{ref.group(1).decode(errors='replace')};); refused",
                    where=line(ref.start()),
                )


def guard_stream(source: Stream, fmt: Format) -> Stream:
    """``source``, ready for the parser: RDF/XML is read whole and its entity expansion
    checked first (:func:`check_entity_expansion`); other formats pass as they are."""
    if fmt.oxigraph != ox.RdfFormat.RDF_XML:
        return source
    if isinstance(source, Path):
        raw, name = read_source(source)
    elif isinstance(source, bytes):
        raw, name = source, "<input>"
    else:
        raw, name = _read_all(source), "<input>"
    check_entity_expansion(raw, where=name)
    return raw


def _read_all(source: BinaryIO) -> bytes:
    data = source.read()
    return data if isinstance(data, bytes) else bytes(data)


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
