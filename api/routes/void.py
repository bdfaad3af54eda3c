"""``/.well-known/void``: the VoID description of the dataset, with counts per named graph."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import AcceptDep, BaseUrlDep, SettingsDep, run_query_work
from api.negotiation import GRAPHS, VARY, negotiate
from api.sparql.service import graph_sizes, void_description

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
    accept: AcceptDep = None,
) -> Response:
    """VoID in the RDF format asked for by Accept (or ``format=``); Turtle by default."""
    offer = negotiate(accept, GRAPHS, formats=request.query_params.getlist("format"))
    sizes, total = await run_query_work(request, graph_sizes, timeout=settings.query_timeout)
    body = void_description(base, sizes, total, offer.name)
    return Response(body, media_type=offer.media_type, headers=VARY)
