"""``/search?q=``: labels, titles, definitions and anchored quotations that contain a text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from kg import catalogue
from kg.catalogue import SearchHit

from ..deps import BaseUrlDep, SettingsDep, StoreDep, in_worker
from ..named import NamedQueriesDep
from ..paging import LimitQuery, OffsetQuery, Paged, paged

__all__ = ["router"]

router = APIRouter(prefix="/search", tags=["search"])


@router.get(
    "",
    summary="Search labels, titles, definitions and quotations (case-insensitive)",
    response_model=Paged[SearchHit],
)
async def search(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="text to look for",
            examples=["smartmentality"],
        ),
    ],
    store: StoreDep,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[SearchHit]:
    """Labels first, then alternative labels, titles, definitions and quotations; a
    quotation's hit lists the resources it anchors."""
    listing = await in_worker(
        lambda: catalogue.search(store, q, limit=limit, offset=offset, queries=queries),
        timeout=settings.query_timeout,
    )
    return paged(listing, request, base)
