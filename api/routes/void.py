"""``/.well-known/void``: the VoID and DCAT description of the dataset (``kg.catalogue.dataset``):
what it is, its licence and creators, its URI space and vocabularies, its named graphs with
their sizes, its SPARQL endpoint and its dumps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.negotiation import GRAPHS, VARY
from kg.catalogue.dataset import dataset_facts, describe_dataset
from kg.store.formats import Format

__all__ = ["router", "void"]

router = APIRouter(prefix="/.well-known", tags=["void"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a void:Dataset and dcat:Dataset: title, description, licence, "
        "creators, void:uriSpace, void:vocabulary, void:exampleResource, one void:subset per "
        "named graph (sd:name, void:triples, void:dataDump), the SPARQL endpoint (also a "
        "dcat:DataService) and the whole-dataset dumps (void:dataDump, dcat:distribution)",
        "content": {o.media_type: {} for o in GRAPHS},
    },
    406: {"description": "none of the RDF formats offered is acceptable; they are listed"},
}


@router.get("/void", summary="The VoID and DCAT description of the dataset", responses=_RESPONSES)
async def void(
    request: Request,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: Annotated[Format[Any], Depends(negotiated(GRAPHS, repeatable=True))],
) -> Response:
    """VoID and DCAT in the RDF format asked for by Accept (or ``format=``); Turtle by default."""
    facts = await run_query_work(request, dataset_facts, timeout=settings.query_timeout)
    body = describe_dataset(base, facts, offer.name)
    return Response(body, media_type=offer.media_type, headers=VARY)
