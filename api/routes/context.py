"""``/context.jsonld``: the JSON-LD context our JSON-LD documents are compacted with.

Every JSON-LD answer embeds it (a reader never has to fetch it); it is published here, at
a stable URL, for tools that compact or frame their own documents the same way.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from kg.rdf.jsonld import context_document

__all__ = ["jsonld_context", "router"]

router = APIRouter(tags=["linked data"])

_MEDIA_TYPE = "application/ld+json"


@router.get(
    "/context.jsonld",
    summary="The JSON-LD context (prefixes) of every JSON-LD document served",
    response_class=Response,
    responses={200: {"content": {_MEDIA_TYPE: {"schema": {"type": "object"}}}}},
)
async def jsonld_context() -> Response:
    """``{"@context": {prefix: namespace, ...}}``, from ``kg.rdf.namespaces``."""
    return Response(context_document(), media_type=_MEDIA_TYPE)
