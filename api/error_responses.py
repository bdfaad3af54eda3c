"""Every error as one response: the status and code ``api.errors`` gives its class, and a
body in JSON or, when the client asked for text, one line of plain text.

``install_error_handlers`` has FastAPI answer every ``TkgError`` and Starlette's own 404 and
405 this way; the SPARQL fast path (``api.sparql.fastpath``) calls the handlers itself.
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from api.errors import NotAcceptableError, answer_of
from api.negotiation import ERROR_BODIES, negotiate
from kg.errors import TkgError, UnsupportedFormatError

__all__ = ["http_error", "install_error_handlers", "tkg_error"]


def _error_response(
    request: Request, status: int, body: dict[str, object], headers: dict[str, str] | None = None
) -> Response:
    try:
        as_text = negotiate(request.headers.get("accept"), ERROR_BODIES).name == "text"
    except NotAcceptableError:
        as_text = False
    if as_text:
        where = f" ({body['where']})" if body.get("where") else ""
        text = f"{status} {body['error']}: {body['message']}{where}\n"
        return PlainTextResponse(text, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


async def tkg_error(request: Request, exc: TkgError) -> Response:
    """The response for one of our errors: its status, code, message and place."""
    status, code = answer_of(exc)
    body: dict[str, object] = {
        "error": code,
        "message": getattr(exc, "message", str(exc)),
        "where": getattr(exc, "where", None),
    }
    if isinstance(exc, UnsupportedFormatError):
        body["offered"] = exc.offered
    headers: dict[str, str] | None = getattr(exc, "headers", None)
    retry_after = getattr(exc, "retry_after", None)  # a busy server: when to come back
    if retry_after is not None:
        headers = {**(headers or {}), "Retry-After": str(retry_after)}
    return _error_response(request, status, body, headers)


async def http_error(request: Request, exc: HTTPException) -> Response:
    """The response for Starlette's own errors (404, 405), in the same shape."""
    code = "-".join(HTTPStatus(exc.status_code).phrase.lower().split())
    body: dict[str, object] = {"error": code, "message": str(exc.detail), "where": None}
    return _error_response(request, exc.status_code, body, dict(exc.headers or {}))


async def _handle(request: Request, exc: Exception) -> Response:
    """The handler FastAPI calls for the classes it is installed for (Starlette types a
    handler as taking any exception)."""
    if isinstance(exc, TkgError):
        return await tkg_error(request, exc)
    if isinstance(exc, HTTPException):
        return await http_error(request, exc)
    raise exc  # not installed for it


def install_error_handlers(app: FastAPI) -> None:
    """Send every ``TkgError`` (and Starlette's own 404/405) in the one error shape."""
    app.add_exception_handler(TkgError, _handle)
    app.add_exception_handler(HTTPException, _handle)
