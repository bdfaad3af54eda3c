"""Opening an on-disk Oxigraph store read-only beside the process that writes it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

__all__ = ["open_read_only"]


def open_read_only(path: Path, tries: int = 5) -> ox.Store:
    """The store at ``path`` opened read-only, tried again when a file its manifest names
    was gone: RocksDB's writer removes the files a flush or compaction made obsolete, and
    may do so while a reader opens the store (it did in 1 of 6 tries when the writer read
    the store right after a write).

    >>> open_read_only(Path("/nonexistent/store"))
    Traceback (most recent call last):
    ...
    FileNotFoundError: IO error: No such file or directory: ...
    """
    for left in range(tries - 1, -1, -1):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as exc:
            if not left or "No such file" not in str(exc):
                raise
    raise AssertionError("unreachable")
