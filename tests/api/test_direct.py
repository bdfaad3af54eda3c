"""The query workers answering the lean path's requests themselves (``api.direct``,
``api.handing``), over a real server configured as ``tkg serve`` configures uvicorn, on a
store on disk: the answers and every header are those of the server's own path; the time
limit holds (the worker killed, the documented error); writes reach the next query; what a
worker does not answer (an update, SERVICE, a GET, a page) goes the server's way, on the
same connection."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from store_support import Gate, numbered_disk_store, preload_gate_hook, settled

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

G = "http://example.org/graph/numbers"
SMALL = f"SELECT ?o WHERE {{ GRAPH <{G}> {{ <http://example.org/n/7> ?p ?o }} }}"
ASK = f"ASK {{ GRAPH <{G}> {{ <http://example.org/n/7> ?p ?o }} }}"
TOKEN = "direct"
LIMIT = 5.0


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    preload_gate_hook(monkeypatch)
    with Gate(tmp_path / "gate") as gate:
        yield gate


@pytest.fixture
def served(serve_app, tmp_path: Path, gate) -> Iterator[tuple[str, object, OxigraphStore]]:
    with numbered_disk_store(tmp_path / "db", G, 300, "http://example.org/n/") as store:
        settings = Settings(store="memory", query_timeout=LIMIT, update_token=TOKEN)
        app = create_app(settings, store)
        with serve_app(app, settings) as url:
            settled(app.state.executor)
            yield url, app, store


def _values(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(b["o"]["value"] for b in response.json()["results"]["bindings"])


def _post(client: httpx.Client, url: str, query: str, **headers: str) -> httpx.Response:
    return client.post(f"{url}/sparql", data={"query": query}, headers=headers, timeout=LIMIT + 60)


def _held(app: object) -> int:
    lanes = app.state.executor.lanes  # type: ignore[attr-defined]
    return 0 if lanes is None else int(lanes.held())


def _answered_by_a_worker(client: httpx.Client, url: str, app: object) -> httpx.Response:
    """A small query on ``client``'s connection, once a worker holds it."""
    deadline = time.monotonic() + 60
    while True:
        _post(client, url, ASK)
        if _held(app) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert _held(app) == 1
    return _post(client, url, ASK)


def test_a_worker_answers_with_the_servers_answer_and_headers(served):
    url, app, _ = served
    with httpx.Client() as client:
        direct = _answered_by_a_worker(client, url, app)
        # a forwarded request is the server's to answer (uvicorn reads its X-Forwarded-For)
        general = _post(client, url, ASK, **{"x-forwarded-for": "127.0.0.1"})
        assert _values(_post(client, url, SMALL)) == ["7"]
    assert direct.status_code == general.status_code == 200
    assert direct.content == general.content == b'{"head":{},"boolean":true}'
    assert {k: v for k, v in direct.headers.items() if k != "date"} == {
        k: v for k, v in general.headers.items() if k != "date"
    }
    assert list(direct.headers) == list(general.headers)


@pytest.mark.parametrize("encoding", ["gzip, deflate", "identity"])
def test_a_large_answer_is_sent_by_the_worker_as_the_server_sends_it(served, encoding):
    url, app, _ = served
    every = f"SELECT ?s ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} ORDER BY ?s"
    with httpx.Client() as client:
        _answered_by_a_worker(client, url, app)
        direct = _post(client, url, every, **{"accept-encoding": encoding})
        assert _held(app) == 1  # answered there, not given back (so not run twice)
        general = _post(
            client, url, every, **{"accept-encoding": encoding, "x-forwarded-for": "127.0.0.1"}
        )
    assert len(direct.json()["results"]["bindings"]) == 300
    assert direct.content == general.content
    assert direct.headers.get("content-encoding") == general.headers.get("content-encoding")
    assert (direct.headers.get("content-encoding") == "gzip") == encoding.startswith("gzip")
    assert {k: v for k, v in direct.headers.items() if k != "date"} == {
        k: v for k, v in general.headers.items() if k != "date"
    }


def test_what_a_worker_does_not_answer_goes_the_servers_way_on_the_same_connection(served):
    url, app, _ = served
    with httpx.Client() as client:
        _answered_by_a_worker(client, url, app)
        service = _post(
            client, url, "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"
        )
        assert service.status_code == 400
        assert "SERVICE" in service.text
        bad = _post(client, url, "SELEC nothing")
        assert bad.status_code == 400
        assert bad.json()["error"] == "bad-sparql"
        got = client.get(f"{url}/sparql", params={"query": SMALL})
        assert _values(got) == ["7"]
        page = _post(client, url, ASK, accept="text/html")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert _values(_post(client, url, SMALL)) == ["7"]


def test_a_write_reaches_the_next_query_a_worker_answers(served):
    url, app, _ = served
    with httpx.Client() as reader, httpx.Client() as writer:
        _answered_by_a_worker(reader, url, app)
        assert _values(_post(reader, url, SMALL)) == ["7"]
        update = f'INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/n/7> <http://example.org/w> "seven" }} }}'
        written = writer.post(
            f"{url}/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert written.status_code == 204
        assert _values(_post(reader, url, SMALL)) == ["7", "seven"]
        assert _held(app) >= 1


def test_a_query_a_worker_runs_over_the_limit_is_stopped_and_answered_so(served, gate):
    url, app, _ = served
    executor = app.state.executor
    runaway = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c }}{gate.comment}"
    with httpx.Client() as client, ThreadPoolExecutor(1) as pool:
        _answered_by_a_worker(client, url, app)
        before = set(executor.pids())
        started = time.monotonic()
        waiting = pool.submit(_post, client, url, runaway)
        gate.wait_entered()
        response = waiting.result(timeout=LIMIT + 60)
        elapsed = time.monotonic() - started
        assert not gate.is_open
        assert response.status_code == 503
        assert response.json()["error"] == "query-timeout"
        assert "stopped" in response.json()["message"]
        assert elapsed >= LIMIT
        assert len(before - set(executor.pids())) == 1
        # the same connection goes on, and the store is as it was
        assert _values(_post(client, url, SMALL)) == ["7"]


def test_the_connections_of_a_worker_that_dies_go_back_to_the_server(served):
    url, app, _ = served
    with httpx.Client() as client:
        _answered_by_a_worker(client, url, app)
        (pid,) = app.state.executor.lanes.holding()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while pid in app.state.executor.pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pid not in app.state.executor.pids()  # replaced
        assert _values(_post(client, url, SMALL)) == ["7"]  # the same connection goes on
