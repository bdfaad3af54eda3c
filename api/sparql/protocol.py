"""The SPARQL 1.1 Protocol query and update operations: read what a request asks, answer it.

A query comes as ``query=`` in the URL (GET), in a form (POST
``application/x-www-form-urlencoded``) or as the body (POST ``application/sparql-query``);
``default-graph-uri`` and ``named-graph-uri`` may be repeated. An update comes as
``update=`` in a form or as the body (POST ``application/sparql-update``), with
``using-graph-uri`` and ``using-named-graph-uri`` if any; the routes let it through only
with the update token (``api.deps.check_update_token``).

>>> query_request({"query": ["ASK {}"], "named-graph-uri": ["http://g/1", "http://g/2"]})
QueryRequest(query='ASK {}', default_graphs=[],
             named_graphs=['http://g/1', 'http://g/2'], formats=())
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from api.errors import UnsupportedMediaTypeError
from api.negotiation import GRAPHS, RESULTS, negotiate
from api.sparql.encoding import gzip_answer
from api.sparql.forms import parse_form
from kg.errors import InputError
from kg.settings import Settings
from kg.store import Store
from kg.store.formats import Format
from kg.store.rdfio import named_node

__all__ = [
    "FORM",
    "QUERY",
    "UPDATE",
    "QueryRequest",
    "UpdateRequest",
    "answer",
    "answer_query",
    "graph_iris",
    "no_query",
    "perform_update",
    "post_media_type",
    "post_request",
    "query_request",
    "update_request",
    "with_dataset",
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


@dataclass(frozen=True)
class UpdateRequest:
    """One update operation: the update, and the dataset its WHERE clauses read."""

    update: str
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)


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
        graph_iris(params, "default-graph-uri"),
        graph_iris(params, "named-graph-uri"),
        tuple(f for f in params.get("format", ()) if f),
    )


def graph_iris(params: Params, name: str) -> list[str]:
    """The graph IRIs a request names in ``name``, each checked: an empty or malformed one
    is the client's error (400, naming the parameter), not the server's.

    >>> graph_iris({"named-graph-uri": ["http://g/1"]}, "named-graph-uri")
    ['http://g/1']
    >>> graph_iris({"default-graph-uri": ["a b"]}, "default-graph-uri")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: default-graph-uri: not an IRI: 'a b' (Invalid IRI code point ' ')
    """
    return [named_node(value, where=name).value for value in params.get(name, ())]


def update_request(params: Params, *, body: str | None = None) -> UpdateRequest:
    """The update operation in form fields, or in the body of a direct POST (then the
    fields are the URL's).

    >>> update_request({"using-graph-uri": ["http://g/1"]}, body="CLEAR ALL")
    UpdateRequest(update='CLEAR ALL', using_graphs=['http://g/1'], using_named_graphs=[])
    """
    update = _one(params, "update")
    if body is not None:
        if update is not None:
            raise InputError(
                "the update is the request body; do not pass update= too", where="update"
            )
        update = body
    if params.get("query"):
        raise InputError("send a query or an update, not both", where="query")
    if update is None or not update.strip():
        raise InputError("no update: send update= in a form or a body of type " + UPDATE)
    return UpdateRequest(
        update,
        graph_iris(params, "using-graph-uri"),
        graph_iris(params, "using-named-graph-uri"),
    )


def post_media_type(content_type: str | None, settings: Settings) -> str:
    """The media type of a POSTed query, checked before the body is read.

    >>> post_media_type("application/sparql-query; charset=UTF-8", Settings(store="memory"))
    'application/sparql-query'
    """
    media, *params = (part.strip() for part in (content_type or "").split(";"))
    media = media.lower()
    if media not in (FORM, QUERY, UPDATE):
        raise UnsupportedMediaTypeError(
            f"cannot read a body of type {media or '(none given)'!r}: send a query as "
            f"{QUERY}, an update as {UPDATE}, or either as a {FORM} form with query= or "
            "update=",
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


def post_request(
    media: str, body: bytes, url: Params, settings: Settings
) -> QueryRequest | UpdateRequest:
    """The query or update operation of a POST, from its body and the parameters in its URL.

    >>> post_request(FORM, b"query=ASK%20%7B%7D", {"format": ["xml"]}, Settings(store="memory"))
    QueryRequest(query='ASK {}', default_graphs=[], named_graphs=[], formats=('xml',))
    """
    if media == QUERY:
        return query_request(url, body=_text(body))
    if media == UPDATE:
        return update_request(url, body=_text(body))
    fields = parse_form(_text(body))
    merged = {name: [*url.get(name, ()), *fields.get(name, ())] for name in {*url, *fields}}
    if "update" in fields:
        return update_request(merged)
    return query_request(merged)


#: The lexical pieces of SPARQL that matter to find the top-level keywords of an update.
_TOKENS = re.compile(
    r"""(?P<skip>'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
    r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*"""
    r"""|[?$]\w+)|(?P<open>\{)|(?P<close>\})|(?P<word>[\w:][\w:.-]*)|\S""",
    re.DOTALL,
)


def with_dataset(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with the protocol's ``using-graph-uri`` and ``using-named-graph-uri`` as
    ``USING`` clauses before the WHERE of each DELETE/INSERT operation. An update that has
    its own ``USING`` or ``WITH`` cannot take them (400), as the protocol says.

    >>> with_dataset("INSERT { ?s a <http://e/C> } WHERE { ?s ?p ?o }", ["http://g/1"], [])
    'INSERT { ?s a <http://e/C> } USING <http://g/1> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return update
    clauses = " ".join(
        [
            *(f"USING {named_node(iri, where='using-graph-uri')}" for iri in using),
            *(f"USING NAMED {named_node(i, where='using-named-graph-uri')}" for i in using_named),
        ]
    )
    depth, previous, points = 0, "", []
    for token in _TOKENS.finditer(update):
        if token.group("open"):
            depth += 1
        elif token.group("close"):
            depth -= 1
            if depth == 0:
                previous = "}"
        elif depth == 0 and (word := token.group("word")):
            keyword = word.upper()
            if keyword in ("USING", "WITH"):
                raise InputError(
                    f"the update has its own {keyword} clause: do not send "
                    "using-graph-uri or using-named-graph-uri with it",
                    where="using-graph-uri",
                )
            if keyword == "WHERE" and previous != "DELETE":
                points.append(token.start())
            previous = keyword
        elif depth == 0 and not token.group("skip"):
            previous = token.group()
    for point in reversed(points):
        update = f"{update[:point]}{clauses} {update[point:]}"
    return update


def perform_update(store: Store, request: UpdateRequest, *, base_iri: str | None = None) -> None:
    """Run the update in one transaction, over the protocol's dataset if it names one;
    relative IRIs resolve against ``base_iri`` (the endpoint). Blocking."""
    store.update(
        with_dataset(request.update, request.using_graphs, request.using_named_graphs),
        base_iri=base_iri,
    )


def answer(
    store: Store, request: QueryRequest, accept: str | None, *, base_iri: str | None = None
) -> tuple[Format[Any], bytes]:
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
        return offer, result.serialize(offer)
    finally:
        del result


def answer_query(
    store: Store,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    formats: tuple[str, ...],
    accept: str | None,
    base_iri: str | None,
    gzip: tuple[int, int] | None = None,
) -> tuple[str, bytes, str | None]:
    """``answer`` as the work sent to a query worker: plain values in, the media type, the
    body and its content coding out (gzip with ``gzip``'s options, ``api.sparql.encoding``).
    Pickling plain values costs less than pickling a ``QueryRequest``, a ``partial`` and an
    ``Format``: 27 µs less per request, across both processes, in a probe."""
    offer, body = answer(
        store, QueryRequest(query, default_graphs, named_graphs, formats), accept, base_iri=base_iri
    )
    return (offer.media_type, *gzip_answer(body, gzip))
