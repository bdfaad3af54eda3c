"""``/works``: the works of the bibliography, and each with who cites it and where."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import Field

from api.deps import AcceptDep, BaseUrlDep, SettingsDep, run_query_work
from api.html.catalogue import work_page, works_page
from api.named import NamedQueriesDep
from api.negotiation import CATALOGUE, HTML, VARY, negotiate
from api.pagination import (
    CATALOGUE_RESPONSES,
    FormatQuery,
    LimitQuery,
    OffsetQuery,
    Paged,
    listed,
    page_links,
)
from kg.catalogue import records as catalogue
from kg.catalogue.records import WorkDetail, WorkSummary

__all__ = ["WorkPage", "get_work", "list_works", "router"]

router = APIRouter(prefix="/works", tags=["works"])


class WorkPage(WorkDetail):
    """A work, with one page of its citations and links to the pages around it."""

    next: str | None = Field(default=None, description="URL of the next page of citations")
    prev: str | None = Field(default=None, description="URL of the previous page of citations")


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
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
    accept: AcceptDep = None,
    format: FormatQuery = None,
) -> Paged[WorkSummary] | Response:
    """Each work with title, year, kinds, authors and how often it is cited; a page for a
    browser (``Accept: text/html`` or ``format=html``)."""
    offer = negotiate(accept, CATALOGUE, formats=(format,) if format else ())
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
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    accept: AcceptDep = None,
    format: FormatQuery = None,
) -> WorkPage | Response:
    """``https://w3id.org/technocracy/id/work/{slug}``: metadata, the terms it is the source
    of, the documents citing it, and its in-text citations with their pages, offsets and
    context sentences, ``limit`` at a time from ``offset``; a page for a browser."""
    offer = negotiate(accept, CATALOGUE, formats=(format,) if format else ())
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
        return HTMLResponse(work_page(detail, base=base, links=links), headers=VARY)
    response.headers.update(VARY)
    return WorkPage(**dict(detail), next=links["next"], prev=links["prev"])
