"""The index of a served store, kept in step in a background thread: never in a request.

At start the thread compares the index with the store (``SearchIndex.stale``: a fingerprint
of each graph) and indexes what is missing or changed; then, whenever the store's
``generation`` moves (a write through the web app: a document deleted, a graph put, a SPARQL
update), it does so again, for the graphs that changed only. The build lock
(``kg.search.building``) lets one build run at a time, across threads and processes; a
search meanwhile answers from what is committed and says how far the build has come
(``state``). A store with no ``generation`` (one on a SPARQL server) is compared when a
search asks (``poke``), at most once every ``recheck`` seconds.

>>> import tempfile
>>> from pathlib import Path
>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> _ = store.load(b'<https://w3id.org/technocracy/id/x> '
...     b'<http://www.w3.org/2004/02/skos/core#prefLabel> "Quayside" .',
...     format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> keeper = IndexKeeper(store, Path(tempfile.mkdtemp()) / "index.sqlite")
>>> keeper.run_once()
['https://w3id.org/technocracy/graph/t']
>>> keeper.run_once(), state(keeper.path)
([], None)
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from kg.search.building import Building, BuildLock, held
from kg.search.index import SearchIndex
from kg.store import Store

__all__ = ["IndexKeeper", "state"]

log = logging.getLogger(__name__)


def state(path: Path) -> Building | None:
    """How far the build of the index at ``path`` has come, if one is under way (the lock
    held and progress committed: a keeper that only compares builds nothing), else None."""
    if not held(path):
        return None
    index = SearchIndex(path, readonly=True)
    try:
        progress = index.progress()
    finally:
        index.close()
    return Building(done=progress[0], total=progress[1]) if progress else None


class _Stopped(Exception):
    """The keeper was stopped between two batches of a build."""


class IndexKeeper:
    """Keeps the index file ``path`` in step with ``store`` from a thread of its own."""

    def __init__(
        self,
        store: Store,
        path: Path,
        *,
        corpus_dir: Path | None = None,
        poll: float = 0.5,
        recheck: float = 60.0,
    ) -> None:
        self.store = store
        self.path = path
        self.corpus_dir = corpus_dir
        self.poll = poll
        self.recheck = recheck
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: object = object()  # no generation seen yet: compare at start
        self._checked = 0.0

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="tkg-search-index", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread after the batch it is writing (a build left half done is taken up
        by the next start: its graphs' fingerprints are not yet written)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def poke(self) -> None:
        """A search came: look again now (the generation is read without a query)."""
        self._wake.set()

    def behind(self) -> bool:
        """Whether the store was written since the index was last brought in step (or it
        never was): a search then says the index is being brought up to date."""
        generation = getattr(self.store, "generation", None)
        if generation is None:
            return self._checked == 0.0
        return generation != self._seen

    def _due(self) -> bool:
        generation = getattr(self.store, "generation", None)
        if generation is None:  # no count of writes: compare now and then
            return time.monotonic() - self._checked >= self.recheck
        return generation != self._seen

    def run_once(self) -> list[str] | None:
        """Compare and index what changed, under the build lock: the graphs redone, or
        None when another build holds the lock (the keeper tries again later)."""
        lock = BuildLock(self.path)
        if not lock.acquire(blocking=False):
            return None
        try:
            seen = getattr(self.store, "generation", None)
            index = SearchIndex(self.path, corpus_dir=self.corpus_dir)
            try:
                redone = index.sync(self.store, progress=self._check_stop)
            except _Stopped:
                return None
            finally:
                index.close()
            self._seen = seen
            self._checked = time.monotonic()
            return redone
        finally:
            lock.release()

    def _check_stop(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise _Stopped

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self._due():
                try:
                    self.run_once()
                except Exception:  # a failed build must not end the keeping; next write retries
                    log.exception("the search index could not be brought up to date")
                    self._seen = getattr(self.store, "generation", None)
                    self._checked = time.monotonic()
            self._wake.wait(self.poll)
            self._wake.clear()
