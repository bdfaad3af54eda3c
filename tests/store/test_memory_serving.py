"""Serving from an in-memory copy (``kg.store.executor.copies``): workers forked by a zygote
answer from memory, a write is seen by the next query while a new copy loads, a runaway
query in a forked worker is killed at its limit and the next one answers, and a store over
the budget is served from disk.

Which copy answered is told by the work itself: ``where`` returns the path of the store it
ran over, None for the in-memory copy. Nothing here is timed; what must outlast a limit
waits at a gate (``store_support``), and conditions are polled for with a generous deadline.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from store_support import Gate, held, numbered_disk_store

from api import create_app
from kg.errors import StoreTimeoutError
from kg.settings import Settings
from kg.store import OxigraphStore
from kg.store.executor import ProcessExecutor
from kg.store.executor.memory import ForkedProcess, estimate_bytes, fits

G = "http://example.org/g"
H = "http://example.org/h"
PATIENCE = 120.0


def where(store: OxigraphStore) -> tuple[str | None, list[str]]:
    """Work that says which store it ran over (None: in memory) and the graphs it sees."""
    return (str(store.path) if store.path else None), store.graphs()


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    with numbered_disk_store(tmp_path / "db", G, 200) as store:
        yield store


@pytest.fixture
def pool(store: OxigraphStore) -> Iterator[ProcessExecutor]:
    with ProcessExecutor(store, workers=2, memory_budget=1 << 30) as pool:
        assert pool.wait_for_memory(PATIENCE)
        _until(lambda: pool.in_memory()[1] == 2)  # both workers forked over the copy
        yield pool


def test_the_workers_answer_from_the_in_memory_copy(pool):
    served, workers = pool.in_memory()
    assert served is not None and workers == 2
    for _ in range(4):
        assert pool.run(where, timeout=60) == (None, [G])


def test_a_write_is_seen_by_the_next_query_while_a_new_copy_loads(pool, store):
    before, _ = pool.in_memory()
    store.update(f'INSERT DATA {{ GRAPH <{H}> {{ <http://e/a> <http://e/p> "1" }} }}')
    _, graphs = pool.run(where, timeout=60)
    assert graphs == [G, H]  # from the new snapshot on disk, or from the new copy
    assert pool.wait_for_memory(PATIENCE)
    after, _ = pool.in_memory()
    assert after is not None and after != before
    _until(lambda: pool.in_memory()[1] == 2)  # the workers were renewed from the new copy
    assert pool.run(where, timeout=60) == (None, [G, H])


def test_a_runaway_query_in_a_forked_worker_is_killed_and_the_next_answers(pool, tmp_path):
    before = set(pool.pids())
    with Gate(tmp_path / "gate") as gate:
        with pytest.raises(StoreTimeoutError):
            pool.run(held, str(gate.directory), timeout=2)
        assert not gate.is_open  # it did not end on its own: it was stopped
        assert gate.entered() == 1
    killed = before - set(pool.pids())
    assert len(killed) == 1
    (pid,) = killed
    assert not Path(f"/proc/{pid}").exists()  # killed and reaped (by the zygote's kernel)
    assert pool.run(where, timeout=60) == (None, [G])
    _until(lambda: pool.in_memory()[1] == 2)  # a fresh worker forked in its place


def test_renew_returns_once_fresh_workers_over_the_copy_are_idle(pool):
    """What the benchmark measures a fresh worker's first query with: every worker new,
    forked over the copy, and waiting for work when ``renew`` returns."""
    before = set(pool.pids())
    pool.renew()
    after = set(pool.pids())
    assert len(after) == 2 and not after & before
    assert pool.in_memory()[1] == 2
    assert pool.run(where, timeout=60) == (None, [G])
    assert set(pool.pids()) == after  # answered by one of them: none was still starting


def test_a_store_over_the_budget_is_served_from_disk(store):
    assert not fits(store.path, 1)
    with ProcessExecutor(store, workers=2, memory_budget=1) as pool:
        assert not pool.wait_for_memory(PATIENCE)
        path, graphs = pool.run(where, timeout=60)
    assert path is not None and graphs == [G]


def test_the_estimate_grows_with_the_store(tmp_path):
    for name, count in (("small", 10), ("large", 20_000)):
        with numbered_disk_store(tmp_path / name, G, count):
            pass
    assert 0 < estimate_bytes(tmp_path / "small") < estimate_bytes(tmp_path / "large")


def test_a_forked_process_is_stopped_through_its_pidfd():
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child sleeps until killed
        time.sleep(PATIENCE)
        os._exit(0)
    process = ForkedProcess(pid)
    assert process.is_alive()
    process.kill()
    os.waitpid(pid, 0)  # this test's child: reaped here (a zygote's kernel reaps its own)
    process.join(PATIENCE)
    assert not process.is_alive()


def test_the_served_endpoint_answers_from_memory_and_sees_its_writes(serve_app, store):
    token = "memory"
    settings = Settings(store="memory", update_token=token, query_timeout=60)
    app = create_app(settings, store)
    query = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    with serve_app(app) as url:
        executor = app.state.executor
        assert executor.wait_for_memory(PATIENCE)  # the default budget: half of what is free
        first, _ = executor.in_memory()

        def graphs() -> list[str]:
            response = httpx.post(f"{url}/sparql", data={"query": query}, timeout=PATIENCE)
            assert response.status_code == 200, response.text
            return [b["g"]["value"] for b in response.json()["results"]["bindings"]]

        assert graphs() == [G]
        response = httpx.post(
            f"{url}/sparql",
            content=f'INSERT DATA {{ GRAPH <{H}> {{ <http://e/a> <http://e/p> "1" }} }}',
            headers={
                "content-type": "application/sparql-update",
                "Authorization": f"Bearer {token}",
            },
            timeout=PATIENCE,
        )
        assert response.status_code == 204, response.text
        assert graphs() == [G, H]  # read your writes, whether or not the new copy is ready
        assert executor.wait_for_memory(PATIENCE)
        assert executor.in_memory()[0] not in (None, first)
        assert graphs() == [G, H]
