"""``/queries``: the named queries of ``queries/`` (as grlc offers them), one operation each.

``router_for(queries)`` makes ``GET /queries`` (the list, with summaries and typed
parameters) and ``GET /queries/{name}`` for each query, its parameters documented in the
OpenAPI description by type. Values are parsed by type and reach the query only as
bindings; a bad one is a 400 that names the parameter.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from api.catalogue_call import CatalogueCall, CatalogueDep, catalogue_call
from api.deps import negotiated
from api.html.queries import queries_page, query_page, results_table
from api.negotiation import HTML, RESULTS, VARY
from api.pagination import CATALOGUE_RESPONSES
from kg.errors import ParameterError
from kg.store.formats import Format
from kg.store.named import NamedQuery, Param, answer_named_query

__all__ = ["NamedQueryInfo", "ParamInfo", "router_for"]

#: JSON Schema of each parameter type, as the OpenAPI description shows it.
_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "langstring": {"type": "string"},
    "integer": {"type": "string", "pattern": r"^[+-]?\d+$"},
    "decimal": {"type": "string", "pattern": r"^[+-]?(\d+\.?\d*|\.\d+)$"},
    "boolean": {"type": "string", "enum": ["true", "false"]},
    "date": {"type": "string", "format": "date"},
    "year": {"type": "string", "pattern": r"^-?\d{4}$"},
}
_RESERVED = {"limit", "offset", "format"}

#: SPARQL 1.1 Query Results JSON, as far as a SELECT's results go.
_RESULTS_JSON: dict[str, Any] = {
    "type": "object",
    "required": ["head", "results"],
    "properties": {
        "head": {
            "type": "object",
            "properties": {"vars": {"type": "array", "items": {"type": "string"}}},
        },
        "results": {
            "type": "object",
            "required": ["bindings"],
            "properties": {
                "bindings": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "required": ["type", "value"],
                            "properties": {
                                "type": {"enum": ["uri", "literal", "bnode", "triple"]},
                                "value": {},
                                "datatype": {"type": "string"},
                                "xml:lang": {"type": "string"},
                            },
                        },
                    },
                }
            },
        },
    },
}

LimitQuery = Annotated[
    int | None,
    Query(
        ge=0, le=100_000, description="rows to return at most (never more than the query's limit)"
    ),
]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
#: What a named query answers: SPARQL results (JSON by default), or a page for a browser.
QUERY_OFFERS: tuple[Format[Any], ...] = (*RESULTS, HTML)
#: A named query's parameters: its results format chosen by ``format=`` or Accept.
ResultsCall = Annotated[CatalogueCall, Depends(catalogue_call(negotiated(QUERY_OFFERS)))]


class ParamInfo(BaseModel):
    """A typed parameter of a named query."""

    name: str
    type: str = Field(
        description="iri, string, integer, decimal, boolean, date, year or langstring"
    )
    required: bool
    description: str
    default: str | int | float | bool | None = None
    enum: list[str] | None = None


class NamedQueryInfo(BaseModel):
    """A named query: what it is for, its typed parameters, where to run it, its text."""

    name: str
    summary: str
    description: str
    tags: list[str]
    params: list[ParamInfo]
    limit: int | None = Field(description="rows returned unless limit= says otherwise")
    url: str
    sparql: str


def _info(query: NamedQuery, base: str) -> NamedQueryInfo:
    return NamedQueryInfo(
        name=query.name,
        summary=query.summary,
        description=query.description.strip(),
        tags=query.tags,
        params=[
            ParamInfo(
                name=name,
                type=p.type,
                required=p.required,
                description=p.description,
                default=p.default,
                enum=p.enum,
            )
            for name, p in query.params.items()
        ],
        limit=query.limit,
        url=f"{base}/queries/{query.name}",
        sparql=query.text,
    )


def _parameter(name: str, param: Param) -> dict[str, Any]:
    schema = dict(_SCHEMAS[param.type])
    if param.enum is not None:
        schema = {"type": "string", "enum": list(param.enum)}
    if param.required:
        schema["minLength"] = 1  # an empty value is a missing one: 400
    else:
        schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}  # empty: unbound
    return {
        "name": name,
        "in": "query",
        "required": param.required,
        "schema": schema,
        "description": f"({param.type}) {param.description}".strip(),
    }


def _runner(query: NamedQuery) -> Callable[..., Awaitable[Response]]:
    largest = query.limit or 10_000

    async def run(call: ResultsCall, limit: LimitQuery = None, offset: OffsetQuery = 0) -> Response:
        values: dict[str, str] = {}
        for name in call.request.query_params:
            if name in _RESERVED:
                continue
            given = call.request.query_params.getlist(name)
            if len(given) > 1:
                raise ParameterError("is given more than once", where=f"{query.name}: {name}")
            values[name] = given[0]
        if call.wants_page:
            return await _page(call, query, values, limit, offset)
        query.bindings(values)  # a bad value is a 400 naming it, before any work
        body = await call.run(
            answer_named_query,
            query,
            values,
            min(limit, largest) if limit is not None else None,
            offset,
            call.offer.name,
        )
        return Response(body, media_type=call.offer.media_type, headers=VARY)

    return run


async def _page(
    call: CatalogueCall,
    query: NamedQuery,
    values: dict[str, str],
    limit: int | None,
    offset: int,
) -> Response:
    """A named query for a browser: its form; its results as a table once every required
    parameter has a value; a bad value shown beside the form (a 400)."""
    missing = [n for n, p in query.params.items() if p.required and not values.get(n)]
    if missing:  # the form, to fill in; an error (400) if anything was sent without them,
        # even an empty form or a format=html: only the bare URL is the form's own address
        error = f"{', '.join(missing)}: required" if call.request.query_params else None
        page = query_page(query, values, None, error, base=call.base)
        return call.page(page, status_code=400 if error else 200)
    try:
        query.bindings(values)
    except ParameterError as exc:
        return call.page(query_page(query, values, None, str(exc), base=call.base), 400)
    largest = query.limit or 10_000
    body = await call.run(
        answer_named_query,
        query,
        values,
        min(limit, largest) if limit is not None else None,
        offset,
        "json",
    )
    results = results_table(json.loads(body))
    return call.page(query_page(query, values, results, None, base=call.base))


def router_for(queries: Mapping[str, NamedQuery]) -> APIRouter:
    """The ``/queries`` routes for these named queries (parsed once, at start-up)."""
    router = APIRouter(prefix="/queries", tags=["named queries"])

    @router.get(
        "",
        summary="The named queries, with their summaries and typed parameters",
        response_model=list[NamedQueryInfo],
        responses=CATALOGUE_RESPONSES,
    )
    async def list_queries(call: CatalogueDep) -> list[NamedQueryInfo] | Response:
        """Every query of ``queries/``, as ``/queries/{name}`` runs it; a page for a browser."""
        if call.wants_page:
            return call.page(queries_page(list(queries.values()), base=call.base))
        return call.data([_info(q, call.base) for q in queries.values()])

    responses: dict[int | str, dict[str, Any]] = {
        200: {
            "description": "the results (SPARQL JSON by default; XML, CSV, TSV by Accept), "
            "or for a browser a form of the parameters and the results as a table",
            "content": {
                o.media_type: {"schema": _RESULTS_JSON if o.name == "json" else {"type": "string"}}
                for o in QUERY_OFFERS
            },
        },
        400: {"description": "a parameter of the wrong type; the error names it"},
        406: {"description": "none of the offered media types is acceptable; they are listed"},
        503: {"description": "the query ran longer than TKG_QUERY_TIMEOUT"},
    }
    for name, query in queries.items():
        router.add_api_route(
            f"/{name}",
            _runner(query),
            methods=["GET"],
            name=f"query_{name}",
            summary=query.summary,
            description=(query.description.strip() + "\n\n```sparql\n" + query.text + "```"),
            response_class=Response,
            responses=responses,
            openapi_extra={"parameters": [_parameter(n, p) for n, p in query.params.items()]},
        )
    return router
