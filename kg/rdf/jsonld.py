"""JSON-LD that plain tools read: one graph, compacted with the project's own ``@context``.

pyoxigraph writes JSON-LD expanded (full IRIs everywhere), and a graph taken from a named
graph as a named-graph document, which ``rdflib.Graph().parse(format="json-ld")`` reads as
an empty default graph. Here a graph is written as a plain graph document (``@graph`` at
the top) by rdflib's JSON-LD serializer, compacted with ``CONTEXT``: the prefixes of
``kg.rdf.namespaces``, the same context the server publishes at ``/context.jsonld``. The
context is embedded, not referenced by URL, so that a reader never has to fetch anything.

>>> doc = compact_jsonld(b'<https://w3id.org/technocracy/id/work/a> '
...                      b'<http://purl.org/dc/terms/title> "A" .\\n')
>>> import json; data = json.loads(doc)
>>> data["@id"], data["dct:title"], data["@context"]["dct"]
('work:a', 'A', 'http://purl.org/dc/terms/')
"""

from __future__ import annotations

import json

from rdflib import Graph

from kg.rdf.namespaces import PREFIXES

__all__ = ["CONTEXT", "compact_jsonld", "context_document"]

#: The JSON-LD context of every document we write: prefix -> namespace IRI.
CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))


def context_document() -> bytes:
    """The context as a document of its own (what ``/context.jsonld`` serves).

    >>> json.loads(context_document())["@context"]["tech"]
    'https://w3id.org/technocracy/ontology#'
    """
    return json.dumps({"@context": CONTEXT}, indent=2).encode("utf-8")


def compact_jsonld(ntriples: bytes) -> bytes:
    """The triples of an N-Triples document as one compacted JSON-LD graph document."""
    graph = Graph(bind_namespaces="none")
    graph.parse(data=ntriples.decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=dict(CONTEXT), indent=1)
    return text.encode("utf-8")
