"""``/sparql``: the SPARQL 1.1 Protocol query operation, and a description of the service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from kg.errors import InputError
from kg.settings import Settings
from kg.store import Store

from ..deps import AcceptDep, BaseUrlDep, SettingsDep, StoreDep, in_worker, read_body
from ..negotiation import GRAPHS, HTML, RESULTS, VARY, NotAcceptableError, negotiate
from ..pages import query_form_page
from ..protocol import (
    FORM,
    QUERY,
    QueryRequest,
    answer,
    no_query,
    post_media_type,
    post_request,
    query_request,
)
from ..service import service_description

__all__ = ["router"]

router = APIRouter(prefix="/sparql", tags=["sparql"])

#: A bare GET sends the service description (RDF, Turtle by default) or, to a browser, a form.
SERVICE = (*GRAPHS, HTML)


def _graph_list(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "format": "uri"},
        "description": description,
    }


_DEFAULT_GRAPHS = "graphs whose union is the default graph (else the union of all graphs)"
_NAMED_GRAPHS = "graphs that GRAPH ?g may range over (else all named graphs)"
_FORMAT = (
    "a format name or media type (json, xml, csv, tsv; ttl, nt, jsonld, ...); wins over Accept"
)


def _parameter(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_URL_PARAMETERS = [
    _parameter("default-graph-uri", _graph_list(_DEFAULT_GRAPHS)),
    _parameter("named-graph-uri", _graph_list(_NAMED_GRAPHS)),
    _parameter("format", {"type": "string"}, _FORMAT),
]
_EXAMPLE = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "SELECT and ASK results, or the graph of a CONSTRUCT or DESCRIBE",
        "content": {o.media_type: {} for o in (*RESULTS, *GRAPHS)},
    },
    400: {"description": "no query, or a query that does not parse (with line and column)"},
    403: {"description": "a SPARQL Update: this endpoint is read-only"},
    406: {"description": "none of the offered media types is acceptable; they are listed"},
    413: {"description": "a request body over TKG_MAX_BODY_BYTES"},
    415: {"description": "a body that is neither a form nor application/sparql-query (UTF-8)"},
    503: {"description": "the query ran longer than TKG_QUERY_TIMEOUT"},
}


def _url_params(request: Request) -> dict[str, list[str]]:
    return {name: request.query_params.getlist(name) for name in request.query_params}


async def _answer(
    store: Store, settings: Settings, query: QueryRequest, accept: str | None, endpoint: str
) -> Response:
    offer, body = await in_worker(
        lambda: answer(store, query, accept, base_iri=endpoint), timeout=settings.query_timeout
    )
    return Response(body, media_type=offer.media_type, headers=VARY)


@router.get(
    "",
    summary="Run a query given as query=, or describe the service",
    openapi_extra={
        "parameters": [
            _parameter("query", {"type": "string", "example": _EXAMPLE}, "the SPARQL query"),
            *_URL_PARAMETERS,
        ]
    },
    responses=_RESPONSES,
)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    base: BaseUrlDep,
    accept: AcceptDep = None,
) -> Response:
    """SPARQL 1.1 Protocol query by GET. Without ``query=``: the SPARQL Service Description
    as RDF (Turtle by default), or a query form for a browser."""
    params = _url_params(request)
    if "update" in params:
        raise InputError("a SPARQL Update is sent with POST, never with GET", where="update")
    endpoint = base + request.app.url_path_for("sparql_get")
    if "query" in params:
        return await _answer(store, settings, query_request(params), accept, endpoint)
    try:
        offer = negotiate(accept, SERVICE, formats=params.get("format", []))
    except NotAcceptableError:
        raise no_query() from None
    if offer is HTML:
        return HTMLResponse(query_form_page(endpoint), headers=VARY)
    description = await in_worker(
        lambda: service_description(endpoint, store.graphs(), offer.name),
        timeout=settings.query_timeout,
    )
    return Response(description, media_type=offer.media_type, headers=VARY)


@router.post(
    "",
    summary="Run a query sent as a form (query=) or as application/sparql-query",
    openapi_extra={
        "parameters": _URL_PARAMETERS,
        "requestBody": {
            "required": True,
            "content": {
                QUERY: {"schema": {"type": "string", "example": _EXAMPLE}},
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string", "example": _EXAMPLE},
                            "default-graph-uri": _graph_list(_DEFAULT_GRAPHS),
                            "named-graph-uri": _graph_list(_NAMED_GRAPHS),
                        },
                    }
                },
            },
        },
    },
    responses=_RESPONSES,
)
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    base: BaseUrlDep,
    accept: AcceptDep = None,
) -> Response:
    """SPARQL 1.1 Protocol query by POST, as a form or directly. Updates are refused (403)."""
    media = post_media_type(request.headers.get("content-type"), settings)
    body = await read_body(request, settings.max_body_bytes)
    query = post_request(media, body, _url_params(request), settings)
    endpoint = base + request.app.url_path_for("sparql_get")
    return await _answer(store, settings, query, accept, endpoint)
