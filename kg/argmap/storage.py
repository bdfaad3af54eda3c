"""Argument maps in the store: each in its own named graph ``graphs.argmap(doc)``.

A map is read and checked whole (syntax, dangling references, support cycles) before its
graph is swapped in, so a failed import leaves the store as it was.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> m = read_text("[T]: Thesis.\\n  + [R]: Reason.\\n", "demo.argdown")
>>> load_map(store, m, "demo") > 0
True
>>> [row["id"] for row in list_maps(store)], read_map(store, "demo").counts()["relations"]
(['demo'], 1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.argmap.argdown_parse import check, parse_argdown
from kg.argmap.grounds import check_grounds
from kg.argmap.model import ArgMap
from kg.argmap.rdf import from_graph, to_graph
from kg.errors import InputError, NotFoundError
from kg.rdf import graphs
from kg.rdf.provenance import Input, add_provenance
from kg.rdf.slugs import slugify
from kg.store import Store, value_of
from kg.store.named import get_query, run_named_query
from kg.store.removal import remove_graphs

__all__ = [
    "as_json",
    "delete_map",
    "doc_id",
    "list_maps",
    "load_file",
    "load_map",
    "read_file",
    "read_map",
    "read_text",
]


def doc_id(path: str | Path, m: ArgMap | None = None) -> str:
    """The map's identifier: its front matter's ``doc``, else the file name's stem."""
    named = (m.frontmatter.get("doc") if m is not None else None) or Path(path).stem
    slug = slugify(str(named))
    if not slug:
        raise InputError(
            "cannot make an identifier for the map: name it with --doc", where=str(path)
        )
    return slug


def read_text(text: str, name: str) -> ArgMap:
    """A map from Argdown (``*.argdown``) or AIF JSON (``*.json``) text, checked whole."""
    if name.endswith(".json"):
        from kg.argmap.aif_json import aif_to_map, parse_aif

        m = aif_to_map(parse_aif(text, source=name))
    else:
        m = parse_argdown(text, source=name)
    check(m, source=name)
    return m


def read_file(path: str | Path) -> ArgMap:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", where=str(path)) from None
    return read_text(text, path.name)


def _held_elsewhere(store: Store, g: Graph, graph: str) -> Graph:
    """``g`` without the triples another graph already holds (each triple in one graph)."""
    subjects = {s for s, _p, _o in g}
    if not subjects:
        return g
    values = " ".join(str(ox.NamedNode(str(s))) for s in subjects if isinstance(s, URIRef))
    query = (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { " + values + " } "
        "GRAPH ?g { ?s ?p ?o } FILTER (?g != " + str(ox.NamedNode(graph)) + ") }"
    )
    held = set(store.query(query).triples())
    if not held:
        return g
    kept = Graph()
    for s, p, o in g:
        triple = ox.Triple(
            ox.NamedNode(str(s)),
            ox.NamedNode(str(p)),
            _term(o),
        )
        if triple not in held:
            kept.add((s, p, o))
    return kept


def _term(o: Any) -> ox.NamedNode | ox.Literal:
    from rdflib import Literal as RLiteral

    if isinstance(o, RLiteral):
        if o.language:
            return ox.Literal(str(o), language=o.language)
        if o.datatype:
            return ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))
        return ox.Literal(str(o))
    return ox.NamedNode(str(o))


def load_map(
    store: Store,
    m: ArgMap,
    doc: str,
    *,
    inputs: list[Input] | None = None,
    unknown: str = "error",
    warn: Callable[[str], None] | None = None,
    source: str | None = None,
) -> int:
    """Swap ``m`` in as the graph of ``doc``; returns the graph's size.

    A work or concept the map names that the graph does not hold is refused
    (``DanglingReferenceError``) before anything is written, or with ``unknown="warn"``
    passed to ``warn`` and loaded all the same (``kg.argmap.grounds``)."""
    check_grounds(store, m, source=source, unknown=unknown, warn=warn)
    graph = graphs.argmap(doc)
    g = _held_elsewhere(store, to_graph(m, doc), graph)
    add_provenance(g, graph, inputs or [], activity="argmap-import")
    body = g.serialize(format="nt", encoding="utf-8")
    return store.replace_graph(graph, body, format="nt")


def load_file(
    store: Store,
    path: str | Path,
    *,
    doc: str | None = None,
    unknown: str = "error",
    warn: Callable[[str], None] | None = None,
) -> tuple[str, ArgMap, int]:
    """Read, check and load one file; returns (doc, map, triples)."""
    path = Path(path)
    m = read_file(path)
    doc = slugify(doc) if doc else doc_id(path, m)
    if not doc:
        raise InputError("the map identifier is empty", where=str(path))
    inputs = [Input(path.name, path.read_bytes())]
    size = load_map(store, m, doc, inputs=inputs, unknown=unknown, warn=warn, source=path.name)
    return doc, m, size


def _existing(store: Store, doc: str) -> str:
    """The graph of the map ``doc``; ``NotFoundError`` naming the maps there are if none."""
    graph = graphs.argmap(doc)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", doc) or not store.has_graph(graph):
        known = ", ".join(row["id"] for row in list_maps(store)) or "none"
        raise NotFoundError(f"no argument map {doc!r} in the store (maps: {known})")
    return graph


def read_map(store: Store, doc: str) -> ArgMap:
    """The map of ``doc`` as the store holds it."""
    graph = _existing(store, doc)
    data = store.dump_graph(graph, format="nt")
    g = Graph().parse(data=data.decode("utf-8"), format="nt")
    return from_graph(g, doc)


def delete_map(store: Store, doc: str) -> dict[str, int]:
    """Remove the map ``doc`` (its graph, and the inferences about what only it described),
    all or nothing; returns the triples removed per graph (``kg.store.removal``)."""
    return remove_graphs(store, [_existing(store, doc)])


def list_maps(store: Store) -> list[dict[str, Any]]:
    """Each map: id, IRI, title and counts (the named query ``argmap-list``)."""
    rows = run_named_query(store, get_query("argmap-list")).rows()
    out = []
    for row in rows:
        out.append(
            {
                "id": value_of(row, "id"),
                "iri": value_of(row, "map"),
                "title": value_of(row, "title"),
                "claims": int(value_of(row, "claims")),
                "arguments": int(value_of(row, "arguments")),
                "relations": int(value_of(row, "relations")),
            }
        )
    return out


def as_json(m: ArgMap) -> dict[str, Any]:
    """The map as plain JSON data (statements, arguments with their structures, relations)."""
    return json.loads(json.dumps(_plain(m), default=str))


def _plain(m: ArgMap) -> dict[str, Any]:
    return {
        "frontmatter": m.frontmatter,
        "sections": [s.__dict__ for s in m.sections],
        "statements": [
            {
                "title": s.title,
                "text": s.text,
                "texts": s.texts,
                "tags": s.tags,
                "data": s.data,
                "section": s.section,
            }
            for s in m.statements.values()
        ],
        "arguments": [
            {
                "title": a.title,
                "text": a.text,
                "descriptions": a.descriptions,
                "tags": a.tags,
                "data": a.data,
                "section": a.section,
                "pcs": [
                    {
                        "title": step.title,
                        "role": a.role(i),
                        "inference": None
                        if step.inference is None
                        else {"rules": step.inference.rules, "data": step.inference.data},
                    }
                    for i, step in enumerate(a.pcs)
                ],
            }
            for a in m.arguments.values()
        ],
        "relations": [
            {"kind": r.kind, "from": list(r.source), "to": list(r.target)} for r in m.relations
        ],
        "counts": m.counts(),
    }
