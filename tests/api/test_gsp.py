"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, over a real server on 127.0.0.1.

The first half runs the W3C suite (``../shared/peer-tests/w3c-protocol/graph-store-protocol``,
``manifest.ttl`` and the manifests it includes), request by request, each test on an empty
store. Its paths start with ``/gsp``, which the runner replaces with ``/store``; its requests
carry no ``Authorization`` header, which the runner adds (the graph store needs the token).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from api import create_app
from kg.settings import Settings, default_corpus_dir
from kg.store import OxigraphStore

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
TOKEN = "gsp-suite"
AUTHORIZATION = {"Authorization": f"Bearer {TOKEN}"}


def _suite() -> Path | None:
    corpus = default_corpus_dir()
    suite = (
        corpus.parent / "peer-tests" / "w3c-protocol" / "graph-store-protocol" if corpus else None
    )
    return suite if suite and (suite / "manifest.ttl").is_file() else None


SUITE = _suite()


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: frozenset[int]  # exact codes (200) or classes (2)
    location: str | None  # the template variable the Location header fills
    content_type: str | None
    expected: str | None  # Turtle


@dataclass(frozen=True)
class GspTest:
    name: str
    exchanges: list[Exchange]


def _status(iri: str) -> int:
    name = iri.removeprefix(HTS)
    if name.startswith("StatusCode"):
        return int(name.removeprefix("StatusCode")[0])
    return HTTPStatus[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()].value


def _headers(manifest: Graph, node) -> dict[str, str]:
    headers = {}
    if (head := manifest.value(node, HT.headers)) is not None:
        for header in Collection(manifest, head):
            headers[str(manifest.value(header, HT.fieldName)).lower()] = str(
                manifest.value(header, HT.fieldValue)
            )
    return headers


def _body(manifest: Graph, node) -> str | None:
    content = manifest.value(node, HT.body)
    return None if content is None else str(manifest.value(content, CNT.chars))


def _exchange(manifest: Graph, request) -> Exchange:
    response = manifest.value(request, HT.resp)
    location = manifest.value(response, MF.expectedLocation)
    return Exchange(
        method=str(manifest.value(request, HT.methodName)),
        path="/store" + str(manifest.value(request, HT.absolutePath)).removeprefix("/gsp"),
        headers=_headers(manifest, request),
        body=_body(manifest, request),
        statuses=frozenset(_status(str(s)) for s in manifest.objects(response, MF.expectedStatus)),
        location=str(location) if location is not None else None,
        content_type=_headers(manifest, response).get("content-type"),
        expected=_body(manifest, response),
    )


def _tests() -> list[GspTest]:
    if SUITE is None:
        return []
    top = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    (root,) = top.subjects(RDF.type, MF.Manifest)
    tests = []
    for included in Collection(top, top.value(root, MF.include)):
        path = SUITE / str(included).rsplit("/", 1)[-1]
        manifest = Graph().parse(path, format="turtle")
        (sub,) = manifest.subjects(RDF.type, MF.Manifest)
        for test in Collection(manifest, manifest.value(sub, MF.entries)):
            requests = Collection(
                manifest, manifest.value(manifest.value(test, MF.action), HT.requests)
            )
            tests.append(
                GspTest(str(test).rsplit("#", 1)[1], [_exchange(manifest, r) for r in requests])
            )
    return tests


TESTS = _tests()


@pytest.fixture(scope="module")
def served() -> Iterator[OxigraphStore]:
    store = OxigraphStore()
    yield store
    store.close()


@pytest.fixture(scope="module")
def server(serve_app, served: OxigraphStore) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory", update_token=TOKEN), served)) as url:
        yield url


@pytest.fixture
def endpoint(server: str, served: OxigraphStore) -> str:
    """The server over an empty store."""
    served.update("DROP ALL")
    return server


def _accepts(statuses: frozenset[int], status: int) -> bool:
    return status in statuses or status // 100 in statuses


def _check(exchange: Exchange, response: httpx.Response) -> None:
    assert _accepts(exchange.statuses, response.status_code), (
        exchange.method,
        exchange.path,
        response.status_code,
        response.text,
    )
    if exchange.content_type is not None:
        media = response.headers["content-type"].split(";")[0].strip()
        assert media == exchange.content_type.split(";")[0].strip()
    if exchange.method == "HEAD":
        assert response.content == b""
    if exchange.expected is not None:
        got = Graph().parse(data=response.text, format="turtle")
        want = Graph().parse(data=exchange.expected, format="turtle")
        assert isomorphic(got, want), response.text


@pytest.mark.skipif(SUITE is None, reason="../shared/peer-tests/w3c-protocol is not here")
@pytest.mark.parametrize(
    "case",
    [pytest.param(t, id=t.name) for t in TESTS] or [pytest.param(None, id="no-suite")],
)
def test_w3c_graph_store_protocol(endpoint, case):
    variables: dict[str, str] = {}

    def fill(text: str) -> str:
        for name, value in variables.items():
            text = text.replace(name, value)
        return text

    with httpx.Client(base_url=endpoint, timeout=10) as client:
        for exchange in case.exchanges:
            body = fill(exchange.body).encode() if exchange.body is not None else None
            response = client.request(
                exchange.method,
                fill(exchange.path),
                headers={**AUTHORIZATION, **exchange.headers},
                content=body,
            )
            _check(exchange, response)
            if exchange.location is not None:
                variables[exchange.location] = response.headers["location"]


def test_the_gsp_suite_is_all_there():
    if SUITE is None:
        pytest.skip("../shared/peer-tests/w3c-protocol is not here")
    assert len(TESTS) == 13
    assert {t.name for t in TESTS} >= {"put_get_default", "post_get_new_graph"}


# -- our own ------------------------------------------------------------------------------

EX = Namespace("http://example.org/")
G = "http://example.org/graph/people"
TTL = """@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:knows ex:bob .
ex:bob ex:name "Bob"@en .
"""
EXPECTED = {
    (EX.alice, EX.name, Literal("Alice")),
    (EX.alice, EX.knows, EX.bob),
    (EX.bob, EX.name, Literal("Bob", lang="en")),
}


@pytest.fixture
def client(endpoint: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=endpoint, timeout=10, headers=AUTHORIZATION) as c:
        yield c


def _triples(text: str, fmt: str) -> set:
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return set(Graph().parse(data=text, format=fmt))


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_round_trip(client, media_type, rdflib_format):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        body = Graph().parse(data=TTL, format="turtle").serialize(format=rdflib_format)
    put = client.put(
        "/store", params={"graph": G}, content=body, headers={"content-type": media_type}
    )
    assert put.status_code == 201
    got = client.get("/store", params={"graph": G}, headers={"accept": media_type})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith(media_type)
    assert _triples(got.text, rdflib_format) == EXPECTED
    again = client.put(
        "/store", params={"graph": G}, content=body, headers={"content-type": media_type}
    )
    assert again.status_code == 204


def test_post_merges_and_delete_removes(client, served):
    client.put("/store", params={"graph": G}, content=TTL, headers={"content-type": "text/turtle"})
    more = '<http://example.org/carol> <http://example.org/name> "Carol" .'
    post = client.post(
        "/store",
        params={"graph": G},
        content=more,
        headers={"content-type": "application/n-triples"},
    )
    assert post.status_code == 204
    got = client.get("/store", params={"graph": G}, headers={"accept": "application/n-triples"})
    assert _triples(got.text, "nt") == EXPECTED | {(EX.carol, EX.name, Literal("Carol"))}
    assert client.delete("/store", params={"graph": G}).status_code == 204
    assert served.graphs() == []
    assert client.delete("/store", params={"graph": G}).status_code == 404
    assert client.get("/store", params={"graph": G}).status_code == 404


def test_default_is_the_stores_own_default_graph_not_the_union(client, served):
    served.replace_graph(G, TTL, format="ttl")
    empty = client.get("/store?default", headers={"accept": "application/n-triples"})
    assert empty.status_code == 200
    assert empty.text.strip() == ""
    put = client.put("/store?default", content=TTL, headers={"content-type": "text/turtle"})
    assert put.status_code == 204
    got = client.get("/store?default", headers={"accept": "text/turtle"})
    assert _triples(got.text, "turtle") == EXPECTED
    assert served.graphs() == [G]  # the named graph is untouched


def test_a_bad_body_is_400_with_line_and_column_and_changes_nothing(client, served):
    served.replace_graph(G, TTL, format="ttl")
    before = served.dump(format="nq")
    bad = TTL + "ex:carol ex:name .\n"
    for method in ("PUT", "POST"):
        response = client.request(
            method,
            "/store",
            params={"graph": G},
            content=bad,
            headers={"content-type": "text/turtle"},
        )
        assert response.status_code == 400
        assert response.json()["error"] == "bad-rdf"
        assert response.json()["where"].startswith("<input>:4")
    assert served.dump(format="nq") == before


def test_a_body_of_an_unknown_type_is_415(client):
    response = client.put(
        "/store", params={"graph": G}, content="a,b", headers={"content-type": "text/csv"}
    )
    assert response.status_code == 415
    assert "text/turtle" in response.json()["message"]


def test_no_graph_named_is_400(client):
    response = client.get("/store")
    assert response.status_code == 400
    assert "?graph=IRI" in response.json()["message"]


def test_head_sends_headers_only(client, served):
    served.replace_graph(G, TTL, format="ttl")
    head = client.head("/store", params={"graph": G}, headers={"accept": "text/turtle"})
    get = client.get("/store", params={"graph": G}, headers={"accept": "text/turtle"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_the_graph_store_needs_the_token(serve_app, sample_store):
    closed = create_app(Settings(store="memory", update_token=None), sample_store)
    guarded = create_app(Settings(store="memory", update_token=TOKEN), sample_store)
    with serve_app(closed) as url:
        disabled = httpx.put(
            f"{url}/store",
            params={"graph": G},
            content=b"",
            headers={"Content-Type": "text/turtle"},
        )
    with serve_app(guarded) as url:
        missing = httpx.delete(f"{url}/store", params={"graph": G})
        wrong = httpx.delete(
            f"{url}/store", params={"graph": G}, headers={"Authorization": "Bearer nope"}
        )
    assert disabled.status_code == 403
    assert "TKG_UPDATE_TOKEN" in disabled.json()["message"]
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'Bearer realm="tkg"'
    assert wrong.status_code == 401
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    assert URIRef(G) not in {URIRef(g) for g in sample_store.graphs()}


def test_reads_are_public_and_writes_still_need_the_token(serve_app):
    store = OxigraphStore()
    store.write_graph(G, TTL, format="ttl")
    store.write_graph(None, '<http://e/a> <http://e/p> "d" .', format="nt")
    app = create_app(Settings(store="memory", update_token=TOKEN), store)
    with serve_app(app) as url:
        named = httpx.get(f"{url}/store", params={"graph": G}, headers={"Accept": "text/turtle"})
        default = httpx.get(f"{url}/store?default", headers={"Accept": "application/n-triples"})
        head = httpx.head(f"{url}/store", params={"graph": G})
        put = httpx.put(
            f"{url}/store",
            params={"graph": G},
            content=TTL,
            headers={"Content-Type": "text/turtle"},
        )
        post = httpx.post(
            f"{url}/store",
            params={"graph": G},
            content=TTL,
            headers={"Content-Type": "text/turtle"},
        )
        delete = httpx.delete(f"{url}/store", params={"graph": G})
    assert named.status_code == 200, named.text
    assert isomorphic(Graph().parse(data=named.text, format="turtle"), Graph().parse(data=TTL))
    assert default.status_code == 200
    assert default.text == '<http://e/a> <http://e/p> "d" .\n'
    assert head.status_code == 200
    assert [put.status_code, post.status_code, delete.status_code] == [401, 401, 401]
    assert store.has_graph(G)
    store.close()
