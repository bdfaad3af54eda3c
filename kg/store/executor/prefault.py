"""Warming a worker forked over an in-memory copy before it takes work: its own copy of
the pages it shares with the zygote, made at once (``own_shared_pages``).

A forked worker shares the zygote's pages until it writes to one; then the kernel copies
that page for it (copy-on-write). Oxigraph's in-memory store writes as it reads: each quad
a query walks has its reference count raised and lowered and its lock taken (Oxigraph's
``storage/memory.rs``), so a worker's first queries copy, page by page, most of the store
(SP2Bench 1M: q2 then q12a took 97,000 page faults and 300 of the copy's 450 MB), and ran
1.2-2.8 times their later time. Asking the kernel for the copies in one call per run of
pages (``MADV_POPULATE_WRITE``, Linux 5.14) before the worker takes work costs a fraction
of a second of CPU, off the path of any request, and its first query then runs as a warm
one. The price is memory: each worker holds its own copy from the start instead of
growing towards one as its queries walk the store; so the pool asks for it only when a
copy per worker fits the memory budget (``kg.store.executor.copies``).

Only pages present and still shared are touched: copying what was never written (a heap's
free space) would only take memory.

>>> own_shared_pages() >= 0
True
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
from collections.abc import Iterator

__all__ = ["MADV_POPULATE_WRITE", "own_shared_pages"]

#: madvise's advice to fault pages in writable, breaking copy-on-write (Linux 5.14)
MADV_POPULATE_WRITE = 23
#: a page's entry in /proc/PID/pagemap: present in memory, and mapped by this process only
_PRESENT = 1 << 63
_EXCLUSIVE = 1 << 56
#: a private writable mapping of no file (the anonymous memory a fork shares), or the heap
_ANONYMOUS = re.compile(rb"^([0-9a-f]+)-([0-9a-f]+) rw-p \S+ \S+ 0\s*(\[heap\])?\s*$")


def _anonymous_ranges() -> Iterator[tuple[int, int]]:
    with open("/proc/self/maps", "rb") as maps:
        for line in maps:
            found = _ANONYMOUS.match(line)
            if found:
                yield int(found.group(1), 16), int(found.group(2), 16)


def _shared_runs(pagemap: int, start: int, end: int, page: int) -> Iterator[tuple[int, int]]:
    """The runs (address, length) of pages in [start, end) present and shared."""
    entries = memoryview(os.pread(pagemap, (end - start) // page * 8, start // page * 8))
    run = None
    for index, entry in enumerate(entries.cast("Q")):
        shared = entry & _PRESENT and not entry & _EXCLUSIVE
        if shared and run is None:
            run = index
        elif not shared and run is not None:
            yield start + run * page, (index - run) * page
            run = None
    if run is not None:
        yield start + run * page, (len(entries) // 8 - run) * page


def own_shared_pages() -> int:
    """Copy now, into this process, every page of its anonymous memory that it still shares
    with its parent; the bytes copied (0 where the kernel or ``/proc`` cannot say or do it:
    the copies are then made as the pages are written, as without this)."""
    try:
        madvise = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    page = os.sysconf("SC_PAGE_SIZE")
    copied = 0
    with contextlib.suppress(OSError):
        pagemap = os.open("/proc/self/pagemap", os.O_RDONLY)
        try:
            for start, end in list(_anonymous_ranges()):
                for address, length in _shared_runs(pagemap, start, end, page):
                    if madvise(address, length, MADV_POPULATE_WRITE) != 0:
                        return copied  # not supported here (before Linux 5.14): leave it
                    copied += length
        finally:
            os.close(pagemap)
    return copied
