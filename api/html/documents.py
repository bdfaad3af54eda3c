"""The ingested documents as pages: the list, where to go from one document (its reference
list, its argument, its maps; the document itself is the reader, ``api.html.reader``), and
its reference list as a table.

>>> doc = {"id": "d<1>", "iri": "https://w3id.org/technocracy/id/work/d", "title": "<T>",
...        "year": None, "citations": 0, "references": 0, "argmap": False}
>>> page = documents_page([doc], base="")
>>> "&lt;T&gt;" in page and "<T>" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from api.templating import render

__all__ = [
    "document_links",
    "documents_page",
    "reference_rows",
    "references_page",
]


def document_links(doc: Mapping[str, Any], base: str) -> dict[str, Any]:
    """Where a document's pages are: its own, its reference list, its work, its argument
    map (if it has one) and its literature maps."""
    ident = quote(str(doc["id"]), safe="")

    def litmap(kind: str) -> str:
        return f"{base}/litmaps/{kind}?{urlencode({'doc': doc['id'], 'format': 'html'})}"

    return {
        "page": f"{base}/documents/{ident}",
        "references": f"{base}/documents/{ident}/references",
        "work": f"{base}/works/{ident}",
        "argmap": f"{base}/argmaps/{ident}?format=html" if doc.get("argmap") else None,
        "claims": f"{base}/argmaps/{ident}/claims" if doc.get("argmap") else None,
        "maps": [
            ("Citation map: the works it cites", litmap("citation")),
            ("Co-citation map: the works it cites together", litmap("cocitation")),
            ("Concepts and works", litmap("concept-work")),
        ],
    }


def documents_page(
    docs: Sequence[Mapping[str, Any]],
    *,
    base: str,
    total: int | None = None,
    offset: int = 0,
    links: Mapping[str, str | None] | None = None,
) -> str:
    """A page of the ingested documents (``total`` in all, this page from ``offset``, the
    pages around it at ``links``), each with its counts and links."""
    return render(
        "documents.html",
        base=base,
        title="Documents",
        crumbs=[],
        docs=[(doc, document_links(doc, base)) for doc in docs],
        total=len(docs) if total is None else total,
        offset=offset,
        links=links or {},
    )


def _names(csl: Mapping[str, Any]) -> str:
    names = []
    for person in csl.get("author") or csl.get("editor") or []:
        if isinstance(person, dict):
            names.append(person.get("family") or person.get("literal") or "")
    return "; ".join(n for n in names if n)


def _year(csl: Mapping[str, Any]) -> str:
    parts = (csl.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def references_page(doc: str, records: Sequence[Mapping[str, Any]], *, base: str) -> str:
    """A document's reference list: each entry with its fields, the reading's confidence,
    the keys the text cites it by and how many citations resolve to it."""
    ident = quote(doc, safe="")
    return render(
        "references.html",
        base=base,
        title=f"References of {doc}",
        crumbs=[("Documents", f"{base}/documents"), (doc, f"{base}/documents/{ident}")],
        rows=reference_rows(records),
        reader=f"{base}/documents/{ident}",
    )


def reference_rows(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The entries of a reference list (``kg.ingest.listing.list_references``) as the
    pages show them: position, work, authors, year, title, confidence, keys, citations."""
    return [
        {
            "position": r["position"],
            "id": r["id"],
            "authors": _names(r["csl"]),
            "year": _year(r["csl"]),
            "title": r["csl"].get("title") or r.get("raw") or "",
            "raw": r.get("raw"),
            "confidence": r.get("confidence") or "",
            "cited_as": "; ".join(r.get("cited_as") or []),
            "citations": len(r.get("citations") or []),
            "warnings": r.get("warnings") or [],
        }
        for r in records
    ]
