"""``/search?q=``: labels, titles, definitions and anchored quotations that contain a text."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import BaseUrlDep, SettingsDep
from api.html.catalogue import search_page
from api.named import NamedQueriesDep
from api.pagination import (
    CATALOGUE_RESPONSES,
    CatalogueFormat,
    LimitQuery,
    OffsetQuery,
    Paged,
    listed,
)
from kg.catalogue import records as catalogue
from kg.catalogue.records import SearchHit

__all__ = ["router", "search"]

router = APIRouter(prefix="/search", tags=["search"])


@router.get(
    "",
    summary="Search labels, titles, definitions and quotations (case-insensitive)",
    response_model=Paged[SearchHit],
    responses=CATALOGUE_RESPONSES,
)
async def search(
    request: Request,
    response: Response,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="text to look for",
            examples=["smartmentality"],
        ),
    ],
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[SearchHit] | Response:
    """Labels first, then alternative labels, titles, definitions and quotations; a
    quotation's hit lists the resources it anchors. A page with a search form for a browser."""
    return await listed(
        request,
        response,
        partial(catalogue.search, q=q, limit=limit, offset=offset, queries=queries),
        offer=offer,
        base=base,
        timeout=settings.query_timeout,
        render=partial(search_page, q),
    )
