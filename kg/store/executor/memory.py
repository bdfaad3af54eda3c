"""The pool's handle on a zygote (``kg.store.executor.zygote``): starting one over a snapshot,
asking it for workers, and the memory budget that decides whether the store is served from
memory at all.

A worker forked by a zygote is not the pool's child, so ``ForkedProcess`` stands in for
``multiprocessing``'s process object: it holds a pidfd (``os.pidfd_open``) from the moment
the pid is known, signals through it (no pid reused meanwhile can be hit) and waits on it
for the worker's end; the zygote's kernel reaps it.

>>> estimate_bytes(Path("/nonexistent")) == 0
True
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import threading
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.store.executor.processes import Worker, spawn_with, stop_process
from kg.store.executor.zygote import FORK, PID, serve_zygote

__all__ = [
    "BYTES_PER_DISK_BYTE",
    "READY_S",
    "ForkedProcess",
    "Zygote",
    "default_budget",
    "estimate_bytes",
    "fits",
]

#: the memory an in-memory copy takes per byte of the store on disk: SP2Bench 1M, compacted,
#: is 347 MB on disk and took 620 MB more resident memory once loaded; an uncompacted store
#: is larger on disk, so the estimate errs on the side of the disk
BYTES_PER_DISK_BYTE = 2.0
#: how long a forked worker may take to say it can take work
READY_S = 60.0


def estimate_bytes(folder: Path) -> int:
    """The memory an in-memory copy of the on-disk store in ``folder`` would take (its files'
    size times ``BYTES_PER_DISK_BYTE``); 0 for no such folder."""
    if not folder.is_dir():
        return 0
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    return int(size * BYTES_PER_DISK_BYTE)


def default_budget() -> int:
    """Half of the memory available now (``MemAvailable``, Linux), the default budget: a
    write loads a new copy beside the one served until it is ready, so two may be held for
    a while. 0 (never from memory) where it cannot be read."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024 // 2
    return 0


def fits(folder: Path, budget: int) -> bool:
    """Whether a copy of the store in ``folder`` fits the memory ``budget`` (bytes)."""
    return budget > 0 and estimate_bytes(folder) <= budget


class ForkedProcess:
    """A worker forked by a zygote, seen through a pidfd: ``terminate``, ``kill``, ``join``
    and ``is_alive``, as ``stop_process`` uses them."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._fd: int | None = os.pidfd_open(pid)

    def _signal(self, signum: int) -> None:
        if self._fd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the process to end (the pidfd turns readable), ``timeout`` at most."""
        if self._fd is not None and select.select([self._fd], [], [], timeout)[0]:
            os.close(self._fd)
            self._fd = None

    def is_alive(self) -> bool:
        if self._fd is None:
            return False
        self.join(0)
        return self._fd is not None


class Zygote:
    """A zygote process over one snapshot: started with ``start`` (which waits until the
    copy is loaded), asked for workers with ``fork``, stopped with ``close``."""

    def __init__(
        self,
        context: SpawnContext,
        snapshot: Path,
        *,
        preload: Sequence[str],
        allocator: str | None,
        options: Mapping[str, Any],
        private: bool = False,
    ) -> None:
        self.snapshot = snapshot
        self.load_seconds = 0.0
        self._lock = threading.Lock()
        parent, child = context.Pipe()  # duplex: a unix socket pair, which passes fds
        self.process = context.Process(
            target=serve_zygote,
            args=(child, tuple(preload), os.getpid(), dict(options), str(snapshot), private),
            name="tkg-zygote",
            daemon=True,
        )
        spawn_with(self.process, allocator)
        child.close()
        self._conn: Connection = parent
        self._control = socket.socket(fileno=os.dup(parent.fileno()))

    def wait_ready(self) -> None:
        """Wait until the copy is loaded; StoreError if the zygote failed or died."""
        try:
            answer = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise StoreError("the in-memory copy of the store could not be loaded") from exc
        if answer[0] != "ready":
            self.close()
            raise StoreError(f"the in-memory copy of the store could not be loaded: {answer[1]}")
        self.load_seconds = answer[2]

    def fork(self) -> Worker:
        """A new worker over the copy, forked by the zygote, once it says it can take work
        (milliseconds; a fraction of a second more when it copies the shared pages first,
        ``kg.store.executor.prefault``)."""
        with self._lock:
            try:
                self._control.sendall(FORK)
                message, fds, _, _ = socket.recv_fds(self._control, PID.size, 1)
            except OSError as exc:
                raise StoreError(f"the zygote does not answer ({exc})") from exc
        (pid,) = PID.unpack(message) if len(message) == PID.size else (0,)
        if not pid or not fds:
            for fd in fds:
                os.close(fd)
            raise StoreError("the zygote could not fork a query worker")
        conn, process = Connection(fds[0]), ForkedProcess(pid)
        try:
            if not conn.poll(READY_S):
                raise EOFError(f"no word in {READY_S:g} s")
            conn.recv()
        except (EOFError, OSError) as exc:
            conn.close()
            stop_process(process, grace=0)
            raise StoreError(f"a forked query worker did not start ({exc})") from exc
        return Worker(process, conn, pid=pid, source=self.snapshot)

    def close(self) -> None:
        """Stop the zygote (its workers go on serving until the pool stops them)."""
        self._control.close()
        self._conn.close()
        stop_process(self.process, grace=1.0)
