"""What a browser client (YASGUI) needs from ``/sparql``, over a real server on 127.0.0.1:
CORS on requests and preflights, HEAD, OPTIONS, and gzip."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import httpx
import pytest

from api import create_app
from kg.settings import Settings

ORIGIN = "https://yasgui.example"
QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def url(serve_app, sample_store) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory", update_token="t"), sample_store)) as base:
        yield base


def test_a_cross_origin_get_is_allowed(url):
    response = httpx.get(f"{url}/sparql", params={"query": QUERY}, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert len(response.json()["results"]["bindings"]) == 11


def test_a_preflight_allows_post_with_authorization(url):
    response = httpx.options(
        f"{url}/sparql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed


def test_a_preflight_for_the_graph_store_allows_put(url):
    response = httpx.options(
        f"{url}/store?default",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"},
    )
    assert response.status_code == 200
    assert "PUT" in response.headers["access-control-allow-methods"]


def test_a_plain_options_lists_the_methods(url):
    response = httpx.options(f"{url}/sparql")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


def _raw_head(url: str, target: str) -> bytes:
    """A HEAD request over a bare socket, to see that no body follows the headers."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            f"HEAD {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_head_sends_the_headers_of_get_without_a_body(url):
    get = httpx.get(f"{url}/sparql", params={"query": QUERY})
    head = httpx.head(f"{url}/sparql", params={"query": QUERY})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    raw = _raw_head(url, "/sparql?query=ASK%20%7B%7D")
    headers, _, body = raw.partition(b"\r\n\r\n")
    assert headers.startswith(b"HTTP/1.1 200")
    assert body == b""


def test_results_are_gzipped_when_asked(url):
    with httpx.Client() as client:
        request = client.build_request(
            "GET", f"{url}/sparql", params={"query": QUERY}, headers={"Accept-Encoding": "gzip"}
        )
        response = client.send(request, stream=True)
        raw = b"".join(response.iter_raw())
        response.close()
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"]
    assert b'"bindings"' in gzip.decompress(raw)
    plain = httpx.get(
        f"{url}/sparql", params={"query": QUERY}, headers={"Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    assert len(plain.json()["results"]["bindings"]) == 11
