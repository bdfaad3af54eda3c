"""``/documents``: what ingest read from a document; for now its reference list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, run_query_work
from api.negotiation import JSON, VARY, negotiate
from kg.ingest.listing import list_references
from kg.ingest.pipeline import check_doc_id
from kg.store.formats import Format

__all__ = ["CSL_JSON", "REFERENCE_FORMATS", "document_references", "router"]

router = APIRouter(prefix="/documents", tags=["documents"])

#: The entries as CSL-JSON items only, for reference managers and citeproc.
CSL_JSON: Format[None] = Format(
    "csl", "application/vnd.citationstyles.csl+json", None, ("csl-json", "csljson")
)
#: The reference list: the full records (JSON) by default, or the CSL-JSON items.
REFERENCE_FORMATS: tuple[Format[None], ...] = (JSON, CSL_JSON)


@router.get(
    "/{doc}/references",
    summary="Every entry of a document's reference list in its order, cited or not",
    responses={
        200: {
            "description": "the entries: position, raw text, fields parsed (CSL-JSON), "
            "confidence, warnings and the citations that resolve to each; or only the "
            "CSL-JSON items (Accept: application/vnd.citationstyles.csl+json or format=csl)",
            "content": {"application/json": {}, CSL_JSON.media_type: {}},
        },
        400: {"description": "not a document id"},
        404: {"description": "no reference list of that document in the store"},
        406: {"description": "neither JSON nor CSL-JSON is acceptable"},
    },
)
async def document_references(
    doc: Annotated[
        str, Path(description="the document's id, as given to tkg ingest", examples=["p11218"])
    ],
    request: Request,
    settings: SettingsDep,
    format: Annotated[list[str] | None, Query(description="json or csl")] = None,
) -> JSONResponse:
    """As ``tkg references DOC --format json`` (or ``csl``) lists them."""
    offer = negotiate(request.headers.get("accept"), REFERENCE_FORMATS, formats=format or ())
    check_doc_id(doc)
    records = await run_query_work(request, list_references, doc, timeout=settings.query_timeout)
    body = [r["csl"] for r in records] if offer is CSL_JSON else records
    return JSONResponse(body, media_type=offer.media_type, headers=VARY)
