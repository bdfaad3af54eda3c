"""The pool's handle on its worker processes: starting one (with the memory allocator it
runs with) and stopping one."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes.util
import os
import threading
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from kg.errors import StoreError
from kg.store.executor.worker import serve

__all__ = [
    "Stoppable",
    "Worker",
    "allocator_library",
    "default_workers",
    "restore_cpu",
    "spawn_with",
    "start_worker",
    "start_workers",
    "stop_process",
    "yield_cpu",
]

#: os.environ is the process's: one worker at a time starts with its LD_PRELOAD set there
_ENVIRON = threading.Lock()


class Stoppable(Protocol):
    """What ``stop_process`` needs of a process: a spawned worker's ``multiprocessing``
    process, or a forked one's stand-in (``kg.store.executor.memory.ForkedProcess``)."""

    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def join(self, timeout: float | None = None) -> None: ...
    def is_alive(self) -> bool: ...


@dataclass(eq=False)
class Worker:
    """One worker process, as the pool sees it: the process, the parent's end of its pipe,
    and what the pool keeps track of about it."""

    process: BaseProcess | Stoppable
    conn: Connection
    #: the snapshot of the work it was last given
    snapshot: Path | None = None
    pid: int = field(default=0)
    #: the event loop watching this worker's pipe, if any (see ``ProcessExecutor._watch``)
    loop: asyncio.AbstractEventLoop | None = None
    #: what that loop's watch resolves when the answer can be read
    answered: asyncio.Future[None] | None = None
    #: the client whose work it runs, if it runs a client's (``kg.store.executor.turns``)
    client: Hashable | None = None
    #: when the work it runs is over its limit (``time.monotonic``)
    deadline: float = 0.0
    #: its CPU priority was lowered while long work ran (``yield_cpu``)
    niced: bool = False
    #: the snapshot its in-memory copy holds, for a worker forked by a zygote; else None
    source: Path | None = None


#: the niceness of a worker while its work runs long: short work, the server's own and the
#: other workers', comes first for the CPU
LONG_WORK_NICENESS = 10


def yield_cpu(worker: Worker) -> None:
    """Lower the CPU priority of a worker whose work runs long (best effort)."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, worker.pid, LONG_WORK_NICENESS)
        worker.niced = True


def restore_cpu(worker: Worker) -> None:
    """Give a worker its priority back once its long work is done; where this process may
    not raise a priority (no CAP_SYS_NICE), it keeps the lower one (best effort)."""
    worker.niced = False
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, worker.pid, 0)


def default_workers() -> int:
    """As many workers as CPUs, and at least four.

    A small query keeps its worker mostly waiting (for the pipe, for a CPU), not working:
    with only as many workers as CPUs, concurrent small queries queued in the server while
    CPUs sat idle, and a worker whose answer had not been read yet could not take the next
    query. On 2 CPUs with 4 clients sending small queries, 4 workers answered 9% more than
    2 (median of six paired rounds), and 6 no more than 4. Never fewer than two (the
    ``TKG_QUERY_WORKERS`` setting's floor too), so that one runaway query does not hold up
    the rest.

    >>> default_workers() >= 4
    True
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


def start_worker(
    context: SpawnContext,
    preload: Sequence[str],
    allocator: str | None,
    options: Mapping[str, Any] | None = None,
) -> Worker:
    """Start a worker process (running ``kg.store.executor.worker.serve``) with the shared
    library ``allocator`` preloaded, if any, and wait until it has imported the modules named
    in ``preload``. ``options`` are the keyword arguments it opens each snapshot with."""
    return start_workers(context, preload, allocator, options, count=1)[0]


def start_workers(
    context: SpawnContext,
    preload: Sequence[str],
    allocator: str | None,
    options: Mapping[str, Any] | None = None,
    *,
    count: int,
) -> list[Worker]:
    """``count`` workers as :func:`start_worker` starts one, all started before any is waited
    for: their interpreters import side by side (0.45 CPU s each), not one after another.
    If one does not start within 60 s, every one of them is stopped."""
    started: list[tuple[BaseProcess, Connection]] = []
    try:
        for _ in range(count):
            parent, child = context.Pipe()
            process = context.Process(
                target=serve,
                args=(child, tuple(preload), os.getpid(), dict(options or {})),
                name="tkg-query-worker",
                daemon=True,
            )
            spawn_with(process, allocator)
            child.close()
            started.append((process, parent))
        workers = []
        for launched, conn in started:
            if not conn.poll(60):
                raise StoreError("a query worker did not start within 60 s")
            _, pid = conn.recv()
            workers.append(Worker(launched, conn, pid=pid))
        return workers
    except BaseException:
        for launched, conn in started:
            conn.close()
            stop_process(launched, grace=0)
        raise


def spawn_with(process: BaseProcess, allocator: str | None) -> None:
    """Start a spawned ``process`` with the shared library ``allocator`` preloaded, if any."""
    with _ENVIRON:
        before = os.environ.get("LD_PRELOAD")
        if allocator:
            os.environ["LD_PRELOAD"] = " ".join(filter(None, (allocator, before)))
        try:
            process.start()  # spawn: a new interpreter, with the environment as it is now
        finally:
            if before is None:
                os.environ.pop("LD_PRELOAD", None)
            else:
                os.environ["LD_PRELOAD"] = before


def stop_process(process: BaseProcess | Stoppable, *, grace: float) -> None:
    """Terminate a process, kill it if it does not stop within ``grace`` seconds, reap it."""
    process.terminate()
    process.join(grace)
    if process.is_alive():
        process.kill()
        process.join()
