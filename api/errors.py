"""Errors over HTTP: the few errors only HTTP knows, and one table that answers every error
class with one status and one stable error code.

The library's tree (``kg.errors``), with the HTTP-only classes defined here in it::

    kg.errors.TkgError                500  tkg-error
    ├── InputError                    400  bad-input
    │   ├── UnsupportedFormatError    400  unsupported-format   a format name in the input
    │   │   └── NotAcceptableError    406  not-acceptable       nothing matches Accept
    │   ├── UnsupportedMediaTypeError 415  unsupported-media-type  a body we do not read
    │   ├── BodyTooLargeError         413  body-too-large       over TKG_MAX_BODY_BYTES
    │   ├── BodyTimeoutError          408  body-timeout         slower than TKG_BODY_TIMEOUT
    │   └── ...                       400                       see ``ERRORS``
    ├── UpdatesDisabledError          403  updates-disabled     a write to a read-only server
    ├── UnauthorizedError             401  unauthorized         a write without the token
    ├── NotFoundError                 404  not-found
    ├── StoreError                    500  store-error
    │   ├── StoreTimeoutError         503  query-timeout        over TKG_QUERY_TIMEOUT
    │   │   └── StoreBusyError        503  server-busy          no worker free (Retry-After)
    │   └── ...                                                 see ``ERRORS``
    └── ...                                                     see ``ERRORS``

The body of an error response is ``{"error": code, "message": ..., "where": ...}`` (plus
``offered`` for an ``UnsupportedFormatError``), or the same as one line of plain text when
the client asked for text (``api.error_responses``).
"""

from __future__ import annotations

from typing import NamedTuple

from kg.errors import (
    CycleError,
    DanglingReferenceError,
    EmptyMapError,
    GraphvizMissingError,
    InconsistentError,
    InputError,
    JavaMissingError,
    MapSyntaxError,
    NotFoundError,
    ParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    RdfSyntaxError,
    ReasonerError,
    StoreBusyError,
    StoreCancelledError,
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
    "ERRORS",
    "Answer",
    "BodyTimeoutError",
    "BodyTooLargeError",
    "NotAcceptableError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "UpdatesDisabledError",
    "answer_of",
    "status_of",
]


class NotAcceptableError(UnsupportedFormatError):
    """Content negotiation found nothing offered that the client accepts; ``offered``
    lists the media types that are (``api.negotiation``)."""


class UnsupportedMediaTypeError(InputError):
    """A request body of a media type (or charset) this endpoint does not read."""


class BodyTooLargeError(InputError):
    """A request body larger than the configured limit."""


class BodyTimeoutError(InputError):
    """A request body that did not arrive within the configured time; the connection is
    closed after the answer."""

    @property
    def headers(self) -> dict[str, str]:
        return {"Connection": "close"}


class UpdatesDisabledError(TkgError):
    """A write to a server that is read-only."""


class UnauthorizedError(TkgError):
    """A write without the bearer token the server was configured with; ``headers``
    carries the ``WWW-Authenticate`` challenge (RFC 6750)."""

    def __init__(self, message: str, *, invalid: bool) -> None:
        self.message = message
        challenge = 'Bearer realm="tkg"' + (', error="invalid_token"' if invalid else "")
        self.headers = {"WWW-Authenticate": challenge}
        super().__init__(message)


class Answer(NamedTuple):
    """How an error is answered: its HTTP status and its stable error code."""

    status: int
    code: str


#: Every error class, with its status and code. A class not listed is answered as its
#: nearest listed ancestor; tests check that every ``kg.errors`` class is listed and that no
#: two share a code.
ERRORS: dict[type[TkgError], Answer] = {
    TkgError: Answer(500, "tkg-error"),
    InputError: Answer(400, "bad-input"),
    QuerySyntaxError: Answer(400, "bad-sparql"),
    QueryRefusedError: Answer(400, "query-refused"),
    RdfSyntaxError: Answer(400, "bad-rdf"),
    UnsupportedFormatError: Answer(400, "unsupported-format"),
    NotAcceptableError: Answer(406, "not-acceptable"),
    ParameterError: Answer(400, "bad-parameter"),
    MapSyntaxError: Answer(400, "bad-argument-map"),
    DanglingReferenceError: Answer(400, "dangling-reference"),
    CycleError: Answer(400, "support-cycle"),
    UnsupportedMediaTypeError: Answer(415, "unsupported-media-type"),
    BodyTooLargeError: Answer(413, "body-too-large"),
    BodyTimeoutError: Answer(408, "body-timeout"),
    UpdatesDisabledError: Answer(403, "updates-disabled"),
    UnauthorizedError: Answer(401, "unauthorized"),
    NotFoundError: Answer(404, "not-found"),
    EmptyMapError: Answer(404, "empty-map"),
    StoreError: Answer(500, "store-error"),
    StoreLockedError: Answer(503, "store-locked"),
    StoreUnavailableError: Answer(503, "store-unavailable"),
    StoreRefusedError: Answer(502, "store-refused"),
    StoreTimeoutError: Answer(503, "query-timeout"),
    StoreBusyError: Answer(503, "server-busy"),
    StoreCancelledError: Answer(499, "client-gone"),  # nobody is left to read it
    ReasonerError: Answer(500, "reasoner-error"),
    JavaMissingError: Answer(500, "java-missing"),
    InconsistentError: Answer(409, "inconsistent"),
    GraphvizMissingError: Answer(500, "graphviz-missing"),
    ValidationError: Answer(422, "invalid-graph"),
}


def answer_of(error: TkgError) -> Answer:
    """The status and code of an error: those of its class, or of its nearest listed
    ancestor.

    >>> answer_of(NotAcceptableError("no", offered=["text/csv"]))
    Answer(status=406, code='not-acceptable')
    >>> answer_of(StoreTimeoutError("the work ran longer than 5 s and was stopped"))
    Answer(status=503, code='query-timeout')
    """
    return next(ERRORS[cls] for cls in type(error).__mro__ if cls in ERRORS)


def status_of(error: TkgError) -> int:
    """The HTTP status of an error (see ``answer_of``).

    >>> status_of(UnauthorizedError("no token", invalid=False))
    401
    """
    return answer_of(error).status
