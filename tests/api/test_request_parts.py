"""What the SPARQL routes read from a request by shorter ways than Starlette's helpers (they
answer most requests) is what those helpers read: the base URL, the URL's parameters and the
fields of a form (as ``urllib.parse.parse_qs`` reads them)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from api.deps import base_url
from api.routes.sparql import url_params
from api.sparql.forms import parse_form
from kg.settings import Settings


def _request(
    *,
    host: str | None = "example.org",
    scheme: str = "http",
    server: tuple[str, int] | None = ("127.0.0.1", 8000),
    root_path: str = "",
    query_string: bytes = b"",
) -> Request:
    headers = [(b"accept", b"*/*")]
    if host is not None:
        headers.append((b"host", host.encode("latin-1")))
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "server": server,
        "path": root_path + "/sparql",
        "root_path": root_path,
        "query_string": query_string,
        "headers": headers,
    }
    return Request(scope)


BASES = [
    ({}, "http://example.org"),
    ({"host": "example.org:8080"}, "http://example.org:8080"),
    ({"host": None}, "http://127.0.0.1:8000"),
    ({"host": None, "scheme": "https", "server": ("10.0.0.1", 443)}, "https://10.0.0.1"),
    ({"host": None, "server": ("::1", 8000)}, "http://[::1]:8000"),
    ({"host": None, "server": None}, ""),
    ({"root_path": "/kg"}, "http://example.org/kg"),
    ({"host": "bad host:port:x"}, "http://127.0.0.1:8000"),
    ({"host": "h" * 400}, "http://" + "h" * 400),
]


@pytest.mark.parametrize(("parts", "expected"), BASES)
def test_base_url_is_starlettes(parts, expected):
    settings = Settings(store="memory")
    for _ in range(2):  # computed, then remembered
        request = _request(**parts)
        assert base_url(request, settings) == str(request.base_url).rstrip("/") == expected


def test_a_configured_base_url_wins():
    settings = Settings(store="memory", base_url="https://w3id.org/technocracy/")
    assert base_url(_request(), settings) == "https://w3id.org/technocracy"


QUERY_STRINGS = [
    b"",
    b"query=ASK%20%7B%7D",
    b"query=SELECT+*+WHERE+%7B%7D&format=json&format=xml",
    b"default-graph-uri=http%3A%2F%2Fg%2F1&default-graph-uri=http%3A%2F%2Fg%2F2&named-graph-uri=",
    b"query=%C3%A9t%C3%A9&empty=&flag",
    b"a=1;b=2&c=%ZZ",
]


@pytest.mark.parametrize("query_string", QUERY_STRINGS)
def test_url_params_are_starlettes(query_string):
    request = _request(query_string=query_string)
    params = request.query_params
    assert url_params(request.scope) == {name: params.getlist(name) for name in params}


#: pieces a form is made of: escapes good and bad, separators, backslashes, non-ASCII text
PIECES = ["a", "=", "&", "+", "%", "%2", "%20", "%zz", "%C3%A9", "%E2%82", "%FF", "%5C", "%25"]
PIECES += ["\\", "\\x41", "\\n", "é", "€", " ", "%0A", "%3D", "%26", "%%41", ";"]


@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_form_fields_are_parse_qs(text):
    fields = parse_form(text)
    expected = parse_qs(text, keep_blank_values=True)
    assert fields == expected
    assert list(fields) == list(expected)


def test_a_query_form_is_read_whole():
    query = 'PREFIX x: <http://e/#>\nSELECT ?s WHERE { ?s x:p "50% \\"é\\" \\\\d+" } LIMIT 10'
    form = urlencode({"query": query, "default-graph-uri": "http://g/é"})
    assert parse_form(form) == {"query": [query], "default-graph-uri": ["http://g/é"]}
