"""Reading an on-disk store's files into the kernel's page cache at ``tkg serve``'s start,
in the background, off the path of any request (``start_reading``).

A query worker that reads the store on disk (no in-memory copy: ``TKG_MEMORY_BUDGET=0``, or
before the copy is loaded) pays for every block of the store it touches first with a read
from the disk. Beside 1,000 synthetic papers (a 2.6 GB store), with the page cache emptied
(``bench.pages``, quiet): the works list's first visit took 3,633 ms and a concept's 2,020,
against 576 and 584 with the files cached. Mapping each file and asking for its pages
(``madvise(MADV_POPULATE_READ)``, Linux 5.14) reads the whole store in 2.5 s here, for 0.4
CPU s of the reading thread, and returns when they are in (``posix_fadvise(WILLNEED)``, the
fallback, only asks: one call reads 8 MiB of a file on this kernel, so it is asked for each
8 MiB). Only when the files fit in half the memory available: a store larger than that
would only push other pages out.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import threading
from pathlib import Path

from kg.store.executor.memory import default_budget

__all__ = ["MADV_POPULATE_READ", "STEP", "read_ahead", "start_reading", "wait_read"]

#: madvise's advice to fault a mapping's pages in, read from the file (Linux 5.14)
MADV_POPULATE_READ = 22
#: the span of one request to the kernel where populating is not supported
STEP = 8 << 20

#: the readings started in this process, by folder (``wait_read``)
_READING: dict[Path, threading.Event] = {}


def read_ahead(folder: Path, budget: int | None = None) -> int:
    """Read every file of the store in ``folder`` into the page cache, when they fit
    ``budget`` bytes (by default half the memory available); the bytes read (0: none).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "000001.sst").write_bytes(b"x" * 1000)
    >>> read_ahead(folder), read_ahead(folder, budget=999)
    (1000, 0)
    """
    files = [path for path in folder.iterdir() if path.is_file()]
    sizes = [path.stat().st_size for path in files]
    total = sum(sizes)
    if total > (default_budget() if budget is None else budget):
        return 0
    for path, size in zip(files, sizes, strict=True):
        with contextlib.suppress(OSError, ValueError):  # a file a compaction removed meanwhile
            _read(path, size)
    return total


def _read(path: Path, size: int) -> None:
    if not size:
        return
    with path.open("rb") as file:
        try:
            with mmap.mmap(file.fileno(), size, prot=mmap.PROT_READ) as mapped:
                mapped.madvise(MADV_POPULATE_READ)
        except OSError:  # a kernel before 5.14: ask, a span at a time
            for offset in range(0, size, STEP):
                os.posix_fadvise(file.fileno(), offset, STEP, os.POSIX_FADV_WILLNEED)


def start_reading(folder: Path) -> None:
    """:func:`read_ahead` of ``folder`` in a daemon thread."""
    done = _READING[folder] = threading.Event()

    def reading() -> None:
        try:
            read_ahead(folder)
        finally:
            done.set()

    threading.Thread(target=reading, name="tkg-read-ahead", daemon=True).start()


def wait_read(folder: Path, timeout: float) -> bool:
    """Wait until the reading of ``folder`` started in this process is done; False when
    it is not within ``timeout`` seconds (True when none was started)."""
    done = _READING.get(folder)
    return done is None or done.wait(timeout)
