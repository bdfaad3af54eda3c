"""The zygote's side: a process that holds an in-memory copy of one snapshot of the store and
forks query workers that share it.

It is spawned by the pool (``kg.store.executor.memory``) and stays single-threaded: the
snapshot is read by a child it forks *before* anything opens RocksDB (RocksDB starts
background threads that a fork would not carry over, and a worker may yet open an on-disk
snapshot), which dumps it as N-Quads into a pipe while the zygote loads them into a
``pyoxigraph.Store()`` in memory. Then, for each request on its control socket, it forks a
worker: the child inherits the copy copy-on-write (the pages are shared until written, and
queries write none of them), gets one end of a new socket pair, and runs the worker loop
(``kg.store.executor.worker.work``); the other end goes back to the pool with
``socket.send_fds``, with the child's pid, which the pool kills at the time limit. Children
are reaped by the kernel (SIGCHLD ignored). The zygote ends when the pool closes its end of
the control socket, or dies (end of file).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.store import OxigraphStore
from kg.store.executor.layout import ordered_quads
from kg.store.executor.prefault import own_shared_pages
from kg.store.executor.worker import as_batch, work

__all__ = ["FORK", "PID", "load_copy", "serve_zygote"]

#: the request for a new worker on the control socket
FORK = b"F"
#: the zygote's answer: the new worker's pid (0 when the fork failed), with its socket's end
PID = struct.Struct("!i")


def load_copy(snapshot: str, options: Mapping[str, Any]) -> OxigraphStore:
    """An in-memory ``OxigraphStore`` holding what the on-disk ``snapshot`` holds, read by a
    forked child (so that this process never opens RocksDB) through a pipe, as N-Quads in
    the order of ``kg.store.executor.layout.ordered_quads``.

    Measured on SP2Bench 1M (CPU seconds, 2 CPUs, busy machine): copying quads from a
    read-only store straight into memory took 7.9 s in one process; the dump (5.5 s) and the
    load (3.7 s) here run in two processes.
    """
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the dumping child
        status = 1
        try:
            os.close(readable)
            disk = ox.Store.read_only(snapshot)
            quads = ordered_quads(disk.dump(format=ox.RdfFormat.N_QUADS) or b"")
            del disk
            with os.fdopen(writable, "wb") as out:
                out.writelines(quads)
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    copy = OxigraphStore(None, **options)
    try:
        with os.fdopen(readable, "rb", buffering=1 << 20) as source:
            # the store's own pyoxigraph object: OxigraphStore has no bulk-copy method, and
            # its parsing ``load`` would count and guard what is already a store's content
            copy._store.load(source, format=ox.RdfFormat.N_QUADS)
    finally:
        _, status = os.waitpid(pid, 0)
    if status:
        raise RuntimeError(f"reading the snapshot {snapshot} failed (status {status})")
    return copy


def serve_zygote(
    conn: Connection,
    preload: Sequence[str],
    parent: int,
    options: Mapping[str, Any],
    snapshot: str,
    private: bool = False,
) -> None:  # pragma: no cover - in a child
    """The zygote's life: load ``snapshot`` into memory, say so on ``conn`` (``("ready",
    pid, seconds)`` or ``("error", message)``), then fork a worker for each request; with
    ``private``, each worker copies the pages it shares before it takes work
    (``kg.store.executor.prefault``)."""
    as_batch()
    for module in preload:
        importlib.import_module(module)
    started = time.perf_counter()
    try:
        copy = load_copy(snapshot, options)
    except Exception as exc:  # noqa: BLE001 - told the pool, which serves from disk
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    # a forked worker is reaped by the kernel, not by a zygote that never waits for it
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    conn.send(("ready", os.getpid(), time.perf_counter() - started))
    control = socket.socket(fileno=os.dup(conn.fileno()))
    while True:
        try:
            asked = control.recv(1)
        except OSError:
            return
        if asked != FORK:
            return  # end of file: the pool closed its end, or is gone
        _fork_worker(control, copy, snapshot, parent, private)


def _fork_worker(
    control: socket.socket, copy: OxigraphStore, snapshot: str, parent: int, private: bool
) -> None:  # pragma: no cover - in a child
    """Fork one worker over ``copy`` and send its pid and socket's end on ``control``; the
    worker says ``("ready", pid)`` on its socket once it can take work (after its copy of
    the shared pages, with ``private``)."""
    ours, theirs = socket.socketpair()
    try:
        pid = os.fork()
    except OSError:
        control.sendall(PID.pack(0))
        ours.close()
        theirs.close()
        return
    if pid == 0:
        status = 1
        try:
            control.close()
            ours.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            if private:
                own_shared_pages()
            _die_without(parent)
            conn = Connection(theirs.detach())
            conn.send(("ready", os.getpid()))
            status = 0
            work(conn, (snapshot, copy), None)
        finally:
            os._exit(status)
    theirs.close()
    socket.send_fds(control, [PID.pack(pid)], [ours.fileno()])
    ours.close()


def _die_without(server: int) -> None:  # pragma: no cover - in a child
    """End this worker when the server is gone: its parent is the zygote, which may be
    retired (after a write) while its workers still serve, so the server's pid is watched."""

    def watch() -> None:
        while True:
            try:
                os.kill(server, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            time.sleep(0.5)

    with contextlib.suppress(RuntimeError):
        threading.Thread(target=watch, name="tkg-server-watch", daemon=True).start()
