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

from collections.abc import Collection
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
# two queries, not one UNION grouped by document and graph: a UNION's branches do not see
# the document bound, and read every document's citations and reference list (2.7 s a
# page of 50 documents beside 1,000 papers)
_CITATIONS = """PREFIX c4o: <http://purl.org/spar/c4o/>
SELECT (COUNT(DISTINCT ?citation) AS ?n) WHERE {
  GRAPH %s { ?citation a c4o:InTextReferencePointer }
}"""
_ENTRIES = """PREFIX biro: <http://purl.org/spar/biro/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
SELECT (COUNT(DISTINCT ?entry) AS ?n) WHERE {
  ?list a biro:ReferenceList ; frbr:partOf %s . ?entry frbr:partOf ?list
}"""


def _value(term: Term | None) -> str | None:
    return term.value if term is not None else None


def _record(store: Store, doc: str) -> dict[str, Any]:
    iri = ox.NamedNode(str(WORK[doc]))
    about = store.query(_ABOUT, bindings={"doc": iri}).rows()
    title = _value(about[0]["title"]) if about else None
    issued = _value(about[0]["issued"]) if about else None
    # the IRIs written in (N-Triples form, escaped): a COUNT over a bound variable would
    # still be planned from every citation
    (citations,) = store.query(_CITATIONS % ox.NamedNode(graphs.corpus(doc))).rows()
    (entries,) = store.query(_ENTRIES % iri).rows()
    return {
        "id": doc,
        "iri": iri.value,
        "title": title,
        "year": issued[:4] if issued else None,
        "citations": int(_value(citations["n"]) or 0),
        "references": int(_value(entries["n"]) or 0),
        "argmap": store.has_graph(graphs.argmap(doc)),
    }


def list_documents(store: Store) -> list[dict[str, Any]]:
    """Every ingested document (those with a graph ``graph:corpus/{doc}``), by id."""
    return [_record(store, doc) for doc in documents(store)]


def document_record(store: Store, doc: str, known: Collection[str] | None = None) -> dict[str, Any]:
    """One ingested document's record; ``NotFoundError`` if the store has no such document
    (among ``known``, the documents' ids when the caller has just read them)."""
    known = documents(store) if known is None else known
    if doc not in known:
        raise NotFoundError(
            f"no document {doc!r} in the store (documents: {', '.join(sorted(known)) or 'none'})"
        )
    return _record(store, doc)
