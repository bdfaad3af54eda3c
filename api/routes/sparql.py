"""``/sparql``: the SPARQL 1.1 Protocol query and update operations, and a description of
the service.

Queries over a store on disk run in worker processes that are killed when over
``TKG_QUERY_TIMEOUT`` (``kg.store.executor``); over an in-memory store, in threads. Updates run
in this process, in one transaction each, and only with the update token.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.types import Scope

from api.deps import (
    ACCEPT_PARAMETER,
    app_settings,
    app_store,
    base_url,
    check_update_token,
    executor_lifespan,
    in_worker,
    read_body,
    run_query_work,
)
from api.html.sparql_page import ResultsTable, results_table, sparql_page
from api.named import get_named_queries
from api.negotiation import GRAPHS, HTML, RESULTS, VARY, NotAcceptableError, negotiate
from api.sparql.encoding import gzip_options
from api.sparql.forms import parse_form
from api.sparql.protocol import (
    FORM,
    QUERY,
    UPDATE,
    QueryRequest,
    UpdateRequest,
    answer_query,
    no_query,
    perform_update,
    post_media_type,
    post_request,
    query_request,
)
from api.sparql.service import service_description
from kg.errors import InputError
from kg.settings import Settings
from kg.store import Store
from kg.store.guard import check_sparql

__all__ = [
    "answer_response",
    "router",
    "sparql_get",
    "sparql_options",
    "sparql_post",
    "url_params",
    "wants_page",
]

router = APIRouter(prefix="/sparql", tags=["sparql"], lifespan=executor_lifespan)

#: A bare GET sends the service description (RDF, Turtle by default) or, to a browser, the
#: SPARQL page (the editor, and a form for browsers without scripts).
SERVICE = (*GRAPHS, HTML)

#: A query's answer: results or a graph, or (asked for by name or preferred by a browser) the
#: SPARQL page with them as a table, which the query's worker sends as these formats.
ANSWERS = (*RESULTS, *GRAPHS, HTML)
_AS_TABLE = ("application/sparql-results+json", "application/n-triples")


def _graph_list(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "format": "uri"},
        "description": description,
    }


_DEFAULT_GRAPHS = (
    "graphs whose merge is the default graph, replacing the query's FROM (else FROM, else "
    "TKG_DEFAULT_GRAPH: the union of all graphs); empty if only named-graph-uri is given"
)
_NAMED_GRAPHS = (
    "graphs that GRAPH ?g may range over, replacing the query's FROM NAMED (else FROM "
    "NAMED, else all named graphs); none if only default-graph-uri is given"
)
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
    _parameter(
        "format",
        {
            "type": "string",
            "enum": sorted(
                {v for o in (*RESULTS, *GRAPHS, HTML) for v in (*o.names, *o.media_types)}
            ),
        },
        _FORMAT,
    ),
    ACCEPT_PARAMETER,
]
_EXAMPLE = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
_UPDATE_EXAMPLE = (
    "INSERT DATA { GRAPH <http://example.org/g> "
    '{ <http://example.org/a> <http://example.org/p> "1" } }'
)
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "SELECT and ASK results, or the graph of a CONSTRUCT or DESCRIBE; "
        "to a browser (or with format=html), the SPARQL page with them as a table",
        "content": {o.media_type: {} for o in ANSWERS},
    },
    204: {"description": "the update was made"},
    400: {
        "description": "no query, a query or update that does not parse (with line and "
        "column), or an update that failed (nothing was changed)"
    },
    401: {"description": "an update without the right bearer token"},
    403: {"description": "an update, and updates are disabled (no TKG_UPDATE_TOKEN)"},
    406: {"description": "none of the offered media types is acceptable; they are listed"},
    413: {"description": "a request body over TKG_MAX_BODY_BYTES"},
    415: {"description": "a body that is neither a form nor application/sparql-query (UTF-8)"},
    503: {
        "description": "the query ran longer than TKG_QUERY_TIMEOUT, or no query worker "
        "became free in time (server-busy, with Retry-After)"
    },
}


def url_params(scope: Scope) -> dict[str, list[str]]:
    """The URL's parameters, each with its values (read as Starlette's ``query_params``)."""
    query_string: bytes = scope.get("query_string", b"")
    return parse_form(query_string.decode("latin-1"))


def wants_page(accept: str | None, formats: tuple[str, ...]) -> bool:
    """Whether the answer is the SPARQL page with a results table: ``format=html``, or an
    Accept that ranks HTML over every results and graph format (a browser's)."""
    try:
        return negotiate(accept, ANSWERS, formats=formats) is HTML
    except NotAcceptableError:
        return False  # the query's own negotiation says what is offered


def _page(
    request: Request, endpoint: str, query: str | None = None, table: ResultsTable | None = None
) -> str:
    """The SPARQL page; its scripts from this server's ``/static``, under any root path."""
    static = request.scope.get("root_path", "").rstrip("/") + "/static"
    return sparql_page(
        endpoint, get_named_queries(request), query=query, table=table, static=static
    )


async def _answer(
    request: Request, settings: Settings, query: QueryRequest, accept: str | None, endpoint: str
) -> Response:
    check_sparql(query.query, outbound=settings.outbound)  # before a worker is taken
    page = wants_page(accept, query.formats)
    media_type, body, encoding = await run_query_work(
        request,
        answer_query,
        query.query,
        query.default_graphs,
        query.named_graphs,
        _AS_TABLE if page else query.formats,
        accept,
        endpoint,
        None if page else gzip_options(request.headers.get("accept-encoding")),
        timeout=settings.query_timeout,
    )
    if page:
        base = base_url(request, settings)  # not gzipped: no gzip options were given
        table = await anyio.to_thread.run_sync(lambda: results_table(media_type, body, base))
        return HTMLResponse(_page(request, endpoint, query.query, table), headers=VARY)
    return answer_response(media_type, body, encoding)


def answer_response(media_type: str, body: bytes, encoding: str | None) -> Response:
    """The response of a query's answer, as its worker sent it (see ``answer_query``)."""
    if encoding is None:  # small, or not asked for: the gzip middleware passes it on
        return Response(body, media_type=media_type, headers=VARY)
    headers = {"Vary": f"{VARY['Vary']}, Accept-Encoding", "Content-Encoding": encoding}
    return Response(body, media_type=media_type, headers=headers)


async def _update(store: Store, update: UpdateRequest, endpoint: str) -> Response:
    """Run the update to its end: it is not cut short by the query time limit, since an
    answer of 503 must not be followed by a change. Only holders of the token get here."""
    await anyio.to_thread.run_sync(lambda: perform_update(store, update, base_iri=endpoint))
    return Response(status_code=204)


@router.head("", include_in_schema=False)
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
async def sparql_get(request: Request) -> Response:
    """SPARQL 1.1 Protocol query by GET. Without ``query=``: the SPARQL Service Description
    as RDF (Turtle by default), or a query form for a browser."""
    settings, accept = app_settings(request), request.headers.get("accept")
    params = url_params(request.scope)
    if "update" in params:
        raise InputError("a SPARQL Update is sent with POST, never with GET", where="update")
    endpoint = base_url(request, settings) + router.prefix
    if "query" in params:
        return await _answer(request, settings, query_request(params), accept, endpoint)
    try:
        offer = negotiate(accept, SERVICE, formats=params.get("format", []))
    except NotAcceptableError:
        raise no_query() from None
    if offer is HTML:
        return HTMLResponse(_page(request, endpoint), headers=VARY)
    store = app_store(request)
    description = await in_worker(
        lambda: service_description(
            endpoint,
            store.graphs(),
            offer.name,
            updates=bool(settings.update_token),
            union=settings.default_graph == "union",
        ),
        timeout=settings.query_timeout,
    )
    return Response(description, media_type=offer.media_type, headers=VARY)


@router.options("", include_in_schema=False)
async def sparql_options() -> Response:
    """The methods of the endpoint (a CORS preflight is answered by the middleware)."""
    return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@router.post(
    "",
    summary="Run a query (query=, application/sparql-query) or an update (update=, "
    "application/sparql-update)",
    openapi_extra={
        "parameters": _URL_PARAMETERS,
        "requestBody": {
            "required": True,
            "content": {
                QUERY: {"schema": {"type": "string", "example": _EXAMPLE}},
                UPDATE: {"schema": {"type": "string", "example": _UPDATE_EXAMPLE}},
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
async def sparql_post(request: Request) -> Response:
    """SPARQL 1.1 Protocol query or update by POST, as a form or directly. Updates need
    ``Authorization: Bearer <TKG_UPDATE_TOKEN>``: 403 when no token is configured, 401 when
    the request's is missing or wrong; a failed update changes nothing."""
    settings, accept = app_settings(request), request.headers.get("accept")
    media = post_media_type(request.headers.get("content-type"), settings)
    if media == UPDATE:  # refuse before reading the body
        check_update_token(settings, request.headers.get("authorization"))
    body = await read_body(request, settings.max_body_bytes, settings.body_timeout)
    operation = post_request(media, body, url_params(request.scope), settings)
    endpoint = base_url(request, settings) + router.prefix
    if isinstance(operation, UpdateRequest):
        check_update_token(settings, request.headers.get("authorization"))
        check_sparql(operation.update, outbound=settings.outbound)
        return await _update(app_store(request), operation, endpoint)
    return await _answer(request, settings, operation, accept, endpoint)
