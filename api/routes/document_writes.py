"""Writes to ingested documents, behind the update token: ``DELETE /documents/{id}`` (what
ingest added, out of the store: ``tkg delete``, ``kg.ingest.delete``) and ``PUT
/documents/{id}/references/{n}`` (one entry of its reference list corrected:
``tkg fix-reference``, ``kg.ingest.fix``)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel

from api.deps import SettingsDep, StoreDep, WriterDep, read_body
from api.errors import UnsupportedMediaTypeError
from api.routes.argmap_writes import allowed
from kg.errors import InputError
from kg.ingest.delete import delete_document

__all__ = [
    "ENTRY_FORMATS",
    "Changed",
    "Deleted",
    "Fixed",
    "delete",
    "document_options",
    "put_reference",
    "reference_options",
    "router",
]

#: media type of a corrected entry -> the bibliography format it is read as
ENTRY_FORMATS = {
    "text/plain": "text",
    "application/vnd.citationstyles.csl+json": "csl-json",
    "application/json": "csl-json",
    "application/x-bibtex": "bibtex",
    "text/x-bibtex": "bibtex",
    "application/x-research-info-systems": "ris",
}

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


@router.options("/{doc}/references/{n}", include_in_schema=False)
async def reference_options(request: Request) -> Response:
    """The methods of ``/documents/{doc}/references/{n}``."""
    return allowed(request, "/documents/{doc}/references/{n}")


class Changed(BaseModel):
    citation: int
    before: str | None
    after: str | None


class Fixed(BaseModel):
    id: str
    position: int
    reference: str
    citations: int
    resolved_before: int
    resolved_after: int
    changed: list[Changed]


@router.put(
    "/{doc}/references/{n}",
    dependencies=[WriterDep],
    summary="Replace one entry of a document's reference list and resolve its citations again",
    response_model=Fixed,
    responses={
        400: {"description": "an entry that does not parse, several entries, or no entry n"},
        401: {"description": "no bearer token, or a wrong one"},
        403: {"description": "writes are disabled: no TKG_UPDATE_TOKEN is configured"},
        404: {"description": "no reference list of that document"},
        413: {"description": "a body over TKG_MAX_BODY_BYTES"},
        415: {"description": "a body that is not a plain-text reference, CSL-JSON or BibTeX"},
    },
)
async def put_reference(
    doc: Annotated[str, Path(description="the document's id", examples=["smith2020"])],
    n: Annotated[int, Path(ge=1, description="the entry's position in the list, from 1")],
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
) -> Fixed:
    """As ``tkg fix-reference DOC N ENTRY``: the body is the corrected entry, read by its
    Content-Type; the entry keeps its id, and the citations that resolved to it or to
    nothing are resolved again, in one transaction."""
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    fmt = ENTRY_FORMATS.get(media)
    if fmt is None:
        raise UnsupportedMediaTypeError(
            f"cannot read an entry of type {media or '(none given)'!r}: send "
            + ", ".join(ENTRY_FORMATS),
            where="Content-Type",
        )
    body = await read_body(request, settings.max_body_bytes, settings.body_timeout)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("the entry is not UTF-8", where="body") from exc
    # imported here: the ingest pipeline it uses costs the server's start 0.2-0.3 CPU s
    from kg.ingest.fix import fix_reference

    fixed = await anyio.to_thread.run_sync(lambda: fix_reference(store, doc, n, text, format=fmt))
    return Fixed(
        id=fixed.doc_id,
        position=fixed.position,
        reference=fixed.reference,
        citations=fixed.citations,
        resolved_before=fixed.resolved_before,
        resolved_after=fixed.resolved_after,
        changed=[Changed(citation=c, before=b, after=a) for c, b, a in fixed.changed],
    )
