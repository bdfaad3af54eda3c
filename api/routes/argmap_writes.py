"""``PUT`` and ``DELETE /argmaps/{id}``: import an argument map, or remove one, behind the
update token.

PUT reads the body as Argdown (``text/vnd.argdown``, ``text/plain``, ``text/markdown``) or
AIF JSON (``application/vnd.aif+json``, ``application/json``), checks it whole as
``tkg argmap import`` does, and swaps it in as ``graph:argmap/{id}`` (201 when new, 200
when it replaced a map). A map that does not parse is 400 with the line and column; one
that names a work or a concept the graph does not hold is 400 (``dangling-reference``)
unless ``unknown=warn``, when the warnings come back with the counts. DELETE removes the
map's graph and answers what was removed, triples per graph. Either way the store is
changed whole or not at all. Both need ``Authorization: Bearer <TKG_UPDATE_TOKEN>``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import SettingsDep, StoreDep, WriterDep, read_body
from api.errors import UnsupportedMediaTypeError
from kg.argmap import storage
from kg.errors import InputError
from kg.rdf import graphs
from kg.rdf.provenance import Input
from kg.store import Store

__all__ = [
    "Imported",
    "Removed",
    "allowed",
    "argmap_options",
    "delete_argmap",
    "put_argmap",
    "router",
]

router = APIRouter(prefix="/argmaps", tags=["argument maps"])

#: media type of a body -> the file suffix the reader goes by
READS = {
    "text/vnd.argdown": ".argdown",
    "text/x-argdown": ".argdown",
    "text/argdown": ".argdown",
    "text/plain": ".argdown",
    "text/markdown": ".argdown",
    "application/vnd.aif+json": ".json",
    "application/json": ".json",
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_IDENT = Path(description="the map's id", examples=["debate"])
_WRITES: dict[int | str, dict[str, Any]] = {
    401: {"description": "no bearer token, or a wrong one"},
    403: {"description": "writes are disabled: no TKG_UPDATE_TOKEN is configured"},
}


class Imported(BaseModel):
    id: str
    statements: int
    arguments: int
    relations: int
    triples: int
    warnings: list[str]


class Removed(BaseModel):
    id: str
    triples: int
    removed: dict[str, int]


def _ident(ident: str) -> str:
    if not _ID.fullmatch(ident):
        raise InputError(
            f"not a map id: {ident!r} (letters, digits and - _ . after a letter or digit)",
            where="id",
        )
    return ident


def _import(
    store: Store, ident: str, body: bytes, suffix: str, unknown: str
) -> tuple[bool, Imported]:
    name = f"{ident}{suffix}"
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason} at byte {exc.start}", where=name) from None
    m = storage.read_text(text, name)
    warnings: list[str] = []
    created = not store.has_graph(graphs.argmap(ident))
    size = storage.load_map(
        store,
        m,
        ident,
        inputs=[Input(name, body)],
        unknown=unknown,
        warn=warnings.append,
        source=name,
    )
    counts = m.counts()
    return created, Imported(id=ident, triples=size, warnings=warnings, **counts)


def allowed(request: Request, path: str) -> Response:
    """A 204 whose ``Allow`` names every method the app describes for ``path`` (a path
    template of its OpenAPI description): the methods of one path sit in routes of several
    routers, and without it OPTIONS was a 405 whose Allow named the first route's only.
    HEAD goes wherever GET does (``api.caching`` answers it for every GET route)."""
    described = request.app.openapi().get("paths", {}).get(path, {})
    methods = {m.upper() for m in described} | {"OPTIONS"}
    if "GET" in methods:
        methods.add("HEAD")
    order = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS")
    return Response(status_code=204, headers={"Allow": ", ".join(m for m in order if m in methods)})


@router.options("/{ident}", include_in_schema=False)
async def argmap_options(request: Request) -> Response:
    """The methods of ``/argmaps/{ident}`` (a CORS preflight is answered by the middleware)."""
    return allowed(request, "/argmaps/{ident}")


@router.put(
    "/{ident}",
    dependencies=[WriterDep],
    summary="Import an argument map (Argdown or AIF JSON) as the map {ident}, all or nothing",
    response_model=Imported,
    status_code=200,
    responses={
        201: {"description": "a new map", "model": Imported},
        400: {
            "description": "a map that does not parse (line and column), or names unknown "
            "works or concepts"
        },
        **_WRITES,
        413: {"description": "a body over TKG_MAX_BODY_BYTES"},
        415: {"description": "a body that is neither Argdown nor AIF JSON"},
    },
)
async def put_argmap(
    ident: Annotated[str, _IDENT],
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    unknown: Annotated[
        Literal["error", "warn"],
        Query(description="a work or concept the graph does not hold: refuse, or load and warn"),
    ] = "error",
) -> JSONResponse:
    """Read, check and load the body as ``graph:argmap/{ident}``."""
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    suffix = READS.get(media)
    if suffix is None:
        raise UnsupportedMediaTypeError(
            f"cannot read a map of type {media or '(none given)'!r}: send " + ", ".join(READS),
            where="Content-Type",
        )
    ident = _ident(ident)
    body = await read_body(request, settings.max_body_bytes, settings.body_timeout)
    created, imported = await anyio.to_thread.run_sync(
        lambda: _import(store, ident, body, suffix, unknown)
    )
    return JSONResponse(imported.model_dump(), status_code=201 if created else 200)


@router.delete(
    "/{ident}",
    dependencies=[WriterDep],
    summary="Remove the argument map {ident}, all or nothing",
    response_model=Removed,
    responses={**_WRITES, 404: {"description": "no such map"}},
)
async def delete_argmap(ident: Annotated[str, _IDENT], store: StoreDep) -> Removed:
    """Drop ``graph:argmap/{ident}``; what was removed, triples per graph."""
    removed = await anyio.to_thread.run_sync(lambda: storage.delete_map(store, ident))
    return Removed(id=ident, triples=sum(removed.values()), removed=removed)
