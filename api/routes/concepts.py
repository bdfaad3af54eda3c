"""``/concepts``: the terms of the ontology, listed by family, and each in full."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response

from api.catalogue_call import CatalogueDep
from api.html.catalogue import concept_page, concepts_page
from api.named import NamedQueriesDep
from api.pagination import CATALOGUE_RESPONSES, MAX_LIMIT, LimitQuery, OffsetQuery, Paged
from api.templating import local_href
from kg.catalogue import records as catalogue
from kg.catalogue.concept_view import PAGE, concept_view
from kg.catalogue.records import ConceptDetail, ConceptSummary

__all__ = ["get_concept", "list_concepts", "router"]

router = APIRouter(prefix="/concepts", tags=["concepts"])


@router.get(
    "",
    summary="The terms of the ontology, by family and label, a page at a time",
    response_model=Paged[ConceptSummary],
    responses=CATALOGUE_RESPONSES,
)
async def list_concepts(
    call: CatalogueDep,
    queries: NamedQueriesDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[ConceptSummary] | Response:
    """Each term with its label, definition, family, alternative labels and source works;
    a page for a browser (``Accept: text/html`` or ``format=html``)."""
    return await call.listed(
        partial(catalogue.concepts, limit=limit, offset=offset, queries=queries),
        render=concepts_page,
    )


@router.get(
    "/{slug}",
    summary="One term: label, definition, family, sources and its anchors in the text",
    response_model=ConceptDetail,
    responses={404: {"description": "no such term in the ontology"}, **CATALOGUE_RESPONSES},
)
async def get_concept(
    slug: Annotated[str, Path(description="the term's local name", examples=["Smartmentality"])],
    call: CatalogueDep,
    queries: NamedQueriesDep,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="the page: sentences discussing it")
    ] = PAGE,
    offset: OffsetQuery = 0,
) -> ConceptDetail | Response:
    """``https://w3id.org/technocracy/ontology#{slug}``, with the quotations it rests on;
    for a browser, the term's page: its definition, the work that coined it with authors
    and year, where the texts discuss it, the claims about it and their works, and its
    neighbours in the ontology."""
    if call.wants_page:
        view = await call.kept(  # a common term's page: seconds beside 1,000 papers
            ("concept", slug, limit, offset),
            partial(concept_view, queries=queries, limit=limit, offset=offset),
            slug,
        )
        url = f"{call.base}/concepts/{quote(slug, safe='')}"
        page = concept_page(
            view,
            base=call.base,
            json_url=f"{url}?format=json",
            describe_url=local_href(view.concept.iri, call.base),
            links=call.links(total=view.discussions_total, limit=limit, offset=offset),
        )
        return call.page(page)
    return call.data(await call.run(partial(catalogue.concept, queries=queries), slug))
