"""The SPARQL 1.1 Protocol query operation: read what a request asks, and answer it.

A query comes as ``query=`` in the URL (GET), in a form (POST
``application/x-www-form-urlencoded``) or as the body (POST ``application/sparql-query``);
``default-graph-uri`` and ``named-graph-uri`` may be repeated. Updates are refused here:
this server is read-only until a later version enables them behind ``TKG_UPDATE_TOKEN``.

>>> query_request({"query": ["ASK {}"], "named-graph-uri": ["http://g/1", "http://g/2"]})
QueryRequest(query='ASK {}', default_graphs=[],
             named_graphs=['http://g/1', 'http://g/2'], formats=())
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from kg.errors import InputError
from kg.settings import Settings
from kg.store import Store

from .errors import UnsupportedMediaTypeError, UpdatesDisabledError
from .negotiation import GRAPHS, RESULTS, Offer, negotiate

__all__ = [
    "FORM",
    "QUERY",
    "UPDATE",
    "QueryRequest",
    "answer",
    "no_query",
    "post_media_type",
    "post_request",
    "query_request",
    "updates_disabled",
]

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

Params = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class QueryRequest:
    """One query operation: the query, its dataset, and the values of ``format=``, if any."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: tuple[str, ...] = ()


def _one(params: Params, name: str) -> str | None:
    values = params.get(name, ())
    if len(values) > 1:
        raise InputError(f"give one {name}= parameter, not {len(values)}", where=name)
    return values[0] if values else None


def no_query() -> InputError:
    """The 400 for a request without a query."""
    return InputError(
        f"no query: send query= (GET or a form POST) or a body of type {QUERY}", where="query"
    )


def query_request(params: Params, *, body: str | None = None) -> QueryRequest:
    """The query operation in URL parameters or form fields; with ``body``, the query
    is the body of a direct POST and must not be a parameter as well."""
    query = _one(params, "query")
    if body is not None:
        if query is not None:
            raise InputError("the query is the request body; do not pass query= too", where="query")
        query = body
    if query is None or not query.strip():
        raise no_query()
    return QueryRequest(
        query,
        list(params.get("default-graph-uri", ())),
        list(params.get("named-graph-uri", ())),
        tuple(f for f in params.get("format", ()) if f),
    )


def updates_disabled(settings: Settings) -> UpdatesDisabledError:
    """The 403 for any SPARQL Update sent to this read-only endpoint."""
    if settings.update_token:
        return UpdatesDisabledError(
            "SPARQL Update over HTTP is not available in this version of the server, "
            "although TKG_UPDATE_TOKEN is set; change the store with `tkg load` or `tkg build`"
        )
    return UpdatesDisabledError(
        "SPARQL Update is disabled: this endpoint is read-only. To enable updates, start the "
        "server with TKG_UPDATE_TOKEN set to a secret and send it as "
        "'Authorization: Bearer <secret>'"
    )


def post_media_type(content_type: str | None, settings: Settings) -> str:
    """The media type of a POSTed query, checked before the body is read.

    >>> post_media_type("application/sparql-query; charset=UTF-8", Settings(store="memory"))
    'application/sparql-query'
    """
    media, *params = (part.strip() for part in (content_type or "").split(";"))
    media = media.lower()
    if media == UPDATE:
        raise updates_disabled(settings)
    if media not in (FORM, QUERY):
        raise UnsupportedMediaTypeError(
            f"cannot read a body of type {media or '(none given)'!r}: send the query as "
            f"{QUERY} or as a {FORM} form with query=",
            where="Content-Type",
        )
    for param in params:
        key, _, value = param.partition("=")
        charset = value.strip().strip('"').lower()
        if key.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaTypeError(
                f"the body must be UTF-8, not {charset}", where="Content-Type"
            )
    return media


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the body is not UTF-8 (byte {exc.start} cannot be decoded)", where="body"
        ) from exc


def post_request(media: str, body: bytes, url: Params, settings: Settings) -> QueryRequest:
    """The query operation of a POST, from its body and the parameters in its URL.

    >>> post_request(FORM, b"query=ASK%20%7B%7D", {"format": ["xml"]}, Settings(store="memory"))
    QueryRequest(query='ASK {}', default_graphs=[], named_graphs=[], formats=('xml',))
    """
    if media == QUERY:
        return query_request(url, body=_text(body))
    fields = parse_qs(_text(body), keep_blank_values=True)
    if "update" in fields:
        raise updates_disabled(settings)
    merged = {name: [*url.get(name, ()), *fields.get(name, ())] for name in {*url, *fields}}
    return query_request(merged)


def answer(
    store: Store, request: QueryRequest, accept: str | None, *, base_iri: str | None = None
) -> tuple[Offer, bytes]:
    """Run the query and write its result in the negotiated format. Solutions and booleans
    go out as SPARQL results, graphs as RDF.

    Blocking: call it in a worker thread, and let the result die there: pyoxigraph's
    results may only be dropped on the thread that made them, so none may escape, not even
    in the traceback of a 406.
    """
    result = store.query(
        request.query,
        default_graphs=request.default_graphs or None,
        named_graphs=request.named_graphs or None,
        base_iri=base_iri,
    )
    try:
        offers = GRAPHS if result.kind == "graph" else RESULTS
        offer = negotiate(accept, offers, formats=request.formats)
        return offer, result.serialize(offer.name)
    finally:
        del result
