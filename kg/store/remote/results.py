"""A server's answer to a query, read by pyoxigraph into the same ``QueryResult`` the embedded
store returns, so that serialization stays Oxigraph's whatever the backend.

Servers differ in what they write: Virtuoso names blank nodes ``nodeID://b10000`` in its
JSON and XML results (not a valid blank node label), which are renamed here, consistently
within one answer; and it writes every ``xsd:boolean`` as ``"1"``/``"0"`` (it keeps them as
integers), put back here as the canonical ``"true"``/``"false"`` the data held
(``virtuoso=True``). A graph (CONSTRUCT, DESCRIBE) is parsed and handed back through an
in-memory pyoxigraph store, the only way to get a ``QueryTriples`` object.

>>> body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "bnode", "value": "nodeID://b1"}}]}}'
>>> [row["s"] for row in read_answer(Answer("application/sparql-results+json", body)).rows()]
[<BlankNode value=nodeID_b1>]
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from kg.errors import RdfSyntaxError, StoreRefusedError
from kg.store import QueryResult
from kg.store.rdfio import check_entity_expansion
from kg.store.remote.http import Answer

__all__ = ["read_answer", "read_graph"]

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
#: How a complete document of results ends.
_LAST = {ox.QueryResultsFormat.JSON: b"}", ox.QueryResultsFormat.XML: b"</sparql>"}
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
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"1": "true", "0": "false"}
_XML_BOOLEAN = re.compile(
    rb'(<literal datatype="' + _XSD_BOOLEAN.encode() + rb'">)\s*([01])\s*(</literal>)'
)


def _label(value: str) -> str:
    """A valid blank node label for a server's name of one (the same name, the same label)."""
    label = _BAD_LABEL.sub("_", value.replace("://", "_"))
    return label if label and label[0].isalnum() else f"b{label}"


def _fix_json(body: bytes, virtuoso: bool) -> bytes:
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _label(term["value"])
            elif virtuoso and term.get("datatype") == _XSD_BOOLEAN:
                term["value"] = _BOOLEANS.get(term["value"].strip(), term["value"])
    return json.dumps(data).encode()


def _fix_xml(body: bytes, virtuoso: bool) -> bytes:
    body = _XML_BNODE.sub(
        lambda m: b"<bnode>" + _label(m.group(1).decode()).encode() + b"</bnode>", body
    )
    if virtuoso:
        body = _XML_BOOLEAN.sub(
            lambda m: m.group(1) + (b"true" if m.group(2) == b"1" else b"false") + m.group(3),
            body,
        )
    return body


def read_graph(body: bytes, media_type: str) -> list[ox.Triple]:
    """The triples of an RDF document a server sent."""
    fmt = _GRAPHS.get(media_type)
    if fmt is None:
        raise StoreRefusedError(f"the server sent a graph as {media_type!r}, which we cannot read")
    try:
        if fmt == ox.RdfFormat.RDF_XML:
            check_entity_expansion(body, where="the server's graph")
        return [q.triple for q in ox.parse(body, format=fmt)]
    except (SyntaxError, ValueError, RdfSyntaxError) as exc:
        raise StoreRefusedError(f"the server sent a graph that does not parse: {exc}") from exc


def read_answer(answer: Answer, *, virtuoso: bool = False) -> QueryResult:
    """The ``QueryResult`` of a server's answer (solutions, a boolean or a graph);
    ``virtuoso``: its booleans made ``true``/``false`` again.

    >>> term = {"type": "literal", "datatype": _XSD_BOOLEAN, "value": "1"}
    >>> body = json.dumps({"head": {"vars": ["b"]}, "results": {"bindings": [{"b": term}]}})
    >>> answer = Answer("application/json", body.encode())
    >>> [row["b"].value for row in read_answer(answer, virtuoso=True).rows()]
    ['true']
    """
    fmt = _RESULTS.get(answer.media_type)
    if fmt is not None:
        body = answer.body
        if not body.rstrip().endswith(_LAST[fmt]):
            # pyoxigraph reads solutions lazily: a cut could only show up row by row, later
            raise StoreRefusedError(
                f"the server's results end before they are complete (after {len(body):,} "
                "bytes): cut short by its own time limit?"
            )
        try:
            if b"bnode" in body or (virtuoso and _XSD_BOOLEAN.encode() in body):
                if fmt == ox.QueryResultsFormat.JSON:
                    body = _fix_json(body, virtuoso)
                else:
                    body = _fix_xml(body, virtuoso)
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
