"""Slow clients are timed out: a request whose line and headers, or whose body, do not come
within ``TKG_HEADER_TIMEOUT`` / ``TKG_BODY_TIMEOUT`` is answered 408 and its connection
closed, over a real server on 127.0.0.1 configured as ``tkg serve`` configures uvicorn; a
normal request right after is served. The bounds are generous: a 1 s timeout, and the
close must come within 30 s (a failure detector, not a margin)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.requests import Request

from api import create_app
from api.deps import read_body
from api.errors import BodyTimeoutError
from api.server import server_config, timed_protocol
from kg.settings import Settings

TOKEN = "slow"
QUERY = "ASK {}"


@pytest.fixture
def server(serve_app, sample_store) -> Iterator[str]:
    settings = Settings(store="memory", update_token=TOKEN, header_timeout=1.0, body_timeout=1.0)
    with serve_app(create_app(settings, sample_store), settings) as url:
        yield url


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock


def _drip(sock: socket.socket, data: bytes, *, until: float) -> None:
    """Send ``data`` a byte a quarter second, until the server closes or ``until`` passes."""
    for byte in data:
        if time.monotonic() > until:
            return
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # closed by the server: what the test waits for
            return
        time.sleep(0.25)


def _answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (30 s at most)."""
    sock.settimeout(30)
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _still_serves(url: str) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": QUERY}, timeout=30)
    assert response.status_code == 200
    assert response.json()["boolean"] is True


def test_headers_sent_too_slowly_get_408_and_the_connection_closed(server):
    started = time.monotonic()
    with _connect(server) as sock:
        request = b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n" + b"X-a: b\r\n" * 200
        _drip(sock, request, until=started + 30)
        answer = _answer(sock)
    assert time.monotonic() - started < 30
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert b"connection: close\r\n" in answer
    assert answer.endswith(b"\r\n\r\nthe request was not sent in time\n")
    _still_serves(server)


def test_a_connection_that_sends_nothing_is_closed(server):
    started = time.monotonic()
    with _connect(server) as sock:
        answer = _answer(sock)
    assert time.monotonic() - started < 30
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    _still_serves(server)


def test_a_body_sent_too_slowly_gets_408_and_the_connection_closed(server):
    body = b"query=" + b"+" * 400 + b"ASK%20%7B%7D"
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    started = time.monotonic()
    with _connect(server) as sock:
        sock.sendall(head)
        _drip(sock, body, until=started + 30)
        answer = _answer(sock)
    assert time.monotonic() - started < 30
    assert answer.startswith(b"HTTP/1.1 408 ")
    _still_serves(server)


def test_a_later_request_on_a_kept_alive_connection_is_timed_too(server):
    started = time.monotonic()
    with _connect(server) as sock:
        sock.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200 OK\r\n")
        _drip(sock, b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\n" * 20, until=started + 30)
        answer = _answer(sock)
    assert time.monotonic() - started < 30
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")


def test_prompt_requests_are_not_timed_out(server):
    # a request sent in pieces, well within the time, is answered as usual
    with _connect(server) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\n")
        sock.sendall(b"Content-Type: application/sparql-query\r\nContent-Length: 6\r\n\r\n")
        sock.sendall(b"ASK {}")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b'"boolean":true' in answer


def test_tkg_serve_runs_uvicorn_with_the_timeouts():
    settings = Settings(store="memory", header_timeout=3.5, body_timeout=7.0)
    config = server_config(object(), settings)
    config.load()
    protocol = config.http_protocol_class
    assert getattr(protocol, "header_timeout", None) == 3.5
    assert getattr(protocol, "body_timeout", None) == 7.0
    assert timed_protocol(Settings(store="memory")).header_timeout == 10.0


def test_read_body_gives_up_after_its_timeout():
    # under any ASGI server, the application itself answers a trickling body 408
    async def receive() -> dict[str, object]:
        await asyncio.sleep(3600)
        return {"type": "http.request", "body": b"", "more_body": False}

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    started = time.monotonic()
    # in a thread of its own: the session's browser (Playwright's sync API) may be running
    # an event loop in this one, and asyncio.run refuses to start beside it
    with (
        ThreadPoolExecutor(1) as thread,
        pytest.raises(BodyTimeoutError, match=r"did not come within 0.2 s \(TKG_BODY_TIMEOUT\)"),
    ):
        thread.submit(lambda: asyncio.run(read_body(request, 1000, 0.2))).result()
    assert time.monotonic() - started < 30
