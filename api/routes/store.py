"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, behind the update token.

A graph is named indirectly (``/store?graph=IRI``, ``/store?default`` for the store's own
default graph — not the union of the named graphs that queries see) or directly
(``/store/some/path`` names the graph whose IRI is that URL). GET and HEAD send the graph
in the negotiated RDF format; PUT replaces it (201 when it is new, else 204); POST adds to it
(RDF, or ``multipart/form-data`` with one RDF document per part), or, sent to ``/store``
itself, makes a new graph and answers 201 with its IRI in ``Location``; DELETE removes it.
An absent graph is 404. A body that does not parse is 400 with the parser's line and column,
and changes nothing. GET and HEAD are reads, open to all like ``/sparql`` (a public dump of
one graph); every other method needs ``Authorization: Bearer <TKG_UPDATE_TOKEN>``.
"""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request, Response

from api.deps import AcceptDep, BaseUrlDep, SettingsDep, StoreDep, WriterDep, in_worker, read_body
from api.errors import UnsupportedMediaTypeError
from api.negotiation import GRAPHS, VARY, negotiate
from kg.errors import InputError, UnsupportedFormatError
from kg.settings import Settings
from kg.store import Store, parse_rdf
from kg.store.formats import RDF_FORMATS, Format, rdf_format
from kg.store.rdfio import named_node

__all__ = ["graph_store_options", "graph_store_post", "router"]

router = APIRouter(prefix="/store", tags=["graph store"])

#: Reads are public; the methods that write need the token.
_READS = ("GET", "HEAD")


def _guard(method: str) -> list[Any]:
    return [] if method in _READS else [WriterDep]


def _responses(method: str) -> dict[int | str, dict[str, Any]]:
    """The answers of a method: a read sends the graph in one of the RDF formats."""
    if method not in _READS:
        return _RESPONSES
    graph = {"description": "the graph", "content": {o.media_type: {} for o in GRAPHS}}
    return {200: graph, **_RESPONSES}


MULTIPART = "multipart/form-data"
_PARAMETERS = [
    {
        "name": "graph",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "uri"},
        "description": "the IRI of the graph",
    },
    {
        "name": "default",
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "schema": {"type": "string"},
        "description": "present (with no value): the store's own default graph",
    },
]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "no graph named, or a body that does not parse (line and column)"},
    401: {"description": "a write with no bearer token, or a wrong one"},
    403: {"description": "a write, and writes are disabled: no TKG_UPDATE_TOKEN is configured"},
    404: {"description": "there is no such graph"},
    406: {"description": "none of the RDF formats offered is acceptable; they are listed"},
    413: {"description": "a request body over TKG_MAX_BODY_BYTES"},
    415: {"description": "a body in a format that is not RDF we read"},
}


def _graph(request: Request, base: str, path: str | None) -> str | None:
    """The graph a request names: an IRI, ``None`` for the default graph; 400 if none."""
    params = request.query_params
    if path is not None:
        if "graph" in params or "default" in params:
            raise InputError("a graph named by the URL takes no graph= or default", where="graph")
        return named_node(f"{base}/store/{path}", where="path").value
    if "default" in params:
        if "graph" in params:
            raise InputError("give graph=IRI or default, not both", where="graph")
        return None
    values = params.getlist("graph")
    if len(values) != 1 or not values[0]:
        raise InputError("name one graph: ?graph=IRI, or ?default", where="graph")
    return named_node(values[0], where="graph").value


def _media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


def _body_format(media: str) -> Format:
    try:
        return rdf_format(media)
    except UnsupportedFormatError as exc:
        offered = ", ".join(f.media_type for f in RDF_FORMATS)
        raise UnsupportedMediaTypeError(
            f"cannot read a body of type {media or '(none given)'!r}: send RDF ({offered}), "
            f"or {MULTIPART} with one RDF document per part",
            where="Content-Type",
        ) from exc


def _parts(request: Request, body: bytes) -> list[tuple[Format, bytes]]:
    """The RDF documents of a request body: one, or one per part of a multipart form."""
    media = _media_type(request)
    if media != MULTIPART:
        return [(_body_format(media), body)]
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise InputError("the multipart body has no parts", where="body")
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)  # the bytes, or None for a nested multipart
        data = payload if isinstance(payload, bytes) else b""
        parts.append((_body_format(part.get_content_type()), data))
    return parts


def _merge(store: Store, graph: str | None, parts: list[tuple[Format, bytes]]) -> None:
    """Add every part to the graph, after all of them have parsed (blocking)."""
    for fmt, data in parts:
        parse_rdf(data, format=fmt, graph=graph, base_iri=graph)
    for fmt, data in parts:
        store.write_graph(graph, data, format=fmt, merge=True, base_iri=graph)


async def _read(
    store: Store, settings: Settings, graph: str | None, accept: str | None, head: bool
) -> Response:
    offer = negotiate(accept, GRAPHS)
    body = await in_worker(
        lambda: store.dump_graph(graph, format=offer.name), timeout=settings.query_timeout
    )
    if head:
        headers = {**VARY, "Content-Length": str(len(body))}
        return Response(media_type=offer.media_type, headers=headers)
    return Response(body, media_type=offer.media_type, headers=VARY)


async def _put(request: Request, store: Store, settings: Settings, graph: str | None) -> Response:
    fmt = _body_format(_media_type(request))
    body = await read_body(request, settings.max_body_bytes, settings.body_timeout)

    def put() -> bool:
        created = not store.has_graph(graph)
        store.write_graph(graph, body, format=fmt, base_iri=graph)
        return created

    created = await anyio.to_thread.run_sync(put)
    return Response(status_code=201 if created else 204)


async def _post(request: Request, store: Store, settings: Settings, graph: str | None) -> Response:
    parts = _parts(
        request, await read_body(request, settings.max_body_bytes, settings.body_timeout)
    )
    await anyio.to_thread.run_sync(lambda: _merge(store, graph, parts))
    return Response(status_code=204)


async def _delete(store: Store, graph: str | None) -> Response:
    await anyio.to_thread.run_sync(lambda: store.drop_graph(graph))
    return Response(status_code=204)


def _indirect(method: str, summary: str) -> None:
    """Add the route of one method on a graph named by ?graph=IRI or ?default."""

    async def endpoint(
        request: Request,
        store: StoreDep,
        settings: SettingsDep,
        base: BaseUrlDep,
        accept: AcceptDep = None,
    ) -> Response:
        return await _dispatch(request, store, settings, _graph(request, base, None), accept)

    endpoint.__doc__ = summary
    router.add_api_route(
        "",
        endpoint,
        methods=[method],
        name=f"graph_store_{method.lower()}",
        summary=summary,
        dependencies=_guard(method),
        openapi_extra={"parameters": _PARAMETERS},
        responses=_responses(method),
    )


def _direct(method: str, summary: str) -> None:
    """Add the route of one method on a graph named by the URL itself."""

    async def endpoint(
        request: Request,
        path: str,
        store: StoreDep,
        settings: SettingsDep,
        base: BaseUrlDep,
        accept: AcceptDep = None,
    ) -> Response:
        return await _dispatch(request, store, settings, _graph(request, base, path), accept)

    endpoint.__doc__ = summary
    router.add_api_route(
        "/{path:path}",
        endpoint,
        methods=[method],
        name=f"graph_store_direct_{method.lower()}",
        dependencies=_guard(method),
        summary=summary + " (the graph whose IRI is this URL)",
        responses=_responses(method),
    )


_SUMMARIES = {
    "GET": "Send the graph, in the RDF format asked for",
    "HEAD": "The headers of GET, without the graph",
    "PUT": "Replace the graph (201 if it is new)",
    "DELETE": "Remove the graph",
    "POST": "Add to the graph (RDF, or multipart/form-data with RDF parts)",
}
for _method in ("GET", "HEAD", "PUT", "DELETE"):
    _indirect(_method, _SUMMARIES[_method])


@router.post(
    "",
    summary="Add to the graph named by ?graph=IRI or ?default; without either, a new graph",
    openapi_extra={"parameters": _PARAMETERS},
    dependencies=[WriterDep],
    responses={**_RESPONSES, 201: {"description": "a new graph; its IRI is in Location"}},
)
async def graph_store_post(
    request: Request, store: StoreDep, settings: SettingsDep, base: BaseUrlDep
) -> Response:
    """POST to a named graph merges; POST to the graph store itself makes a new graph."""
    params = request.query_params
    if "graph" in params or "default" in params:
        return await _post(request, store, settings, _graph(request, base, None))
    graph = f"{base}/store/{uuid.uuid4().hex}"
    parts = _parts(
        request, await read_body(request, settings.max_body_bytes, settings.body_timeout)
    )
    await anyio.to_thread.run_sync(lambda: _merge(store, graph, parts))
    return Response(status_code=201, headers={"Location": graph})


for _method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
    _direct(_method, _SUMMARIES[_method])

_ALLOW = {"Allow": "GET, HEAD, PUT, POST, DELETE, OPTIONS"}


@router.options("", include_in_schema=False, dependencies=[WriterDep])
@router.options("/{path:path}", include_in_schema=False, dependencies=[WriterDep])
async def graph_store_options() -> Response:
    """The methods of the Graph Store (a CORS preflight is answered by the middleware);
    without this, OPTIONS was a 405 whose Allow named the first route's method only."""
    return Response(status_code=204, headers=_ALLOW)


async def _dispatch(
    request: Request, store: Store, settings: Settings, graph: str | None, accept: str | None
) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        return await _read(store, settings, graph, accept, head=method == "HEAD")
    if method == "PUT":
        return await _put(request, store, settings, graph)
    if method == "POST":
        return await _post(request, store, settings, graph)
    return await _delete(store, graph)
