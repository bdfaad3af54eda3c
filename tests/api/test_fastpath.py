"""The short way in for SPARQL (``api.fastpath``): every answer, errors included, is the
same as through FastAPI's routing, over real servers on 127.0.0.1 and a store on disk (so
through the query workers); and the executor keeps only the snapshots still in use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

G = "http://example.org/graph/fast"
TOKEN = "fast"
SELECT = f"SELECT ?s ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} ORDER BY ?o"
JSON = "application/sparql-results+json"
#: a large answer (gzip's minimum and more), in an order of its own: two servers' answers
#: are compared byte for byte, and without ORDER BY one answering from its in-memory copy
#: and one from disk may list the same solutions in different orders
BIG = (
    f"SELECT ?s ?o ?x WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} "
    f"VALUES ?x {{ {' '.join(map(str, range(300)))} }} }} ORDER BY ?x ?o"
)

#: (method, params, body, headers): queries, formats, errors and refusals of every kind
REQUESTS = [
    ("GET", {"query": SELECT}, None, {"Accept": JSON}),
    ("GET", {"query": SELECT, "format": "csv"}, None, {}),
    ("GET", {"query": SELECT}, None, {"Accept": "text/tab-separated-values"}),
    ("GET", {"query": "ASK { ?s ?p ?o }"}, None, {"Accept": "application/sparql-results+xml"}),
    ("GET", {"query": f"CONSTRUCT WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"}, None, {}),
    ("GET", {"query": SELECT, "default-graph-uri": G}, None, {"Accept": JSON}),
    ("GET", {"query": "SELEKT * WHERE { ?s ?p ?o }"}, None, {"Accept": JSON}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o }"}, None, {"Accept": "image/png"}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o }"}, None, {"Accept": "text/plain"}),
    ("GET", {"update": "CLEAR ALL"}, None, {}),
    ("GET", {}, None, {"Accept": "text/turtle"}),
    ("POST", {}, {"query": SELECT}, {"Accept": JSON}),
    ("POST", {}, SELECT.encode(), {"Content-Type": "application/sparql-query"}),
    ("POST", {}, b"\xff\xfe", {"Content-Type": "application/sparql-query"}),
    ("POST", {}, b"x", {"Content-Type": "text/plain"}),
    ("POST", {}, {"update": "CLEAR ALL"}, {}),
    ("POST", {}, b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
    ("POST", {}, b"x" * 5000, {"Content-Type": "application/sparql-query"}),
    # CORS and gzip, which the fast path applies itself to small answers
    ("GET", {"query": SELECT}, None, {"Accept": JSON, "Origin": "https://yasgui.example"}),
    ("GET", {"query": "ASK {}"}, None, {"Origin": "https://a.example", "Accept-Encoding": "gzip"}),
    ("POST", {}, {"query": BIG}, {"Origin": "https://a.example", "Accept-Encoding": "gzip"}),
    ("POST", {}, {"query": BIG}, {"Accept-Encoding": "identity"}),
    ("GET", {"query": "SELEKT"}, None, {"Origin": "https://a.example"}),
    # the lean path (a program's POST): its answers, and what it hands on to the app
    ("POST", {}, {"query": "ASK { ?s ?p ?o }"}, {"Accept": "text/csv"}),
    ("POST", {}, {"query": "SELEKT * WHERE { ?s ?p ?o }"}, {"Accept": JSON}),
    ("POST", {}, {"query": SELECT, "format": "html"}, {}),
    ("POST", {"format": "tsv"}, {"query": SELECT}, {}),
    ("POST", {}, {"query": SELECT}, {"Accept": "text/html"}),
    ("POST", {}, {"query": SELECT, "default-graph-uri": "a b"}, {}),
    ("POST", {}, {"query": "SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }"}, {}),
    ("POST", {}, b"ASK {}", {"Content-Type": "application/sparql-query; charset=latin-1"}),
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory, serve_app) -> Iterator[tuple[str, str, OxigraphStore]]:
    """The same store on disk behind two apps: with the fast path, and without it."""
    store = OxigraphStore(tmp_path_factory.mktemp("fast") / "db")
    lines = "".join(
        f'<http://example.org/n/{i}> <http://example.org/v> "{i}" .\n' for i in range(5)
    )
    store.replace_graph(G, lines, format="nt")
    settings = Settings(store="memory", max_body_bytes=4000, base_url="http://example.org")
    with ExitStack() as stack:
        fast = stack.enter_context(serve_app(create_app(settings, store)))
        routed = stack.enter_context(serve_app(create_app(settings, store, sparql_fast_path=False)))
        yield fast, routed, store
    store.close()


def _graph(turtle: str) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def _send(base: str, method: str, params, body, headers) -> httpx.Response:
    if isinstance(body, dict):
        return httpx.request(method, f"{base}/sparql", params=params, data=body, headers=headers)
    return httpx.request(method, f"{base}/sparql", params=params, content=body, headers=headers)


@pytest.mark.parametrize(("method", "params", "body", "headers"), REQUESTS)
def test_the_fast_path_answers_as_the_routes_do(servers, method, params, body, headers):
    fast, routed, _ = servers
    one, other = (
        _send(fast, method, params, body, headers),
        _send(routed, method, params, body, headers),
    )
    assert one.status_code == other.status_code
    if one.headers.get("content-type", "").startswith("text/turtle"):  # blank nodes differ
        assert _graph(one.text).isomorphic(_graph(other.text))
    else:
        assert one.content == other.content
    turtle = one.headers.get("content-type", "").startswith("text/turtle")
    # every header, in order, but those that differ between two servers by nature: the
    # date, the tags (a token of each app instance), and a Turtle answer's length (blank
    # node labels differ in length)
    differ = {"date", "etag", *(("content-length",) if turtle else ())}
    assert _headers(one, differ) == _headers(other, differ)
    assert ("etag" in one.headers) == ("etag" in other.headers)


def _headers(response: httpx.Response, differ: set[str]) -> list[tuple[str, str]]:
    return [(k.lower(), v) for k, v in response.headers.multi_items() if k.lower() not in differ]


def test_the_fast_path_serves_queries_and_keeps_cors_and_gzip(servers):
    fast, _, _ = servers
    answer = httpx.get(
        f"{fast}/sparql",
        params={"query": SELECT},
        headers={"Accept": JSON, "Origin": "https://yasgui.example"},
    )
    assert answer.status_code == 200
    assert [b["o"]["value"] for b in answer.json()["results"]["bindings"]] == list("01234")
    assert answer.headers["access-control-allow-origin"] == "*"
    zipped = httpx.post(f"{fast}/sparql", data={"query": BIG}, headers={"Accept": JSON})
    assert zipped.headers["content-encoding"] == "gzip"
    assert len(zipped.json()["results"]["bindings"]) == 1500


def test_a_bad_query_is_placed_in_the_error(servers):
    fast, _, _ = servers
    answer = httpx.get(f"{fast}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "bad-sparql"
    assert body["message"].startswith("error at 1:25: expected")
    assert body["where"] == "query"


def _vary(response: httpx.Response) -> set[str]:
    return {token.strip() for token in response.headers.get("vary", "").split(",")}


@pytest.mark.parametrize("fast", [True, False])
def test_large_answers_are_gzipped_in_the_worker_as_the_middleware_would(servers, fast):
    """A large answer comes compressed from the query worker, with the headers Starlette's
    gzip middleware gives the app's other large answers; a small one, or one to a client
    that does not take gzip, is sent as it is."""
    base = servers[0 if fast else 1]
    origin = {"Origin": "https://a.example"}
    with httpx.Client(base_url=base) as client:
        zipped = client.post(
            "/sparql", data={"query": BIG}, headers={**origin, "Accept-Encoding": "gzip"}
        )
        plain = client.post("/sparql", data={"query": BIG}, headers={"Accept-Encoding": "identity"})
        small = client.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Accept-Encoding": "gzip"}
        )
        other = client.get(
            "/ontology", headers={**origin, "Accept": "text/turtle", "Accept-Encoding": "gzip"}
        )
    assert zipped.headers["content-encoding"] == other.headers["content-encoding"] == "gzip"
    assert _vary(zipped) == {"Accept", "Accept-Encoding", "Origin"} == _vary(other)
    assert zipped.headers["access-control-allow-origin"] == "*"
    assert zipped.content == plain.content  # httpx has decoded it
    assert len(zipped.json()["results"]["bindings"]) == 1500
    assert int(zipped.headers["content-length"]) < len(plain.content) // 5
    assert "content-encoding" not in plain.headers
    assert _vary(plain) == {"Accept", "Accept-Encoding", "Origin"}
    assert "content-encoding" not in small.headers and _vary(small) == {"Accept", "Origin"}


def test_only_snapshots_in_use_are_kept(tmp_path: Path):
    from kg.store.executor import ProcessExecutor, graph_names

    store = OxigraphStore(tmp_path / "db")
    with ProcessExecutor(store, workers=2) as pool:
        for i in range(4):
            store.update(
                f"INSERT DATA {{ GRAPH <http://e/g{i}> {{ <http://e/a> <http://e/p> {i} }} }}"
            )
            assert pool.run(graph_names, timeout=30) == [f"http://e/g{j}" for j in range(i + 1)]
        held = sorted(p.name for p in pool._snapshots.folder.iterdir())
        # the last snapshot, and none of the three before it: one worker did all the work
        assert held == ["snapshot-4"]
        for _ in range(20):  # no new write: no new snapshot, nothing listed or deleted
            pool.run(graph_names, timeout=30)
        assert sorted(p.name for p in pool._snapshots.folder.iterdir()) == ["snapshot-4"]
    store.close()


def _maps(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.parametrize(("allocator", "mapped"), [("jemalloc", True), ("system", False)])
def test_query_workers_run_with_the_allocator_asked_for(tmp_path: Path, allocator, mapped):
    from kg.store.executor import ProcessExecutor, graph_names

    store = OxigraphStore(tmp_path / "db")
    store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }")
    with ProcessExecutor(store, workers=1, allocator=allocator) as pool:
        assert pool.run(graph_names, timeout=30) == ["http://e/g"]
        assert [("libjemalloc" in _maps(pid)) for pid in pool.pids()] == [mapped]
    assert "LD_PRELOAD" not in os.environ or "jemalloc" not in os.environ["LD_PRELOAD"]
    store.close()


_OWNER = """
import sys, threading, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])  # the tests' folder: store_support, for the workers too
from store_support import Gate, held
from kg.store.executor import ProcessExecutor
from kg.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }")
pool = ProcessExecutor(store, workers=2)
gate = Gate(Path(sys.argv[2]))  # never opened: the work never ends
threading.Thread(
    target=pool.run, args=(held, str(gate.directory)), kwargs={"timeout": 600}, daemon=True
).start()
gate.wait_entered()
print(" ".join(map(str, pool.pids())), flush=True)
time.sleep(600)
"""


def test_query_workers_die_with_the_process_that_started_them(tmp_path: Path):
    """A server killed outright (SIGKILL: no clean-up runs) while a worker runs work that
    does not end (it waits at a gate that is never opened) leaves no worker behind to finish
    it for nobody."""
    import signal
    import subprocess
    import sys
    import time

    tests = Path(__file__).resolve().parents[1]
    owner = subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(tmp_path / "db"), str(tmp_path / "gate"), str(tests)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tests.parent,
    )
    assert owner.stdout is not None
    pids = [int(p) for p in owner.stdout.readline().split()]
    assert len(pids) == 2 and all(Path(f"/proc/{pid}").exists() for pid in pids)
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    owner.stdout.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_worker_started_in_place_of_a_stopped_one_keeps_serving(tmp_path: Path):
    """The replacement of a worker killed over its time limit is started from a short-lived
    thread: it must outlive that thread and serve the next queries."""
    import threading
    import time

    from store_support import Gate, held

    from kg.errors import StoreTimeoutError
    from kg.store.executor import ProcessExecutor, graph_names

    store = OxigraphStore(tmp_path / "db")
    store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }")
    with ProcessExecutor(store, workers=1) as pool, Gate(tmp_path / "gate") as gate:
        first = pool.pids()
        threads = set(threading.enumerate())
        with pytest.raises(StoreTimeoutError):  # the work waits at the gate, shut: over any limit
            pool.run(held, str(gate.directory), timeout=0.5)
        # the threads that started a replacement have ended, down to the system's thread
        # (a death signal tied to the thread that started a process is sent by then)
        for thread in set(threading.enumerate()) - threads:
            thread.join(120)
            task = Path(f"/proc/self/task/{thread.native_id}")
            deadline = time.monotonic() + 60
            while task.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not thread.is_alive() and not task.exists()
        for _ in range(3):
            assert pool.run(graph_names, timeout=30) == ["http://e/g"]
        assert pool.pids() != first and all(_alive(pid) for pid in pool.pids())
    store.close()
