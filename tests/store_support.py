"""A small store on disk for the tests of the query workers and their limits, and a gate that
holds work in a query worker until the test opens it.

Tests of time limits do not rest on a query being slow enough (a cross join, a big store) or
quick enough (a limit of milliseconds): work that must run over the limit waits at a
``Gate`` the test keeps shut, so it is over any limit on any machine, and the test knows when
it has begun; work that must answer within the limit is given seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox

from kg.store import OxigraphStore

#: how long anything waits at a gate, or for one to be entered, before it gives up: a gate
#: left shut by a test that failed does not hold a worker or the suite for ever
PATIENCE = 120.0

#: the module that query workers preload to hold the queries that name a gate (``query_gate``)
GATE_HOOK = "query_gate"


@contextmanager
def numbered_disk_store(
    path: Path, graph: str, count: int, subject: str = "http://example.org/"
) -> Iterator[OxigraphStore]:
    """A store on disk at ``path`` whose ``graph`` holds ``count`` triples
    ``<{subject}{i}> <http://example.org/v> "{i}"``; closed on leaving."""
    store = OxigraphStore(path)
    lines = "".join(f'<{subject}{i}> <http://example.org/v> "{i}" .\n' for i in range(count))
    store.replace_graph(graph, lines, format="nt")
    try:
        yield store
    finally:
        store.close()


class Gate:
    """A gate, shut until the test opens it, that work waits at in any process: a directory
    where each arrival leaves a file (``entered-*``) and that a file ``open`` opens.

    Work reaches it through ``pass_gate(gate.directory)`` (``held`` is such work for a
    ``ProcessExecutor``), or, in a worker that preloads ``query_gate``, through a query whose
    text or bound values hold ``gate.marker``. Used as a context manager, the gate opens on
    leaving, so nothing stays held after the test.
    """

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory

    @property
    def marker(self) -> str:
        """What names this gate in a query's text or in a value bound in it."""
        return f"tkg-gate<{self.directory}>"

    @property
    def comment(self) -> str:
        """The marker as a line of SPARQL comment, to add to a query."""
        return f"\n# {self.marker}\n"

    def entered(self) -> int:
        """How many pieces of work have reached the gate."""
        return sum(1 for _ in self.directory.glob("entered-*"))

    def wait_entered(self, count: int = 1, *, seconds: float = PATIENCE) -> None:
        """Return once ``count`` pieces of work have reached the gate; fail after ``seconds``."""
        deadline = time.monotonic() + seconds
        while self.entered() < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no work reached the gate within {seconds:g} s")
            time.sleep(0.01)

    def open(self) -> None:
        """Let every piece of work at the gate, and any that comes later, through."""
        (self.directory / "open").touch()

    @property
    def is_open(self) -> bool:
        return (self.directory / "open").exists()

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.open()


def pass_gate(directory: str | Path) -> None:
    """Say that work has reached the gate at ``directory``, then wait until it is open
    (at most ``PATIENCE`` seconds, then fail)."""
    gate = Path(directory)
    fd, _ = tempfile.mkstemp(prefix=f"entered-{os.getpid()}-", dir=gate)
    os.close(fd)
    deadline = time.monotonic() + PATIENCE
    while not (gate / "open").exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the gate {gate} was not opened within {PATIENCE:g} s")
        time.sleep(0.01)


def held(store: OxigraphStore, directory: str) -> list[str]:
    """Work for a ``ProcessExecutor`` that waits at the gate at ``directory``, then answers
    as ``graph_names`` does: over any time limit for as long as the test keeps it shut."""
    pass_gate(directory)
    return store.graphs()


def preload_gate_hook(monkeypatch: Any) -> None:
    """Have every pool of query workers started from now on in this test (an app's, in its
    lifespan, too) preload ``query_gate``, so that its queries that name a gate wait there."""
    from kg.store.executor import ProcessExecutor

    init = ProcessExecutor.__init__

    def preloading(self: Any, *args: Any, preload: Any = (), **options: Any) -> None:
        init(self, *args, preload=(*preload, GATE_HOOK), **options)

    monkeypatch.setattr(ProcessExecutor, "__init__", preloading)


def settled(executor: Any, *, seconds: float = PATIENCE) -> None:
    """Wait until a pool serving from memory has all its workers forked over its copy (the
    copy loads in the background, and the workers are renewed from it once it is ready), so
    that a test comparing worker pids is not disturbed by that renewal. A pool with no copy
    to load returns at once."""
    deadline = time.monotonic() + seconds
    executor.wait_for_memory(seconds)
    while True:
        served, holding = executor.in_memory()
        if served is None or holding == len(executor.pids()) == executor.size:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the workers were not renewed within {seconds:g} s")
        time.sleep(0.02)


def content(store: OxigraphStore, graph: str | None) -> list[str]:
    """The graph's triples as text, blank nodes written as ``_`` (their labels change)."""
    name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    return sorted(
        " ".join(
            "_" if isinstance(t, ox.BlankNode) else str(t)
            for t in (q.subject, q.predicate, q.object)
        )
        for q in store._store.quads_for_pattern(None, None, None, name)
    )


def numbered_triples(n: int, tag: str, *, first: int = 0) -> bytes:
    """N-Triples, two per item: one plain, one about a blank node that links to it."""
    return "".join(
        f'<http://e/s{i}> <http://e/p> "{tag} {i}" .\n_:b{i} <http://e/q> <http://e/s{i}> .\n'
        for i in range(first, first + n)
    ).encode()


def content_of(data: bytes, graph: str) -> list[str]:
    """What :func:`content` gives for ``graph`` once ``data`` (N-Triples) is loaded into it."""
    other = OxigraphStore()
    other.load(data, format="nt", graph=graph)
    return content(other, graph)


def leftovers(folder: Path) -> list[str]:
    """The hidden files and folders a store's operations left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def killed_when_there(code: str, *args: str) -> None:
    """Run ``python -c code args`` with the repository on its path, and kill it (SIGKILL)
    as soon as it prints ``there``: a write stopped at the step the child names."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline().strip() == b"there"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
