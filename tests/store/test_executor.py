"""The query workers' pool seen from an event loop: requests beyond the number of workers
wait on the loop and are handed the next worker freed; one that waits past its limit gives
up without taking a worker with it.

Work that must outlast a time limit waits at a gate the test keeps shut (``store_support``),
rather than being a query slow enough on this machine; conditions are polled for, with a
generous deadline, rather than slept for."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
import uvloop
from store_support import Gate, held, numbered_disk_store

from api.sparql.protocol import QueryRequest, answer, answer_query
from kg.errors import StoreBusyError, StoreCancelledError, StoreError, StoreTimeoutError
from kg.store.executor import ProcessExecutor, graph_names
from kg.store.executor.snapshots import PREFIX, started
from kg.store.executor.wire import receive as _receive

G = "http://example.org/g"
T = TypeVar("T")


def _run(main: Callable[[], Awaitable[T]], runner: Callable[..., T] = asyncio.run) -> T:
    """``runner(main())`` (``asyncio.run``, or ``uvloop.run``) on a thread of its own: the
    browser tests' sync Playwright may have left an event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: runner(main())).result()


@pytest.fixture
def store(tmp_path: Path):
    with numbered_disk_store(tmp_path / "db", G, 200) as store:
        yield store


def test_more_requests_than_workers_are_all_answered(store):
    async def main() -> list[list[str]]:
        with ProcessExecutor(store, workers=1) as pool:
            return await asyncio.gather(
                *(pool.run_async(graph_names, timeout=30) for _ in range(40))
            )

    assert _run(main) == [[G]] * 40


def test_a_request_that_waits_past_its_limit_gives_up_and_loses_no_worker(store, tmp_path):
    async def main() -> tuple[BaseException | None, list[str], list[str], list[str]]:
        with ProcessExecutor(store, workers=1) as pool, Gate(tmp_path / "busy") as busy_gate:
            workers = pool.pids()
            busy = asyncio.ensure_future(pool.run_async(held, str(busy_gate.directory), timeout=60))
            await asyncio.to_thread(busy_gate.wait_entered)  # the only worker is taken
            try:
                await pool.run_async(graph_names, timeout=0.2)
                waited = None
            except StoreTimeoutError as exc:
                waited = exc
            busy_gate.open()
            done = await busy  # the worker the waiter gave up on is back
            assert pool.pids() == workers
            with Gate(tmp_path / "runaway") as runaway:
                # work that does not end is stopped at its own limit; a fresh worker follows
                with pytest.raises(StoreTimeoutError, match="ran longer"):
                    await pool.run_async(held, str(runaway.directory), timeout=0.5)
                assert runaway.entered() == 1 and not runaway.is_open
            # the pool is whole again: the next requests find a worker
            after = await pool.run_async(graph_names, timeout=30)
            again = await pool.run_async(graph_names, timeout=30)
            return waited, done, after, again

    waited, done, after, again = _run(main)
    assert isinstance(waited, StoreTimeoutError) and "became free" in str(waited)
    assert done == after == again == [G]


def test_a_cancelled_waiter_passes_the_worker_on(store):
    async def main() -> list[str]:
        with ProcessExecutor(store, workers=1) as pool:
            first = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            second = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            third = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            await asyncio.sleep(0)
            second.cancel()  # its client went away while it waited
            results = await asyncio.gather(first, third)
            return [g for names in results for g in names]

    assert _run(main) == [G, G]


def test_threads_beyond_the_workers_wait_their_turn(store, tmp_path):
    """``run`` from threads (the CLI's and the thread-pool callers'): more threads than
    workers are all answered; one that waits past its limit gives up and takes no worker."""
    with (
        ProcessExecutor(store, workers=1) as pool,
        ThreadPoolExecutor(8) as threads,
        Gate(tmp_path / "busy") as busy_gate,
        Gate(tmp_path / "runaway") as runaway,
    ):
        answers = list(threads.map(lambda _: pool.run(graph_names, timeout=30), range(40)))
        assert answers == [[G]] * 40
        workers = pool.pids()
        busy = threads.submit(pool.run, held, str(busy_gate.directory), timeout=60)
        busy_gate.wait_entered()  # the only worker is taken
        with pytest.raises(StoreTimeoutError, match="became free"):
            pool.run(graph_names, timeout=0.2)
        busy_gate.open()
        assert busy.result() == [G]
        assert pool.pids() == workers  # the waiter took no worker, and none was lost
        with pytest.raises(StoreTimeoutError, match="ran longer"):
            pool.run(held, str(runaway.directory), timeout=0.5)
        assert runaway.entered() == 1 and not runaway.is_open
        assert pool.run(graph_names, timeout=30) == [G]


def test_threads_and_event_loop_requests_share_the_workers(store):
    with ProcessExecutor(store, workers=1) as pool, ThreadPoolExecutor(4) as threads:

        async def main() -> list[list[str]]:
            on_threads = [threads.submit(pool.run, graph_names, timeout=30) for _ in range(10)]
            on_loop = await asyncio.gather(
                *(pool.run_async(graph_names, timeout=30) for _ in range(10))
            )
            return [*on_loop, *(f.result() for f in on_threads)]

        assert _run(main) == [[G]] * 20


def test_a_query_sent_to_a_worker_as_plain_values(store):
    """``answer_query``, the work the SPARQL routes send: the media type and the body, as
    ``answer`` gives them."""
    text = f"SELECT ?o WHERE {{ GRAPH <{G}> {{ <http://example.org/7> ?p ?o }} }}"
    with ProcessExecutor(store, workers=1) as pool:
        sent = pool.run(answer_query, text, [], [], ("csv",), None, "http://x/sparql", timeout=30)
    offer, body = answer(store, QueryRequest(text, formats=("csv",)), None)
    assert sent == (offer.media_type, body, None) == ("text/csv", b"o\r\n7\r\n", None)


# -- the workers' pipes, watched from event loops ----------------------------------------------

CROSS = f"SELECT ?a ?b WHERE {{ GRAPH <{G}> {{ ?a ?p ?x . ?b ?q ?y }} }} LIMIT 5000"


#: work whose answer (about 600 KB of JSON, not gzipped) is written in many pieces
CROSS_WORK = (answer_query, CROSS, [], [], ("json",), None, "http://x/sparql", None)


def _rows(sent: tuple[str, bytes, str | None]) -> int:
    return len(json.loads(sent[1])["results"]["bindings"])


@pytest.mark.parametrize("runner", [asyncio.run, uvloop.run], ids=["asyncio", "uvloop"])
def test_a_watched_pipe_gives_large_answers_whole_to_loops_and_threads(store, runner):
    """The loop keeps watching a worker's pipe between pieces of work (uvloop then leaves it
    non-blocking); a large answer still comes whole, and a thread that takes the worker in
    between is answered too."""
    fn, *args = CROSS_WORK

    async def main() -> list[int]:
        with ProcessExecutor(store, workers=1) as pool:
            first = await pool.run_async(fn, *args, timeout=30)
            watched = pool._turns.idle[0].loop is asyncio.get_running_loop()
            on_thread = await asyncio.to_thread(pool.run, fn, *args, timeout=30)
            unwatched = pool._turns.idle[0].loop is None
            again = await pool.run_async(fn, *args, timeout=30)
            small = await pool.run_async(graph_names, timeout=30)
            assert watched and unwatched and small == [G]
            return [_rows(first), _rows(on_thread), _rows(again), len(first[1])]

    first, on_thread, again, size = _run(main, runner)
    assert first == on_thread == again == 5000
    assert size > 256 * 1024  # larger than a pipe's buffer: written and read in pieces


def test_a_worker_that_dies_while_idle_is_not_watched_in_a_busy_loop(store):
    """A watched worker killed between two pieces of work: its pipe ends, the loop stops
    watching it (a pipe at its end is always readable), and the next piece of work finds it
    dead, is answered with an error, and the pool has a fresh worker for the one after."""

    async def main() -> tuple[bool, str, list[str]]:
        with ProcessExecutor(store, workers=1) as pool:
            await pool.run_async(graph_names, timeout=30)
            worker = pool._turns.idle[0]
            os.kill(worker.pid, signal.SIGKILL)
            deadline = time.monotonic() + 60
            while worker.loop is not None and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            unwatched = worker.loop is None
            with pytest.raises(StoreError, match="died") as died:
                await pool.run_async(graph_names, timeout=30)
            return unwatched, str(died.value), await pool.run_async(graph_names, timeout=30)

    unwatched, message, after = _run(main)
    assert unwatched and "query worker died" in message
    assert after == [G]


def test_a_worker_moves_from_one_running_loop_to_another(store):
    """Two event loops on two threads share the pool: the loop that takes a worker another
    loop watches has that loop stop watching first (on its own thread)."""
    with ProcessExecutor(store, workers=1) as pool:
        other_ready, other_done = threading.Event(), threading.Event()
        results: list[object] = []

        async def other() -> None:
            results.append(await pool.run_async(graph_names, timeout=30))
            other_ready.set()
            while not other_done.is_set():  # this loop runs on, watching the worker
                await asyncio.sleep(0.01)
            results.append(await pool.run_async(graph_names, timeout=30))

        thread = threading.Thread(target=lambda: asyncio.run(other()))
        thread.start()
        assert other_ready.wait(30)

        async def main() -> list[str]:
            names = await pool.run_async(graph_names, timeout=30)
            assert pool._turns.idle[0].loop is asyncio.get_running_loop()
            return names

        results.append(_run(main))
        other_done.set()
        thread.join(30)
    assert results == [[G], [G], [G]]


def test_receive_reads_a_message_in_pieces_and_reports_an_early_end():
    """``_receive`` on a non-blocking pipe: a message written slowly, in pieces, comes whole;
    a pipe that ends before a message, or within one, gives EOFError."""
    parent, child = multiprocessing.Pipe()
    os.set_blocking(parent.fileno(), False)
    message = ("ok", b"x" * 300_000)
    framed = _frame(message)

    def write_slowly() -> None:
        for start in range(0, len(framed), 50_000):
            os.write(child.fileno(), framed[start : start + 50_000])
            time.sleep(0.01)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    assert _receive(parent) == message
    writer.join()
    for sent in (b"", _frame(message)[:2], _frame(message)[:70_000]):
        parent, child = multiprocessing.Pipe()
        os.write(child.fileno(), sent)
        child.close()
        with pytest.raises(EOFError):
            _receive(parent)


def _frame(message: object) -> bytes:
    """``message`` as ``Connection.send_bytes`` frames it: a 4-byte length, then the pickle."""
    payload = pickle.dumps(message)
    return struct.pack("!i", len(payload)) + payload


def test_a_thread_refused_by_a_stuck_watching_loop_keeps_the_worker_in_the_pool(store):
    """A thread that needs a worker watched by a loop that does not run (blocked) is
    refused after a while, and the worker goes back to the pool, not lost."""
    with ProcessExecutor(store, workers=1) as pool:
        watched, release = threading.Event(), threading.Event()

        async def stuck() -> None:
            await pool.run_async(graph_names, timeout=30)
            watched.set()
            release.wait(120)  # blocks the loop: it runs no callbacks meanwhile

        thread = threading.Thread(target=lambda: asyncio.run(stuck()))
        thread.start()
        assert watched.wait(30)
        try:
            with pytest.raises(StoreError, match="does not answer"):
                pool.run(graph_names, timeout=30)
        finally:
            release.set()
            thread.join(30)
        assert pool.run(graph_names, timeout=30) == [G]


def _values_query(size: int) -> str:
    """A SELECT of ``size`` bytes or more: a VALUES block of the store's 200 subjects, and a
    comment that makes up the size (the pipe sees bytes; a comment costs little to parse)."""
    subjects = " ".join(f"<http://example.org/{i}>" for i in range(200))
    query = f"SELECT ?o WHERE {{ VALUES ?s {{ {subjects} }} GRAPH <{G}> {{ ?s ?p ?o }} }}"
    return f"# {'x' * (size - len(query))}\n{query}"


@pytest.mark.parametrize("runner", [asyncio.run, uvloop.run], ids=["asyncio", "uvloop"])
def test_queries_of_a_megabyte_reach_their_worker_50_times_of_50(store, runner):
    """A query larger than a socket's buffer (a large VALUES block), sent to a worker whose
    pipe the loop watches, hence non-blocking: answered every time, and no worker lost."""
    query = _values_query(1_000_000)
    assert len(query) >= 1_000_000
    work = (answer_query, query, [], [], ("csv",), None, "http://x/sparql", None)

    async def main() -> tuple[list[int], bool]:
        with ProcessExecutor(store, workers=1) as pool:
            pids = pool.pids()
            rows = [(await pool.run_async(*work, timeout=60))[1].count(b"\n") for _ in range(50)]
            return rows, pool.pids() == pids

    rows, same_worker = _run(main, runner)
    assert rows == [201] * 50  # the header and the store's 200 subjects
    assert same_worker


# -- the snapshots' folders ----------------------------------------------------------------------

_SERVE_AND_HANG = """
import signal, sys
from kg.store import OxigraphStore
from kg.store.executor import ProcessExecutor, graph_names
store = OxigraphStore(sys.argv[1])
pool = ProcessExecutor(store, workers=1)
pool.run(graph_names, timeout=60)
print(pool._snapshots.folder, flush=True)
signal.pause()
"""


def test_snapshots_left_by_a_killed_server_are_removed_at_the_next_start(tmp_path):
    """A process killed outright (kill -9) leaves its folder of snapshots, hard links that
    pin the store's deleted data; the next pool over the store removes it, and the folders
    of dead owners only: not a live process's, not one whose pid now names another process,
    not one it cannot tell the owner of."""
    path = tmp_path / "db"
    with numbered_disk_store(path, G, 10):
        pass
    with subprocess.Popen(
        [sys.executable, "-c", _SERVE_AND_HANG, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ) as child:
        try:
            left = Path(child.stdout.readline().strip())  # type: ignore[union-attr]
            assert left.parent == tmp_path and (left / "snapshot-1").is_dir()
            assert str(child.pid) in left.name  # named after its owner
        finally:
            child.kill()
    assert left.is_dir()  # nothing cleans up after kill -9
    me = os.getpid()
    live = tmp_path / f"{PREFIX}{me}-{started(me)}-live"
    reused = tmp_path / f"{PREFIX}{me}-1-reused"  # this pid, but another process's start
    unknown = tmp_path / f"{PREFIX}x1y2z3"
    for folder in (live, reused, unknown):
        (folder / "snapshot-1").mkdir(parents=True)
    with numbered_disk_store(path, G, 10) as store, ProcessExecutor(store, workers=1) as pool:
        assert pool.run(graph_names, timeout=60) == [G]
        assert not left.exists() and not reused.exists()
        assert live.is_dir() and unknown.is_dir()
        assert pool._snapshots.folder.is_dir()
    assert not pool._snapshots.folder.exists()
    folders = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())  # db.sizes.json beside
    assert folders == sorted(["db", live.name, unknown.name])


# -- turns: waiting is not running, a share per client, hung-up callers -------------------------


class _SkewedLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock the test moves forward (``skew``), so that a wait can be
    longer than a time limit without the test taking that long."""

    skew = 0.0

    def time(self) -> float:
        return super().time() + self.skew


def _skewed(main: Awaitable[T]) -> T:
    with asyncio.Runner(loop_factory=_SkewedLoop) as runner:
        return runner.run(main)


async def _until(condition: Callable[[], bool]) -> None:
    """Poll for ``condition`` on the loop, with a generous deadline."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come about within 60 s"
        await asyncio.sleep(0.01)


def test_time_spent_waiting_for_a_worker_is_not_running_time(store, tmp_path):
    """A request that waits for a worker longer than its time limit still runs, within that
    limit counted from when it got a worker; waiting has its own bound."""

    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, _SkewedLoop)
        with ProcessExecutor(store, workers=1) as pool, Gate(tmp_path / "busy") as gate:
            busy = asyncio.ensure_future(pool.run_async(held, str(gate.directory), timeout=600))
            await asyncio.to_thread(gate.wait_entered)
            waiting = asyncio.ensure_future(pool.run_async(graph_names, timeout=30, wait=10_000))
            await _until(lambda: len(pool._turns.waiting) == 1)
            loop.skew += 100  # it has waited 100 s: over its limit of 30, within its wait
            await asyncio.sleep(0)
            gate.open()
            assert await busy == [G]
            return await waiting

    assert _run(main, _skewed) == [G]


def test_a_client_at_its_share_waits_while_others_are_served(store, tmp_path):
    async def main() -> None:
        with (
            ProcessExecutor(store, workers=2, per_client=1) as pool,
            Gate(tmp_path / "a") as gate,
        ):
            first = asyncio.ensure_future(
                pool.run_async(held, str(gate.directory), timeout=600, client="a")
            )
            await asyncio.to_thread(gate.wait_entered)
            second = asyncio.ensure_future(
                pool.run_async(graph_names, timeout=30, wait=600, client="a")
            )
            await _until(lambda: len(pool._turns.waiting) == 1)
            # a worker is idle, but "a" holds its share: "b" gets it, "a" waits on
            assert await pool.run_async(graph_names, timeout=30, client="b") == [G]
            assert not second.done()
            with pytest.raises(StoreBusyError, match="became free") as busy:
                await pool.run_async(graph_names, timeout=30, wait=0.2, client="a")
            assert isinstance(busy.value, StoreTimeoutError) and busy.value.retry_after >= 1
            gate.open()
            assert await first == [G] and await second == [G]
            assert pool._turns.held == {} and pool._turns.waiting == []

    _run(main)


def test_a_freed_worker_goes_to_the_client_that_holds_fewest(store, tmp_path):
    """Waiting clients are served in order of the workers they hold, fewest first: "c",
    which holds none, before "a", which holds two and came first."""

    async def main() -> list[str]:
        with (
            ProcessExecutor(store, workers=3, per_client=3) as pool,
            Gate(tmp_path / "a") as gate_a,
            Gate(tmp_path / "b") as gate_b,
        ):
            done: list[str] = []

            def start(name: str, client: str, fn: Callable[..., list[str]], *args: str):
                task = asyncio.ensure_future(pool.run_async(fn, *args, timeout=600, client=client))
                task.add_done_callback(lambda _: done.append(name))
                return task

            a_held = [start(f"a{i}", "a", held, str(gate_a.directory)) for i in (1, 2)]
            b_held = start("b1", "b", held, str(gate_b.directory))
            await asyncio.to_thread(gate_a.wait_entered, 2)
            await asyncio.to_thread(gate_b.wait_entered, 1)
            a3 = start("a3", "a", graph_names)
            await _until(lambda: len(pool._turns.waiting) == 1)
            c1 = start("c1", "c", graph_names)
            await _until(lambda: len(pool._turns.waiting) == 2)
            gate_b.open()
            assert [await b_held, await c1, await a3] == [[G]] * 3
            gate_a.open()
            await asyncio.gather(*a_held)
            return done

    assert _run(main)[:3] == ["b1", "c1", "a3"]


def test_work_whose_caller_went_away_is_stopped(store, tmp_path):
    """``gone`` ends (an HTTP client hung up): the worker running the work is killed, as at
    the time limit, long before that limit; a fresh worker takes its place."""

    async def main() -> tuple[str, set[int], bool]:
        with ProcessExecutor(store, workers=1) as pool, Gate(tmp_path / "gate") as gate:
            before = set(pool.pids())
            hung_up = asyncio.Event()
            running = asyncio.ensure_future(
                pool.run_async(held, str(gate.directory), timeout=600, gone=hung_up.wait)
            )
            await asyncio.to_thread(gate.wait_entered)
            hung_up.set()
            with pytest.raises(StoreCancelledError) as stopped:
                await running
            killed = before - set(pool.pids())
            after = await pool.run_async(graph_names, timeout=60)
            return str(stopped.value), killed, after == [G] and not gate.is_open

    message, killed, served_after = _run(main)
    assert "went away" in message and len(killed) == 1 and served_after


def test_a_client_stopped_at_its_limit_comes_after_the_others(store, tmp_path):
    """A client whose work ran to its time limit does not take the last idle worker: another
    client does; it is served once another worker stays idle."""

    async def main() -> None:
        with (
            ProcessExecutor(store, workers=2, per_client=2) as pool,
            Gate(tmp_path / "runaway") as runaway,
            Gate(tmp_path / "busy") as busy_gate,
        ):
            with pytest.raises(StoreTimeoutError, match="ran longer"):
                await pool.run_async(held, str(runaway.directory), timeout=0.5, client="a")
            await _until(lambda: len(pool._turns.idle) == 2)  # the killed worker replaced
            busy = asyncio.ensure_future(
                pool.run_async(held, str(busy_gate.directory), timeout=600, client="c")
            )
            await asyncio.to_thread(busy_gate.wait_entered)
            again = asyncio.ensure_future(
                pool.run_async(graph_names, timeout=30, wait=600, client="a")
            )
            await _until(lambda: len(pool._turns.waiting) == 1)
            assert await pool.run_async(graph_names, timeout=30, client="d") == [G]
            assert not again.done()
            busy_gate.open()
            assert await busy == [G] and await again == [G]

    _run(main)
