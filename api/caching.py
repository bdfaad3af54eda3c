"""HTTP caching for every route at once: ``HEAD``, ``ETag``, ``If-None-Match`` and
``Cache-Control``, as crawlers and shared caches expect them.

One pure ASGI middleware, outermost, so that no route has to remember any of it:

- ``HEAD`` is answered on every ``GET`` route: the request goes in as a ``GET`` and the
  body is dropped on the way out, so the headers (``Content-Length`` among them) are
  exactly those of the ``GET``.
- Every successful ``GET`` gets a weak ``ETag`` made from what decides its answer: the
  store's ``generation`` (raised by every write through the store object the server
  holds: the server is its only writer), the path and query string, the ``Accept`` header,
  and the host the request came in on (pages carry absolute links). A random token of the
  app instance joins them, since a generation starts again at 0 when a server starts.
  So ``/sparql?query=...`` has a tag of the query, the negotiated type and the store state.
- ``If-None-Match`` with a current tag is answered ``304`` *before* the route runs: the
  body is never computed.
- ``Cache-Control``: reads ``public, max-age=60, must-revalidate`` (a minute fresh, then
  revalidated by tag: cheap); errors and the answers of every other method ``no-store``.

A store without a ``generation`` (a ``RemoteStore``, written by others too) gets no tag, and
its reads ``no-cache``: nothing here can tell when it changed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["READ_CACHE_CONTROL", "HttpCaching", "entity_tag", "matches"]

#: Reads: fresh for a minute, then revalidated with If-None-Match.
READ_CACHE_CONTROL = b"public, max-age=60, must-revalidate"
_UNKNOWN_AGE = b"no-cache"
_NO_STORE = b"no-store"
_READS = frozenset({"GET", "HEAD"})


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return b""


def entity_tag(instance: str, generation: int, scope: Scope) -> bytes:
    """The weak tag of a GET's answer: the same request over the same store state, the
    same tag.

    >>> scope = {"path": "/id/x", "query_string": b"", "headers": [(b"accept", b"text/turtle")]}
    >>> entity_tag("i", 1, scope) == entity_tag("i", 1, scope)
    True
    >>> entity_tag("i", 1, scope) == entity_tag("i", 2, scope)
    False
    >>> entity_tag("i", 1, scope)[:3]
    b'W/"'
    """
    parts = [
        instance.encode(),
        str(generation).encode(),
        scope.get("scheme", "http").encode(),
        _header(scope, b"host"),
        scope.get("root_path", "").encode(),
        scope["path"].encode("utf-8", "surrogateescape"),
        bytes(scope.get("query_string", b"")),
        _header(scope, b"accept"),
    ]
    digest = hashlib.blake2b(b"\x00".join(parts), digest_size=12).hexdigest()
    return b'W/"' + digest.encode("ascii") + b'"'


def matches(if_none_match: bytes, tag: bytes) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (weak comparison, RFC 9110 13.1.2;
    ``*`` is not honoured here: it would answer 304 for a resource that may not exist).

    >>> matches(b'"a", W/"b"', b'W/"b"'), matches(b'W/"a"', b'W/"b"'), matches(b"*", b'W/"b"')
    (True, False, False)
    """
    opaque = tag.removeprefix(b"W/")
    return any(
        part.strip().removeprefix(b"W/") == opaque for part in if_none_match.split(b",") if part
    )


class HttpCaching:
    """ASGI middleware: HEAD for every GET, tags, 304s and Cache-Control (module docstring).

    ``generation`` gives the store's current generation, or ``None`` when it has none.
    """

    def __init__(self, app: ASGIApp, generation: Callable[[], int | None]) -> None:
        self.app = app
        self._generation = generation
        self._instance = secrets.token_hex(8)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        tag: bytes | None = None
        if method in _READS:
            generation = self._generation()
            if generation is not None:
                tag = entity_tag(self._instance, generation, scope)
                asked = _header(scope, b"if-none-match")
                if asked and matches(asked, tag):
                    await self._not_modified(send, tag)
                    return
        await self.app(scope, receive, self._sender(send, method, tag, head))

    @staticmethod
    async def _not_modified(send: Send, tag: bytes) -> None:
        headers = [
            (b"etag", tag),
            (b"cache-control", READ_CACHE_CONTROL),
            (b"vary", b"Accept"),
        ]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    def _sender(send: Send, method: str, tag: bytes | None, head: bool) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                names = {k.lower() for k, _ in headers}
                control: bytes | None = None
                if status >= 400 or method not in (*_READS, "OPTIONS"):
                    control = _NO_STORE
                elif method in _READS and 200 <= status < 300:
                    control = READ_CACHE_CONTROL if tag is not None else _UNKNOWN_AGE
                    if tag is not None and b"etag" not in names:
                        headers.append((b"etag", tag))
                if control is not None and b"cache-control" not in names:
                    headers.append((b"cache-control", control))
                await send({**message, "headers": headers})
                return
            if head and message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        return sending
