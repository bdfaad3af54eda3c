"""Queries under a time limit that really stops them: a pool of worker processes.

pyoxigraph cannot cancel a running query, and a Python thread cannot be killed, so a
runaway query in a thread keeps its CPU and memory until it ends, however long that is.
``ProcessExecutor`` runs work for a store *on disk* in a small pool of worker processes
instead. When the work is over its time limit, the worker running it is killed (SIGTERM,
then SIGKILL): its CPU and memory come back at once, ``TimedOut`` is raised, a fresh worker
takes its place, and the other workers go on serving meanwhile.

Each worker reads a *snapshot* of the store (a RocksDB checkpoint, made of hard links:
milliseconds), opened with ``pyoxigraph.Store.read_only``. It does not open the live store:
pyoxigraph documents opening a store read-only while another process writes to it as
undefined behaviour, and a read-only instance would not see later writes anyway. Every write
through the ``OxigraphStore`` raises its ``generation``; the next piece of work takes a new
snapshot, and a worker reopens before running it, so each query sees every write made
before it. Old snapshots are deleted when no worker holds them.

The work is a module-level function ``fn(store, *args)`` (pickled by reference) that
returns something small and picklable — for the API, the negotiated media type and the
serialized bytes; pyoxigraph's own result objects never leave the worker. An exception
raised in the worker is raised again in the caller, with its attributes.

Workers may run with another memory allocator than the C library's (``allocator``):
Oxigraph allocates heavily while it evaluates, and with jemalloc preloaded SP2Bench's
queries over 10 ms ran 8-35% faster in raw pyoxigraph (``bench/results/sparql.md``).

An in-memory store cannot be opened by another process: for it there is no executor, and
the caller keeps running the work in a thread (``api.deps.in_worker``), where the time limit
only stops the waiting, not the work.

>>> import tempfile
>>> from kg.store import OxigraphStore
>>> store = OxigraphStore(tempfile.mkdtemp() + "/db")
>>> store.update('INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> "1" } }')
>>> with ProcessExecutor(store, workers=1) as pool:
...     pool.run(graph_names, timeout=30)
['http://e/g']
>>> store.close()
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes.util
import importlib
import multiprocessing
import os
import pickle
import select
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from kg.errors import StoreError
from kg.store import OxigraphStore

__all__ = ["ProcessExecutor", "TimedOut", "allocator_library", "default_workers", "graph_names"]

T = TypeVar("T")


class TimedOut(StoreError):
    """Work that did not finish within its time limit (and was stopped), or that found no
    free worker within it."""

    code = "query-timeout"


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


def allocator_library(name: str | None) -> str | None:
    """The shared library to preload for the allocator ``name`` (``jemalloc``,
    ``mimalloc``), or None for the C library's own (``system``, None, or not installed).

    >>> allocator_library("system") is None
    True
    """
    if not name or name == "system":
        return None
    return ctypes.util.find_library(name)


#: os.environ is the process's: one worker at a time starts with its LD_PRELOAD set there
_ENVIRON = threading.Lock()


def graph_names(store: OxigraphStore) -> list[str]:
    """The named graphs of ``store``: a small piece of work to run in a worker."""
    return store.graphs()


_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")
#: what one read takes of an answer: small answers, most of them, come whole in one
_FIRST_READ = 1 << 16


def _receive(conn: Connection) -> Any:
    """The next message on ``conn``, unpickled, once some of it can be read.

    Messages are framed as ``Connection.send_bytes`` frames them: a length, then the bytes.
    The parent's end of a pipe is non-blocking once an event loop has watched it, so a large
    answer that is still being written is waited for here (``select``); a small one, most of
    them, comes whole in a single read.
    """
    fd = conn.fileno()
    data = _read_to(fd, b"", _LENGTH.size)
    (size,) = _LENGTH.unpack_from(data)
    start = _LENGTH.size
    if size == -1:  # over 2 GiB: an 8-byte length follows
        data = _read_to(fd, data, start + _LONG_LENGTH.size)
        (size,) = _LONG_LENGTH.unpack_from(data, start)
        start += _LONG_LENGTH.size
    if len(data) - start >= size:
        return pickle.loads(memoryview(data)[start : start + size])
    parts = [data[start:]]
    missing = size - len(parts[0])
    while missing > 0:
        parts.append(_read(fd, missing))
        missing -= len(parts[-1])
    return pickle.loads(b"".join(parts))


def _read_to(fd: int, data: bytes, least: int) -> bytes:
    """``data`` and what follows it on ``fd``, read until it is at least ``least`` bytes
    long (in reads of up to ``_FIRST_READ``; none when it is already)."""
    while len(data) < least:
        data += _read(fd, _FIRST_READ)
    return data


def _read(fd: int, most: int) -> bytes:
    """Up to ``most`` bytes from ``fd``, waiting for at least one; EOFError at the end."""
    while True:
        try:
            chunk = os.read(fd, most)
        except BlockingIOError:
            select.select([fd], [], [])
            continue
        if not chunk:
            raise EOFError("the query worker closed its pipe")
        return chunk


def _dumps(message: Any) -> bytes:
    """A message between the parent and a worker, pickled. Not ``Connection.send``'s
    ``ForkingPickler``: nothing sent is a socket or another object it has reducers for, and
    the plain pickler is faster (the messages of every small query pay for it twice)."""
    return pickle.dumps(message, pickle.HIGHEST_PROTOCOL)


# -- in the worker ----------------------------------------------------------------------------


def _portable(exc: BaseException) -> tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]:
    return type(exc), exc.args, dict(vars(exc))


def _restore(payload: tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]) -> BaseException:
    """The exception raised in the worker, rebuilt without calling its ``__init__`` (whose
    keyword-only arguments ``pickle`` would not know)."""
    cls, args, attributes = payload
    exc = cls.__new__(cls)
    BaseException.__init__(exc, *args)
    exc.__dict__.update(attributes)
    return exc


def _die_with(parent: int) -> None:  # pragma: no cover - in a child
    """End this worker when its parent is gone, even killed outright, rather than run a
    query to its end for nobody: a thread watches the parent's pid (queries release the
    interpreter lock). Not Linux's PR_SET_PDEATHSIG: it fires when the *thread* that
    started the worker ends, and replacements are started from short-lived threads."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="tkg-parent-watch", daemon=True).start()


def _as_batch() -> None:  # pragma: no cover - in a child
    """Schedule this worker as a batch process (Linux ``SCHED_BATCH``), at its usual
    priority: the scheduler then does not let it preempt the process that just woke it.
    Handing it a query, the server's event loop goes on with its own work until it waits,
    rather than being switched out at once and back when the worker is done. Paired rounds,
    2 CPUs, 4 clients, small queries: 2-7% more answered. Long queries get the same share of
    CPU as before."""
    policy = getattr(os, "SCHED_BATCH", None)
    if policy is not None:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, policy, os.sched_param(0))


def _serve(conn: Connection, preload: Sequence[str], parent: int) -> None:  # pragma: no cover
    """The loop of one worker: open the snapshot it is told, run the work, send the result."""
    _die_with(parent)
    _as_batch()
    for module in preload:
        importlib.import_module(module)
    store: OxigraphStore | None = None
    opened: str | None = None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            snapshot, fn, args = conn.recv()
        except EOFError:  # the parent is gone
            return
        try:
            if snapshot != opened:
                if store is not None:
                    store.close()
                store, opened = OxigraphStore(snapshot, read_only=True), snapshot
            reply: tuple[str, Any] = ("ok", fn(store, *args))
        except Exception as exc:  # noqa: BLE001 - not handled here: the parent raises it again
            reply = ("error", _portable(exc))
        try:
            conn.send_bytes(_dumps(reply))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # does not pickle
            failure = StoreError(f"the worker cannot send its answer: {exc}")
            conn.send_bytes(_dumps(("error", _portable(failure))))


# -- in the parent ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    snapshot: Path | None = None
    pid: int = field(default=0)
    #: the event loop watching this worker's pipe, if any (see ``ProcessExecutor._watch``)
    loop: asyncio.AbstractEventLoop | None = None
    #: what that loop's watch resolves when the answer can be read
    answered: asyncio.Future[None] | None = None


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
        self._workers: set[_Worker] = set()
        # a stack, last in, first out: under light load the same worker, warm in cache,
        # takes each piece of work; the others wait for a burst
        self._idle: list[_Worker] = []
        # requests on an event loop waiting for a worker: a freed worker goes straight to the
        # first of them (on its loop), so that waiting costs no thread; threads (``run``)
        # wait on ``_handoff``, which also makes "none idle, so wait" and "freed, so hand
        # over or put back" one step each
        self._waiters: collections.deque[
            tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]
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
        worker included); over it, the worker is killed and ``TimedOut`` raised."""
        if self._closed:
            raise StoreError("the query workers have been shut down")
        deadline = time.monotonic() + timeout
        snapshot = self._current_snapshot()
        with self._handoff:
            while not self._idle:
                if not self._handoff.wait(max(deadline - time.monotonic(), 0)):
                    raise TimedOut(
                        f"no query worker became free within {timeout:g} s: the server is busy"
                    )
            worker = self._idle.pop()
        try:
            self._unwatch_from_afar(worker)
        except StoreError:
            self._release(worker)
            raise
        try:
            worker.snapshot = snapshot
            worker.conn.send_bytes(_dumps((str(snapshot), fn, args)))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                self._replace(worker)
                raise TimedOut(f"the work ran longer than {timeout:g} s and was stopped")
            status, payload = _receive(worker.conn)
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError(f"the query worker died ({exc or type(exc).__name__})") from exc
        self._release(worker)
        self._collect()
        if status == "error":
            raise _restore(payload)
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
            worker.conn.send_bytes(_dumps((str(snapshot), fn, args)))
            self._watch(worker, loop)
            worker.answered = answered
            # a timer on the future, not asyncio.wait_for: that wraps it in a task per call
            timer = loop.call_at(deadline, late)
            try:
                await answered
            finally:
                timer.cancel()
                worker.answered = None
            status, payload = _receive(worker.conn)
        except TimeoutError:
            self._unwatch(worker)
            await asyncio.to_thread(self._replace, worker)
            raise TimedOut(f"the work ran longer than {timeout:g} s and was stopped") from None
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
            raise _restore(payload)
        result: T = payload
        return result

    # -- watching the workers' pipes from event loops ---------------------------------------
    # A worker's pipe stays watched by the loop that last used it, from one piece of work to
    # the next, rather than watched and unwatched for each: that is two epoll_ctl calls, two
    # ioctl calls and two fcntl calls fewer per query (about 20 µs of the server's CPU per
    # small query, measured). So the parent's end stays non-blocking (``_receive`` copes).
    # A watch is removed on its loop's thread before the pipe is closed, and before a thread
    # (``run``) or another loop uses the worker.

    def _watch(self, worker: _Worker, loop: asyncio.AbstractEventLoop) -> None:
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

    def _unwatch(self, worker: _Worker) -> None:
        """Stop the watch of the worker's pipe; on the thread of the loop that watches it."""
        loop, worker.loop = worker.loop, None
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(OSError, ValueError):  # the pipe is closed already
                loop.remove_reader(worker.conn.fileno())

    def _unwatch_from_afar(self, worker: _Worker) -> None:
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
    ) -> _Worker:
        """An idle worker, or the first one freed, waited for on the loop until ``deadline``."""
        with self._handoff:
            if self._idle:
                return self._idle.pop()
            handed: asyncio.Future[_Worker] = loop.create_future()
            self._waiters.append((loop, handed))
        timer = loop.call_at(
            deadline,
            lambda: (
                handed.done()
                or handed.set_exception(
                    TimedOut(
                        f"no query worker became free within {timeout:g} s: the server is busy"
                    )
                )
            ),
        )
        try:
            return await handed
        finally:
            timer.cancel()

    def _release(self, worker: _Worker) -> None:
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

    def _hand(self, handed: asyncio.Future[_Worker], worker: _Worker) -> None:
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
            _stop(worker.process, grace=1.0)
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- workers ------------------------------------------------------------------------------
    def _start(self) -> _Worker:
        """Start a worker and wait until it has imported what it preloads."""
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(child, self._preload, os.getpid()),
            name="tkg-query-worker",
            daemon=True,
        )
        with _ENVIRON:
            before = os.environ.get("LD_PRELOAD")
            if self._allocator:
                os.environ["LD_PRELOAD"] = " ".join(filter(None, (self._allocator, before)))
            try:
                process.start()  # spawn: a new interpreter, with the environment as it is now
            finally:
                if before is None:
                    os.environ.pop("LD_PRELOAD", None)
                else:
                    os.environ["LD_PRELOAD"] = before
        child.close()
        if not parent.poll(60):
            _stop(process, grace=0)
            raise StoreError("a query worker did not start within 60 s")
        _, pid = parent.recv()
        worker = _Worker(process, parent, pid=pid)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another one in the background; it joins the idle queue
        when it is ready, so nobody waits for it to start."""
        with self._lock:
            self._workers.discard(worker)
            self._stale = True
        worker.conn.close()
        _stop(worker.process, grace=0.5)
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
                _stop(fresh.process, grace=0)
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


def _stop(process: BaseProcess, *, grace: float) -> None:
    """Terminate a process, kill it if it does not stop within ``grace`` seconds, reap it."""
    process.terminate()
    process.join(grace)
    if process.is_alive():
        process.kill()
        process.join()
