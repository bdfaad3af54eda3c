"""The list of a server's named graphs: how to ask for it, and how long to trust it.

Every query a ``RemoteStore`` sends to Virtuoso spells its dataset out (a ``default-graph-uri``
and a ``named-graph-uri`` for each of our graphs), and so needs that list; on the other servers
only queries that name part of a dataset do. Asking for it is cheap with the right question:

- Oxigraph's server answers ``GRAPH ?g { }`` from its list of graphs (empty ones too);
- Virtuoso 7.2 rewrites the textbook ``SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }``
  into a call of its ``DB.DBA.SPARQL_SELECT_KNOWN_GRAPHS`` procedure, which takes seconds
  (4.4 s over the 21,000 quads of the default corpus); the same question as a ``GROUP BY``
  is planned as a scan of the quad table's graph column (20 ms there), and it keeps no
  empty graphs, so nothing is lost.

``GraphList`` remembers the answer for ``ttl`` seconds. One instance is shared by a store and
the copies ``with_timeout`` makes of it (the API makes one per request), so a request does
not pay for the list when the one before it has just asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["GraphList", "list_graphs_query"]


def list_graphs_query(kind: str) -> str:
    """The query that lists the named graphs on a server of ``kind``, answered from indexes.

    >>> list_graphs_query("oxigraph")
    'SELECT ?g WHERE { GRAPH ?g { } }'
    """
    if kind == "oxigraph":
        return "SELECT ?g WHERE { GRAPH ?g { } }"
    # not SELECT DISTINCT: Virtuoso takes that exact text for a call of its slow procedure
    return "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class GraphList:
    """The graph list, fetched on demand and trusted for ``ttl`` seconds (0: never kept).

    Writes made through the store call ``forget()`` (before and after they run), so the
    store's own writes are seen by its next query. A write by another client (another
    process, another ``RemoteStore``) is not seen until the list is ``ttl`` seconds old: a
    graph it created is missing from our queries' datasets until then (on Virtuoso, where
    every query spells its dataset out), and a graph it dropped is named in them but empty,
    which changes no answer. A fetch that overlaps a ``forget()`` is used once but not kept.

    >>> calls = []
    >>> graphs = GraphList(ttl=60)
    >>> graphs.get(lambda: calls.append(1) or ["urn:a"]), graphs.get(lambda: ["urn:b"])
    (['urn:a'], ['urn:a'])
    >>> graphs.forget(); graphs.get(lambda: ["urn:b"])
    ['urn:b']
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._kept: tuple[float, list[str]] | None = None
        self._generation = 0

    def get(self, fetch: Callable[[], list[str]]) -> list[str]:
        """The list, from memory if fresh, else from ``fetch()`` (kept if no write overlapped)."""
        now = time.monotonic()
        with self._lock:
            kept, generation = self._kept, self._generation
        if kept is not None and now - kept[0] <= self.ttl:
            return kept[1]
        graphs = fetch()
        with self._lock:
            if generation == self._generation and self.ttl > 0:
                self._kept = (now, graphs)
        return graphs

    def forget(self) -> None:
        """Drop the list (a write through the store is about to run, or has run)."""
        with self._lock:
            self._kept = None
            self._generation += 1
