"""Security headers on every HTML answer, with inline scripts allowed by their hashes only.

A page may run its own inline ``<script>`` (the literature map's viewer is one), but nothing
that data in the graph could smuggle in: the Content-Security-Policy names each inline
script of the page by its SHA-256, so an injected one, an ``onclick`` or a ``javascript:``
URL does not run. Nothing loads from another host (``default-src 'self'``), no other site
may frame the page, MIME sniffing is off, and the Referer stays on this server.

Pure ASGI, outermost (outside gzip and the SPARQL fast path, so that every page gets it):
answers that are not HTML pass through untouched and unbuffered; a gzipped page is hashed
as it reads, decompressed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HtmlSecurityHeaders", "content_security_policy"]

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)
_JSON_SCRIPT = re.compile(rb"""type=["']application/(?:ld\+)?json["']""", re.I)

_FIXED = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def _hashes(body: bytes) -> Iterable[str]:
    for found in _INLINE_SCRIPT.finditer(body):
        opening = body[found.start() : found.start(1)]
        if _JSON_SCRIPT.search(opening):
            continue  # data, never run: needs no hash
        digest = hashlib.sha256(found.group(1)).digest()
        yield f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(body: bytes) -> str:
    """The policy of one HTML page: its own inline scripts by hash, nothing from elsewhere.

    >>> policy = content_security_policy(b"<p>hi</p><script>go()</script>")
    >>> "script-src 'self' 'sha256-" in policy and "frame-ancestors 'none'" in policy
    True
    >>> "sha256" in content_security_policy(b"<p>no script</p>")
    False
    """
    scripts = " ".join(["'self'", *sorted(set(_hashes(body)))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes:
    for key, value in headers:
        if key.lower() == name:
            return value.lower()
    return b""


def _is_html(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    return _header(headers, b"content-type").startswith((b"text/html", b"application/xhtml+xml"))


class HtmlSecurityHeaders:
    """ASGI middleware: the headers above on ``text/html`` answers, whatever made them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        def start_headers() -> list[tuple[bytes, bytes]]:
            return list(start.get("headers", ())) if start is not None else []

        async def guarded(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if not _is_html(message.get("headers", ())):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            page = (
                gzip.decompress(body)
                if _header(start_headers(), b"content-encoding") == b"gzip"
                else body
            )
            policy = content_security_policy(page).encode("ascii")
            headers = [
                (k, v)
                for k, v in start_headers()
                if k.lower() not in {b"content-security-policy", *(n for n, _ in _FIXED)}
            ]
            headers += [*_FIXED, (b"content-security-policy", policy)]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, guarded)
