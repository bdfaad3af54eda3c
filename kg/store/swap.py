"""Two store directories exchanged in one step: how an on-disk store replaces a graph with
Oxigraph's bulk loader and stays atomic.

Oxigraph cannot rename a graph, and deleting a quad in a transaction costs as much as
writing one, so a transactional replacement of a large graph by other data costs about two
loads. Instead, a new store is built beside the old one (the other graphs copied, the new
graph bulk loaded), and the two directories are swapped with ``renameat2(RENAME_EXCHANGE)``,
which the kernel does atomically: whenever the process is stopped, the store's path holds
either the old store or the new one, whole. What is left beside it (the half-built new
store, or the old one after the swap) is removed when the store is next opened for writing.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "a").mkdir(); (folder / "a" / "x").touch(); (folder / "b").mkdir()
>>> exchange(folder / "a", folder / "b") if can_exchange(folder) else None
>>> sorted(p.name for p in (folder / "b").iterdir())
['x']
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store.pieces import bulk_load_in_pieces

__all__ = ["build_beside", "can_exchange", "exchange", "remove_leftovers", "side_path"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_MARK = ".tkg-swap-"


def _renameat2() -> Any:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return getattr(libc, "renameat2", None)


def exchange(a: Path, b: Path) -> None:
    """Swap the directories ``a`` and ``b`` atomically; ``OSError`` where the system or
    the file system cannot."""
    call = _renameat2()
    if call is None:
        raise OSError("renameat2 is not available here")
    done = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"cannot exchange {a} and {b}: {os.strerror(errno)}")


def can_exchange(folder: Path) -> bool:
    """Whether two directories in ``folder`` can be exchanged (tried on two empty ones)."""
    a, b = side_path(folder / "probe"), side_path(folder / "probe")
    try:
        a.mkdir()
        b.mkdir()
        exchange(a, b)
        return True
    except OSError:
        return False
    finally:
        for path in (a, b):
            shutil.rmtree(path, ignore_errors=True)


def side_path(path: Path) -> Path:
    """A new name beside ``path`` for the store built to replace it."""
    return path.parent / f".{path.name}{_MARK}{uuid.uuid4().hex}"


def remove_leftovers(path: Path) -> None:
    """Remove the stores a swap left beside ``path`` (half built, or replaced)."""
    for left in path.parent.glob(f".{path.name}{_MARK}*"):
        shutil.rmtree(left, ignore_errors=True)


def build_beside(
    store: ox.Store,
    path: Path,
    graph: ox.NamedNode,
    load: ox.RdfFormat,
    *,
    source: Path | bytes,
    base_iri: str | None = None,
    lenient: bool = False,
) -> Path:
    """A new store beside ``path``: ``store``'s content without ``graph`` (as N-Quads, read
    by the bulk loader in one go, so blank nodes shared between graphs stay shared), every
    named graph it has (empty ones too), and ``graph`` bulk loaded from ``source``. Returns
    its directory; on any error it is removed and the error raised (``store`` untouched)."""
    side = side_path(path)
    new = ox.Store(str(side))
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}{_MARK}") as tmp:
            others = Path(tmp) / "others.nq"
            with others.open("wb") as out:
                for name in [ox.DefaultGraph(), *store.named_graphs()]:
                    if name != graph:
                        quads = store.quads_for_pattern(None, None, None, name)
                        ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            new.bulk_load(path=str(others), format=ox.RdfFormat.N_QUADS)
        for name in store.named_graphs():
            if name != graph and isinstance(name, ox.NamedNode):
                new.add_graph(name)
        bulk_load_in_pieces(new, source, load, base_iri=base_iri, to_graph=graph, lenient=lenient)
        new.add_graph(graph)
        new.flush()
    except BaseException:
        del new
        shutil.rmtree(side, ignore_errors=True)
        raise
    del new
    return side
