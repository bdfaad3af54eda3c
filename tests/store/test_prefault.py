"""Warming a forked worker (``kg.store.executor.prefault``) and the order of its idle
stack (``kg.store.executor.turns``): a child that warms itself owns the pages it shared,
whose content is unchanged; a fresh worker waits under the warm ones."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from kg.store.executor.prefault import own_shared_pages
from kg.store.executor.processes import Worker
from kg.store.executor.turns import Turns


def _private_dirty_kib() -> int:
    for line in Path("/proc/self/smaps_rollup").read_text(encoding="ascii").splitlines():
        if line.startswith("Private_Dirty:"):
            return int(line.split()[1])
    return 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and madvise: Linux")
def test_a_forked_child_copies_the_pages_it_shares_and_keeps_their_content():
    data = bytearray(os.urandom(8 << 20))  # 8 MiB of anonymous memory, present and written
    digest = hashlib.sha256(data).hexdigest()
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        status = 1
        try:
            before = _private_dirty_kib()
            copied = own_shared_pages()
            grew = _private_dirty_kib() - before
            same = hashlib.sha256(data).hexdigest() == digest
            os.write(writable, f"{copied} {grew} {same}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    with os.fdopen(readable, "rb") as answer:
        copied, grew, same = answer.read().decode().split()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    assert same == "True"
    assert int(copied) >= len(data)  # at least the 8 MiB it shared
    assert int(grew) * 1024 >= len(data)  # now its own: private and dirty


def _worker(pid: int) -> Worker:
    return Worker(process=None, conn=None, pid=pid)  # type: ignore[arg-type]


def test_a_fresh_worker_waits_under_the_warm_ones():
    turns = Turns(share=2)
    warm, other, fresh = _worker(1), _worker(2), _worker(3)
    turns.free(warm, back=True)
    turns.free(other, back=True)
    turns.free(fresh, back=True, fresh=True)
    assert [w.pid for w in turns.idle] == [3, 1, 2]
    taken = [turns.claim_blocking(0) for _ in range(3)]
    assert [w.pid for w in taken if w is not None] == [2, 1, 3]  # the last used first
