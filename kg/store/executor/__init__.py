"""Queries under a time limit that really stops them: a pool of worker processes.

pyoxigraph cannot cancel a running query, and a Python thread cannot be killed, so a
runaway query in a thread keeps its CPU and memory until it ends, however long that is.
``ProcessExecutor`` runs work for a store *on disk* in a small pool of worker processes
instead. When the work is over its time limit, the worker running it is killed (SIGTERM,
then SIGKILL): its CPU and memory come back at once, ``kg.errors.StoreTimeoutError`` is
raised, a fresh worker takes its place, and the other workers go on serving meanwhile.

Each worker reads a *snapshot* of the store (a RocksDB checkpoint, made of hard links:
milliseconds), opened with ``pyoxigraph.Store.read_only``. It does not open the live store:
pyoxigraph documents opening a store read-only while another process writes to it as
undefined behaviour, and a read-only instance would not see later writes anyway. Every write
through the ``OxigraphStore`` raises its ``generation``; the next piece of work takes a new
snapshot, and a worker reopens before running it, so each query sees every write made
before it. Old snapshots are deleted when no worker holds them, and the folders of snapshots
left by a server that was killed are removed when the next one starts (``snapshots``).

The work is a module-level function ``fn(store, *args)`` (pickled by reference) that
returns something small and picklable — for the API, the negotiated media type and the
serialized bytes; pyoxigraph's own result objects never leave the worker. An exception
raised in the worker is raised again in the caller, with its attributes.

Workers may run with another memory allocator than the C library's (``allocator``):
Oxigraph allocates heavily while it evaluates, and with jemalloc preloaded SP2Bench's
queries over 10 ms ran 8-35% faster in raw pyoxigraph (``bench/results/sparql.md``).

*Serving from memory.* In-memory pyoxigraph answers SP2Bench's large queries about twice as
fast as RocksDB on disk (five times on q11). Given a ``memory_budget`` that a copy of the
store fits (``kg.store.executor.memory.fits``: its size on disk times two), the pool starts
a *zygote* (``zygote``): a process that loads the current snapshot into an in-memory
``pyoxigraph.Store()`` (its quads sorted, which lays those of a subject side by side: 10-25%
less CPU on SP2Bench's large queries than RocksDB's order) and then forks workers on
request; a forked worker shares the copy's pages with the zygote and its siblings
copy-on-write. Oxigraph's in-memory store writes to each quad a query walks (a reference
count, a lock), so a worker comes to own a copy of the pages its queries walk; when a copy
per worker fits the budget, a fresh worker makes that copy before it takes work
(``prefault``), so that its first query is not slowed by the copying. Its socket comes
back to the pool with ``socket.send_fds``; the pool kills it by pid (through a pidfd) at
the time limit, as any worker, and asks the zygote for another (not a new interpreter). Until the
copy is loaded, and after each write until the next copy is, the workers read the new
on-disk snapshot as before: every worker opens the snapshot its work names when that is not
its copy's, so each query still sees every write made before it and none waits for a
reload (``copies``). When a new copy is ready, the workers are renewed from its zygote (idle
ones at once, busy ones when their work is done) and the previous zygote ends. Persistence
stays the on-disk store's. A budget of 0, or a store over it, serves from disk alone.
SP2Bench 1M over HTTP (``bench/results/sparql.md``): 0.68-1.18x the time of Oxigraph's own
in-memory server (server CPU 0.78-1.19x); the whole process tree's PSS 5.1x its memory with
prefaulted workers (a copy each), 1.95x before them. A prefaulted worker's first query
takes the server CPU of a warm one (0.95-1.30x, the median of 3 fresh workers, on a
machine at load 12-18; 1.0x for q9, whose single fresh run had read 2.2x in wall time).

*Answering clients directly.* ``serve_directly`` has the workers answer connections the
server hands them (``lanes``): a worker reads the requests and writes the answers itself,
with a handler the caller gives (the HTTP side is ``api.direct``'s), under the same time
limit (the server reads what each worker runs from a shared slot and kills one over it),
from the snapshot the pool publishes after each write.

An in-memory store (``TKG_STORE=memory``) cannot be opened by another process: for it there
is no executor, and the caller keeps running the work in a thread (``api.deps.in_worker``),
where the time limit only stops the waiting, not the work. (Forking workers from the server
itself would share its store, but the server runs threads by then, and a later write would
not reach the forks.)

::

    pool       ProcessExecutor: hands work to the workers, under the time limit
    turns      whose turn it is: a share of the workers per client, fewest held first
    snapshots  the snapshots the workers read; folders left by a dead server removed
    copies     the in-memory copies: a zygote per snapshot, loaded in the background
    memory     the pool's handle on a zygote, forked workers (pidfds), the memory budget
    zygote     the zygote's side: load a snapshot into memory, fork workers over it
    prefault   a forked worker's own copy of the pages it shares, made before it works
    watching   the workers' pipes watched from event loops
    processes  starting a worker process (with its allocator) and stopping one
    worker     what runs in a worker process: its loop, and the work ``graph_names``
    wire       what crosses a worker's pipe: framed pickles, exceptions as data
    lanes      clients' connections handed to the workers, taken back, timed (the server)
    direct     a worker answering the connections handed to it (the worker's side)
    handing    the pool's part in that: lanes given, the snapshot published, kills

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

from kg.store.executor.memory import default_budget
from kg.store.executor.pool import ProcessExecutor
from kg.store.executor.processes import allocator_library, default_workers
from kg.store.executor.worker import graph_names

__all__ = [
    "ProcessExecutor",
    "allocator_library",
    "default_budget",
    "default_workers",
    "graph_names",
]
