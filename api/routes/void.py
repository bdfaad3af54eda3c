"""``/.well-known/void``: the VoID description of the dataset, with counts per named graph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.negotiation import GRAPHS, VARY
from api.sparql.service import graph_sizes, void_description
from kg.store.formats import Format

__all__ = ["router", "void"]

router = APIRouter(prefix="/.well-known", tags=["void"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a void:Dataset with its SPARQL endpoint, its number of triples, and "
        "one void:subset per named graph (sd:name, void:triples)",
        "content": {o.media_type: {} for o in GRAPHS},
    },
    406: {"description": "none of the RDF formats offered is acceptable; they are listed"},
}


@router.get("/void", summary="The VoID description of the dataset", responses=_RESPONSES)
async def void(
    request: Request,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: Annotated[Format[Any], Depends(negotiated(GRAPHS, repeatable=True))],
) -> Response:
    """VoID in the RDF format asked for by Accept (or ``format=``); Turtle by default."""
    sizes, total = await run_query_work(request, graph_sizes, timeout=settings.query_timeout)
    body = void_description(base, sizes, total, offer.name)
    return Response(body, media_type=offer.media_type, headers=VARY)
