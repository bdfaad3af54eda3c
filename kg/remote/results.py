"""A server's answer to a query, read by pyoxigraph into the same ``QueryResult`` the embedded
store returns, so that serialization stays Oxigraph's whatever the backend.

Servers differ in what they write: Virtuoso names blank nodes ``nodeID://b10000`` in its
JSON and XML results (not a valid blank node label), which are renamed here, consistently
within one answer. A graph (CONSTRUCT, DESCRIBE) is parsed and handed back through an
in-memory pyoxigraph store, the only way to get a ``QueryTriples`` object.

>>> body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "bnode", "value": "nodeID://b1"}}]}}'
>>> [row["s"] for row in read_answer(Answer("application/sparql-results+json", body)).rows()]
[<BlankNode value=nodeID_b1>]
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from ..errors import StoreRefusedError
from ..store import QueryResult
from .http import Answer

__all__ = ["read_answer", "read_graph"]

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_BAD_LABEL = re.compile(r"[^A-Za-z0-9_\-.]")
_XML_BNODE = re.compile(rb"<bnode>([^<]*)</bnode>")


def _label(value: str) -> str:
    """A valid blank node label for a server's name of one (the same name, the same label)."""
    label = _BAD_LABEL.sub("_", value.replace("://", "_"))
    return label if label and label[0].isalnum() else f"b{label}"


def _fix_json(body: bytes) -> bytes:
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _label(term["value"])
    return json.dumps(data).encode()


def _fix_xml(body: bytes) -> bytes:
    return _XML_BNODE.sub(
        lambda m: b"<bnode>" + _label(m.group(1).decode()).encode() + b"</bnode>", body
    )


def read_graph(body: bytes, media_type: str) -> list[ox.Triple]:
    """The triples of an RDF document a server sent."""
    fmt = _GRAPHS.get(media_type)
    if fmt is None:
        raise StoreRefusedError(f"the server sent a graph as {media_type!r}, which we cannot read")
    try:
        return [q.triple for q in ox.parse(body, format=fmt)]
    except (SyntaxError, ValueError) as exc:
        raise StoreRefusedError(f"the server sent a graph that does not parse: {exc}") from exc


def read_answer(answer: Answer) -> QueryResult:
    """The ``QueryResult`` of a server's answer (solutions, a boolean or a graph)."""
    fmt = _RESULTS.get(answer.media_type)
    if fmt is not None:
        body = answer.body
        try:
            if b"bnode" in body:
                body = _fix_json(body) if fmt == ox.QueryResultsFormat.JSON else _fix_xml(body)
            raw = ox.parse_query_results(body, format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise StoreRefusedError(
                f"the server sent results that do not parse (cut short by its own time "
                f"limit?): {' '.join(str(exc).split())[:160]}"
            ) from exc
        return QueryResult.of(raw)
    triples = read_graph(answer.body, answer.media_type)
    holder = ox.Store()
    holder.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return QueryResult.of(holder.query("CONSTRUCT WHERE { ?s ?p ?o }"))
