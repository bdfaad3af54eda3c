"""Limits that hold under load, over a real server on 127.0.0.1 and a store on disk: a query
over ``TKG_QUERY_TIMEOUT`` is stopped (its worker process killed) while others are served;
bodies over ``TKG_MAX_BODY_BYTES`` are 413; bad queries are 400 with the parser's message.

A query that must run over the limit waits at a gate the test keeps shut (``store_support``):
over the limit on any machine, however fast. What must answer within the limit has seconds."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from store_support import Gate, numbered_disk_store, preload_gate_hook, settled

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

G = "http://example.org/graph/numbers"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = f"SELECT ?o WHERE {{ GRAPH <{G}> {{ <http://example.org/n/7> ?p ?o }} }}"
TOKEN = "limits"
#: the time limit of the servers here: what must answer within it has seconds to, on a busy
#: machine; what must not waits at a gate, so the limit is not a margin either way
LIMIT = 5.0
ROOMY = 120.0


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[OxigraphStore]:
    with numbered_disk_store(tmp_path / "db", G, 3000, "http://example.org/n/") as store:
        yield store


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """A gate shut for the test; the query workers started meanwhile hold the queries that
    name it (``Gate.marker``) until it opens, as it does when the test ends."""
    preload_gate_hook(monkeypatch)
    with Gate(tmp_path / "gate") as gate:
        yield gate


@pytest.fixture
def limited_server(serve_app, disk_store, gate) -> Iterator[tuple[str, object]]:
    """The app with a time limit of LIMIT seconds, for the tests of that limit."""
    yield from _served(serve_app, disk_store, LIMIT)


@pytest.fixture
def server(serve_app, disk_store, gate) -> Iterator[tuple[str, object]]:
    """The app with a limit no answer of these tests comes near on a busy machine (a
    worker's first literature map imports numpy and networkx), for the tests of the rest."""
    yield from _served(serve_app, disk_store, ROOMY)


def _served(serve_app, disk_store, limit: float) -> Iterator[tuple[str, object]]:
    settings = Settings(
        store="memory", query_timeout=limit, max_body_bytes=2000, update_token=TOKEN
    )
    app = create_app(settings, disk_store)
    with serve_app(app) as url:
        settled(app.state.executor)  # served from memory by default: once it is
        yield url, app


def _values(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["o"]["value"] for b in response.json()["results"]["bindings"]]


def test_a_runaway_query_is_stopped_while_others_are_served(limited_server, gate):
    """The runaway waits at the gate, shut until the end: only its time limit ends it."""
    url, app = limited_server
    executor = app.state.executor
    assert executor is not None
    before = set(executor.pids())
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        params = {"query": RUNAWAY + gate.comment}
        runaway = pool.submit(httpx.get, f"{url}/sparql", params=params, timeout=LIMIT + 60)
        gate.wait_entered()  # a worker runs it
        small = httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=30)
        assert _values(small) == ["7"]
        assert not runaway.done()
        response = runaway.result(timeout=LIMIT + 60)
        elapsed = time.monotonic() - started
    assert not gate.is_open  # so the query did not end on its own: it was stopped
    assert response.status_code == 503
    assert response.json()["error"] == "query-timeout"
    assert "TKG_QUERY_TIMEOUT" in response.json()["message"]
    assert "stopped" in response.json()["message"]
    assert elapsed >= LIMIT  # not before its limit
    killed = before - set(executor.pids())
    assert len(killed) == 1
    (pid,) = killed
    assert (
        not os.path.exists(f"/proc/{pid}")
        or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
    )
    assert _values(httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=30)) == ["7"]
    deadline = time.monotonic() + 60
    while len(executor.pids()) < len(before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(executor.pids()) == len(before)  # a fresh worker took the killed one's place


def test_a_write_through_the_store_is_seen_by_the_next_query(server, disk_store):
    url, _ = server
    assert _values(httpx.get(f"{url}/sparql", params={"query": SMALL})) == ["7"]
    disk_store.update(
        f'INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/n/7> <http://example.org/w> "seven" }} }}'
    )
    assert sorted(_values(httpx.get(f"{url}/sparql", params={"query": SMALL}))) == ["7", "seven"]
    update = f"DELETE WHERE {{ GRAPH <{G}> {{ <http://example.org/n/7> ?p ?o }} }}"
    response = httpx.post(
        f"{url}/sparql",
        content=update,
        headers={"content-type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204
    assert _values(httpx.get(f"{url}/sparql", params={"query": SMALL})) == []


def test_answers_larger_than_a_pipe_buffer_come_back_whole(server):
    """A worker's answer of hundreds of kilobytes crosses its pipe in many writes, under the
    server's event loop (uvloop when installed); every row arrives."""
    url, _ = server
    query = f"SELECT ?s ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    for _ in range(3):
        response = httpx.get(f"{url}/sparql", params={"query": query, "format": "xml"})
        assert response.status_code == 200, response.text
        assert len(response.content) > 256_000
        assert response.text.count("<result>") == 3000
        assert "<literal>2999</literal>" in response.text


def test_a_bad_query_is_400_with_the_parsers_message(server):
    url, _ = server
    response = httpx.get(f"{url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.json()["error"] == "bad-sparql"
    assert "1:" in response.json()["message"]
    accept = httpx.get(f"{url}/sparql", params={"query": SMALL}, headers={"accept": "image/png"})
    assert accept.status_code == 406
    assert "application/sparql-results+json" in accept.json()["offered"]


def test_bodies_over_the_limit_are_413(server):
    url, _ = server
    big = "# padding\n" * 300 + "ASK {}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    query = httpx.post(
        f"{url}/sparql", content=big, headers={"content-type": "application/sparql-query"}
    )
    update = httpx.post(
        f"{url}/sparql", content=big, headers={"content-type": "application/sparql-update", **auth}
    )
    graph = httpx.put(
        f"{url}/store",
        params={"graph": G},
        content=big,
        headers={"content-type": "text/turtle", **auth},
    )
    for response in (query, update, graph):
        assert response.status_code == 413
        assert response.json()["error"] == "body-too-large"
        assert "2000" in response.json()["message"]


def test_an_in_memory_store_keeps_the_thread_path(serve_app, sample_store):
    app = create_app(Settings(store="memory"), sample_store)
    with serve_app(app) as url:
        response = httpx.get(f"{url}/sparql", params={"query": "ASK {}"})
        assert app.state.executor is None
    assert response.json()["boolean"] is True


def test_the_served_query_workers_run_with_jemalloc_as_batch_processes(server):
    """TKG_QUERY_ALLOCATOR defaults to jemalloc (installed by `make setup`); by default there
    are as many workers as CPUs and at least four, each scheduled as a batch process."""
    _, app = server
    settled(app.state.executor)
    pids = app.state.executor.pids()
    assert len(pids) == max(4, os.cpu_count() or 1)
    assert all("libjemalloc" in Path(f"/proc/{pid}/maps").read_text() for pid in pids)
    assert [os.sched_getscheduler(pid) for pid in pids] == [os.SCHED_BATCH] * len(pids)
    # the server's own process keeps the policy it inherited
    assert os.sched_getscheduler(0) == os.sched_getscheduler(os.getppid())


def test_the_number_of_query_workers_is_a_setting(serve_app, disk_store, monkeypatch):
    monkeypatch.setenv("TKG_QUERY_WORKERS", "3")
    app = create_app(Settings(store="memory"), disk_store)
    with serve_app(app) as url:
        settled(app.state.executor)
        assert len(app.state.executor.pids()) == 3
        response = httpx.post(f"{url}/sparql", data={"query": SMALL})
    assert _values(response) == ["7"]
    with pytest.raises(ValueError, match="query_workers"):
        Settings(store="memory", query_workers=1)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        # /search runs in the same workers, but answers from the full-text index: the words
        # asked reach no SPARQL text for the gate to hold (kg.search)
        ("/queries/search", {"q": "GATE"}),
        pytest.param("/concepts/x", {"format": "json"}, id="/concepts/x?format=json"),
    ],
)
def test_the_rest_surface_is_held_to_the_time_limit_too(serve_app, disk_store, gate, path, params):
    """Catalogue and named-query routes run in the killable workers as /sparql does: over
    the limit (a search for the gate's marker waits at the gate), the answer is 503 and the
    worker that ran the work is gone; a quick answer within it leaves the workers be."""
    params = {k: gate.marker if v == "GATE" else v for k, v in params.items()}
    app = create_app(Settings(store="memory", query_timeout=LIMIT), disk_store)
    with serve_app(app) as url:
        settled(app.state.executor)
        before = set(app.state.executor.pids())
        if path.startswith("/concepts"):  # a term's description is quick: it must answer
            assert httpx.get(f"{url}{path}", params=params, timeout=60).status_code == 404
            assert set(app.state.executor.pids()) == before
            assert gate.entered() == 0
            return
        response = httpx.get(f"{url}{path}", params=params, timeout=LIMIT + 60)
        assert gate.entered() == 1 and not gate.is_open  # it was held, then stopped
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "query-timeout"
        assert len(before - set(app.state.executor.pids())) == 1


def test_maps_and_descriptions_answer_from_the_workers(server):
    """Argument maps, literature maps, descriptions and the catalogue go through the query
    workers of a store on disk: their answers and errors cross the process boundary whole."""
    url, app = server
    assert app.state.executor is not None
    get = partial(httpx.get, timeout=ROOMY)
    assert get(f"{url}/argmaps").json() == []
    missing = get(f"{url}/argmaps/nothing")
    assert missing.status_code == 404 and "nothing" in missing.json()["message"]
    empty = get(f"{url}/litmaps/cocitation", params={"min_weight": 2})
    assert empty.status_code == 404 and empty.json()["error"] == "empty-map", empty.text
    described = get(f"{url}/id/anything", headers={"accept": "text/turtle"})
    assert described.status_code == 404
    works = get(f"{url}/works").json()
    assert (works["total"], works["items"]) == (0, [])
    home = get(f"{url}/", headers={"accept": "application/json"}).json()
    assert home["graphs"] == [{"graph": G, "triples": 3000}]


def test_queries_of_a_megabyte_and_a_long_accept_header_are_answered_every_time(
    serve_app, disk_store
):
    """Bodies within a raised TKG_MAX_BODY_BYTES but larger than a socket's buffer (about
    208 KB), and a 259 KB Accept header, cross to the query workers whole: 50 answers of 50,
    and no worker lost on the way."""
    app = create_app(Settings(store="memory", max_body_bytes=2_000_000), disk_store)
    subjects = " ".join(f"<http://example.org/n/{i}>" for i in range(100))
    query = f"SELECT ?o WHERE {{ VALUES ?s {{ {subjects} }} GRAPH <{G}> {{ ?s ?p ?o }} }}"
    query = f"# {'x' * (1_000_000 - len(query))}\n{query}"  # 1 MB, made up by a comment
    accept = ", ".join(["application/sparql-results+json"] + ["text/x-other;q=0.1"] * 13_600)
    assert len(query) >= 1_000_000 and len(accept) >= 259_000
    with serve_app(app) as url, httpx.Client(timeout=60) as client:
        settled(app.state.executor)
        before = app.state.executor.pids()
        posted = [
            client.post(
                f"{url}/sparql",
                content=query,
                headers={"content-type": "application/sparql-query", "accept": "text/csv"},
            )
            for _ in range(50)
        ]
        accepted = [
            client.get(f"{url}/sparql", params={"query": SMALL}, headers={"accept": accept})
            for _ in range(5)
        ]
        after = app.state.executor.pids()
    assert [r.status_code for r in posted] == [200] * 50, posted[-1].text
    assert {r.text.count("\n") for r in posted} == {101}  # the header and 100 rows
    assert [_values(r) for r in accepted] == [["7"]] * 5
    assert after == before


def _from(address: str) -> httpx.Client:
    """A client whose requests come from ``address``, one of the loopback addresses (Linux
    answers all of 127.0.0.0/8): to the server, another client."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def test_a_client_over_its_share_gets_a_busy_503_and_others_are_served(serve_app, disk_store, gate):
    """With its one worker of two held by a query at the gate (it cannot end meanwhile), a
    client's next query waits its turn, then gets a 503 of its own (busy, Retry-After), not
    the time limit's; another client is served meanwhile by the other worker."""
    settings = Settings(
        store="memory", query_timeout=600, query_wait=0.5, workers_per_client=1, query_workers=2
    )
    app = create_app(settings, disk_store)
    held = SMALL + gate.comment  # over any limit while the gate is shut; quick after
    with (
        serve_app(app) as url,
        ThreadPoolExecutor(1) as pool,
        _from("127.0.0.1") as first,
        _from("127.0.0.2") as second,
    ):
        settled(app.state.executor)
        runaway = pool.submit(first.get, f"{url}/sparql", params={"query": held})
        gate.wait_entered()
        busy = first.get(f"{url}/sparql", params={"query": SMALL})
        other = second.get(f"{url}/sparql", params={"query": SMALL})
        assert not runaway.done()
        gate.open()
        assert _values(runaway.result(timeout=120)) == ["7"]
    assert busy.status_code == 503, busy.text
    assert busy.json()["error"] == "server-busy"
    assert "TKG_QUERY_TIMEOUT" not in busy.json()["message"]
    assert "LIMIT" not in busy.json()["message"]
    assert int(busy.headers["retry-after"]) >= 1
    assert _values(other) == ["7"]


def test_a_client_that_hangs_up_frees_its_worker(serve_app, disk_store, gate):
    """The query of a client that closed its connection is stopped (its worker killed, as
    at the time limit) long before the limit: here ten minutes, and the query held at the
    gate for as long as the test lasts."""
    app = create_app(Settings(store="memory", query_timeout=600), disk_store)
    with serve_app(app) as url:
        executor = app.state.executor
        settled(executor)
        before = set(executor.pids())
        host, port = url.removeprefix("http://").split(":")
        target = "/sparql?" + urlencode({"query": SMALL + gate.comment})
        with socket.create_connection((host, int(port))) as connection:
            connection.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            gate.wait_entered()
        deadline = time.monotonic() + 60  # well within the gate's patience (120 s)
        while not before - set(executor.pids()) and time.monotonic() < deadline:
            time.sleep(0.05)
        killed = before - set(executor.pids())
        assert len(killed) == 1 and not gate.is_open
        assert _values(httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=60)) == ["7"]
