"""``/``: what is here: the named graphs and their sizes, where to go, an example query."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from kg.store import Store

from ..deps import AcceptDep, BaseUrlDep, SettingsDep, StoreDep, in_worker
from ..negotiation import HTML, PAGES, VARY, negotiate
from ..pages import EXAMPLE_QUERY, home_page

__all__ = ["GRAPH_SIZES", "Home", "graph_sizes", "router"]

router = APIRouter(tags=["home"])

#: The size of every named graph, in one query.
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


class GraphSize(BaseModel):
    """A named graph and the number of triples in it."""

    graph: str
    triples: int


class Example(BaseModel):
    """A query to try, and the URL that runs it."""

    query: str
    url: str


class Home(BaseModel):
    """What the server holds and offers."""

    graphs: list[GraphSize]
    links: dict[str, str]
    example: Example


def graph_sizes(store: Store) -> list[GraphSize]:
    """The named graphs of the store with their triple counts, ordered by IRI (blocking)."""
    return [
        GraphSize(graph=row["g"].value, triples=int(row["n"].value))
        for row in store.query(GRAPH_SIZES).rows()
        if row["g"] is not None and row["n"] is not None
    ]


@router.get(
    "/",
    summary="What is here: the named graphs, the endpoints, an example query",
    response_model=Home,
    responses={
        200: {"content": {HTML.media_type: {}}},
        406: {"description": "no offered media type matches Accept (HTML or JSON are offered)"},
    },
)
async def home(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    base: BaseUrlDep,
    accept: AcceptDep = None,
    format: Annotated[str | None, Query(description="html or json; wins over Accept")] = None,
) -> Response:
    """The home page in HTML, or the same facts as JSON (``Accept: application/json``)."""
    offer = negotiate(accept, PAGES, formats=(format,) if format else ())
    graphs = await in_worker(lambda: graph_sizes(store), timeout=settings.query_timeout)
    sparql = base + request.app.url_path_for("sparql_get")
    info = Home(
        graphs=graphs,
        links={
            "sparql": sparql,
            "docs": f"{base}{request.app.docs_url}",
            "openapi": f"{base}{request.app.openapi_url}",
        },
        example=Example(query=EXAMPLE_QUERY, url=f"{sparql}?{urlencode({'query': EXAMPLE_QUERY})}"),
    )
    if offer is HTML:
        page = home_page([(g.graph, g.triples) for g in graphs], info.links, info.example.url)
        return HTMLResponse(page, headers=VARY)
    return JSONResponse(info.model_dump(), headers=VARY)
