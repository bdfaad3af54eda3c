"""What ``tkg serve`` starts before the app: its query workers, whose start (new Python
processes importing what they preload) can then overlap the app's imports instead of
following them. Light to import: no FastAPI here.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

from kg.settings import Settings
from kg.store import OxigraphStore
from kg.store.executor import ProcessExecutor, default_budget
from kg.store.executor.readahead import start_reading

__all__ = ["COPY_PRELOAD", "PRELOAD", "start_executor", "starting_executor"]

#: what each query worker imports before it says it is ready: the work of the SPARQL
#: endpoint and the catalogue's pages, and the HTTP side of the connections it answers
#: itself (``api.direct``: 0.29 CPU s to import, which a fresh worker's first query paid)
PRELOAD = ("api.sparql.protocol", "api.sparql.service", "kg.catalogue.records", "api.direct")
#: and what the process loading the in-memory copy imports besides (in the background, so
#: it costs the server's start nothing), which the workers forked from it then have: the
#: literature maps' networkx, numpy and scipy.sparse, 0.3-0.5 CPU s that a worker's first
#: co-citation map paid (its page answered 202 after ``TKG_PAGE_WAIT``, 0.5 s, on the chapter)
COPY_PRELOAD = ("kg.litmap.networks", "scipy.sparse")


def start_executor(settings: Settings, store: object) -> ProcessExecutor | None:
    """The query workers (``kg.store.executor``) for ``store`` when it is on disk, started
    (this waits until they are); None for any other store, whose queries run in threads.
    They answer from an in-memory copy of the store when it fits ``TKG_MEMORY_BUDGET``
    (half the memory available by default), loaded in the background: until it is, from
    disk.

    >>> from kg.store import open_store
    >>> start_executor(Settings(store="memory"), open_store("memory")) is None
    True
    """
    if not isinstance(store, OxigraphStore) or store.path is None:
        return None
    start_reading(store.path)  # the files into the page cache: what workers read first
    budget = settings.memory_budget
    return ProcessExecutor(
        store,
        workers=settings.query_workers,
        preload=PRELOAD,
        copy_preload=COPY_PRELOAD,
        allocator=settings.query_allocator,
        per_client=settings.workers_per_client,
        wait=settings.query_wait,
        memory_budget=default_budget() if budget is None else budget,
    )


def starting_executor(settings: Settings, store: object) -> Future[ProcessExecutor | None]:
    """:func:`start_executor` in a thread of its own: its future, for ``create_app``.

    The workers are new interpreters (about 0.45 CPU s each to start, four of them side by
    side): started here, before the app is imported, they start on the other core
    meanwhile instead of after (``bench/results/build.md``).
    """
    future: Future[ProcessExecutor | None] = Future()

    def start() -> None:
        try:
            future.set_result(start_executor(settings, store))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for it
            future.set_exception(exc)

    threading.Thread(target=start, name="tkg-start-workers", daemon=True).start()
    return future
