"""The worker process's side: its loop, and the small piece of work ``graph_names``.

A worker is started by the pool (``kg.store.executor.processes``) with ``serve`` as its
target. It imports the modules it is told to preload, says it is ready, then runs one piece
of work after another over the snapshot each names, until its pipe closes or its parent
goes away.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import threading
import time
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import StoreError
from kg.store import OxigraphStore
from kg.store.executor.wire import portable, receive, send

__all__ = ["as_batch", "graph_names", "serve", "work"]


def graph_names(store: OxigraphStore) -> list[str]:
    """The named graphs of ``store``: a small piece of work to run in a worker."""
    return store.graphs()


def serve(
    conn: Connection, preload: Sequence[str], parent: int, options: Mapping[str, Any] | None = None
) -> None:  # pragma: no cover
    """The life of a spawned worker: import what it preloads, say it is ready, then ``work``
    over the snapshots it is told to open (with the keyword arguments ``options``, the live
    store's: its choice of default graph)."""
    _die_with(parent)
    as_batch()
    for module in preload:
        importlib.import_module(module)
    conn.send(("ready", os.getpid()))
    work(conn, None, options)


def work(
    conn: Connection,
    memory: tuple[str, OxigraphStore] | None,
    options: Mapping[str, Any] | None,
) -> None:  # pragma: no cover - in a child
    """Run one piece of work after another until the pipe closes: over ``memory``'s store
    when the work names its snapshot (an in-memory copy of it, see
    ``kg.store.executor.zygote``), else over the snapshot the work names, opened read-only;
    send each result."""
    store: OxigraphStore | None = None
    opened: str | None = None
    while True:
        try:
            # one read for a small message (``Connection.recv`` makes two)
            snapshot, fn, args = receive(conn)
        except EOFError:  # the parent is gone
            return
        try:
            if memory is not None and snapshot == memory[0]:
                reply: tuple[str, Any] = ("ok", fn(memory[1], *args))
            else:
                if snapshot != opened:
                    if store is not None:
                        store.close()
                    store = OxigraphStore(snapshot, read_only=True, **(options or {}))
                    opened = snapshot
                reply = ("ok", fn(store, *args))
        except Exception as exc:  # noqa: BLE001 - not handled here: the parent raises it again
            reply = ("error", portable(exc))
        try:
            send(conn, reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # does not pickle
            failure = StoreError(f"the worker cannot send its answer: {exc}")
            send(conn, ("error", portable(failure)))


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


def as_batch() -> None:  # pragma: no cover - in a child
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
