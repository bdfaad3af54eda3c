"""Errors over HTTP: each error class mapped once to a status and a stable code.

The library's errors (``kg.errors``) and the few that only the HTTP protocol knows::

    kg.errors.TkgError
    ├── InputError                     400
    │   ├── UnsupportedFormatError     400  a format name in the input
    │   │   └── NotAcceptableError     406  from content negotiation (in api.negotiation)
    │   ├── UnsupportedMediaTypeError  415  a request body we do not read
    │   ├── BodyTooLargeError          413  a request body over TKG_MAX_BODY_BYTES
    │   └── BodyTimeoutError           408  a request body slower than TKG_BODY_TIMEOUT
    ├── UpdatesDisabledError           403  SPARQL Update on a read-only server
    ├── UnauthorizedError              401  a write without the right bearer token
    ├── StoreError                     500
    │   ├── StoreLockedError           503
    │   ├── StoreUnavailableError      503  a remote SPARQL server that is down
    │   ├── StoreRefusedError          502  a remote SPARQL server that refuses
    │   ├── StoreTimeoutError          503  a remote SPARQL server over the time limit
    │   └── QueryTimeoutError          503  a query over TKG_QUERY_TIMEOUT
    └── ...                            see ``STATUS``

The body is ``{"error": code, "message": ..., "where": ...}`` (plus ``offered`` for 406),
or the same as one line of plain text when the client asked for text.
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from api.negotiation import ERROR_BODIES, NotAcceptableError, negotiate
from kg.errors import (
    InconsistentError,
    InputError,
    JavaMissingError,
    NotFoundError,
    ParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    RdfSyntaxError,
    ReasonerError,
    StoreError,
    StoreLockedError,
    StoreRefusedError,
    StoreTimeoutError,
    StoreUnavailableError,
    TkgError,
    UnsupportedFormatError,
    ValidationError,
)

__all__ = [
    "STATUS",
    "BodyTimeoutError",
    "BodyTooLargeError",
    "NotAcceptableError",
    "QueryTimeoutError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "UpdatesDisabledError",
    "http_error",
    "install_error_handlers",
    "status_of",
    "tkg_error",
]


class UnsupportedMediaTypeError(InputError):
    """A request body of a media type (or charset) this endpoint does not read."""

    code = "unsupported-media-type"


class BodyTooLargeError(InputError):
    """A request body larger than the configured limit."""

    code = "body-too-large"


class BodyTimeoutError(InputError):
    """A request body that did not arrive within the configured time; the connection is
    closed after the answer."""

    code = "body-timeout"

    @property
    def headers(self) -> dict[str, str]:
        return {"Connection": "close"}


class UpdatesDisabledError(TkgError):
    """A write to a server that is read-only."""

    code = "updates-disabled"


class UnauthorizedError(TkgError):
    """A write without the bearer token the server was configured with; ``headers``
    carries the ``WWW-Authenticate`` challenge (RFC 6750)."""

    code = "unauthorized"

    def __init__(self, message: str, *, invalid: bool) -> None:
        self.message = message
        challenge = 'Bearer realm="tkg"' + (', error="invalid_token"' if invalid else "")
        self.headers = {"WWW-Authenticate": challenge}
        super().__init__(message)


class QueryTimeoutError(StoreError):
    """A query that ran longer than the configured limit."""

    code = "query-timeout"


#: Every error class, with the status it is sent with. A class not listed here takes the
#: status of its nearest listed ancestor; tests check that every ``kg.errors`` class is listed.
STATUS: dict[type[TkgError], int] = {
    TkgError: 500,
    InputError: 400,
    QuerySyntaxError: 400,
    QueryRefusedError: 400,
    RdfSyntaxError: 400,
    ParameterError: 400,
    UnsupportedFormatError: 400,
    NotAcceptableError: 406,
    UnsupportedMediaTypeError: 415,
    BodyTooLargeError: 413,
    BodyTimeoutError: 408,
    UpdatesDisabledError: 403,
    UnauthorizedError: 401,
    NotFoundError: 404,
    StoreError: 500,
    StoreLockedError: 503,
    StoreUnavailableError: 503,
    StoreRefusedError: 502,
    StoreTimeoutError: 503,
    QueryTimeoutError: 503,
    ReasonerError: 500,
    JavaMissingError: 500,
    InconsistentError: 409,
    ValidationError: 422,
}


def status_of(error: TkgError) -> int:
    """The HTTP status of an error: that of its class, or of the nearest listed ancestor.

    >>> status_of(NotAcceptableError("no", offered=["text/csv"]))
    406
    """
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


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
    body: dict[str, object] = {
        "error": exc.code,
        "message": getattr(exc, "message", str(exc)),
        "where": getattr(exc, "where", None),
    }
    if isinstance(exc, UnsupportedFormatError):
        body["offered"] = exc.offered
    headers: dict[str, str] | None = getattr(exc, "headers", None)
    return _error_response(request, status_of(exc), body, headers)


async def http_error(request: Request, exc: HTTPException) -> Response:
    """The response for Starlette's own errors (404, 405), in the same shape."""
    code = "-".join(HTTPStatus(exc.status_code).phrase.lower().split())
    body: dict[str, object] = {"error": code, "message": str(exc.detail), "where": None}
    return _error_response(request, exc.status_code, body, dict(exc.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    """Send every ``TkgError`` (and Starlette's own 404/405) in the one error shape."""
    app.add_exception_handler(TkgError, tkg_error)
    app.add_exception_handler(HTTPException, http_error)
