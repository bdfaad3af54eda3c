"""The pool of worker processes and its ``ProcessExecutor``: work handed to a free worker,
waited for from a thread (``run``) or an event loop (``run_async``) under a time limit, the
worker killed and replaced when over it; and the snapshots of the store the workers read.

>>> default_workers() >= 4
True
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from kg.errors import StoreError, StoreTimeoutError
from kg.store import OxigraphStore
from kg.store.executor.processes import Worker, allocator_library, start_worker, stop_process
from kg.store.executor.wire import receive, restore, send

__all__ = ["ProcessExecutor", "default_workers"]

T = TypeVar("T")


def default_workers() -> int:
    """As many workers as CPUs, and at least four.

    A small query keeps its worker mostly waiting (for the pipe, for a CPU), not working:
    with only as many workers as CPUs, concurrent small queries queued in the server while
    CPUs sat idle, and a worker whose answer had not been read yet could not take the next
    query. On 2 CPUs with 4 clients sending small queries, 4 workers answered 9% more than
    2 (median of six paired rounds), and 6 no more than 4. Never fewer than two (the
    ``TKG_QUERY_WORKERS`` setting's floor too), so that one runaway query does not hold up
    the rest.
    """
    return max(4, os.cpu_count() or 1)


def _stopped(timeout: float) -> StoreTimeoutError:
    """The error of work that ran over its limit and whose worker was killed."""
    return StoreTimeoutError(f"the work ran longer than {timeout:g} s and was stopped")


def _no_worker_free(timeout: float) -> StoreTimeoutError:
    """The error of work that found no free worker within its limit."""
    return StoreTimeoutError(
        f"no query worker became free within {timeout:g} s: the server is busy"
    )


class ProcessExecutor:
    """A pool of ``workers`` processes running work over snapshots of an on-disk store.

    ``run`` blocks (call it from a thread). ``preload`` names modules each worker imports
    when it starts, so that its first piece of work does not pay for them; ``allocator``
    names the memory allocator the workers run with (see ``allocator_library``).
    """

    def __init__(
        self,
        store: OxigraphStore,
        *,
        workers: int | None = None,
        preload: Sequence[str] = (),
        allocator: str | None = None,
    ) -> None:
        if store.path is None:
            raise StoreError("a process pool needs a store on disk; run in-memory work in a thread")
        self._store = store
        self._preload = tuple(preload)
        self._allocator = allocator_library(allocator)
        self._context = multiprocessing.get_context("spawn")
        self._dir = Path(tempfile.mkdtemp(prefix=".tkg-snapshots-", dir=store.path.parent))
        self._lock = threading.Lock()
        self._snapshot: Path | None = None
        self._generation = -1
        self._count = 0
        self._stale = False  # a snapshot may be unheld: set when one is replaced
        self._workers: set[Worker] = set()
        # a stack, last in, first out: under light load the same worker, warm in cache,
        # takes each piece of work; the others wait for a burst
        self._idle: list[Worker] = []
        # requests on an event loop waiting for a worker: a freed worker goes straight to the
        # first of them (on its loop), so that waiting costs no thread; threads (``run``)
        # wait on ``_handoff``, which also makes "none idle, so wait" and "freed, so hand
        # over or put back" one step each
        self._waiters: collections.deque[
            tuple[asyncio.AbstractEventLoop, asyncio.Future[Worker]]
        ] = collections.deque()
        self._handoff = threading.Condition(threading.Lock())
        self._closed = False
        for _ in range(workers or default_workers()):
            self._release(self._start())

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """``fn(store, *args)`` in a worker, within ``timeout`` seconds (waiting for a free
        worker included); over it, the worker is killed and ``StoreTimeoutError`` raised."""
        if self._closed:
            raise StoreError("the query workers have been shut down")
        deadline = time.monotonic() + timeout
        snapshot = self._current_snapshot()
        with self._handoff:
            while not self._idle:
                if not self._handoff.wait(max(deadline - time.monotonic(), 0)):
                    raise _no_worker_free(timeout)
            worker = self._idle.pop()
        try:
            self._unwatch_from_afar(worker)
        except StoreError:
            self._release(worker)
            raise
        try:
            worker.snapshot = snapshot
            send(worker.conn, (str(snapshot), fn, args))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                self._replace(worker)
                raise _stopped(timeout)
            status, payload = receive(worker.conn)
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError(f"the query worker died ({exc or type(exc).__name__})") from exc
        self._release(worker)
        self._collect()
        if status == "error":
            raise restore(payload)
        result: T = payload
        return result

    async def run_async(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """``run`` for an event loop, without a thread in between: the loop itself waits for
        the worker's answer on its pipe. A busy pool is waited for on the loop too (the next
        worker freed is handed over). A worker over the limit, or whose caller was cancelled
        (a client that went away), is killed and replaced in a thread, so the loop never
        blocks on it."""
        if self._closed:
            raise StoreError("the query workers have been shut down")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        snapshot = self._current_snapshot()
        worker = await self._acquire(loop, deadline, timeout)
        answered: asyncio.Future[None] = loop.create_future()

        def late() -> None:
            if not answered.done():
                answered.set_exception(TimeoutError())

        try:
            worker.snapshot = snapshot
            send(worker.conn, (str(snapshot), fn, args))
            self._watch(worker, loop)
            worker.answered = answered
            # a timer on the future, not asyncio.wait_for: that wraps it in a task per call
            timer = loop.call_at(deadline, late)
            try:
                await answered
            finally:
                timer.cancel()
                worker.answered = None
            status, payload = receive(worker.conn)
        except TimeoutError:
            self._unwatch(worker)
            await asyncio.to_thread(self._replace, worker)
            raise _stopped(timeout) from None
        except asyncio.CancelledError:
            self._unwatch(worker)
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        except (EOFError, OSError) as exc:
            self._unwatch(worker)
            await asyncio.to_thread(self._replace, worker)
            raise StoreError(f"the query worker died ({exc or type(exc).__name__})") from exc
        self._release(worker)
        self._collect()
        if status == "error":
            raise restore(payload)
        result: T = payload
        return result

    # -- watching the workers' pipes from event loops ---------------------------------------
    # A worker's pipe stays watched by the loop that last used it, from one piece of work to
    # the next, rather than watched and unwatched for each: that is two epoll_ctl calls, two
    # ioctl calls and two fcntl calls fewer per query (about 20 µs of the server's CPU per
    # small query, measured). So the parent's end stays non-blocking (``receive`` copes).
    # A watch is removed on its loop's thread before the pipe is closed, and before a thread
    # (``run``) or another loop uses the worker.

    def _watch(self, worker: Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Have ``loop`` watch the worker's pipe, if it does not already."""
        if worker.loop is loop:
            return
        if worker.loop is not None:
            self._unwatch_from_afar(worker)
        fd = worker.conn.fileno()

        def readable() -> None:
            answered = worker.answered
            if answered is not None:
                if not answered.done():
                    answered.set_result(None)
            elif worker.loop is loop:  # no answer awaited: the worker is gone (end of file)
                self._unwatch(worker)

        loop.add_reader(fd, readable)
        worker.loop = loop

    def _unwatch(self, worker: Worker) -> None:
        """Stop the watch of the worker's pipe; on the thread of the loop that watches it."""
        loop, worker.loop = worker.loop, None
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(OSError, ValueError):  # the pipe is closed already
                loop.remove_reader(worker.conn.fileno())

    def _unwatch_from_afar(self, worker: Worker) -> None:
        """``_unwatch`` from a thread other than the watching loop's: done on that loop, and
        waited for (a loop that has closed watches nothing any more)."""
        loop = worker.loop
        if loop is None:
            return
        try:
            if loop is asyncio.get_running_loop():
                self._unwatch(worker)
                return
        except RuntimeError:  # no loop runs in this thread
            pass
        done = threading.Event()

        def unwatch() -> None:
            self._unwatch(worker)
            done.set()

        try:
            loop.call_soon_threadsafe(unwatch)
        except RuntimeError:  # that loop has closed
            worker.loop = None
            return
        if not done.wait(5):
            raise StoreError("an event loop that watches a query worker does not answer")

    async def _acquire(
        self, loop: asyncio.AbstractEventLoop, deadline: float, timeout: float
    ) -> Worker:
        """An idle worker, or the first one freed, waited for on the loop until ``deadline``."""
        with self._handoff:
            if self._idle:
                return self._idle.pop()
            handed: asyncio.Future[Worker] = loop.create_future()
            self._waiters.append((loop, handed))

        def late() -> None:
            if not handed.done():
                handed.set_exception(_no_worker_free(timeout))

        timer = loop.call_at(deadline, late)
        try:
            return await handed
        finally:
            timer.cancel()

    def _release(self, worker: Worker) -> None:
        """Give a free worker to the first request waiting on an event loop, else put it
        back among the idle (callable from any thread)."""
        with self._handoff:
            if not self._waiters:
                self._idle.append(worker)
                self._handoff.notify()
                return
            loop, handed = self._waiters.popleft()
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._hand(handed, worker)
        else:
            try:
                loop.call_soon_threadsafe(self._hand, handed, worker)
            except RuntimeError:  # that loop has closed: its request is gone
                self._release(worker)

    def _hand(self, handed: asyncio.Future[Worker], worker: Worker) -> None:
        """On the waiter's loop: hand the worker over, unless the waiter gave up meanwhile
        (its time ran out, or its client went away); then the next one gets it."""
        if handed.done():
            self._release(worker)
        else:
            handed.set_result(worker)

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            with contextlib.suppress(StoreError):
                self._unwatch_from_afar(worker)
            worker.conn.close()
            stop_process(worker.process, grace=1.0)
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- workers ------------------------------------------------------------------------------
    def _start(self) -> Worker:
        """Start a worker and wait until it has imported what it preloads."""
        worker = start_worker(self._context, self._preload, self._allocator)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another one in the background; it joins the idle queue
        when it is ready, so nobody waits for it to start."""
        with self._lock:
            self._workers.discard(worker)
            self._stale = True
        worker.conn.close()
        stop_process(worker.process, grace=0.5)
        if not self._closed:
            threading.Thread(target=self._restock, name="tkg-worker-restock", daemon=True).start()
        self._collect()

    def _restock(self) -> None:
        with contextlib.suppress(StoreError):
            fresh = self._start()
            if self._closed:
                with self._lock:
                    self._workers.discard(fresh)
                fresh.conn.close()
                stop_process(fresh.process, grace=0)
            else:
                self._release(fresh)

    # -- snapshots ----------------------------------------------------------------------------
    def _current_snapshot(self) -> Path:
        """A snapshot holding every write made so far; a new one after any write."""
        with self._lock:
            generation = self._store.generation
            if self._snapshot is None or generation != self._generation:
                self._count += 1
                target = self._dir / f"snapshot-{self._count}"
                self._store.snapshot(target)
                self._snapshot, self._generation = target, generation
                self._stale = True
            return self._snapshot

    def _collect(self) -> None:
        """Delete the snapshots that neither the pool nor any worker holds any more (only
        after a new snapshot was taken or a worker replaced: else there is none)."""
        with self._lock:
            if not self._stale:
                return
            held = {w.snapshot for w in self._workers} | {self._snapshot}
            self._stale = any(w.snapshot not in (None, self._snapshot) for w in self._workers)
            for path in self._dir.iterdir():
                if path not in held:
                    shutil.rmtree(path, ignore_errors=True)
