"""The W3C SPARQL 1.1 Protocol test suite (``../shared/peer-tests/w3c-protocol``), run
request by request against the API on 127.0.0.1.

The server runs with updates enabled (``TKG_UPDATE_TOKEN``). The manifest's requests carry
no ``Authorization`` header, since the suite knows nothing of how a service guards its
updates; this runner adds ``Authorization: Bearer <token>`` to every request, as a client
of this server must. Each test starts from the same data, since the update tests clear it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from api import create_app
from api.negotiation import GRAPHS, RESULTS
from kg.settings import Settings, default_corpus_dir
from kg.store import OxigraphStore

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"


def _suite() -> Path | None:
    corpus = default_corpus_dir()
    suite = corpus.parent / "peer-tests" / "w3c-protocol" if corpus else None
    return suite if suite and (suite / "manifest.ttl").is_file() else None


SUITE = _suite()


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # acceptable status classes: 2, 3, 4
    format: str | None  # "boolean", "tabular", "RDF"
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    exchanges: list[Exchange]
    data: dict[str, Path]  # graph IRI -> N-Triples file


def _exchange(manifest: Graph, request) -> Exchange:
    body = None
    if (content := manifest.value(request, HT.body)) is not None:
        encoding = str(manifest.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(content, CNT.chars)).encode(encoding)
    headers = {}
    if (head := manifest.value(request, HT.headers)) is not None:
        for header in Collection(manifest, head):
            name = str(manifest.value(header, HT.fieldName))
            headers[name] = str(manifest.value(header, HT.fieldValue))
    response = manifest.value(request, HT.resp)
    statuses = frozenset(
        int(str(s).removeprefix(HTS)[0]) for s in manifest.objects(response, MF.expectedStatus)
    )
    expected_format = manifest.value(response, MF.expectedFormat)
    expected_boolean = manifest.value(response, MF.expectedBoolean)
    return Exchange(
        method=str(manifest.value(request, HT.methodName)),
        path="/sparql" + str(manifest.value(request, HT.absolutePath)).removeprefix("/sparql/"),
        headers=headers,
        body=body,
        statuses=statuses,
        format=str(expected_format) if expected_format is not None else None,
        boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def _file_name(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _tests() -> list[ProtocolTest]:
    if SUITE is None:
        return []
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    (root,) = manifest.subjects(RDF.type, MF.Manifest)
    tests = []
    for test in Collection(manifest, manifest.value(root, MF.entries)):
        action = manifest.value(test, MF.action)
        requests = Collection(manifest, manifest.value(action, HT.requests))
        data = {
            str(manifest.value(d, RDFS.label)): SUITE / _file_name(manifest.value(d, UT.graph))
            for d in manifest.objects(test, UT.graphData)
        }
        exchanges = [_exchange(manifest, r) for r in requests]
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[1], exchanges, data))
    return tests


TESTS = _tests()
#: Known failures, by test name, with the reason (none at present).
KNOWN: dict[str, pytest.MarkDecorator] = {}
TOKEN = "w3c-protocol-suite"
AUTHORIZATION = {"Authorization": f"Bearer {TOKEN}"}


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
    """The server, over the suite's data as every test expects to find it."""
    served.update("DROP ALL")
    for test in TESTS:
        for graph, path in test.data.items():
            served.load(path, format="nt", graph=graph)
    return server


def _check(exchange: Exchange, response: httpx.Response) -> None:
    assert response.status_code // 100 in exchange.statuses, response.text
    media_type = response.headers.get("content-type", "").split(";")[0]
    if exchange.format == "boolean":
        assert media_type in (RESULTS[0].media_type, RESULTS[1].media_type)
        if media_type == RESULTS[0].media_type:
            answer = json.loads(response.text)["boolean"]
        else:
            node = ET.fromstring(response.text).find(
                "{http://www.w3.org/2005/sparql-results#}boolean"
            )
            answer = node is not None and node.text == "true"
        if exchange.boolean is not None:
            assert answer is exchange.boolean
    elif exchange.format == "tabular":
        assert media_type in [o.media_type for o in RESULTS]
    elif exchange.format == "RDF":
        assert media_type in [o.media_type for o in GRAPHS]


@pytest.mark.skipif(SUITE is None, reason="../shared/peer-tests/w3c-protocol is not here")
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            t,
            id=t.name,
            marks=[KNOWN[t.name]] if t.name in KNOWN else [],
        )
        for t in TESTS
    ]
    or [pytest.param(None, id="no-suite")],
)
def test_w3c_protocol(endpoint, case):
    with httpx.Client(base_url=endpoint, timeout=10) as client:
        for exchange in case.exchanges:
            response = client.request(
                exchange.method,
                exchange.path,
                headers={**AUTHORIZATION, **exchange.headers},
                content=exchange.body,
            )
            _check(exchange, response)


def test_the_suite_is_all_there():
    if SUITE is None:
        pytest.skip("../shared/peer-tests/w3c-protocol is not here")
    assert len(TESTS) == 34
    assert sum(t.name.startswith("update_") for t in TESTS) == 7
