"""The document reader: an ingested document's text as the store keeps it, in its sections
and pages, with its citations linked to the works they resolve to, its concept mentions to
the concepts' pages and its anchors to the claims and concepts resting on them; beside it,
the reference list and where to go from the document.

The text and its marks come laid out by :func:`kg.ingest.layout.laid_out`; this module
only says where each mark links to on this server and renders ``document.html``.

>>> from kg.ingest.layout import lay_out
>>> laid = lay_out({"document": {"id": "d", "iri": "https://w3id.org/technocracy/id/work/d",
...     "title": "<T>", "year": None, "citations": 0, "references": 0, "argmap": False},
...     "units": [], "citations": [], "mentions": {}, "labels": [], "anchors": [],
...     "references": []})
>>> page = reader_page(laid, base="")
>>> "&lt;T&gt;" in page and "<T>" not in page
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from api.html.documents import document_links
from api.templating import local_href, render
from kg.ingest.layout import laid_out
from kg.rdf.namespaces import ID
from kg.store import Store
from kg.store.named import NamedQuery

__all__ = ["claim_href", "reader_html", "reader_page", "work_href"]


def work_href(slug: str | None, iri: str | None, base: str) -> str | None:
    """The page of a cited work: ``/works/{slug}``, or where this server shows its IRI."""
    if slug:
        return f"{base}/works/{quote(slug, safe='')}"
    return local_href(iri, base) if iri else None


def claim_href(iri: str, kind: str, slug: str | None, base: str) -> str:
    """The page of what an anchor anchors: a claim or argument of a map
    (``/argmaps/{map}/claims/{cid}``), a concept (``/concepts/{name}``), else its IRI's.

    >>> claim_href("https://w3id.org/technocracy/id/claim/d/c-1", "claim", None, "")
    '/argmaps/d/claims/c-1'
    """
    if kind == "claim":
        _, _, rest = iri.removeprefix(str(ID)).partition("/")
        ident, _, cid = rest.partition("/")
        if ident and cid and "/" not in cid:
            return f"{base}/argmaps/{quote(ident, safe='')}/claims/{quote(cid, safe='')}"
    if slug:
        return f"{base}/concepts/{quote(slug, safe='')}"
    return local_href(iri, base)


def _holders(laid: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    for block in laid["blocks"]:
        yield from block.get("sentences") or [block]
    yield from laid["footnotes"]


def _linked(laid: Mapping[str, Any], base: str) -> None:
    """Give every citation, concept, anchor and reference entry its ``href``."""
    anchors = list(laid["notes"]["anchors"])
    citations = [*laid["notes"]["citations"], *laid["unresolved"]]
    for unit in _holders(laid):
        citations += unit.get("citations") or []
        anchors += unit.get("anchors") or []
        for concept in unit.get("terms") or []:
            concept["href"] = claim_href(concept["iri"], "concept", concept["slug"], base)
    for entry in laid["references"]:
        entry["href"] = work_href(entry["work"], entry["work_iri"], base)
        citations += entry["citations"]
    for citation in citations:
        citation["href"] = work_href(citation["work"], citation["work_iri"], base)
    for anchor in anchors:
        slug = anchor["iri"].rsplit("#", 1)[-1] if anchor["kind"] == "concept" else None
        anchor["href"] = claim_href(anchor["iri"], anchor["kind"], slug, base)


def reader_page(laid: Mapping[str, Any], *, base: str) -> str:
    """The reader of one ingested document (``kg.ingest.layout.laid_out``)."""
    doc = laid["document"]
    _linked(laid, base)
    return render(
        "document.html",
        base=base,
        title=doc.get("title") or doc["id"],
        crumbs=[("Documents", f"{base}/documents")],
        doc=doc,
        links=document_links(doc, base),
        reading=laid,
    )


def reader_html(
    store: Store, doc: str, base: str, queries: Mapping[str, NamedQuery] | None = None
) -> str:
    """The reader of ``doc`` read, laid out and rendered in one call, so that a query
    worker does all of it and hands back one string, not the laid-out records."""
    return reader_page(laid_out(store, doc, queries), base=base)
