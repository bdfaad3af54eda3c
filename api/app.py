"""The FastAPI application: ``create_app(settings, store)``, nothing at import time.

>>> from kg.store import open_store
>>> app = create_app(Settings(store="memory"), open_store("memory"))
>>> app.url_path_for("home"), app.url_path_for("sparql_get")
('/', '/sparql')
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import Future
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from starlette.types import ASGIApp

from api.answer_headers import ANSWER_MIDDLEWARES, HeaderPolicy, answer_middlewares
from api.caching import HttpCaching
from api.error_responses import install_error_handlers
from api.fastpath import SparqlFastPath, SparqlLeanPath
from api.headers import HtmlSecurityHeaders
from api.html.errors import error_page
from api.prepare import prepare
from api.routes import (
    argmap_writes,
    argmaps,
    concepts,
    context,
    crawlers,
    docs,
    document_writes,
    documents,
    dumps,
    home,
    linked,
    litmaps,
    ontology,
    queries,
    search,
    sparql,
    void,
    works,
)
from api.routes import store as graph_store
from api.sparql.encoding import CORS, GZIP
from kg import __version__
from kg.settings import Settings
from kg.store import Store, open_store
from kg.store.executor import ProcessExecutor
from kg.store.named import load_queries

__all__ = ["CORS", "GZIP", "create_app"]

_NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def _generation(app: FastAPI) -> int | None:
    """The generation of the app's store (``None`` before it is open, or for a store that
    has none): what the ETags of ``api.caching`` are made from."""
    generation = getattr(getattr(app.state, "store", None), "generation", None)
    return generation if isinstance(generation, int) else None


def create_app(
    settings: Settings,
    store: Store | None = None,
    *,
    sparql_fast_path: bool = True,
    executor_start: Future[ProcessExecutor | None] | None = None,
) -> FastAPI:
    """The API over ``store``; without one, the store named by ``settings.store`` is opened
    when the app starts (its lifespan) and closed when it stops.

    The caller keeps ownership of a store it passes in. Both live on ``app.state``.
    ``sparql_fast_path=False`` sends SPARQL queries through FastAPI's routing like every
    other request (``api.fastpath``; the answers are the same).

    ``executor_start``: the query workers of ``store``, already starting
    (``api.deps.start_executor`` in a thread): the app takes them when it starts, instead of
    starting its own.

    FastAPI's own OpenTelemetry is on only with ``settings.telemetry`` (``TKG_TELEMETRY``):
    otherwise FastAPI asks the OpenTelemetry API for a configured provider on every request,
    about 10 µs of a small query's CPU (measured under four clients).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # what the first visits would pay once (templates, routes, imports): api.prepare
        await anyio.to_thread.run_sync(prepare, app)
        if store is not None:
            search.start_keeping(app)  # the full-text index, in a thread of its own
            try:
                yield
            finally:
                await anyio.to_thread.run_sync(search.stop_keeping, app)
            return
        opened = await anyio.to_thread.run_sync(
            lambda: open_store(
                settings.store, outbound=settings.outbound, default_graph=settings.default_graph
            )
        )
        app.state.store = opened
        search.start_keeping(app)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(search.stop_keeping, app)
            opened.close()

    app = FastAPI(
        title="Technocracy KG",
        version=__version__,
        summary="A knowledge graph of the concepts of algorithmic technocracy",
        description="SPARQL 1.1 Protocol at `/sparql`; what is here at `/`.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI from /static instead of a CDN: api.routes.docs
        redoc_url=None,  # ReDoc would load from a CDN
        telemetry=None if settings.telemetry else _NO_TELEMETRY,
    )
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    app.state.executor_start = executor_start
    install_error_handlers(app, page=error_page)  # a page for a browser, JSON for the rest
    app.include_router(home.router)
    app.include_router(docs.router)
    app.mount("/static", docs.static_files(), name="static")
    app.include_router(sparql.router)
    app.include_router(linked.router)
    app.include_router(ontology.router)
    app.state.named_queries = load_queries()  # parsed once: the routes' and the pages'
    app.include_router(queries.router_for(app.state.named_queries))
    app.include_router(concepts.router)
    app.include_router(works.router)
    app.include_router(argmaps.router)
    app.include_router(argmap_writes.router)
    app.include_router(document_writes.router)
    app.include_router(search.router)
    app.include_router(graph_store.router)
    app.include_router(void.router)
    app.include_router(dumps.router)
    app.include_router(context.router)
    app.include_router(crawlers.router)
    app.include_router(litmaps.router)
    app.include_router(documents.router)
    for middleware, options in ANSWER_MIDDLEWARES:  # CORS, then gzip around it
        app.add_middleware(middleware, **options)
    build = app.build_middleware_stack

    def outer(inner: ASGIApp) -> ASGIApp:
        # every page, whichever way it came; then HEAD, tags and Cache-Control for all
        return HttpCaching(HtmlSecurityHeaders(inner), lambda: _generation(app))

    def outermost() -> ASGIApp:
        stack = build()
        if not sparql_fast_path:
            return outer(stack)
        # outside every middleware: the headers of CORS and gzip taken from those middlewares
        minimum = int(GZIP["minimum_size"])
        stack = outer(
            SparqlFastPath(stack, policy=HeaderPolicy(answer_middlewares), minimum=minimum)
        )
        # and outside the outer ones too: their headers, and those of CORS and gzip
        everything = HeaderPolicy(lambda inner: outer(answer_middlewares(inner)))
        return SparqlLeanPath(stack, policy=everything, minimum=minimum)

    app.build_middleware_stack = outermost  # type: ignore[method-assign]
    return app
