"""``/works``: the works of the bibliography, and each with who cites it and where."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from kg import catalogue
from kg.catalogue import WorkDetail, WorkSummary

from ..deps import BaseUrlDep, SettingsDep, StoreDep, in_worker
from ..named import NamedQueriesDep
from ..paging import LimitQuery, OffsetQuery, Paged, paged

__all__ = ["router"]

router = APIRouter(prefix="/works", tags=["works"])


@router.get(
    "",
    summary="The works of the bibliography, by identifier, a page at a time",
    response_model=Paged[WorkSummary],
)
async def list_works(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[WorkSummary]:
    """Each work with title, year, kinds, authors and how often it is cited."""
    listing = await in_worker(
        lambda: catalogue.works(store, limit=limit, offset=offset, queries=queries),
        timeout=settings.query_timeout,
    )
    return paged(listing, request, base)


@router.get(
    "/{slug}",
    summary="One work: its metadata, the documents that cite it, and each citation in its sentence",
    response_model=WorkDetail,
    responses={404: {"description": "no such work in the bibliography"}},
)
async def get_work(
    slug: Annotated[
        str, Path(description="the work's identifier", examples=["vanolo2014smartmentality"])
    ],
    store: StoreDep,
    settings: SettingsDep,
    queries: NamedQueriesDep,
) -> WorkDetail:
    """``https://w3id.org/technocracy/id/work/{slug}``: metadata, the terms it is the source
    of, the documents citing it, and every in-text citation with its page, offsets and
    context sentence."""
    return await in_worker(
        lambda: catalogue.work(store, slug, queries=queries), timeout=settings.query_timeout
    )
