"""The snapshots of the store that the workers read, in a folder beside the store that
names the process owning it; and the removal of such folders left by a process that is gone.

A snapshot is a RocksDB checkpoint, hard links to the store's files: a folder left behind
(the server killed outright, or crashed) pins data the store has since deleted, gigabytes of
it after a while. So each pool's folder is named ``.tkg-snapshots-<pid>-<start>-<random>``,
with its owner's process id and start time (pids are reused; a pid and its start time are
not), and a pool starting removes the folders beside its store whose owner is no longer
running: only those, never a live server's, nor anything not named so.

>>> name = owner_of(Path(".tkg-snapshots-41-9000-abc"))
>>> name
(41, '9000')
>>> owner_of(Path(".tkg-snapshots-x1y2z3")) is None
True
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from kg.store import OxigraphStore

__all__ = ["PREFIX", "Snapshots", "owner_of", "remove_stale", "started"]

#: the start of the name of every folder of snapshots
PREFIX = ".tkg-snapshots-"
_NAME = re.compile(re.escape(PREFIX) + r"(\d+)-(\d+)-[^/]+")


def started(pid: int) -> str | None:
    """When the process ``pid`` started (clock ticks since boot, from ``/proc``), or None if
    there is no such process. Where there is no ``/proc``, ``"0"`` for any live process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return _alive_elsewhere(pid)
    # the command name, in brackets, may hold spaces: the fields counted after its end
    return stat.rpartition(")")[2].split()[19]


def _alive_elsewhere(pid: int) -> str | None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # someone else's: alive
        pass
    return "0"


def owner_of(folder: Path) -> tuple[int, str] | None:
    """The process id and start time a folder of snapshots is named after, or None for a
    folder not named so (not ours, or made by a version that did not name its owner)."""
    found = _NAME.fullmatch(folder.name)
    return (int(found.group(1)), found.group(2)) if found else None


def remove_stale(parent: Path) -> list[Path]:
    """Remove the folders of snapshots in ``parent`` whose owning process is gone; return
    them."""
    removed = []
    for folder in parent.glob(PREFIX + "*"):
        owner = owner_of(folder)
        if owner is None or not folder.is_dir():
            continue
        pid, start = owner
        now = started(pid)
        if now is not None and (now == start or "0" in (now, start)):
            continue  # its owner runs (a pid reused by another process has another start)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class Snapshots:
    """The snapshots of one store, in a folder of this process beside it: a new one after
    each write (``current``), old ones deleted when no worker holds them (``collect``)."""

    def __init__(self, store: OxigraphStore) -> None:
        assert store.path is not None
        remove_stale(store.path.parent)
        me = os.getpid()
        prefix = f"{PREFIX}{me}-{started(me) or '0'}-"
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=store.path.parent))
        self._store = store
        self._lock = threading.Lock()
        self._latest: Path | None = None
        self._generation = -1
        self._count = 0
        self._stale = False  # a snapshot may be unheld: set when one is replaced

    @property
    def latest(self) -> Path | None:
        return self._latest

    def current(self) -> Path:
        """A snapshot holding every write made so far; a new one after any write."""
        with self._lock:
            generation = self._store.generation
            if self._latest is None or generation != self._generation:
                self._count += 1
                target = self.folder / f"snapshot-{self._count}"
                self._store.snapshot(target)
                self._latest, self._generation = target, generation
                self._stale = True
            return self._latest

    def mark_stale(self) -> None:
        """Say that a snapshot may have lost its last holder (a worker was replaced)."""
        self._stale = True

    def collect(self, held: Iterable[Path | None]) -> None:
        """Delete the snapshots that neither this nor any worker (``held``: what they hold)
        holds any more; only after a new snapshot was taken or a worker replaced, else there
        is none to delete."""
        if not self._stale:
            return
        with self._lock:
            held = set(held)
            self._stale = any(path not in (None, self._latest) for path in held)
            held.add(self._latest)
            for path in self.folder.iterdir():
                if path not in held:
                    shutil.rmtree(path, ignore_errors=True)

    def remove(self) -> None:
        """Delete the folder and every snapshot in it."""
        shutil.rmtree(self.folder, ignore_errors=True)
