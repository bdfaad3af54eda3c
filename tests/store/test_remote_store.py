"""RemoteStore's own concerns: auth, refusals, time limits, retries, endpoints, chunked
loads, and `tkg ingest --store URL`, against real servers on 127.0.0.1 (our own API, which
guards updates with a bearer token, and Oxigraph's server)."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from servers import free_port, wipe
from typer.testing import CliRunner

from kg.cli import app as cli
from kg.errors import QuerySyntaxError, StoreRefusedError, StoreUnavailableError
from kg.settings import Settings
from kg.store import OxigraphStore, open_store
from kg.store.remote import RemoteSettings, RemoteStore

G = "http://example.org/g"


@pytest.fixture
def opened(request):
    """``opened(spec, **settings)``: ``open_store`` whose store is closed after the test."""

    def make(spec, **settings):
        store = open_store(spec, remote=RemoteSettings(**settings) if settings else None)
        request.addfinalizer(store.close)
        return store

    return make


@pytest.fixture
def guarded_api(serve_app):
    """Our API over an in-memory store, with updates behind the bearer token `s3cret`."""
    from api import create_app

    backing = OxigraphStore()
    with serve_app(create_app(Settings(store="memory", update_token="s3cret"), backing)) as url:
        yield url, backing


def test_a_bearer_token_reaches_the_server_and_a_wrong_one_is_refused(guarded_api, opened):
    url, backing = guarded_api
    spec = f"sparql+{url}/sparql"
    store = opened(spec, token="s3cret")
    store.update(f'INSERT DATA {{ GRAPH <{G}> {{ <http://e/a> <http://e/p> "1" }} }}')
    assert [r["o"].value for r in store.query("SELECT ?o { ?s ?p ?o }").rows()] == ["1"]
    assert backing.graphs() == [G]
    wrong = opened(spec, token="guess")
    with pytest.raises(StoreRefusedError, match=r"refused the update \(401\).*TKG_REMOTE_TOKEN"):
        wrong.update("CLEAR ALL")
    assert backing.graphs() == [G]


def test_basic_auth_from_the_url_is_sent_and_kept_out_of_repr(guarded_api, request):
    url, _ = guarded_api
    store = RemoteStore(f"sparql+{url.replace('http://', 'http://alice:pa%3Ass@')}/sparql")
    request.addfinalizer(store.close)
    assert (store.endpoints.user, store.endpoints.password) == ("alice", "pa:ss")
    assert "pa:ss" not in repr(store) and "alice" not in repr(store.endpoints)
    with pytest.raises(StoreRefusedError, match="401"):  # basic is not our API's scheme
        store.update("CLEAR ALL")


def test_a_bad_query_says_what_the_server_said(oxigraph_url, opened):
    store = opened(oxigraph_url)
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_retries_back_off_then_fail_in_one_line():
    settings = RemoteSettings(retries=2, backoff=0.2)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="tried 3 times") as caught:
        open_store(f"http://127.0.0.1:{free_port()}", remote=settings)
    assert time.monotonic() - started >= 0.6  # 0.2 + 0.4
    assert "\n" not in str(caught.value)


def test_a_server_slower_than_the_limit_is_a_timeout(serve_app, request):
    """A server that accepts and never answers (until the test is over): StoreTimeoutError
    after the limit, while the server still holds the request."""
    import threading

    import anyio

    from kg.errors import StoreTimeoutError

    released = threading.Event()

    async def silent(scope, receive, send):
        if scope["type"] == "http":
            while not released.is_set():
                await anyio.sleep(0.05)

    with serve_app(silent) as url:
        store = RemoteStore(f"sparql+{url}/sparql", RemoteSettings(timeout=1, retries=0))
        request.addfinalizer(store.close)
        started = time.monotonic()
        try:
            with pytest.raises(StoreTimeoutError, match="within 1 s"):
                store.query("ASK {}")
            assert not released.is_set()  # so the limit, not the server, ended the wait
            assert time.monotonic() - started >= 1
        finally:
            released.set()


def test_bindings_go_as_typed_values(oxigraph_url, opened):
    store = opened(oxigraph_url)
    wipe(store)
    store.replace_graph(G, '<http://e/a> <http://e/p> "x"@en , 3 .', format="ttl")
    rows = store.query(
        "SELECT ?s WHERE { ?s <http://e/p> ?o FILTER (?o = ?v) }", bindings={"v": ox.Literal(3)}
    ).rows()
    assert [r["s"].value for r in rows] == ["http://e/a"]
    assert store.query("ASK { ?s ?p ?v }", bindings={"v": ox.Literal("3")}).boolean is False


def test_a_load_bigger_than_a_chunk_arrives_whole_with_its_blank_nodes(oxigraph_url, opened):
    store = opened(oxigraph_url, chunk_triples=7)
    wipe(store)
    lines = [f'<http://e/s{i}> <http://e/p> "{i}" .' for i in range(50)]
    lines += ["_:b <http://e/q> _:c .", "_:c <http://e/q> _:b ."]
    assert store.load("\n".join(lines).encode(), format="nt", graph=G, bulk=True) == 52
    assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows()[0]["n"].value == "52"
    cycle = store.query("ASK { ?x <http://e/q> ?y . ?y <http://e/q> ?x }")
    assert cycle.boolean is True  # the two blank nodes stayed two nodes, linked both ways


def test_tkg_ingest_into_a_server(oxigraph_url, opened, tmp_path):
    from pathlib import Path

    data = Path(__file__).parents[1] / "data"
    wipe(opened(oxigraph_url))
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(data / "texts" / "notes.md"),
            "--bib",
            str(data / "bibliographies" / "smart-cities.bib"),
            "--store",
            oxigraph_url,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    store = opened(oxigraph_url)
    corpus = [g for g in store.graphs() if "/graph/corpus/" in g]
    assert len(corpus) == 1
    n = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{corpus[0]}> {{ ?s ?p ?o }} }}")
    assert int(n.rows()[0]["n"].value) > 20


_JSON = (
    b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://e/a"}}]}}'
)
_XML = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    b'<head><variable name="s"/></head><results><result><binding name="s">'
    b"<uri>http://e/a</uri></binding></result></results></sparql>\n"
)


@pytest.mark.parametrize(
    ("media_type", "whole"),
    [("application/sparql-results+json", _JSON), ("application/sparql-results+xml", _XML)],
)
def test_results_cut_short_by_the_servers_limit_are_refused_at_once(media_type, whole):
    from kg.store.remote.http import Answer
    from kg.store.remote.results import read_answer

    assert [r["s"] for r in read_answer(Answer(media_type, whole)).rows()] == [
        ox.NamedNode("http://e/a")
    ]
    with pytest.raises(StoreRefusedError, match=r"end before they are complete \(after 60 bytes"):
        read_answer(Answer(media_type, whole[:60]))


@pytest.mark.slow
@pytest.mark.parametrize("server", ["oxigraph_url", "virtuoso_url"])
def test_the_graph_list_is_shared_by_copies_and_forgotten_on_writes(request, server):
    """The list of graphs each query's dataset needs is kept for ``graphs_ttl`` seconds,
    shared by the ``with_timeout`` copies the API makes per request, forgotten on writes
    made through the store or any copy; another client's writes wait for the time limit."""
    url = request.getfixturevalue(server)
    store = RemoteStore(url, RemoteSettings(graphs_ttl=600))
    other = RemoteStore(url)
    try:
        wipe(store)
        store.load(b"<urn:s> <urn:p> <urn:o> .", format="nt", graph="urn:tkg-test:a")
        assert store.with_timeout(5)._graph_list() == ["urn:tkg-test:a"]
        other.load(b"<urn:s> <urn:p> <urn:o> .", format="nt", graph="urn:tkg-test:b")
        assert store.graphs() == ["urn:tkg-test:a", "urn:tkg-test:b"]
        # not yet seen through the kept list: another client wrote it
        assert store.with_timeout(5)._graph_list() == ["urn:tkg-test:a"]
        assert (
            len(store.query("SELECT * WHERE { ?s ?p ?o }").rows())
            == int(
                store.kind != "virtuoso"  # Virtuoso's dataset is the kept list, spelt out
            )
            + 1
        )
        store.with_timeout(5).update("DROP SILENT GRAPH <urn:tkg-test:a>")  # through a copy
        assert store._graph_list() == ["urn:tkg-test:b"]
        assert len(store.query("SELECT * WHERE { ?s ?p ?o }").rows()) == 1
    finally:
        wipe(store)
        store.close()
        other.close()
