"""The ingested documents, each as a record: its id, title, year, how many citations and
reference-list entries ingest found in it, and whether it has an argument map.

>>> from kg.store import OxigraphStore
>>> list_documents(OxigraphStore())
[]
>>> document_record(OxigraphStore(), "nosuchdoc")
Traceback (most recent call last):
...
kg.errors.NotFoundError: no document 'nosuchdoc' in the store (documents: none)
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.errors import NotFoundError
from kg.ingest.delete import documents
from kg.rdf import graphs
from kg.rdf.namespaces import WORK
from kg.store import Store
from kg.store.base import Term

__all__ = ["document_record", "list_documents"]

_ABOUT = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?doc ?title ?issued WHERE {
  OPTIONAL { ?doc dct:title ?title }
  OPTIONAL { ?doc dct:issued ?issued }
} LIMIT 1"""
_COUNTS = """PREFIX biro: <http://purl.org/spar/biro/>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
SELECT ?doc ?g
  (COUNT(DISTINCT ?citation) AS ?citations)
  (COUNT(DISTINCT ?entry) AS ?entries)
WHERE {
  { GRAPH ?g { ?citation a c4o:InTextReferencePointer } }
  UNION
  { ?list a biro:ReferenceList ; frbr:partOf ?doc . ?entry frbr:partOf ?list }
}
GROUP BY ?doc ?g"""


def _value(term: Term | None) -> str | None:
    return term.value if term is not None else None


def _record(store: Store, doc: str) -> dict[str, Any]:
    iri = ox.NamedNode(str(WORK[doc]))
    about = store.query(_ABOUT, bindings={"doc": iri}).rows()
    title = _value(about[0]["title"]) if about else None
    issued = _value(about[0]["issued"]) if about else None
    found = store.query(
        _COUNTS, bindings={"doc": iri, "g": ox.NamedNode(graphs.corpus(doc))}
    ).rows()
    counts = found[0] if found else {"citations": None, "entries": None}
    return {
        "id": doc,
        "iri": iri.value,
        "title": title,
        "year": issued[:4] if issued else None,
        "citations": int(_value(counts["citations"]) or 0),
        "references": int(_value(counts["entries"]) or 0),
        "argmap": store.has_graph(graphs.argmap(doc)),
    }


def list_documents(store: Store) -> list[dict[str, Any]]:
    """Every ingested document (those with a graph ``graph:corpus/{doc}``), by id."""
    return [_record(store, doc) for doc in documents(store)]


def document_record(store: Store, doc: str) -> dict[str, Any]:
    """One ingested document's record; ``NotFoundError`` if the store has no such document."""
    known = documents(store)
    if doc not in known:
        raise NotFoundError(
            f"no document {doc!r} in the store (documents: {', '.join(known) or 'none'})"
        )
    return _record(store, doc)
