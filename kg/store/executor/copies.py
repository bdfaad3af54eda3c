"""The in-memory copies the pool serves from: one zygote per snapshot, loaded in the
background, the latest one ready handing out workers.

After a write, the next query names a new snapshot (``Snapshots.current``): ``want`` starts
a zygote loading it, in a thread, if none is loading already, and the query goes on at once
in a worker that opens that snapshot on disk (every worker can: one forked over an older
copy opens the snapshot its work names when that is not its copy's). So each query sees
every write made before it, and none waits for a copy to load. When the copy is ready and
still the latest, it replaces the one before (whose zygote ends; its workers are renewed by
the pool, ``on_ready``); when writes came meanwhile, the next latest snapshot is loaded.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.context import SpawnContext
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.store.executor.memory import Zygote, fits
from kg.store.executor.processes import Worker

__all__ = ["Copies"]


class Copies:
    """The zygotes of a pool: ``ready`` (the latest loaded) and one loading at a time.
    ``budget`` is the memory (bytes) a copy may take (``kg.store.executor.memory.fits``);
    ``on_ready`` is called, from the loading thread, once a new copy serves. When twice a
    copy per worker (``workers`` of them) and the zygote's fit the budget too (after a
    write, the old copies serve until the new ones are made), each worker copies the pages
    it shares before it takes work, so that its first query runs as fast as its later ones
    (``kg.store.executor.prefault``); else the workers share the pages until they write
    to them."""

    def __init__(
        self,
        context: SpawnContext,
        *,
        budget: int,
        preload: Sequence[str],
        allocator: str | None,
        options: Mapping[str, Any],
        on_ready: Callable[[], object],
        workers: int = 1,
    ) -> None:
        self.budget = budget
        self._workers = workers
        self._context = context
        self._preload = tuple(preload)
        self._allocator = allocator
        self._options = dict(options)
        self._on_ready = on_ready
        self._lock = threading.Lock()
        self.ready: Zygote | None = None
        self._loading: Zygote | None = None
        self._wanted: Path | None = None
        #: the snapshot being loaded, and the last one found over the budget or failed
        self._target: Path | None = None
        self._refused: Path | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        #: why the last copy was not made, if it was not (over the budget, or it failed)
        self.skipped = ""

    @property
    def serving(self) -> Path | None:
        """The snapshot the ready copy holds, if any."""
        ready = self.ready
        return ready.snapshot if ready is not None else None

    def held(self) -> list[Path]:
        """The snapshots a zygote is loading (not to be deleted before it has read them)."""
        loading = self._loading
        return [loading.snapshot] if loading is not None else []

    def want(self, snapshot: Path) -> None:
        """Have a copy of ``snapshot`` made, in the background, unless it is the ready one
        or one is loading (which then loads ``snapshot`` next, if still the latest)."""
        if snapshot in (self.serving, self._target, self._refused) or self._closed:
            return
        with self._lock:
            self._wanted = snapshot
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._load, name="tkg-copy", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the loading under way, if any; whether a copy is ready then."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.ready is not None

    def fork(self) -> Worker | None:
        """A worker forked over the ready copy, or None when there is none (or it failed)."""
        ready = self.ready
        if ready is None:
            return None
        try:
            return ready.fork()
        except StoreError:
            return None

    def _load(self) -> None:
        while True:
            with self._lock:
                snapshot, self._wanted = self._wanted, None
                if snapshot is None or self._closed or snapshot == self.serving:
                    self._thread = self._target = None
                    return
                self._target = snapshot
            if not fits(snapshot, self.budget):
                self.skipped = f"the store needs more memory than the budget of {self.budget} B"
                self._refused = snapshot
                continue
            try:
                zygote = Zygote(
                    self._context,
                    snapshot,
                    preload=self._preload,
                    allocator=self._allocator,
                    options=self._options,
                    private=fits(snapshot, self.budget // (2 * (self._workers + 1))),
                )
                self._loading = zygote
                zygote.wait_ready()
            except StoreError as exc:
                self.skipped = str(exc)
                self._loading, self._refused = None, snapshot
                continue
            self._loading = None
            with self._lock:
                latest = self._wanted is None
                old, closed = self.ready, self._closed
                if latest and not closed:
                    self.ready = zygote
            if closed or not latest:
                zygote.close()  # a later write came meanwhile: load its snapshot instead
                continue
            self.skipped = ""
            if old is not None:
                old.close()
            self._on_ready()

    def close(self) -> None:
        """Stop the zygotes (the loading one too); their workers are the pool's to stop."""
        with self._lock:
            self._closed = True
            ready, self.ready = self.ready, None
        loading = self._loading
        for zygote in (ready, loading):
            if zygote is not None:
                with contextlib.suppress(OSError):
                    zygote.close()
