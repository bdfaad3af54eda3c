"""The citations and the reference list of an ingested document, as records for people
and scripts."""

from __future__ import annotations

import json

from kg.bib.citekeys import parse_key
from kg.errors import InputError, NotFoundError
from kg.rdf.graphs import of_documents
from kg.rdf.namespaces import WORK
from kg.store import Store, value_of
from kg.store.named import get_query, run_named_query

__all__ = ["FIELDS", "list_citations", "list_references"]

#: The fields of one record, in the order CSV and table output use.
FIELDS = (
    "text",
    "surnames",
    "year",
    "locator",
    "prefix",
    "narrative",
    "sentence",
    "page",
    "start",
    "end",
    "reference",
    "confidence",
    "reason",
)


def _value(row: dict, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def list_citations(store: Store, doc: str) -> list[dict]:
    """Every citation instance of ``doc`` (an id such as ``kitchin2019smart``) in text order.

    ``reference`` is ``{id, title, year, authors}`` of the resolved entry, or None.
    """
    rows = _rows_of(
        store,
        "citations",
        doc,
        "PREFIX frbr: <http://purl.org/vocab/frbr/core#>\n"
        "PREFIX c4o: <http://purl.org/spar/c4o/>\n"
        "SELECT DISTINCT ?doc WHERE { ?c a c4o:InTextReferencePointer ; "
        "<http://purl.org/dc/terms/isPartOf>/frbr:realizationOf ?doc }",
        f"no citations of a document {doc!r} in the store; ingested",
    )
    return _records(rows)


def _surnames(key: str) -> list[str]:
    """The surnames of an author-date key; none for a numeric callout (``[3]``) or a
    title cited as its author (``“Police fill rec center void” 1996``)."""
    try:
        return list(parse_key(key).surnames)
    except InputError:
        return []


def _records(rows: list[dict]) -> list[dict]:
    records = []
    for row in rows:
        work = _value(row, "work")
        key = _value(row, "key") or ""
        records.append(
            {
                "text": _value(row, "text"),
                "surnames": _surnames(key),
                "year": _value(row, "year"),
                "locator": _value(row, "locator"),
                "prefix": _value(row, "prefix"),
                "narrative": _value(row, "narrative") == "true",
                "sentence": _value(row, "context"),
                "sentence_iri": _value(row, "sentence"),
                "page": int(_value(row, "page") or 0),
                "start": int(_value(row, "start") or 0),
                "end": int(_value(row, "end") or 0),
                "reference": None
                if work is None
                else {
                    "id": work.rsplit("/", 1)[-1],
                    "title": _value(row, "title"),
                    "year": _value(row, "workYear"),
                    "authors": [a for a in (_value(row, "authors") or "").split("; ") if a],
                },
                "confidence": float(_value(row, "confidence") or 0),
                "reason": _value(row, "reason"),
            }
        )
    return records


def list_references(store: Store, doc: str) -> list[dict]:
    """Every entry of the reference list of ``doc`` in the list's order, cited or not:
    ``position``, ``id``, ``raw`` (the text as the list gives it), ``csl`` (the fields
    parsed, a CSL-JSON item), ``confidence`` (high, medium or low), ``note``,
    ``warnings``, ``cited_as`` (the keys the text cites it by) and ``citations`` (each
    in-text citation that resolves to it: text, page, offsets, confidence).
    """
    rows = _rows_of(
        store,
        "document-references",
        doc,
        "PREFIX frbr: <http://purl.org/vocab/frbr/core#>\n"
        "PREFIX biro: <http://purl.org/spar/biro/>\n"
        "SELECT DISTINCT ?doc WHERE { ?list a biro:ReferenceList ; frbr:partOf ?doc . "
        "?entry frbr:partOf ?list }",
        f"no reference list of a document {doc!r} in the store; with one",
    )
    cited: dict[str, list[dict]] = {}
    try:
        citations = list_citations(store, doc)
    except NotFoundError:  # a list, and no citations in the text
        citations = []
    for c in citations:
        if c["reference"]:
            cited.setdefault(c["reference"]["id"], []).append(
                {k: c[k] for k in ("text", "page", "start", "end", "confidence")}
            )
    records: dict[str, dict] = {}  # by reference: a reference with two notes is two rows
    for row in rows:
        reference = _value(row, "reference") or ""
        if reference in records:
            notes = {*(records[reference]["note"] or "").split("\n"), _value(row, "note") or ""}
            records[reference]["note"] = "\n".join(sorted(n for n in notes if n))
            continue
        ref_id = (_value(row, "work") or "").rsplit("/", 1)[-1]
        csl = _value(row, "csl")
        records[reference] = {
            "position": int(_value(row, "position") or 0),
            "id": ref_id,
            "raw": _value(row, "raw"),
            "csl": json.loads(csl) if csl else {"id": ref_id},
            "confidence": _value(row, "confidence"),
            "note": _value(row, "note"),
            "warnings": [w for w in (_value(row, "warnings") or "").split("\n") if w],
            "cited_as": [k for k in (_value(row, "keys") or "").split("; ") if k],
            "citations": cited.get(ref_id, []),
        }
    return sorted(records.values(), key=lambda r: r["position"])


def _rows_of(store: Store, query: str, doc: str, known: str, missing: str) -> list:
    """The rows of the named ``query`` for ``doc``; none: NotFoundError saying ``missing``,
    then the documents that have some (the ``?doc`` of the ``known`` query)."""
    # read from the document's graphs alone: the rest of the store has nothing of it
    rows = run_named_query(
        store, get_query(query), {"doc": str(WORK[doc])}, limit=None, graphs=of_documents(doc)
    ).rows()
    if not rows:
        ids = sorted(value_of(r, "doc").rsplit("/", 1)[-1] for r in store.query(known).rows())
        raise NotFoundError(f"{missing}: {', '.join(ids) or 'none'}")
    return rows
