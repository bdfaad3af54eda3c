"""One index build at a time, and whether one is under way: a lock on a file beside the index.

The lock is ``fcntl.flock`` on ``INDEX.lock``, taken by whoever writes the index in bulk (the
web app's keeper thread, ``tkg ingest``, ``tkg delete``, ``tkg search-index``). It is held
by an open file, so it holds across threads (each lock opens the file anew) and processes
(the server's query workers, another ``tkg``), and it goes when its holder does: a build
that died leaves no lock behind. A search asks ``under_way``: the lock taken by someone, and
the progress the build last committed to the index (``SearchIndex.progress``).

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "index.sqlite"
>>> first, second = BuildLock(path), BuildLock(path)
>>> first.acquire(blocking=False), second.acquire(blocking=False), held(path)
(True, False, True)
>>> first.release(); second.acquire(blocking=False)
True
>>> second.release(); held(path)
False
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import IO

from pydantic import BaseModel, Field

__all__ = ["BuildLock", "Building", "held", "lock_file"]

#: the lock of an index kept in memory (tests, doctests): one per process
_MEMORY = threading.Lock()


class Building(BaseModel):
    """An index build under way: how far it has come."""

    done: int = Field(description="graphs indexed so far")
    total: int = Field(description="graphs this build indexes")


def lock_file(path: Path) -> Path:
    """The lock file of the index at ``path``."""
    return path.with_name(path.name + ".lock")


class BuildLock:
    """The right to write the index at ``path`` in bulk (``None``: an index in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        self._memory = False

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the lock; without ``blocking``, False at once if someone has it."""
        if self.path is None:
            self._memory = _MEMORY.acquire(blocking=blocking)
            return self._memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_file(self.path), "ab")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.close()
            return False
        except BaseException:
            handle.close()
            raise
        self._file = handle
        return True

    def release(self) -> None:
        """Give the lock back (nothing if not held)."""
        if self._memory:
            self._memory = False
            _MEMORY.release()
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def held(path: Path | None) -> bool:
    """Whether someone holds the build lock of the index at ``path`` now."""
    if path is None:
        return _MEMORY.locked()
    if not lock_file(path).is_file():
        return False
    try:
        fd = os.open(lock_file(path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock, if this took it
    return False
