"""``/concepts``: the terms of the ontology, listed by family, and each in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from kg import catalogue
from kg.catalogue import ConceptDetail, ConceptSummary

from ..deps import BaseUrlDep, SettingsDep, StoreDep, in_worker
from ..named import NamedQueriesDep
from ..paging import LimitQuery, OffsetQuery, Paged, paged

__all__ = ["router"]

router = APIRouter(prefix="/concepts", tags=["concepts"])


@router.get(
    "",
    summary="The terms of the ontology, by family and label, a page at a time",
    response_model=Paged[ConceptSummary],
)
async def list_concepts(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[ConceptSummary]:
    """Each term with its label, definition, family, alternative labels and source works."""
    listing = await in_worker(
        lambda: catalogue.concepts(store, limit=limit, offset=offset, queries=queries),
        timeout=settings.query_timeout,
    )
    return paged(listing, request, base)


@router.get(
    "/{slug}",
    summary="One term: label, definition, family, sources and its anchors in the text",
    response_model=ConceptDetail,
    responses={404: {"description": "no such term in the ontology"}},
)
async def get_concept(
    slug: Annotated[str, Path(description="the term's local name", examples=["Smartmentality"])],
    store: StoreDep,
    settings: SettingsDep,
    queries: NamedQueriesDep,
) -> ConceptDetail:
    """``https://w3id.org/technocracy/ontology#{slug}``, with the quotations it rests on."""
    return await in_worker(
        lambda: catalogue.concept(store, slug, queries=queries), timeout=settings.query_timeout
    )
