"""The SPARQL backends that ``bench.sparql`` compares, each loaded, queried, restarted
and stopped the same way:

- ``raw``: pyoxigraph in a child process, queried in that process (no HTTP): the limit;
- ``ours``: our FastAPI endpoint (``api.create_app`` over an on-disk ``OxigraphStore``), as
  ``tkg serve`` runs it: answering from an in-memory copy (``TKG_MEMORY_BUDGET``), measured
  once the copy is loaded;
- ``ours_disk``: the same with ``TKG_MEMORY_BUDGET=0``: every query reads the store on disk;
- ``oxigraph``: Oxigraph's own server (the ``oxigraph`` binary from PyPI), store on disk;
- ``oxigraph_memory``: Oxigraph's server in memory (no ``--location``), loaded over HTTP;
- ``rdflib``: rdflib-endpoint serving an rdflib ``Graph``;
- ``ours_identity``: our endpoint again, asked for answers without gzip.

The servers run as separate processes on 127.0.0.1 and are asked by httpx with keep-alive,
``Accept: application/sparql-results+json``, as a form POST. The three Oxigraph stores are
on disk, each loaded by its own tool (ours through the ``Store`` protocol) and compacted,
with the data in one named graph and the union of the named graphs as the default graph
(our store's rule; ``--union-default-graph`` for Oxigraph's server).

A backend that runs over its time limit is restarted, so that a query it cannot stop
(rdflib's, or one left running in a thread) does not slow down the next measurement.
rdflib-endpoint is served by a child forked from a process that holds the parsed graph,
so a restart takes a fork, not a reload.

``python -m bench.sparql_backends ours|rdflib|load-ours ...`` are the child entry points.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

import httpx

__all__ = [
    "GRAPH",
    "Backend",
    "OursDiskServer",
    "OursIdentity",
    "OursServer",
    "OxigraphMemoryServer",
    "OxigraphServer",
    "RawOxigraph",
    "RdflibServer",
    "Throughput",
    "Timing",
]

ROOT = Path(__file__).resolve().parent.parent
GRAPH = "http://localhost/sp2bench"
JSON_RESULTS = "application/sparql-results+json"
HOST = "127.0.0.1"
READY_S = 120.0
_CHILD = (sys.executable, "-m", "bench.sparql_backends")


@dataclass
class Timing:
    """One run of one query: seconds, and what came back."""

    seconds: float
    status: str  # "ok", "timeout" or "error"
    nbytes: int = 0
    rows: int | bool | None = None  # solutions, or the ASK answer, when asked for
    detail: str = ""
    #: CPU seconds the server's whole process tree spent on it (HTTP servers): on a busy
    #: machine a fairer measure than the wall time, which waits for a CPU
    cpu: float | None = None


@dataclass
class Throughput:
    """Requests answered in a fixed time by ``clients`` clients, one request at a time each."""

    clients: int
    requests: int
    errors: int
    seconds: float
    client_cpu: float  # CPU seconds of the client process(es) per second of wall time
    #: CPU time of the server's processes (its query workers included) per answered request
    server_cpu_us: float | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class Backend(Protocol):
    name: str
    label: str
    timeout: float

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        """Load the data (and compact the store); say how long it took."""
        ...

    def start(self) -> None: ...

    def run(self, query: str, *, rows: bool = False) -> Timing: ...

    def throughput(self, query: str, *, seconds: float, clients: int) -> Throughput: ...

    def restart(self) -> None: ...

    def for_throughput(self) -> None:
        """Get ready for the throughput runs (most backends need nothing)."""
        ...

    def stop(self) -> None: ...


def count_rows(body: bytes) -> int | bool:
    """The number of solutions in SPARQL JSON results, or the boolean of an ASK."""
    doc = json.loads(body)
    if "boolean" in doc:
        return bool(doc["boolean"])
    return len(doc["results"]["bindings"])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _loop(call: Callable[[], bool], seconds: float, clients: int) -> Throughput:
    """Call ``call`` in ``clients`` threads until ``seconds`` have passed; count the answers."""
    counts = [[0, 0] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def worker(slot: list[int]) -> None:
        barrier.wait()
        while time.perf_counter() < deadline[0]:
            slot[0 if call() else 1] += 1

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in counts]
    for thread in threads:
        thread.start()
    cpu = time.process_time()
    started = time.perf_counter()
    deadline[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return Throughput(
        clients,
        sum(c[0] for c in counts),
        sum(c[1] for c in counts),
        wall,
        (time.process_time() - cpu) / wall,
    )


def _http_client(
    url: str,
    query: str,
    headers: dict[str, str],
    seconds: float,
    ready: Any,
    go: Any,
    results: Any,
) -> None:  # pragma: no cover - in a child
    """One client process of a throughput run: warm up, wait for the start, then send one
    request at a time for ``seconds``; report (answered, failed, CPU seconds)."""
    answered = failed = 0
    cpu = time.process_time()
    announced = False
    try:
        with httpx.Client(headers=headers, timeout=60) as client:

            def send() -> bool:
                try:
                    return client.post(url, data={"query": query}).status_code == 200
                except httpx.TransportError:
                    return False

            for _ in range(20):
                send()
            ready.put(os.getpid())
            announced = True
            go.wait()
            cpu = time.process_time()
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                answered, failed = (answered + 1, failed) if send() else (answered, failed + 1)
    finally:  # the parent waits for one report per client, whatever happened here
        if not announced:
            ready.put(os.getpid())
        results.put((answered, failed, time.process_time() - cpu))


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_pss(pid: int) -> int:
    """The proportional set size (bytes) of ``pid`` and all its descendants, summed from
    ``/proc/PID/smaps_rollup``: pages shared between them (a zygote's copy and its forked
    workers') counted once in all, not once per process as RSS would."""
    total = 0
    for member in _process_tree(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text(encoding="ascii")
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a live process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- raw pyoxigraph, in a child process ---------------------------------------------------------


def _raw_child(conn: Any, location: str) -> None:  # pragma: no cover - in a child
    import pyoxigraph as ox

    store = ox.Store(location)
    union = {"use_default_graph_as_union": True}

    def answer(query: str) -> bytes:
        return store.query(query, **union).serialize(format=ox.QueryResultsFormat.JSON)

    while True:
        message = conn.recv()
        if message[0] == "stop":
            return
        if message[0] == "load":
            started = time.perf_counter()
            store.bulk_load(
                path=message[1], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH)
            )
            store.flush()
            conn.send({"seconds": time.perf_counter() - started, "triples": len(store)})
        elif message[0] == "query":
            _, query, want_rows = message
            started = time.perf_counter()
            try:
                body = answer(query)
            except (SyntaxError, OSError) as exc:
                conn.send(Timing(time.perf_counter() - started, "error", detail=str(exc)))
                continue
            seconds = time.perf_counter() - started
            conn.send(Timing(seconds, "ok", len(body), count_rows(body) if want_rows else None))
        elif message[0] == "throughput":
            _, query, seconds, clients = message
            conn.send(_loop(lambda q=query: bool(answer(q)), seconds, clients))


class RawOxigraph:
    """pyoxigraph queried in its own process: the query and the JSON serialization of its
    results, timed there. A child process, so that a query over the limit can be stopped."""

    name = "raw"
    label = "raw pyoxigraph (in-process)"

    def __init__(self, location: Path, timeout: float) -> None:
        self.location = location
        self.timeout = timeout
        self._context = get_context("spawn")
        self._process: Any = None
        self._conn: Any = None

    def _ask(self, message: tuple[Any, ...], limit: float) -> Any:
        self._conn.send(message)
        if not self._conn.poll(limit):
            return None
        return self._conn.recv()

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        self.start()
        loaded = self._ask(("load", str(nt_file)), 3600)
        self.stop()
        return {"tool": "pyoxigraph Store.bulk_load", **loaded, **_optimize(self.location)}

    def start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_raw_child, args=(child, str(self.location)), daemon=True
        )
        self._process.start()
        child.close()
        self._conn = parent

    def run(self, query: str, *, rows: bool = False) -> Timing:
        started = time.perf_counter()
        timing = self._ask(("query", query, rows), self.timeout)
        if timing is None:
            return Timing(time.perf_counter() - started, "timeout")
        return timing  # type: ignore[no-any-return]

    def throughput(self, query: str, *, seconds: float, clients: int) -> Throughput:
        result: Throughput = self._ask(("throughput", query, seconds, clients), seconds + 60)
        return result

    def restart(self) -> None:
        self._process.kill()
        self._process.join()
        self.start()

    def for_throughput(self) -> None:
        pass

    def stop(self) -> None:
        if self._process is None:
            return
        self._conn.send(("stop",))
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._process = None


_OPTIMIZE = "import sys, pyoxigraph; pyoxigraph.Store(sys.argv[1]).optimize()"


def _optimize(location: Path) -> dict[str, float]:
    """Compact a freshly loaded store, as ``oxigraph optimize`` does for Oxigraph's server,
    so that no backend pays for background compaction while it is measured."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _OPTIMIZE, str(location)],
        check=True,
    )
    return {"optimize_s": time.perf_counter() - started}


# -- servers over HTTP ---------------------------------------------------------------------------


class _HttpBackend:
    """What the three servers share: the client, one timed request, a throughput loop,
    and a process to start, wait for and stop."""

    name = ""
    label = ""
    path = ""

    def __init__(self, location: Path, timeout: float) -> None:
        self.location = location
        self.timeout = timeout
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._client: httpx.Client | None = None
        self._log = location.parent / f"{self.name}.log"

    #: Extra request headers; none, so httpx asks for gzip or deflate as it does by default.
    headers: dict[str, str] = {}  # noqa: RUF012 - read only

    def _new_client(self) -> httpx.Client:
        headers = {"Accept": JSON_RESULTS, **self.headers}
        return httpx.Client(headers=headers, timeout=self.timeout + 5)

    def _command(self, port: int) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        port = free_port()
        self.url = f"http://{HOST}:{port}{self.path}"
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                self._command(port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_ready()
        self._client = self._new_client()

    def _wait_ready(self, limit: float = READY_S) -> None:
        deadline = time.monotonic() + limit
        with httpx.Client(timeout=5) as client:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    break
                try:
                    response = client.post(
                        self.url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS}
                    )
                    if response.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"{self.label} did not start; see {self._log}")

    def _timed(self, client: httpx.Client, query: str) -> tuple[float, httpx.Response | str]:
        started = time.perf_counter()
        try:
            response = client.post(self.url, data={"query": query})
        except httpx.TimeoutException:
            return time.perf_counter() - started, "timeout"
        except httpx.TransportError as exc:
            return time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
        return time.perf_counter() - started, response

    def run(self, query: str, *, rows: bool = False) -> Timing:
        timing = self._run(query, rows=rows)
        if self._tree:
            timing.cpu = round(sum(_cpu_seconds(p) for p in self._tree) - self._cpu_before, 4)
        return timing

    #: the server's process tree and its CPU seconds when the request in flight was sent
    _tree: list[int] = []  # noqa: RUF012 - set per instance in _run
    _cpu_before = 0.0

    def _server_pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _run(self, query: str, *, rows: bool = False) -> Timing:
        assert self._client is not None, "start() first"
        pid = self._server_pid()
        self._tree = _process_tree(pid) if pid else []
        self._cpu_before = sum(_cpu_seconds(p) for p in self._tree)
        seconds, response = self._timed(self._client, query)
        if response == "timeout" or seconds > self.timeout:  # late answers count as stopped
            return Timing(seconds, "timeout", detail="" if response == "timeout" else "late")
        if isinstance(response, str):
            return Timing(seconds, "error", detail=response)
        if response.status_code != 200:
            # a server that stops a query at its own limit answers with an error then
            over = response.status_code in (503, 504) or seconds >= 0.9 * self.timeout
            return Timing(
                seconds,
                "timeout" if over else "error",
                detail=f"{response.status_code}: {response.text[:300]}",
            )
        body = response.content
        if not rows:
            return Timing(seconds, "ok", len(body))
        try:
            return Timing(seconds, "ok", len(body), count_rows(body))
        except (ValueError, KeyError) as exc:  # a server stopped at its limit may cut it short
            over = seconds >= 0.9 * self.timeout
            return Timing(seconds, "timeout" if over else "error", detail=f"bad JSON: {exc}")

    def throughput(self, query: str, *, seconds: float, clients: int) -> Throughput:
        """``clients`` client *processes* (so that the clients do not share one interpreter
        lock), each sending one request at a time for ``seconds``; and the CPU time the
        server's processes spent meanwhile, per answered request."""
        assert self._process is not None, "start() first"
        context = get_context("spawn")
        ready, go, results = context.Queue(), context.Event(), context.Queue()
        headers = {"Accept": JSON_RESULTS, **self.headers}
        children = [
            context.Process(
                target=_http_client, args=(self.url, query, headers, seconds, ready, go, results)
            )
            for _ in range(clients)
        ]
        for child in children:
            child.start()
        for _ in children:
            ready.get(timeout=READY_S)
        pids = _process_tree(self._process.pid)
        server_before = sum(_cpu_seconds(pid) for pid in pids)
        started = time.perf_counter()
        go.set()
        counts = [results.get(timeout=seconds + 60) for _ in children]
        wall = time.perf_counter() - started
        server = sum(_cpu_seconds(pid) for pid in pids) - server_before
        for child in children:
            child.join()
        answered = sum(c[0] for c in counts)
        return Throughput(
            clients,
            answered,
            sum(c[1] for c in counts),
            wall,
            sum(c[2] for c in counts) / wall,
            server / answered * 1e6 if answered else None,
        )

    def restart(self) -> None:
        self.stop()
        self.start()

    def for_throughput(self) -> None:
        pass

    def pss(self) -> int:
        """The PSS of the server's whole process tree (``tree_pss``); 0 when not running."""
        return tree_pss(self._process.pid) if self._process is not None else 0

    def stop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


class OursServer(_HttpBackend):
    """Our endpoint: ``api.create_app`` over an on-disk ``OxigraphStore``, run by uvicorn
    in its own process (``python -m bench.sparql_backends ours``), answering from memory
    (the default budget): ``start`` returns once every worker holds the in-memory copy."""

    name = "ours"
    label = "our endpoint, from memory"
    path = "/sparql"
    #: the memory budget it runs with: None for the default (``TKG_MEMORY_BUDGET``)
    budget: int | None = None

    @property
    def _ready_file(self) -> Path:
        return self.location.parent / f"{self.name}.memory.json"

    def start(self) -> None:
        self._ready_file.unlink(missing_ok=True)
        super().start()
        if self.budget == 0:
            return
        deadline = time.monotonic() + 10 * READY_S
        while not self._ready_file.exists():
            if time.monotonic() > deadline or (self._process and self._process.poll()):
                raise RuntimeError(f"{self.label}: no in-memory copy; see {self._log}")
            time.sleep(0.1)
        self.memory = json.loads(self._ready_file.read_text(encoding="utf-8"))

    def fresh(self, query: str) -> Timing:
        """One run of ``query`` on a fresh worker: the idle ones are renewed first (forked
        over the copy, as after a kill at the time limit) through the bench-only route."""
        assert self._client is not None, "start() first"
        renewed = self._client.post(self.url.replace("/sparql", "/bench/renew"))
        renewed.raise_for_status()
        return self.run(query)

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        started = time.perf_counter()
        out = subprocess.run(
            [*_CHILD, "load-ours", str(self.location), str(nt_file)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        loaded = json.loads(out.stdout)
        return {
            "tool": "kg.store.OxigraphStore.load(bulk=True)",
            **loaded,
            "process_s": time.perf_counter() - started,
            **_optimize(self.location),
        }

    def _command(self, port: int) -> list[str]:
        budget = "default" if self.budget is None else str(self.budget)
        return [*_CHILD, "ours", str(self.location), str(port), str(self.timeout), budget]


class OursDiskServer(OursServer):
    """Our endpoint serving from disk alone (``TKG_MEMORY_BUDGET=0``), over its own copy of
    the store: each query reads a RocksDB snapshot, as before serving from memory."""

    name = "ours_disk"
    label = "our endpoint, on disk"
    budget = 0


class OursIdentity(_HttpBackend):
    """Our endpoint again, asked with ``Accept-Encoding: identity``: what its answers cost
    without the gzip that a default httpx client asks for (Oxigraph's server and
    rdflib-endpoint send identity whatever is asked). Shares the process of ``ours``."""

    name = "ours_identity"
    label = "our endpoint, no gzip"
    headers = {"Accept-Encoding": "identity"}  # noqa: RUF012 - read only

    def __init__(self, ours: OursServer) -> None:
        super().__init__(ours.location, ours.timeout)
        self.ours = ours

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        return {"tool": "shares the store and process of ours"}

    def start(self) -> None:
        self.url = self.ours.url
        self._client = self._new_client()

    def _server_pid(self) -> int | None:
        return self.ours._server_pid()

    def run(self, query: str, *, rows: bool = False) -> Timing:
        if self.url != self.ours.url:  # ours was restarted, on another port
            self.stop()
            self.start()
        return super().run(query, rows=rows)

    def restart(self) -> None:
        self.ours.restart()
        self.stop()
        self.start()

    def stop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable from PyPI: beside this Python, else on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("no `oxigraph` binary: pip install -e '.[bench]'")
    return found


class OxigraphServer(_HttpBackend):
    """``oxigraph serve`` over a store made with ``oxigraph load``."""

    name = "oxigraph"
    label = "Oxigraph server"
    path = "/query"

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        started = time.perf_counter()
        command = [oxigraph_binary(), "load", "--location", str(self.location)]
        subprocess.run(
            [*command, "--file", str(nt_file), "--graph", GRAPH],
            check=True,
            capture_output=True,
        )
        loaded = {"tool": "oxigraph load", "seconds": time.perf_counter() - started}
        started = time.perf_counter()
        subprocess.run(
            [oxigraph_binary(), "optimize", "--location", str(self.location)],
            check=True,
            capture_output=True,
        )
        return {**loaded, "optimize_s": time.perf_counter() - started}

    #: Whether queries run under ``--timeout-s``. Throughput runs go without it: Oxigraph's
    #: server starts a thread per query that sleeps out the limit, and at about 1,900
    #: requests/s with a 10 s limit it ran out of threads (EAGAIN, then "failed to allocate
    #: an alternative stack") and died. Without it, it is at its fastest.
    limited = True

    def for_throughput(self) -> None:
        """Serve on without a time limit (see ``limited``)."""
        if self.limited:
            self.limited = False
            self.restart()

    def _command(self, port: int) -> list[str]:
        limit = ["--timeout-s", str(math.ceil(self.timeout))] if self.limited else []
        return [
            oxigraph_binary(),
            "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{HOST}:{port}",
            "--union-default-graph",
            *limit,
        ]


class OxigraphMemoryServer(_HttpBackend):
    """``oxigraph serve`` without ``--location``: its in-memory store, loaded after each
    start by a POST of the N-Triples to its Graph Store (``/store?graph=``)."""

    name = "oxigraph_memory"
    label = "Oxigraph server, in memory"
    path = "/query"
    limited = True
    _nt_file: Path | None = None

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        self._nt_file = nt_file
        return {"tool": "POST /store?graph= (N-Triples), at each start"}

    def start(self) -> None:
        super().start()
        assert self._nt_file is not None and self._client is not None
        started = time.perf_counter()
        with self._nt_file.open("rb") as body:
            response = self._client.post(
                self.url.replace("/query", "/store"),
                params={"graph": GRAPH},
                content=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=3600,
            )
        response.raise_for_status()
        self.loaded_s = time.perf_counter() - started

    def for_throughput(self) -> None:
        if self.limited:
            self.limited = False
            self.restart()

    def _command(self, port: int) -> list[str]:
        limit = ["--timeout-s", str(math.ceil(self.timeout))] if self.limited else []
        bind = ["--bind", f"{HOST}:{port}", "--union-default-graph"]
        return [oxigraph_binary(), "serve", *bind, *limit]


class RdflibServer(_HttpBackend):
    """rdflib-endpoint over an rdflib ``Graph``: a process parses the data once, then forks
    the server; a restart kills the served child and the parent forks a new one."""

    name = "rdflib"
    label = "rdflib-endpoint"
    path = "/"

    def __init__(self, location: Path, timeout: float) -> None:
        super().__init__(location, timeout)
        self._nt_file: Path | None = None
        self._port = 0

    @property
    def _pidfile(self) -> Path:
        return self.location.parent / "rdflib.pid"

    @property
    def _loadfile(self) -> Path:
        return self.location.parent / "rdflib.load.json"

    def prepare(self, nt_file: Path) -> dict[str, Any]:
        self._nt_file = nt_file
        started = time.perf_counter()
        self.start()
        loaded = json.loads(self._loadfile.read_text(encoding="utf-8"))
        return {
            "tool": "rdflib Graph.parse",
            **loaded,
            "until_ready_s": time.perf_counter() - started,
        }

    def start(self) -> None:
        if self._process is not None:
            return
        self._port = free_port()
        self.url = f"http://{HOST}:{self._port}{self.path}"
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [*_CHILD, "rdflib", str(self._nt_file), str(self._port), str(self._pidfile)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready(limit=3600)
        self._client = self._new_client()

    def _served_pid(self) -> int:
        try:
            return int(self._pidfile.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0

    def restart(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        old = self._served_pid()
        if old:
            os.kill(old, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self._served_pid() == old and time.monotonic() < deadline:
            time.sleep(0.02)
        self._wait_ready()
        self._client = self._new_client()


# -- the children --------------------------------------------------------------------------------


def _load_ours(location: str, nt_file: str) -> None:  # pragma: no cover - in a child
    from kg.store import OxigraphStore

    started = time.perf_counter()
    store = OxigraphStore(Path(location))
    triples = store.load(Path(nt_file), format="nt", graph=GRAPH, bulk=True)
    store.close()
    print(json.dumps({"seconds": time.perf_counter() - started, "triples": triples}))


def _serve_ours(location: str, port: int, timeout: float, budget: str) -> None:  # pragma: no cover
    import uvicorn

    from api import create_app
    from api.server import server_config
    from kg.settings import Settings
    from kg.store import OxigraphStore

    store = OxigraphStore(Path(location))
    settings = Settings(
        store=f"oxigraph:{location}",
        host=HOST,
        port=port,
        query_timeout=timeout,
        memory_budget=None if budget == "default" else int(budget),
    )
    app = create_app(settings, store)

    def renew() -> dict[str, int]:  # the bench's own route: fresh workers for the next query
        executor = app.state.executor
        executor.renew()
        _all_in_memory(executor)
        return {"workers": len(executor.pids())}

    app.add_api_route("/bench/renew", renew, methods=["POST"])
    if budget != "0":
        threading.Thread(target=_say_when_in_memory, args=(app, location), daemon=True).start()
    try:  # as ``tkg serve`` runs it (``api.server``: its workers answer small queries)
        uvicorn.Server(server_config(app, settings, log_level="warning")).run()
    finally:
        store.close()


def _all_in_memory(executor: Any) -> None:  # pragma: no cover - in a child
    """Wait until every worker (as many as by default) holds the in-memory copy."""
    from kg.store.executor import default_workers

    while True:
        served, holding = executor.in_memory()
        if served is not None and holding == len(executor.pids()) == default_workers():
            return
        time.sleep(0.05)


def _say_when_in_memory(app: Any, location: str) -> None:  # pragma: no cover - in a child
    """Write ``<name>.memory.json`` beside the store once every worker holds the copy."""
    while getattr(app.state, "executor", None) is None:
        time.sleep(0.05)
    executor = app.state.executor
    started = time.perf_counter()
    executor.wait_for_memory()
    _all_in_memory(executor)
    info = {"until_in_memory_s": time.perf_counter() - started, "workers": len(executor.pids())}
    name = Path(location).name
    Path(location).with_name(f"{name}.memory.json").write_text(json.dumps(info), "utf-8")


def _serve_rdflib(nt_file: str, port: int, pidfile: str) -> None:  # pragma: no cover
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(nt_file, format="nt")
    loaded = {"seconds": time.perf_counter() - started, "triples": len(graph)}
    Path(pidfile).with_name("rdflib.load.json").write_text(json.dumps(loaded), encoding="utf-8")
    app = SparqlEndpoint(graph=graph)
    state = {"child": 0, "stop": False}

    def on_term(signum: int, frame: object) -> None:
        state["stop"] = True
        if state["child"]:
            os.kill(state["child"], signal.SIGKILL)

    signal.signal(signal.SIGTERM, on_term)
    while not state["stop"]:
        child = os.fork()
        if child == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            uvicorn.run(app, host=HOST, port=port, log_level="warning")
            os._exit(0)
        state["child"] = child
        Path(pidfile + ".tmp").write_text(str(child), encoding="utf-8")
        os.replace(pidfile + ".tmp", pidfile)
        if state["stop"]:
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    if role == "load-ours":
        _load_ours(*args)
    elif role == "ours":
        _serve_ours(args[0], int(args[1]), float(args[2]), args[3])
    elif role == "rdflib":
        _serve_rdflib(args[0], int(args[1]), args[2])
    else:
        raise SystemExit(f"unknown role {role!r}")
