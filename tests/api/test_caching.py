"""HEAD on every GET route, ETags that follow the store, 304s and Cache-Control (api.caching)."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.routing import Route

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

#: A value for each path parameter of a GET route, to reach a real resource of the built graph.
_SAMPLES = {
    "path": "work/vanolo2014smartmentality",
    "term": "Smartmentality",
    "slug": "Smartmentality",
    "kind": "cocitation",
    "number": "1",
}
_PER_ROUTE = {"get_work": {"slug": "vanolo2014smartmentality"}}
#: Headers that may differ between two answers to the same request (transfer-encoding is
#: the connection's: a streamed GET is chunked, its HEAD has no body to chunk).
_OWN = {"date", "content-security-policy", "transfer-encoding"}
_VARIES = {*_OWN, "content-length"}


def _get_routes() -> list[tuple[str, str]]:
    """(name, path template) of every GET route of the app, walked from ``app.routes``."""
    app = create_app(Settings(store="memory"), OxigraphStore())
    found = []
    for entry in app.routes:
        inner = getattr(entry, "original_router", None)
        for route in inner.routes if inner is not None else [entry]:
            if isinstance(route, Route) and "GET" in (route.methods or ()):
                found.append((route.name, route.path))
    return found


def _fill(name: str, template: str, argmap: str, claim: str) -> str:
    values = {**_SAMPLES, "ident": argmap, "cid": claim, **_PER_ROUTE.get(name, {})}
    return re.sub(
        r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x").lstrip("/"), template
    )


def test_every_get_route_answers_head_with_the_headers_of_get(built_server):
    argmaps = httpx.get(f"{built_server}/argmaps", timeout=60).json()
    argmap = argmaps[0]["id"]
    routes = _get_routes()
    assert len(routes) > 20
    identity = {"Accept-Encoding": "identity"}  # Content-Length is that of the bytes read
    with httpx.Client(base_url=built_server, timeout=120, headers=identity) as client:
        for name, template in routes:
            url = _fill(name, template, str(argmap), "x")
            params = (
                {"graph": "https://w3id.org/technocracy/graph/bibliography"}
                if (name == "graph_store_get")
                else {}
            )
            got = client.get(url, params=params)
            head = client.head(url, params=params)
            assert head.status_code == got.status_code, (url, head.status_code)
            assert head.content == b"", url
            # a body with blank nodes has new labels each time: its length may vary
            again = client.get(url, params=params)
            own = _OWN if again.content == got.content else _VARIES
            same = {k: v for k, v in got.headers.items() if k not in own}
            assert {k: v for k, v in head.headers.items() if k not in own} == same, url
            assert ("content-length" in head.headers) == ("content-length" in got.headers)
            if own is _OWN and "content-length" in got.headers:
                assert int(head.headers["content-length"]) == len(got.content), url


def test_a_read_has_a_tag_that_changes_when_the_store_changes(serve_app):
    store = OxigraphStore()
    store.update('INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> "1" } }')
    settings = Settings(store="memory", update_token="s3cret")
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    with serve_app(create_app(settings, store)) as url, httpx.Client(timeout=60) as client:
        first = client.get(f"{url}/sparql", params=query)
        tag = first.headers["etag"]
        assert first.headers["cache-control"] == "public, max-age=60, must-revalidate"
        assert '"value": "1"' in first.text or '"value":"1"' in first.text
        # the same query again: 304, no body
        again = client.get(f"{url}/sparql", params=query, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == tag
        # another type, another tag; another query, another tag
        xml = client.get(
            f"{url}/sparql", params=query, headers={"Accept": "application/sparql-results+xml"}
        )
        other = client.get(f"{url}/sparql", params={"query": "ASK {}"})
        assert len({tag, xml.headers["etag"], other.headers["etag"]}) == 3
        # a write: no-store on its answer, and the old tag no longer matches
        wrote = client.post(
            f"{url}/sparql",
            data={"update": 'INSERT DATA { <http://e/b> <http://e/p> "2" }'},
            headers={"Authorization": "Bearer s3cret"},
        )
        assert wrote.status_code in (200, 204)
        assert wrote.headers["cache-control"] == "no-store"
        after = client.get(f"{url}/sparql", params=query, headers={"If-None-Match": tag})
        assert after.status_code == 200
        assert after.headers["etag"] != tag
        assert '"value": "2"' in after.text or '"value":"2"' in after.text


@pytest.mark.parametrize(
    ("path", "accept", "status"),
    [("/id/work/nothing-here", "text/turtle", 404), ("/concepts/Nothing", "image/png", 406)],
)
def test_errors_are_not_stored_and_have_no_tag(live_server, path, accept, status):
    response = httpx.get(f"{live_server}{path}", headers={"Accept": accept}, timeout=60)
    assert response.status_code == status
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_a_page_revalidates_to_304_with_its_tag(live_server):
    page = httpx.get(f"{live_server}/.well-known/void", timeout=60)
    assert page.status_code == 200
    tag = page.headers["etag"]
    again = httpx.get(
        f"{live_server}/.well-known/void",
        headers={"If-None-Match": f'"other", {tag}'},
        timeout=60,
    )
    assert again.status_code == 304
    assert "Accept" in again.headers["vary"]
