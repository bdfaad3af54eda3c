"""``/documents``: the ingested documents, each with what ingest read from it; a page for a
browser, JSON for others.

A browser asking for ``/documents/{id}`` gets the reader: the text as the store keeps it,
with every citation, concept mention and anchor marked and linked. Any page may link into
it by a fragment derived from the IRIs (``kg.ingest.reading``):

=====================  ==================================================================
``#s-N``               sentence ``id/sentence/{id}/N``
``#c-N``               in-text citation ``id/citation/{id}/N``
``#fn-L``, ``#t-N``    footnote ``id/footnote/{id}/L``, table ``id/table/{id}/N``
``#sec-SLUG``          section ``id/section/{id}/SLUG``
``#p-N``               where page N begins
``#ref-W``             the reference list's entry of work ``id/work/W``
=====================  ==================================================================
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.catalogue_call import CatalogueCall, CatalogueDep, catalogue_call
from api.html.documents import document_links, documents_page, references_page
from api.html.reader import reader_html
from api.named import NamedQueriesDep
from api.negotiation import HTML, JSON, VARY, negotiate
from api.pagination import CATALOGUE_RESPONSES, MAX_LIMIT, OffsetQuery
from kg.ingest.delete import documents as ingested_ids
from kg.ingest.docid import check_doc_id
from kg.ingest.documents import document_record
from kg.ingest.listing import list_references
from kg.ingest.reading import QUERIES
from kg.store import Store
from kg.store.formats import Format

__all__ = [
    "CSL_JSON",
    "PAGE",
    "REFERENCE_FORMATS",
    "document",
    "document_page",
    "document_references",
    "documents",
    "reference_format",
    "router",
]

router = APIRouter(prefix="/documents", tags=["documents"])

#: Documents on a page for a browser: each is two queries (beside 1,000 papers, all of them
#: took seconds)
PAGE = 50

#: The entries as CSL-JSON items only, for reference managers and citeproc.
CSL_JSON: Format[None] = Format(
    "csl", "application/vnd.citationstyles.csl+json", None, ("csl-json", "csljson")
)
#: The reference list: the full records (JSON) by default, the CSL-JSON items, or a page.
REFERENCE_FORMATS: tuple[Format[None], ...] = (JSON, CSL_JSON, HTML)

#: A document id as ``kg.ingest.pipeline.check_doc_id`` takes it (letters, digits and
#: ``- _ . ~``, no ``..``, no dot at the end), described for clients; a route checks it
#: itself, a 400 saying what is wrong.
_DOC_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_~-]*(\.[A-Za-z0-9_~-]+)*$"
_DOC = Path(
    description="the document's id, as given to tkg ingest",
    examples=["p11218"],
    json_schema_extra={"pattern": _DOC_PATTERN},
)


def _linked(doc: dict[str, Any], base: str) -> dict[str, Any]:
    """The record as JSON: with the URLs of its pages (its maps by their labels)."""
    links = document_links(doc, base)
    return {**doc, "links": {**links, "maps": dict(links["maps"])}}


@router.get(
    "",
    summary="The ingested documents: id, title, year, counts, and whether each has a map",
    responses=CATALOGUE_RESPONSES,
)
async def documents(
    call: CatalogueDep,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_LIMIT, description="documents per page (JSON: all by default)"),
    ] = None,
    offset: OffsetQuery = 0,
) -> Response:
    """The documents ``tkg ingest`` read, by id, ``limit`` from ``offset`` on; a page of
    them for a browser (:data:`PAGE` by default, with links to the pages around it), every
    one as JSON unless ``limit`` is given."""
    shown = limit if limit is not None else (PAGE if call.wants_page else None)
    docs, total = await call.run(document_page, shown, offset)
    if call.wants_page:
        links = call.links(total=total, limit=shown or total, offset=offset)
        page = documents_page(docs, base=call.base, total=total, offset=offset, links=links)
        return call.page(page)
    return JSONResponse([_linked(d, call.base) for d in docs], headers=VARY)


def document_page(store: Store, limit: int | None, offset: int) -> tuple[list[dict[str, Any]], int]:
    """The records of ``limit`` documents (all: ``None``) from ``offset`` on, by id, and how
    many there are: a record costs two queries, so only a page's are made (module-level: it
    runs in a query worker)."""
    ids = ingested_ids(store)
    shown = ids[offset:] if limit is None else ids[offset : offset + limit]
    known = set(ids)
    return [document_record(store, doc, known) for doc in shown], len(ids)


@router.get(
    "/{doc}",
    summary="One ingested document: its metadata and where its reference list, argument "
    "map and literature maps are; for a browser, the document reader",
    responses={
        400: {"description": "not a document id"},
        404: {"description": "no such document in the store"},
        **CATALOGUE_RESPONSES,
    },
)
async def document(
    doc: Annotated[str, _DOC],
    call: CatalogueDep,
    queries: NamedQueriesDep,
) -> Response:
    """The document ``https://w3id.org/technocracy/id/work/{doc}`` as ingest read it; for a
    browser, its text with citations, mentions and anchors marked (fragments ``#s-N``
    for sentence N, ``#c-N`` for citation N: see the module's docstring)."""
    check_doc_id(doc)
    if call.wants_page:
        reading = partial(reader_html, queries={name: queries[name] for name in QUERIES})
        # the reader's six reads take 1-3 CPU s beside 1,000 papers (0.1 ms a term on disk,
        # and several thousand): once per store state
        return call.page(await call.kept(("reader", doc, call.base), reading, doc, call.base))
    record = await call.run(document_record, doc)
    return JSONResponse(_linked(record, call.base), headers=VARY)


async def reference_format(
    request: Request,
    format: Annotated[list[str] | None, Query(description="json, csl or html")] = None,
) -> Format[None]:
    """Which of ``REFERENCE_FORMATS`` a reference list is sent as: ``format`` (the first
    offered of those given), or Accept."""
    return negotiate(request.headers.get("accept"), REFERENCE_FORMATS, formats=format or ())


ReferencesCall = Annotated[CatalogueCall, Depends(catalogue_call(reference_format))]


@router.get(
    "/{doc}/references",
    summary="Every entry of a document's reference list in its order, cited or not",
    responses={
        200: {
            "description": "the entries: position, raw text, fields parsed (CSL-JSON), "
            "confidence, warnings and the citations that resolve to each; or only the "
            "CSL-JSON items (Accept: application/vnd.citationstyles.csl+json or format=csl); "
            "or a page for a browser",
            "content": {"application/json": {}, CSL_JSON.media_type: {}, HTML.media_type: {}},
        },
        400: {"description": "not a document id"},
        404: {"description": "no reference list of that document in the store"},
        406: {"description": "neither JSON, CSL-JSON nor HTML is acceptable"},
    },
)
async def document_references(
    doc: Annotated[str, _DOC],
    call: ReferencesCall,
) -> Response:
    """As ``tkg references DOC --format json`` (or ``csl``) lists them."""
    check_doc_id(doc)
    records = await call.run(list_references, doc)
    if call.wants_page:
        return call.page(references_page(doc, records, base=call.base))
    body = [r["csl"] for r in records] if call.offer is CSL_JSON else records
    return JSONResponse(body, media_type=call.offer.media_type, headers=VARY)
