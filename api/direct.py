"""The lean path's requests answered in the query workers themselves.

Under ``tkg serve`` the server hands a connection whose next request begins
``POST /sparql`` to a query worker (``api.server.TimedProtocol``, over
``kg.store.executor.lanes``); the worker reads it and answers it with ``answer_request``,
then the connection's next requests too, with no work of the server's per request. What it
answers is what ``api.fastpath.SparqlLeanPath`` answers in the server: a query POSTed as a
form or as ``application/sparql-query`` by a program (no ``Origin``, no HTML wanted), over
plain HTTP/1.1, with the same headers (those of every middleware: for a small answer, under
gzip's minimum size, as the lean path's ``HeaderPolicy`` learns them; a larger one is sent
through those middlewares themselves; and uvicorn's ``date`` and ``server``). Anything else
(another request, a header the parsing here does not take, a repeated one, a forwarded one,
a ``Connection`` other than keep-alive, a query that fails) is given back to the server with
the bytes read of it, and goes the way of every request there. A query answered here is
never run again there.

>>> from kg.settings import Settings
>>> settings = Settings(store="memory")
>>> answer_request(None, b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n", "-", settings, 500, ())
>>> answer_request(None, b"POST /sparql HTTP/1.1\\r\\nHost: a\\r\\n", "-", settings, 500, ())
0
"""

from __future__ import annotations

import os
import time
from collections.abc import Coroutine, Sequence
from email.utils import formatdate
from typing import Any

from api.answer_headers import HeaderPolicy, answer_middlewares
from api.caching import HttpCaching
from api.deps import scope_base_url
from api.fastpath import lean_media, lean_query, query_arguments
from api.headers import HtmlSecurityHeaders
from api.routes.sparql import answer_response, router
from api.sparql.protocol import answer_query
from kg.settings import Settings
from kg.store import Store

__all__ = ["answer_request", "lean_wrap"]

_REQUEST_LINE = b"POST " + router.prefix.encode() + b" HTTP/1.1"
#: headers whose requests the server reads itself: CORS, connection handling, proxies
_ELSEWHERE = frozenset(
    {
        b"origin",
        b"connection",
        b"transfer-encoding",
        b"expect",
        b"upgrade",
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"x-forwarded-port",
        b"x-forwarded-prefix",
    }
)
#: the one ``Connection`` header taken here (HTTP/1.1's default, which httpx sends)
_KEEP_ALIVE = (b"connection", b"keep-alive")
#: the longest request line and headers read here
_HEAD = 1 << 14
_BLANK = b"\r\n\r\n"


def lean_wrap(inner: Any) -> Any:
    """The middlewares the lean path passes by, around ``inner``, as ``api.app`` installs
    them (CORS and gzip, then security headers and caching): what its ``HeaderPolicy``
    learns the headers of a small answer from."""
    return HttpCaching(HtmlSecurityHeaders(answer_middlewares(inner)), _no_generation)


def _no_generation() -> int | None:
    return None  # only reads (GET, HEAD) are tagged: a POST's answer has no ETag


#: the headers of small answers, learnt in each worker
_POLICY = HeaderPolicy(lean_wrap)


def answer_request(
    store: Store | None,
    buffer: bytes,
    peer: str,
    settings: Settings,
    minimum: int,
    defaults: Sequence[tuple[bytes, bytes]],
    date: bool = True,
    access: bool = False,
) -> tuple[int, bytes] | int | None:
    """The answer to the request at the start of ``buffer`` from the client at ``peer``:
    ``(n, answer)``, the request being its first ``n`` bytes; ``0`` if the request is not
    all there yet; ``None`` if it is not one answered here (module docstring). ``minimum``:
    gzip's minimum size; ``defaults``: the server's own headers (uvicorn's ``server``), after
    its ``date`` (if ``date``); ``access``: write the request's line of the access log (in
    uvicorn's default format, to standard output, as the server's own go)."""
    end = buffer.find(_BLANK, 0, _HEAD)
    if end < 0:
        return 0 if len(buffer) < _HEAD else None
    lines = buffer[:end].split(b"\r\n")
    if lines[0] != _REQUEST_LINE:
        return None
    headers: dict[bytes, bytes] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or not name.isascii() or b" " in name or b"\t" in name:
            return None
        name, value = name.lower(), value.strip(b" \t")
        if name in headers or (name in _ELSEWHERE and (name, value.lower()) != _KEEP_ALIVE):
            return None
        headers[name] = value
    length = headers.get(b"content-length", b"")
    host = headers.get(b"host")
    if not length.isdigit() or int(length) > settings.max_body_bytes or not host:
        return None
    done = end + len(_BLANK) + int(length)
    if len(buffer) < done:
        return 0
    if store is None:
        return None
    body = buffer[end + len(_BLANK) : done]
    media = headers.get(b"content-type", b"").decode("latin-1")
    accept = _text(headers.get(b"accept"))
    operation = lean_query(media, body, {}, accept, settings) if lean_media(media) else None
    if operation is None:
        return None
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "scheme": "http",
        "path": router.prefix,
        "root_path": "",
        "query_string": b"",
        "http_version": "1.1",
        "headers": list(headers.items()),
    }
    endpoint = scope_base_url(scope, host.decode("latin-1"), settings) + router.prefix
    arguments = query_arguments(operation, accept, endpoint, _text(headers.get(b"accept-encoding")))
    media_type, answer, encoding = answer_query(store, *arguments)
    response = answer_response(media_type, answer, encoding)
    if encoding is None and len(answer) < minimum:
        sent = _at_once(_POLICY.headers(scope, 200, response.raw_headers))
    else:  # a large answer goes through the middlewares themselves (gzip among them)
        sent, answer = _at_once(_through(scope, response)) or (None, b"")
    if sent is None:
        return None
    head = [b"HTTP/1.1 200 OK\r\n"]
    for name, value in [*((b"date", _today()),) * date, *defaults, *sent]:
        head.extend([name, b": ", value, b"\r\n"])
    head.extend([b"\r\n", answer])
    if access:
        os.write(1, f'INFO:     {peer} - "POST {router.prefix} HTTP/1.1" 200 OK\n'.encode())
    return done, b"".join(head)


async def _through(scope: dict[str, Any], response: Any) -> tuple[list, bytes] | None:
    """The headers and body the lean path's middlewares (``lean_wrap``) send for
    ``response``, or None if they answer it with another status."""
    start: dict[str, Any] = {}
    body: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await lean_wrap(response)(scope, receive, send)
    if start.get("status") != 200:
        return None
    return list(start["headers"]), b"".join(body)


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


def _at_once(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """What a coroutine that never waits returns (None if it would wait)."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    coroutine.close()
    return None


_DATE: list[tuple[int, bytes]] = [(0, b"")]


def _today() -> bytes:
    """The ``date`` header's value, as uvicorn makes it (the current second's)."""
    now = int(time.time())
    if _DATE[0][0] != now:
        _DATE[0] = (now, formatdate(now, usegmt=True).encode())
    return _DATE[0][1]
