"""A small store on disk for the tests of the query workers and their limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.store import OxigraphStore


@contextmanager
def numbered_disk_store(
    path: Path, graph: str, count: int, subject: str = "http://example.org/"
) -> Iterator[OxigraphStore]:
    """A store on disk at ``path`` whose ``graph`` holds ``count`` triples
    ``<{subject}{i}> <http://example.org/v> "{i}"``; closed on leaving."""
    store = OxigraphStore(path)
    lines = "".join(f'<{subject}{i}> <http://example.org/v> "{i}" .\n' for i in range(count))
    store.replace_graph(graph, lines, format="nt")
    try:
        yield store
    finally:
        store.close()
