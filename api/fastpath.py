"""A short way in for SPARQL queries: ``/sparql`` by GET and POST without FastAPI's routing.

Most requests a SPARQL endpoint gets are small queries, for which FastAPI's routing, request
validation and dependency solving cost as much as the query itself (measured: about a
third of the server's CPU per small ASK). ``SparqlFastPath`` hands GET and POST requests
for ``/sparql`` straight to the same handlers that the routes declare
(``api.routes.sparql``), and renders their errors with the same handlers the app installs
(``api.errors``): the answers are the same, byte for byte, as through the routes, which stay
registered for the OpenAPI description, for HEAD and OPTIONS, and for an app built without
this middleware. The middleware sits inside CORS and gzip, so both still apply.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import TkgError

from .errors import http_error, tkg_error
from .routes.sparql import router, sparql_get, sparql_post

__all__ = ["SparqlFastPath"]

_HANDLERS = {"GET": sparql_get, "POST": sparql_post}


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class SparqlFastPath:
    """ASGI middleware: ``GET /sparql`` and ``POST /sparql`` to their handlers directly."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = _HANDLERS.get(scope.get("method", "")) if scope["type"] == "http" else None
        if handler is None or _route_path(scope) != router.prefix:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await handler(request)
        except TkgError as exc:
            response = await tkg_error(request, exc)
        except HTTPException as exc:
            response = await http_error(request, exc)
        await response(scope, receive, send)
