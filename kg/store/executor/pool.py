"""The pool of worker processes and its ``ProcessExecutor``: work handed to a free worker,
waited for from a thread (``run``) or an event loop (``run_async``) under a time limit, the
worker killed and replaced when over it; and the snapshots of the store the workers read.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable, Coroutine, Hashable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from kg.errors import StoreBusyError, StoreCancelledError, StoreError, StoreTimeoutError
from kg.store import OxigraphStore
from kg.store.executor.copies import Copies
from kg.store.executor.handing import DirectServing
from kg.store.executor.processes import (
    Worker,
    allocator_library,
    default_workers,
    restore_cpu,
    start_worker,
    start_workers,
    stop_process,
    yield_cpu,
)
from kg.store.executor.snapshots import Snapshots
from kg.store.executor.turns import Turns, Waiter, default_share
from kg.store.executor.watching import unwatch, unwatch_from_afar, watch_pipe
from kg.store.executor.wire import receive, restore, send

__all__ = ["ProcessExecutor"]

T = TypeVar("T")


def _stopped(timeout: float) -> StoreTimeoutError:
    """The error of work that ran over its limit and whose worker was killed."""
    return StoreTimeoutError(f"the work ran longer than {timeout:g} s and was stopped")


def _no_worker_free(wait: float, retry_after: int) -> StoreBusyError:
    """The error of work that found no free worker within ``wait`` seconds."""
    return StoreBusyError(
        f"no query worker became free within {wait:g} s: the server is busy",
        retry_after=retry_after,
    )


class _HungUp(Exception):
    """The caller of ``run_async`` went away (its ``gone`` ended) while its work ran."""


#: how long work runs before ``run_async`` lowers its worker's CPU priority (short work
#: first: the others' and the server's) and starts watching whether its caller went away:
#: small queries, most of them, never pay for either
WATCH_AFTER = 0.5


class ProcessExecutor(DirectServing):
    """A pool of ``workers`` processes running work over snapshots of an on-disk store.

    ``run`` blocks (call it from a thread). ``preload``: modules each worker imports at its start,
    so that its first work does not pay for them (``copy_preload``: more, for the loader of the
    in-memory copy, whose forks have them); ``allocator``: the workers' memory allocator
    (``allocator_library``); ``per_client``: how many workers one client of ``run_async`` may hold
    at once (``kg.store.executor.turns``; half by default); ``wait``: how long work may wait for a
    free worker before ``StoreBusyError`` (by default, its time limit; not counted in it).
    """

    def __init__(
        self,
        store: OxigraphStore,
        *,
        workers: int | None = None,
        preload: Sequence[str] = (),
        allocator: str | None = None,
        per_client: int | None = None,
        wait: float | None = None,
        memory_budget: int = 0,
        copy_preload: Sequence[str] = (),
    ) -> None:
        if store.path is None:
            raise StoreError("a process pool needs a store on disk; run in-memory work in a thread")
        self._preload = tuple(preload)
        self._allocator = allocator_library(allocator)
        self._context = multiprocessing.get_context("spawn")
        self._snapshots = Snapshots(store)
        #: how the workers open each snapshot: as the live store is (its default graph)
        self._options = {"default_graph": store.default_graph}
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        count = workers or default_workers()
        #: how many workers the pool keeps
        self.size = count
        # the idle workers and the requests waiting for one: a freed worker goes straight to
        # a request waiting on an event loop (on its loop), so that waiting costs no thread
        self._turns = Turns(per_client or default_share(count))
        self._wait = wait
        self._closed = False
        self.lanes = None  # the workers' lanes, once they answer clients (``serve_directly``)
        #: the workers whose work has run ``WATCH_AFTER`` seconds (see ``run_async``)
        self._long: set[Worker] = set()
        # the in-memory copies served from, when a copy fits ``memory_budget`` (bytes)
        self._copies = (
            Copies(
                self._context,
                budget=memory_budget,
                preload=(*self._preload, *copy_preload),
                allocator=self._allocator,
                options=self._options,
                on_ready=self._renew_idle,
                workers=count,
            )
            if memory_budget > 0
            else None
        )
        for worker in start_workers(
            self._context, self._preload, self._allocator, self._options, count=count
        ):
            with self._lock:
                self._workers.add(worker)
            self._release(worker)
        if self._copies is not None:
            self._copies.want(self._snapshots.current())

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

    def in_memory(self) -> tuple[Path | None, int]:
        """The snapshot the in-memory copy served from holds (None: none is ready), and how
        many workers hold that copy."""
        served = self._copies.serving if self._copies is not None else None
        with self._lock:
            return served, sum(1 for w in self._workers if served and w.source == served)

    def wait_for_memory(self, timeout: float | None = None) -> bool:
        """Wait until the copy being loaded, if any, is ready; whether one serves then."""
        return self._copies is not None and self._copies.wait(timeout)

    def run(self, fn: Callable[..., T], *args: Any, timeout: float, wait: float | None = None) -> T:
        """``fn(store, *args)`` in a worker, within ``timeout`` seconds once a worker has
        taken it; over it, the worker is killed and ``StoreTimeoutError`` raised. No worker
        free within ``wait`` seconds (see ``ProcessExecutor``): ``StoreBusyError``."""
        if self._closed:
            raise StoreError("the query workers have been shut down")
        snapshot = self.current()
        wait = self._wait_for(timeout, wait)
        worker = self._turns.claim_blocking(time.monotonic() + wait)
        if worker is None:
            raise _no_worker_free(wait, self._turns.retry_after(None, self._busy()))
        try:
            unwatch_from_afar(worker)
        except StoreError:
            self._release(worker)
            raise
        deadline = time.monotonic() + timeout
        try:
            worker.snapshot, worker.deadline = snapshot, deadline
            send(worker.conn, (str(snapshot), fn, args))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                self._replace(worker)
                raise _stopped(timeout)
            status, payload = receive(worker.conn)
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError(f"the query worker died ({exc or type(exc).__name__})") from exc
        self._done(worker)
        self._collect()
        if status == "error":
            raise restore(payload)
        result: T = payload
        return result

    async def run_async(
        self,
        fn: Callable[..., T],
        *args: Any,
        timeout: float,
        wait: float | None = None,
        client: Hashable | None = None,
        gone: Callable[[], Coroutine[Any, Any, object]] | None = None,
    ) -> T:
        """``run`` for an event loop, without a thread in between: the loop itself waits for
        the worker's answer on its pipe. A busy pool is waited for on the loop too (the next
        worker freed is handed over), by turns between clients (``client``, see ``Turns``).
        Long work (``WATCH_AFTER`` seconds) has its worker's CPU priority lowered while
        other work of the pool runs or waits (``yield_cpu``); alone, it keeps it: on a machine
        busy with other programs a lowered priority starved it (SP2Bench 100k q4, load 12 on
        2 CPUs: 19.9 s, Oxigraph's server 1.4 s). A worker over the limit, or whose caller
        was cancelled or
        went away (``gone``, a coroutine that ends when it has, watched from ``WATCH_AFTER``
        on; then ``StoreCancelledError``), is killed and replaced in a thread, so the loop
        never blocks on it."""
        if self._closed:
            raise StoreError("the query workers have been shut down")
        loop = asyncio.get_running_loop()
        snapshot = self.current()
        worker = await self._acquire(loop, client, self._wait_for(timeout, wait))
        if self._long:  # long work runs: it makes way for this, now that it is contended
            self._yield_long()
        deadline = loop.time() + timeout
        answered: asyncio.Future[None] = loop.create_future()
        timers: list[asyncio.TimerHandle] = []
        watching: list[asyncio.Task[object]] = []

        def late() -> None:
            if not answered.done():
                answered.set_exception(TimeoutError())

        def hung_up(task: asyncio.Task[object]) -> None:
            if not task.cancelled() and task.exception() is None and not answered.done():
                answered.set_exception(_HungUp())

        def watch() -> None:  # still running: it yields the CPU; is its caller still there?
            if answered.done():
                return
            timers.append(loop.call_at(deadline, late))
            self._long.add(worker)
            if self._turns.waiting or len(self._busy()) > 1:
                yield_cpu(worker)
            if gone is not None:
                watching.append(loop.create_task(gone()))
                watching[0].add_done_callback(hung_up)

        try:
            worker.snapshot, worker.deadline = snapshot, time.monotonic() + timeout
            send(worker.conn, (str(snapshot), fn, args))
            watch_pipe(worker, loop)
            worker.answered = answered
            # a timer on the future, not asyncio.wait_for: that wraps it in a task per call
            if timeout <= WATCH_AFTER:
                timers.append(loop.call_at(deadline, late))
            else:
                timers.append(loop.call_at(loop.time() + WATCH_AFTER, watch))
            try:
                await answered
            finally:
                for timer in timers:
                    timer.cancel()
                for task in watching:
                    task.cancel()
                worker.answered = None
                self._long.discard(worker)
            status, payload = receive(worker.conn)
        except TimeoutError:
            unwatch(worker)
            self._turns.stopped(worker.client)  # its client comes after the others a while
            await asyncio.to_thread(self._replace, worker)
            raise _stopped(timeout) from None
        except _HungUp:
            unwatch(worker)
            await asyncio.to_thread(self._replace, worker)
            raise StoreCancelledError("the caller went away; its work was stopped") from None
        except asyncio.CancelledError:
            unwatch(worker)
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        except (EOFError, OSError) as exc:
            unwatch(worker)
            await asyncio.to_thread(self._replace, worker)
            raise StoreError(f"the query worker died ({exc or type(exc).__name__})") from exc
        if worker.niced:
            restore_cpu(worker)
        self._done(worker)
        self._collect()
        if status == "error":
            raise restore(payload)
        result: T = payload
        return result

    def _yield_long(self) -> None:
        """Lower the priority of the workers running long work that still have theirs."""
        for worker in list(self._long):
            if not worker.niced:
                yield_cpu(worker)

    def _wait_for(self, timeout: float, wait: float | None) -> float:
        """How long work may wait for a worker: ``wait``, else the pool's, else ``timeout``."""
        return wait if wait is not None else self._wait if self._wait is not None else timeout

    def _busy(self) -> list[Worker]:
        """The workers running work (they have a deadline)."""
        with self._lock:
            return [w for w in self._workers if w.deadline]

    async def _acquire(
        self, loop: asyncio.AbstractEventLoop, client: Hashable | None, wait: float
    ) -> Worker:
        """An idle worker, or the one handed over when it is this request's turn, waited for
        on the loop for ``wait`` seconds at most."""
        claimed = self._turns.claim(client, loop)
        if isinstance(claimed, Worker):
            return claimed
        handed = claimed.handed

        def late() -> None:
            if not handed.done():
                retry = self._turns.retry_after(client, self._busy())
                handed.set_exception(_no_worker_free(wait, retry))

        timer = loop.call_at(loop.time() + wait, late)
        try:
            return await handed
        except asyncio.CancelledError:  # handed a worker just as its caller went away
            if handed.done() and not handed.cancelled() and handed.exception() is None:
                self._release(handed.result())
            raise
        finally:
            timer.cancel()
            if not handed.done() or handed.cancelled() or handed.exception() is not None:
                self._turns.withdraw(claimed)

    def _release(self, worker: Worker, *, back: bool = True, fresh: bool = False) -> None:
        """Put a free worker back (``back``; a ``fresh`` one under the others, which are
        warmer) or count a killed one out, and hand the workers so freed to the requests
        whose turn it is, on their loops (callable from any thread)."""
        worker.deadline = 0.0
        for waiter, given in self._turns.free(worker, back=back, fresh=fresh):
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is waiter.loop:
                self._hand(waiter, given)
                continue
            try:
                waiter.loop.call_soon_threadsafe(self._hand, waiter, given)
            except RuntimeError:  # that loop has closed: its request is gone
                self._release(given)

    def _hand(self, waiter: Waiter, worker: Worker) -> None:
        """On the waiter's loop: hand the worker over, unless the waiter gave up meanwhile
        (its time ran out, or its client went away); then the next one gets it."""
        if waiter.handed.done():
            self._release(worker)
        else:
            waiter.handed.set_result(worker)

    def close(self) -> None:
        """Stop the zygotes and every worker, and delete the snapshots."""
        self._closed = True
        if self.lanes is not None:
            self.lanes.close()
        if self._copies is not None:
            self._copies.close()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            with contextlib.suppress(StoreError):
                unwatch_from_afar(worker)
            worker.conn.close()
            stop_process(worker.process, grace=1.0)
        self._snapshots.remove()

    # -- workers ------------------------------------------------------------------------------
    def _start(self) -> Worker:
        """Fork a worker over the in-memory copy, if one is ready; else start one that reads
        snapshots on disk, and wait until it has imported what it preloads."""
        worker = self._copies.fork() if self._copies is not None else None
        if worker is None:
            worker = start_worker(self._context, self._preload, self._allocator, self._options)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another one in the background; it joins the idle queue
        when it is ready, so nobody waits for it to start."""
        with self._lock:
            self._workers.discard(worker)
        self._snapshots.mark_stale()
        self._release(worker, back=False)  # its client's share is free again at once
        worker.conn.close()
        stop_process(worker.process, grace=0.5)
        if self.lanes is not None:
            self.lanes.lost(worker)
        if not self._closed:
            threading.Thread(target=self._restock, name="tkg-worker-restock", daemon=True).start()
        self._collect()

    def _done(self, worker: Worker) -> None:
        """A worker has done its work: back to the idle, or renewed (in a thread) when a
        newer in-memory copy than its own is ready."""
        serving = self._copies.serving if self._copies is not None else None
        if serving is None or worker.source == serving or self._closed:
            if self.lanes is not None:
                self.lanes.adopt(worker)
            self._release(worker)
            return
        unwatch(worker)
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def renew(self, wait: float = 60.0) -> None:
        """Replace every idle worker with a fresh one, as after a kill at the time limit, and
        wait (``wait`` s at most) until they are idle: the benchmark's fresh worker."""
        self._turns.wait_idle(self._renew_idle(every=True), time.monotonic() + wait)

    def _renew_idle(self, *, every: bool = False) -> int:
        """A new in-memory copy is ready: renew the idle workers that do not hold it (the
        busy ones are when their work is done, ``_done``); or ``every`` idle worker. How many."""
        serving = self._copies.serving if self._copies is not None else None
        with self._turns.changed:
            stale = [w for w in self._turns.idle if every or w.source != serving]
            self._turns.idle[:] = [w for w in self._turns.idle if w not in stale]
        for worker in stale:
            with contextlib.suppress(StoreError):
                unwatch_from_afar(worker)
            self._replace(worker)
        return len(stale)

    def _restock(self) -> None:
        with contextlib.suppress(StoreError):
            fresh = self._start()
            if self._closed:
                with self._lock:
                    self._workers.discard(fresh)
                fresh.conn.close()
                stop_process(fresh.process, grace=0)
            else:
                if self.lanes is not None:
                    self.lanes.adopt(fresh)
                self._release(fresh, fresh=True)

    def _collect(self) -> None:
        """Delete the snapshots nobody holds any more (``Snapshots.collect``)."""
        with self._lock:
            held = [w.snapshot for w in self._workers]
        if self._copies is not None:
            held += self._copies.held()
        self._snapshots.collect(held)
