"""Real SPARQL servers for the tests, each on 127.0.0.1 at a free port with its own temporary
data folder: Oxigraph's server (``oxigraph serve``, from PyPI) and Virtuoso (Debian's
``virtuoso-opensource``, installed by ``make setup``).

``with oxigraph_server(folder) as url:`` and ``with virtuoso_server(folder) as url:`` start a
server, wait until it answers SPARQL, yield the URL to give ``open_store`` and stop the
server (and only it) when the block ends. ``python -m tests.servers virtuoso`` runs one by
hand, for a look at it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

__all__ = [
    "VIRTUOSO_BINARY",
    "free_port",
    "open_backend",
    "oxigraph_binary",
    "oxigraph_server",
    "oxigraph_url",
    "virtuoso_missing",
    "virtuoso_server",
    "virtuoso_url",
    "wipe",
]

HOST = "127.0.0.1"
VIRTUOSO_BINARY = "virtuoso-t"
VIRTUOSO_ISQL = "isql-vt"
_VIRTUOSO_PLUGINS = Path("/usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting")
_VIRTUOSO_VAD = Path("/usr/share/virtuoso-opensource-7/vad")


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nobody listens on just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed beside this Python (PyPI ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("no `oxigraph` command: pip install oxigraph (the test extra has it)")
    return found


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None when it can."""
    for tool in (VIRTUOSO_BINARY, VIRTUOSO_ISQL):
        if shutil.which(tool) is None:
            return f"`{tool}` not found: `make setup` installs Debian's virtuoso-opensource"
    return None


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, *, seconds: float) -> None:
    """Until ``url`` answers an ASK query, or raise with the end of the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): {_tail(log)}")
        try:
            answer = httpx.get(
                url,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=2,
            )
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {seconds:g} s: {_tail(log)}")


def _tail(log: Path, lines: int = 8) -> str:
    try:
        return " | ".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes], *, grace: float = 15.0) -> None:
    """SIGTERM the server (it checkpoints and exits), SIGKILL it if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_server(folder: Path, *, timeout_s: int = 900) -> Iterator[str]:
    """``oxigraph serve`` on a free port over a store in ``folder``; yields its base URL.

    Its time limit is long (15 min): the tests compare answers, and a query that takes 16 s
    on a quiet machine (``concept-works`` over the remote path, values as a VALUES block)
    took more than a minute on a busy one and was cut short.

    The server's own default graph stays its own (no ``--union-default-graph``): the
    RemoteStore asks for the union per query, as it must from a server it did not start.
    """
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(folder / "data"),
        "--bind",
        f"{HOST}:{port}",
        "--timeout-s",
        str(timeout_s),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        _wait(f"{url}/query", process, log, seconds=60)
        yield url
    finally:
        _stop(process)


def _virtuoso_ini(
    folder: Path, sql_port: int, http_port: int, *, buffers: int, max_query_s: int
) -> str:
    db = folder / "db"
    allowed = ", ".join(str(p) for p in (folder, db, _VIRTUOSO_VAD))
    return f"""\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {HOST}:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 8
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {allowed}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
MaxQueryMem = 500M
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
VADInstallDir = {_VIRTUOSO_VAD}/

[HTTPServer]
ServerPort = {HOST}:{http_port}
ServerRoot = {folder}/vsp
MaxClientConnections = 8
ServerThreads = 8
MaxKeepAlives = 8
KeepAliveTimeout = 10
HTTPThreadSize = 280000
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = 1000000
MaxSortedTopRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {max_query_s}
MaxConstructTriples = 10000000

[Plugins]
LoadPath = {_VIRTUOSO_PLUGINS}
"""


#: Run once on a new database with isql: let the anonymous SPARQL user update, and open the
#: Graph Store Protocol endpoint to it (Virtuoso ships /sparql-graph-crud-auth only).
_VIRTUOSO_GRANTS = """\
GRANT SPARQL_UPDATE TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";
GRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARUL_RUN TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
DB.DBA.VHOST_REMOVE (lhost=>'*ini*', vhost=>'*ini*', lpath=>'/sparql-graph-crud');
DB.DBA.VHOST_DEFINE (lhost=>'*ini*', vhost=>'*ini*', lpath=>'/sparql-graph-crud',
  ppath=>'/!sparql-graph-crud/', is_dav=>1, vsp_user=>'dba', ses_vars=>0,
  opts=>vector ('noinherit', 1), is_default_host=>0);
checkpoint;
"""


@contextmanager
def virtuoso_server(
    folder: Path, *, buffers: int = 20_000, max_query_s: int = 120
) -> Iterator[str]:
    """Virtuoso with a fresh database in ``folder``, its own ``virtuoso.ini`` (free SQL and
    HTTP ports on 127.0.0.1), SPARQL Update and the Graph Store Protocol enabled for the
    anonymous SPARQL user; yields the URL of its SPARQL endpoint (``.../sparql``).

    ``buffers`` is ``NumberOfBuffers`` (8 KiB pages in memory: 20,000 is 160 MiB, plenty
    for the tests; Virtuoso's guide gives 170,000 for 2 GiB), ``max_query_s`` its
    ``MaxQueryExecutionTime`` (over it, Virtuoso answers what it has found so far)."""
    missing = virtuoso_missing()
    if missing:
        raise RuntimeError(missing)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "db").mkdir(exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _virtuoso_ini(folder, sql_port, http_port, buffers=buffers, max_query_s=max_query_s),
        encoding="utf-8",
    )
    log = folder / "db" / "virtuoso.log"
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [VIRTUOSO_BINARY, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    url = f"http://{HOST}:{http_port}/sparql"
    try:
        _wait(url, process, log, seconds=180)
        grants = subprocess.run(
            [VIRTUOSO_ISQL, f"{HOST}:{sql_port}", "dba", "dba"],
            input=_VIRTUOSO_GRANTS.encode(),
            capture_output=True,
            timeout=120,
            check=False,
        )
        if grants.returncode != 0 or b"*** Error" in grants.stdout + grants.stderr:
            raise RuntimeError(
                "isql could not set Virtuoso up: " + (grants.stdout + grants.stderr).decode()
            )
        yield url
    finally:
        _stop(process, grace=60)


# -- pytest fixtures (a plugin of tests/conftest.py) -------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an Oxigraph server for the whole session (``open_store`` takes it)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(scope="session")
def virtuoso_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The SPARQL endpoint URL of a Virtuoso for the whole session; skips where Virtuoso
    is not installed (``make setup`` installs it)."""
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


def wipe(store: object) -> None:
    """Drop every graph of a remote store (the server's own system graphs aside), so that
    each test starts from an empty store on a server shared by the session."""
    from kg.store.remote import RemoteStore
    from kg.store.remote.store import STAGING

    assert isinstance(store, RemoteStore)
    names = store.graphs() + [g for g in store._all_graphs() if g.startswith(STAGING)]
    ops = [f"DROP SILENT GRAPH <{g}>" for g in names]
    if store.kind == "oxigraph":
        ops.append("CLEAR SILENT DEFAULT")
    if ops:
        store.update(" ;\n".join(ops))


BACKENDS = ("memory", "disk", "oxigraph-server", "virtuoso")


def open_backend(request: pytest.FixtureRequest, name: str, folder: Path) -> object:
    """An empty store of the backend ``name`` (one of ``BACKENDS``); the caller closes it."""
    from kg.store import open_store

    if name == "memory":
        return open_store("memory")
    if name == "disk":
        return open_store(f"oxigraph:{folder / 'db'}")
    fixture = "oxigraph_url" if name == "oxigraph-server" else "virtuoso_url"
    store = open_store(request.getfixturevalue(fixture))
    wipe(store)
    return store


if __name__ == "__main__":  # pragma: no cover - by hand
    import tempfile

    which = sys.argv[1] if len(sys.argv) > 1 else "oxigraph"
    start = virtuoso_server if which == "virtuoso" else oxigraph_server
    with tempfile.TemporaryDirectory() as tmp, start(Path(tmp)) as served:
        print(served, flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()
