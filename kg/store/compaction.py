"""When an on-disk store merges its files (RocksDB's compaction): after bulk loads that added
enough beside what it holds, kept count of in a small file beside the store.

Each run of Oxigraph's bulk loader writes new files into the first level of every index,
whose keys overlap those of the files already there, and a look-up then consults each. A
process that keeps the store open to write merges some of them in the background, but one
that closes first (every ``tkg ingest``, ``tkg load``) leaves them, and the read-only
snapshots of ``tkg serve``'s query workers never merge anything. Beside 1,000 papers
(8.8 M quads, compacted), one ``tkg ingest`` of three papers doubled the CPU of a look-up
heavy query (7,520 sentence starts: 48 -> 97 ms) and three more kept it there (RocksDB's
merges at each opening for writing bound the first level); merged again, 57 ms. But a
merge rewrites most of the store, whatever was added: 36 CPU s there, after those four
ingests of 7 s each. So the store is merged when the bytes the bulk loader read since the
last merge reach :data:`RATIO` of the size of the store's files, and the cost of merging
stays in proportion to what is loaded: a small store is merged after nearly every load (in
ms), the 1,000-paper one after some 300 MB of N-Triples. Where: when a store opened for writing
closes, and when one is opened for writing (the loads of a process that did not close: a
``tkg serve`` then merges before its query workers take their snapshot).

The count lives in :func:`loads_file` beside the store (as the graph sizes do,
:mod:`kg.store.sizes`), written whole in one step (a file renamed over it) before each run
of the loader, so a run stopped midway is counted; it is removed once the store is merged.
A store written before it was kept has none: ``tkg compact`` merges it.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> store = ox.Store(str(folder / "store"))
>>> loads = BulkLoads(folder / "store")
>>> loads.add(1000)
>>> loads.noted(), loads.due()
((1, 1000), True)
>>> loads.compact(store, when_due=True), loads.noted()
(True, (0, 0))
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["RATIO", "BulkLoads", "files_size", "loads_file"]

#: The store is merged once the bytes bulk loaded since it last was reach this fraction
#: of its files' size (see the module).
RATIO = 1 / 8

_log = logging.getLogger(__name__)


def loads_file(path: Path) -> Path:
    """Where the bulk loads into the on-disk store at ``path`` are counted: beside it."""
    return path.with_name(path.name + ".loads.json")


def files_size(path: Path) -> int:
    """The bytes of the store's data files (RocksDB's tables) at ``path``."""
    try:
        return sum(f.stat().st_size for f in path.iterdir() if f.suffix == ".sst")
    except OSError:
        return 0


class BulkLoads:
    """The runs of the bulk loader into the on-disk store at ``path`` since its files were
    last merged, and the bytes they read; none for a store in memory or read-only."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = None if read_only else path
        self._lock = threading.Lock()

    def noted(self) -> tuple[int, int]:
        """The runs and the bytes they read, as kept (none when the file is unreadable)."""
        if self.path is None:
            return (0, 0)
        try:
            kept = json.loads(loads_file(self.path).read_text(encoding="utf-8"))
            runs, read = int(kept["runs"]), int(kept["bytes"])
        except (OSError, ValueError, KeyError, TypeError):
            return (0, 0)
        return (runs, read)

    def add(self, read: int, runs: int = 1) -> None:
        """Count ``runs`` of the loader reading ``read`` bytes, before they run. A count
        that cannot be written is left as it was: the store then waits longer for a merge."""
        if self.path is None:
            return
        with self._lock:
            was_runs, was_read = self.noted()
            counted = {"runs": was_runs + runs, "bytes": was_read + max(read, 0)}
            target = loads_file(self.path)
            part = target.with_name(target.name + ".part")
            try:
                part.write_text(json.dumps(counted), encoding="utf-8")
                os.replace(part, target)
            except OSError:
                part.unlink(missing_ok=True)

    def due(self) -> bool:
        """Whether the loads since the last merge call for one (see the module)."""
        if self.path is None:
            return False
        runs, read = self.noted()
        return runs > 0 and read >= RATIO * files_size(self.path)

    def compact(self, store: ox.Store, *, when_due: bool = False) -> bool:
        """Merge the files of ``store`` (at ``path``; with ``when_due``, only if
        :meth:`due`), then forget the count. Whether it merged. A merge that fails raises
        ``StoreError`` and leaves the store as it was (RocksDB puts the merged files in
        place in one step) and the count as it was, so a later closing tries again; the
        engine then refuses further writes in this process (it stopped on the error)."""
        if self.path is None or (when_due and not self.due()):
            return False
        try:
            store.optimize()  # safe beside reads, writes and snapshots
            store.flush()  # a merge that failed (a full disk) says so here, not above
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot compact the store at {self.path}: {exc}") from exc
        loads_file(self.path).unlink(missing_ok=True)
        return True

    def settle(self, store: ox.Store) -> bool:
        """:meth:`compact` when due, on opening or closing: a merge that fails is logged, not
        raised (the store is whole and readable; the next opening or closing tries again)."""
        try:
            return self.compact(store, when_due=True)
        except StoreError as exc:
            _log.warning("%s; it is tried again when the store is next opened or closed", exc)
            return False
