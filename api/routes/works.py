"""``/works``: the works of the bibliography, and each with who cites it and where."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import Field

from api.deps import BaseUrlDep, SettingsDep, run_query_work
from api.html.catalogue import work_page, works_page
from api.html.documents import document_links, reference_rows
from api.named import NamedQueriesDep
from api.negotiation import HTML, VARY
from api.pagination import (
    CATALOGUE_RESPONSES,
    CatalogueFormat,
    LimitQuery,
    OffsetQuery,
    Paged,
    listed,
    page_links,
)
from kg.catalogue import records as catalogue
from kg.catalogue.records import WorkDetail, WorkSummary
from kg.errors import NotFoundError
from kg.ingest.documents import document_record
from kg.ingest.listing import list_references
from kg.store import Store

__all__ = ["WorkPage", "get_work", "ingested", "list_works", "router"]

router = APIRouter(prefix="/works", tags=["works"])


class WorkPage(WorkDetail):
    """A work, with one page of its citations and links to the pages around it."""

    next: str | None = Field(default=None, description="URL of the next page of citations")
    prev: str | None = Field(default=None, description="URL of the previous page of citations")


def ingested(store: Store, slug: str) -> dict[str, Any] | None:
    """The record of the work as an ingested document, with its reference list, or None
    if it is not one (module-level: it runs in a query worker)."""
    try:
        record = document_record(store, slug)
    except NotFoundError:
        return None
    try:
        return {**record, "entries": list_references(store, slug)}
    except NotFoundError:  # a text without a reference list
        return {**record, "entries": []}


@router.get(
    "",
    summary="The works of the bibliography, by identifier, a page at a time",
    response_model=Paged[WorkSummary],
    responses=CATALOGUE_RESPONSES,
)
async def list_works(
    request: Request,
    response: Response,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[WorkSummary] | Response:
    """Each work with title, year, kinds, authors and how often it is cited; a page for a
    browser (``Accept: text/html`` or ``format=html``)."""
    return await listed(
        request,
        response,
        partial(catalogue.works, limit=limit, offset=offset, queries=queries),
        offer=offer,
        base=base,
        timeout=settings.query_timeout,
        render=works_page,
    )


@router.get(
    "/{slug}",
    summary="One work: its metadata, the documents that cite it, and each citation in its sentence",
    response_model=WorkPage,
    responses={404: {"description": "no such work in the bibliography"}, **CATALOGUE_RESPONSES},
)
async def get_work(
    slug: Annotated[
        str, Path(description="the work's identifier", examples=["vanolo2014smartmentality"])
    ],
    request: Request,
    response: Response,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> WorkPage | Response:
    """``https://w3id.org/technocracy/id/work/{slug}``: metadata, the terms it is the source
    of, the documents citing it, and its in-text citations with their pages, offsets and
    context sentences, ``limit`` at a time from ``offset``; a page for a browser."""
    detail = await run_query_work(
        request,
        partial(catalogue.work, limit=limit, offset=offset, queries=queries),
        slug,
        timeout=settings.query_timeout,
    )
    links = page_links(
        request, base, total=detail.citations_total, limit=detail.limit, offset=detail.offset
    )
    if offer is HTML:
        doc = await run_query_work(request, ingested, slug, timeout=settings.query_timeout)
        document = (
            {**document_links(doc, base), "entries": reference_rows(doc["entries"])}
            if doc is not None
            else None
        )
        page = work_page(detail, base=base, links=links, document=document)
        return HTMLResponse(page, headers=VARY)
    response.headers.update(VARY)
    return WorkPage(**dict(detail), next=links["next"], prev=links["prev"])
