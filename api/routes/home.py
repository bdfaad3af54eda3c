"""``/``: what is here: the named graphs and their sizes, where to go, an example query."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.html.pages import EXAMPLE_QUERY, home_page
from api.memo import graph_sizes
from api.negotiation import HTML, PAGES, VARY
from api.sparql.service import named_graph_sizes
from kg.store.formats import Format

__all__ = ["Example", "GraphSize", "Home", "home", "router"]

router = APIRouter(tags=["home"])


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
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: Annotated[Format[None], Depends(negotiated(PAGES))],
) -> Response:
    """The home page in HTML, or the same facts as JSON (``Accept: application/json``)."""
    # counting every graph reads every quad (3-9 CPU s beside 1,000 papers): the sizes the
    # store keeps at write time, else counted once and kept
    sizes = await graph_sizes(
        request, lambda: run_query_work(request, named_graph_sizes, timeout=settings.query_timeout)
    )
    graphs = [GraphSize(graph=g, triples=n) for g, n in sizes.items()]
    sparql = base + request.app.url_path_for("sparql_get")
    info = Home(
        graphs=graphs,
        links={
            "sparql": sparql,
            "docs": base + request.app.url_path_for("swagger_ui"),
            "openapi": f"{base}{request.app.openapi_url}",
            "concepts": f"{base}/concepts",
            "works": f"{base}/works",
            "search": f"{base}/search?q=smart",
        },
        example=Example(query=EXAMPLE_QUERY, url=f"{sparql}?{urlencode({'query': EXAMPLE_QUERY})}"),
    )
    if offer is HTML:
        page = home_page(
            [(g.graph, g.triples) for g in graphs], info.links, info.example.url, base=base
        )
        return HTMLResponse(page, headers=VARY)
    return JSONResponse(info.model_dump(), headers=VARY)
