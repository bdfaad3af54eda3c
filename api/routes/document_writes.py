"""``DELETE /documents/{id}``: an ingested document and what it added, out of the store,
behind the update token (``tkg delete``: ``kg.ingest.delete``)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel

from api.deps import StoreDep, WriterDep
from api.routes.argmap_writes import allowed
from kg.ingest.delete import delete_document

__all__ = ["Deleted", "delete", "document_options", "router"]

router = APIRouter(prefix="/documents", tags=["documents"])


@router.options("/{doc}", include_in_schema=False)
async def document_options(request: Request) -> Response:
    """The methods of ``/documents/{doc}``."""
    return allowed(request, "/documents/{doc}")


class Deleted(BaseModel):
    id: str
    triples: int
    removed: dict[str, int]


@router.delete(
    "/{doc}",
    dependencies=[WriterDep],
    summary="Remove an ingested document: its graph and its argument map, all or nothing",
    response_model=Deleted,
    responses={
        401: {"description": "no bearer token, or a wrong one"},
        403: {"description": "writes are disabled: no TKG_UPDATE_TOKEN is configured"},
        404: {"description": "no such document"},
    },
)
async def delete(
    doc: Annotated[str, Path(description="the document's id", examples=["smith2020"])],
    store: StoreDep,
) -> Deleted:
    """Drop ``graph:corpus/{doc}`` and ``graph:argmap/{doc}`` (and the inferences about what
    only they described); works another document cites, or the curated bibliography holds,
    stay. Answers the triples removed per graph."""
    removal = await anyio.to_thread.run_sync(lambda: delete_document(store, doc))
    return Deleted(id=removal.doc, triples=removal.triples, removed=removal.removed)
