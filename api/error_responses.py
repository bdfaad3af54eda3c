"""Every error as one response: the status and code ``api.errors`` gives its class, and a
body in JSON or, when the client asked for text, one line of plain text; a browser (one
that names ``text/html`` in its Accept header and prefers it) gets a page in the site's
frame saying what happened, with a way home.

``install_error_handlers`` has FastAPI answer every ``TkgError``, Starlette's own 404 and
405, a request that fails validation (422) and any other exception (500) this way; the
SPARQL fast path (``api.sparql.fastpath``) calls the handlers itself. The page is made by
the ``page`` function the app passes in (``api.html.errors.error_page``: the templates
are a layer above this module); without one, and for every client that is not a browser,
the answers are JSON or text as before (FastAPI's own for a 422, Starlette's for a 500).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from api.errors import NotAcceptableError, answer_of
from api.negotiation import ERROR_BODIES, HTML, negotiate, parse_accept
from kg.errors import TkgError, UnsupportedFormatError

__all__ = ["ErrorPage", "http_error", "install_error_handlers", "tkg_error", "wants_page"]

#: Makes the page of an error for a browser: (request, status, code, message, where) -> HTML.
ErrorPage = Callable[[Request, int, str, str, str | None], str]

#: What an error is answered with when a page may be sent: JSON first (the default of a
#: client that takes anything), then a page, then text.
_WITH_PAGE = (ERROR_BODIES[0], HTML, *ERROR_BODIES[1:])


def wants_page(accept: str | None) -> bool:
    """Whether the client is a browser that would rather read a page: it names HTML (or
    XHTML) in Accept and, among the error bodies offered, HTML is its choice.

    >>> browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    >>> [wants_page(a) for a in (browser, "*/*", None, "application/json", "text/plain")]
    [True, False, False, False, False]
    """
    named = any(
        (r.type, r.subtype) in {("text", "html"), ("application", "xhtml+xml")} and r.q > 0
        for r in parse_accept(accept)
    )
    try:
        return named and negotiate(accept, _WITH_PAGE) is HTML
    except NotAcceptableError:
        return False


def _error_response(
    request: Request,
    status: int,
    body: dict[str, object],
    headers: dict[str, str] | None = None,
    page: ErrorPage | None = None,
) -> Response:
    accept = request.headers.get("accept")
    if page is not None and wants_page(accept):
        where = body.get("where")
        place = None if where is None else str(where)
        html = page(request, status, str(body["error"]), str(body["message"]), place)
        return HTMLResponse(html, status_code=status, headers={**(headers or {}), "Vary": "Accept"})
    try:
        as_text = negotiate(accept, ERROR_BODIES).name == "text"
    except NotAcceptableError:
        as_text = False
    if as_text:
        where = f" ({body['where']})" if body.get("where") else ""
        text = f"{status} {body['error']}: {body['message']}{where}\n"
        return PlainTextResponse(text, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


async def tkg_error(request: Request, exc: TkgError, page: ErrorPage | None = None) -> Response:
    """The response for one of our errors: its status, code, message and place; a page
    made by ``page`` for a browser."""
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
    return _error_response(request, status, body, headers, page)


def _code(status: int) -> str:
    return "-".join(HTTPStatus(status).phrase.lower().split())


async def http_error(
    request: Request, exc: HTTPException, page: ErrorPage | None = None
) -> Response:
    """The response for Starlette's own errors (404, 405), in the same shape."""
    body: dict[str, object] = {
        "error": _code(exc.status_code),
        "message": str(exc.detail),
        "where": None,
    }
    return _error_response(request, exc.status_code, body, dict(exc.headers or {}), page)


def _invalid(exc: RequestValidationError) -> tuple[str, str]:
    """What was wrong with a request, and where, in words (FastAPI's errors joined)."""
    problems = [
        (str(e.get("msg", "")), ".".join(str(p) for p in e.get("loc", ()))) for e in exc.errors()
    ]
    message = "; ".join(msg for msg, _ in problems)
    return message or "the request is not valid", ", ".join(w for _, w in problems if w)


def install_error_handlers(app: FastAPI, page: ErrorPage | None = None) -> None:
    """Send every ``TkgError`` (and Starlette's own 404/405) in the one error shape; with
    ``page``, a browser gets that page instead, for those and also for a request that fails
    validation (422) and for a server error (500)."""

    async def handle(request: Request, exc: Exception) -> Response:
        # FastAPI calls it for the classes it is installed for (typed as any exception)
        if isinstance(exc, TkgError):
            return await tkg_error(request, exc, page)
        if isinstance(exc, HTTPException):
            return await http_error(request, exc, page)
        if isinstance(exc, RequestValidationError):
            if page is None or not wants_page(request.headers.get("accept")):
                return await request_validation_exception_handler(request, exc)
            message, where = _invalid(exc)
            body: dict[str, object] = {"error": _code(422), "message": message, "where": where}
            return _error_response(request, 422, body, None, page)
        if page is not None and wants_page(request.headers.get("accept")):
            message = "the server failed to answer; the fault is ours, not the request's"
            body = {"error": _code(500), "message": message, "where": None}
            return _error_response(request, 500, body, None, page)
        return PlainTextResponse("Internal Server Error", status_code=500)

    app.add_exception_handler(TkgError, handle)
    app.add_exception_handler(HTTPException, handle)
    if page is not None:
        app.add_exception_handler(RequestValidationError, handle)
        app.add_exception_handler(Exception, handle)
