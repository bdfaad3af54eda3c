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
from kg.store.executor.direct import adopted
from kg.store.executor.direct import serve as serve_directly
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
    send each result. Once the worker has adopted a lane (``kg.store.executor.direct``), it
    answers the connections handed to it as well, between the pieces of work."""
    opened: list[tuple[str, OxigraphStore]] = []

    def store_for(snapshot: str) -> OxigraphStore:
        if memory is not None and snapshot == memory[0]:
            return memory[1]
        if not opened or opened[0][0] != snapshot:
            if opened:
                opened.pop()[1].close()
            opened.append((snapshot, OxigraphStore(snapshot, read_only=True, **(options or {}))))
        return opened[0][1]

    def one() -> None:
        # one read for a small message (``Connection.recv`` makes two); EOFError: gone
        snapshot, fn, args = receive(conn)
        try:
            reply: tuple[str, Any] = ("ok", fn(store_for(snapshot), *args))
        except Exception as exc:  # noqa: BLE001 - not handled here: the parent raises it again
            reply = ("error", portable(exc))
        try:
            send(conn, reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # does not pickle
            failure = StoreError(f"the worker cannot send its answer: {exc}")
            send(conn, ("error", portable(failure)))

    with contextlib.suppress(EOFError):  # the parent is gone
        while (lane := adopted()) is None:
            one()
        serve_directly(lane, conn.fileno(), one, store_for)


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
