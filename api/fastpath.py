"""A short way in for SPARQL queries: ``/sparql`` by GET and POST without FastAPI's routing.

Most requests a SPARQL endpoint gets are small queries, for which the layers of a FastAPI
app (routing, request validation, dependency solving, and the middleware around every
request) cost as much as the query itself. ``SparqlFastPath`` sits outside all of them and
hands GET and POST requests for ``/sparql`` straight to the handlers that the routes declare
(``api.routes.sparql``), and renders their errors with the handlers the app installs
(``api.error_responses``). A small answer (under gzip's minimum size) gets the headers the
app's CORS and gzip middlewares give such an answer, as a ``HeaderPolicy`` learnt from those
very middlewares (``api.answer_headers``) has them; any other goes out through the
middlewares. The answers are the same, byte for byte and header for header, as through the
routes, which stay registered for the OpenAPI description, for HEAD and OPTIONS (CORS
preflight), and for an app built without the fast path.

Measured on a small ASK with 4 clients (one run each): routing skipped, about a quarter
less server CPU per request; then CORS and gzip done here, about 45 µs less again.

``SparqlLeanPath`` goes further for the commonest request, a program's POST: it sits outside
even the caching and security-header middlewares, reads the scope's headers itself, and
sends a small answer without a Starlette request, with the headers of all the middlewares
it passes by (a ``HeaderPolicy`` of them all). The main process's CPU per
small ASK, driven through the ASGI app alone (no HTTP; machine at load 10): 314 -> 255 µs.
Under ``tkg serve`` the query workers answer most such requests themselves, with the same
headers (``api.direct``); what they leave comes here, and a request they were stopped at
the time limit on comes with its error preset (``RESPONSE``, ``api.handing``).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.answer_headers import HeaderPolicy, answer_middlewares
from api.deps import in_executor, scope_base_url
from api.error_responses import http_error, tkg_error
from api.routes.sparql import (
    answer_response,
    router,
    sparql_get,
    sparql_post,
    url_params,
    wants_page,
)
from api.sparql.encoding import gzip_options
from api.sparql.protocol import (
    FORM,
    QUERY,
    QueryRequest,
    answer_query,
    post_media_type,
    post_request,
)
from kg.errors import TkgError
from kg.settings import Settings
from kg.store.guard import check_sparql

__all__ = [
    "RESPONSE",
    "SparqlFastPath",
    "SparqlLeanPath",
    "lean_media",
    "lean_query",
    "query_arguments",
]

#: The scope's key for what ``SparqlLeanPath`` had of the answer when it handed the request
#: on: the query's error, or its answer (media type, body, content coding) to be sent
#: through the app's middlewares
RESPONSE = "tkg.sparql.answered"

_HANDLERS = {"GET": sparql_get, "POST": sparql_post}
_ENCODING = b"content-encoding"


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class SparqlFastPath:
    """ASGI middleware, outermost: ``GET /sparql`` and ``POST /sparql`` to their handlers,
    a small answer (under ``minimum`` bytes) with the headers ``policy`` gives it (the app's
    CORS and gzip middlewares'), any other through those middlewares; the rest to ``app``."""

    def __init__(self, app: ASGIApp, *, policy: HeaderPolicy, minimum: int) -> None:
        self.app = app
        self._policy = policy
        self._minimum = minimum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = _HANDLERS.get(scope.get("method", "")) if scope["type"] == "http" else None
        if handler is None or _route_path(scope) != router.prefix:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            answered = scope.get(RESPONSE)
            if isinstance(answered, BaseException):
                raise answered
            response = await handler(request) if answered is None else answer_response(*answered)
        except TkgError as exc:
            response = await tkg_error(request, exc)
        except HTTPException as exc:
            response = await http_error(request, exc)
        body = getattr(response, "body", None)
        raw = response.raw_headers
        if body is None or len(body) >= self._minimum or any(k == _ENCODING for k, _ in raw):
            # for gzip to consider: through the app's own middlewares
            await answer_middlewares(response)(scope, receive, send)
            return
        # too small for gzip: the headers the same middlewares give such an answer
        headers = await self._policy.headers(scope, response.status_code, raw)
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers}
        )
        await send({"type": "http.response.body", "body": body})


_FORM_OR_QUERY = frozenset({FORM, QUERY})


def lean_media(media: str) -> bool:
    """Whether a POST of the media type ``media`` may be the lean path's: a form or a query."""
    return media.partition(";")[0].strip().lower() in _FORM_OR_QUERY


def lean_query(
    media: str, body: bytes, params: Any, accept: str | None, settings: Settings
) -> QueryRequest | None:
    """The query POSTed as ``body`` (of type ``media``, with the URL's ``params``) when the
    lean path answers it: a query that parses, calls no other host and wants no page; None
    for anything else (an update, an error to render, a browser's request)."""
    try:
        operation = post_request(post_media_type(media, settings), body, params, settings)
        if not isinstance(operation, QueryRequest):
            return None
        check_sparql(operation.query, outbound=settings.outbound)
        if wants_page(accept, operation.formats):
            return None
    except (TkgError, HTTPException):
        return None
    return operation


def query_arguments(
    operation: QueryRequest, accept: str | None, endpoint: str, encoding: str | None
) -> tuple[Any, ...]:
    """``api.sparql.protocol.answer_query``'s arguments after the store, for ``operation``
    asked with the ``Accept`` and ``Accept-Encoding`` headers ``accept`` and ``encoding``."""
    return (
        operation.query,
        operation.default_graphs,
        operation.named_graphs,
        operation.formats,
        accept,
        endpoint,
        gzip_options(encoding),
    )


class SparqlLeanPath:
    """ASGI middleware, outside even the app's caching and security headers: the commonest
    request of all, a query POSTed as a form or as ``application/sparql-query`` by a
    program (no ``Origin``, no HTML wanted), read and handed to a query worker with no
    Starlette request in between; a small answer (under ``minimum`` bytes) is sent with the
    headers ``policy`` gives it, those of every middleware it passes by. Anything else, or anything
    that fails before the query runs, goes the way of every request (``app``, with the body
    already read handed on); an error of the query itself is rendered by the app's handlers
    and sent through its middlewares (``respond``)."""

    def __init__(self, app: ASGIApp, *, policy: HeaderPolicy, minimum: int) -> None:
        self.app = app
        self._policy = policy
        self._minimum = minimum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        executor = getattr(scope["app"].state, "executor", None)
        if getattr(executor, "lanes", None) is not None:
            # any write made so far (by this request, or in the background) reaches the
            # workers that answer directly before this answer does
            send = _publishing(send, executor)
        if (
            scope["method"] != "POST"
            or _route_path(scope) != router.prefix
            or scope.get(RESPONSE) is not None  # answered already (api.handing)
        ):
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for key, value in scope["headers"]:
            if key in headers:  # a repeated header: the general way reads it as it should
                await self.app(scope, receive, send)
                return
            headers[key] = value
        settings: Settings = scope["app"].state.settings
        length = headers.get(b"content-length", b"")
        media = headers.get(b"content-type", b"").decode("latin-1")
        if (
            executor is None
            or b"origin" in headers
            or not length.isdigit()
            or int(length) > settings.max_body_bytes
            or not lean_media(media)
        ):
            await self.app(scope, receive, send)
            return
        message = await receive()
        body: bytes = message.get("body", b"")
        replay = _replaying(message, receive)
        if message["type"] != "http.request" or message.get("more_body", False):
            await self.app(scope, replay, send)
            return
        accept = _text(headers.get(b"accept"))
        operation = lean_query(media, body, url_params(scope), accept, settings)
        if operation is None:
            await self.app(scope, replay, send)
            return
        endpoint = scope_base_url(scope, _text(headers.get(b"host")), settings) + router.prefix
        arguments = query_arguments(
            operation, accept, endpoint, _text(headers.get(b"accept-encoding"))
        )
        try:
            media_type, answer, encoding = await in_executor(
                executor, scope, receive, answer_query, *arguments, timeout=settings.query_timeout
            )
        except (TkgError, HTTPException) as exc:
            scope[RESPONSE] = exc
            await self.app(scope, replay, send)
            return
        if encoding is not None or len(answer) >= self._minimum:
            scope[RESPONSE] = (media_type, answer, encoding)
            await self.app(scope, replay, send)
            return
        response = answer_response(media_type, answer, None)
        start = await self._policy.headers(scope, 200, response.raw_headers)
        await send({"type": "http.response.start", "status": 200, "headers": start})
        await send({"type": "http.response.body", "body": answer})


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


def _publishing(send: Send, executor: Any) -> Send:
    """``send``, which first has the executor publish a snapshot with any write made."""

    async def publishing(message: Message) -> None:
        if message["type"] == "http.response.start":
            executor.current()
        await send(message)

    return publishing


def _replaying(first: Message, receive: Receive) -> Receive:
    """``receive``, whose first message is ``first`` again (read already)."""
    pending = [first]

    async def again() -> Message:
        return pending.pop() if pending else await receive()

    return again
