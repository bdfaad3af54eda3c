"""The headers the app's middlewares give an answer, learnt from those very middlewares: one
policy for the answers that go through them and for those the short ways in for SPARQL
(``api.fastpath``) send past them.

``ANSWER_MIDDLEWARES`` are the CORS and gzip middlewares the app installs (``api.app``), with
their settings. A ``HeaderPolicy`` wraps a stand-in answer in the middlewares it is given
(``wrap``) once for each kind of request and answer: the method, whether the request has an
``Origin`` and takes gzip; the status, the media type and the names of the answer's own
headers. The stand-in's header values are placeholders, so what the middlewares send back is
a template: the headers they add, those they replace, and those they extend (``Vary``); an
answer of that kind then gets the template with its own values (and the request's
``Origin``) filled in. So a change of the middlewares or of their settings reaches both
paths, and nothing here restates what they do.

Only for small answers (under gzip's minimum size), which the gzip middleware leaves as they
are; the stand-in's body is empty.

(In the example the coroutine runs in a thread of its own, which works whether or not the
caller's thread already runs an event loop.)

>>> import asyncio
>>> from concurrent.futures import ThreadPoolExecutor
>>> from starlette.middleware.cors import CORSMiddleware
>>> policy = HeaderPolicy(lambda app: CORSMiddleware(app, allow_origins=["*"]))
>>> asked = {"method": "GET", "path": "/sparql", "headers": [(b"origin", b"https://a.example")]}
>>> sent = [(b"content-type", b"text/csv"), (b"vary", b"Accept")]
>>> with ThreadPoolExecutor(1) as pool:
...     headers = pool.submit(asyncio.run, policy.headers(asked, 200, sent)).result()
>>> sorted(headers)  # doctest: +NORMALIZE_WHITESPACE
[(b'access-control-allow-origin', b'*'), (b'content-type', b'text/csv'),
 (b'vary', b'Accept, Origin')]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.sparql.encoding import CORS, GZIP

__all__ = ["ANSWER_MIDDLEWARES", "HeaderPolicy", "answer_middlewares"]

Raw = list[tuple[bytes, bytes]]

#: The app's middlewares around every answer, the innermost first, with their settings
#: (``api.app`` installs them in this order)
ANSWER_MIDDLEWARES: tuple[tuple[Any, dict[str, Any]], ...] = (
    (CORSMiddleware, CORS),
    (GZipMiddleware, GZIP),
)


def answer_middlewares(app: ASGIApp) -> ASGIApp:
    """``app`` inside ``ANSWER_MIDDLEWARES``, as the app's routes are."""
    for middleware, options in ANSWER_MIDDLEWARES:
        app = middleware(app, **options)
    return app


#: the placeholder of the request's Origin in a stand-in request
_ORIGIN = b"\x00o\x00"
_CUT = b"\x00"


def _placeholder(index: int) -> bytes:
    return b"\x00%d\x00" % index


def _request_header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


# a template's value: bytes as they are, or the pieces between placeholders (text at even
# places, a placeholder's name at odd ones)
_Value = bytes | tuple[bytes, ...]


class HeaderPolicy:
    """The headers of an answer as the middlewares ``wrap`` puts around the app would send
    them (module docstring); learnt on the first answer of each kind, then kept."""

    def __init__(self, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
        self._wrap = wrap
        self._templates: dict[Hashable, list[tuple[bytes, _Value]]] = {}
        # the headers of recent answers, filled in: small answers repeat (an ASK has two)
        self._filled: dict[Hashable, Raw] = {}

    async def headers(self, scope: Scope, status: int, raw: Sequence[tuple[bytes, bytes]]) -> Raw:
        """The headers of a small answer with ``status`` and headers ``raw`` (lower-case
        names) to the request of ``scope``, as the middlewares would send it."""
        origin = _request_header(scope, b"origin")
        gzip = b"gzip" in (_request_header(scope, b"accept-encoding") or b"")
        answer = (scope["method"], origin, gzip, status, tuple(raw))
        filled = self._filled.get(answer)
        if filled is not None:
            return list(filled)
        content_type = next((v for k, v in raw if k == b"content-type"), b"")
        key = (
            scope["method"],
            origin is not None,
            gzip,
            status,
            content_type,
            tuple(k for k, _ in raw),
        )
        template = self._templates.get(key)
        if template is None:
            template = await self._learn(scope, status, raw, origin is not None)
            self._templates[key] = template
        values = [v for _, v in raw]
        filled = [
            (name, value if isinstance(value, bytes) else _fill(value, values, origin))
            for name, value in template
        ]
        if len(self._filled) >= _REMEMBERED:
            self._filled.clear()
        self._filled[answer] = filled
        return list(filled)

    async def _learn(
        self, scope: Scope, status: int, raw: Sequence[tuple[bytes, bytes]], origin: bool
    ) -> list[tuple[bytes, _Value]]:
        """Send a stand-in of the answer through the middlewares; keep what comes out."""
        stand_in = [
            (k, v if k == b"content-type" else _placeholder(i)) for i, (k, v) in enumerate(raw)
        ]
        headers = [(k, v) for k, v in scope.get("headers", ()) if k in _ASKED]
        if origin:
            headers = [(k, v) for k, v in headers if k != b"origin"] + [(b"origin", _ORIGIN)]
        request = {
            "type": "http",
            "method": scope["method"],
            "path": scope.get("path", "/"),
            "root_path": scope.get("root_path", ""),
            "query_string": b"",
            "headers": headers,
        }
        sent: list[Message] = []

        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": status, "headers": stand_in})
            await send({"type": "http.response.body", "body": b""})

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        async def keep(message: Message) -> None:
            sent.append(message)

        await self._wrap(answer)(request, nothing, keep)
        start = next(m for m in sent if m["type"] == "http.response.start")
        if start["status"] != status:
            raise RuntimeError(f"the middlewares changed a {status} to {start['status']}")
        return [
            (bytes(k).lower(), tuple(bytes(v).split(_CUT)) if _CUT in v else bytes(v))
            for k, v in start.get("headers", ())
        ]


#: how many answers' headers are kept filled in, at most
_REMEMBERED = 512
#: the request headers the middlewares' choices depend on (CORS, gzip)
_ASKED = frozenset({b"origin", b"accept-encoding"})


def _fill(pieces: tuple[bytes, ...], values: Sequence[bytes], origin: bytes | None) -> bytes:
    """A template's value with the answer's ``values`` and the request's ``origin`` in."""
    out = []
    for place, piece in enumerate(pieces):
        if place % 2 == 0:
            out.append(piece)
        elif piece == b"o":
            out.append(origin or b"")
        else:
            out.append(values[int(piece)])
    return b"".join(out)
