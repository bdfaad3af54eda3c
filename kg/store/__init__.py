"""The triple store: one ``Store`` protocol, one return type per method.

``OxigraphStore`` is the embedded backend (pyoxigraph), persistent on disk or in
memory. A remote backend for any SPARQL 1.1 Protocol server implements the same
protocol, so callers never know which one they hold.

The default graph of a query is the union of all graphs, unless the query (``FROM``,
``FROM NAMED``) or the caller names the graphs to use (see ``kg.store.dataset``).
Everything this project writes lives in named graphs; ``replace_graph`` swaps one for
another in a single transaction.

>>> store = open_store("memory")
>>> store.replace_graph("http://example.org/g",
...     b'<http://example.org/a> <http://example.org/p> "1" .', format="nt")
1
>>> [row["o"].value for row in store.query("SELECT ?o { ?s ?p ?o }").rows()]
['1']
>>> store.graphs()
['http://example.org/g']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import (
    QueryResult,
    Source,
    Store,
    Stream,
    Term,
    serialize_rdf,
    tidy_parser_message,
    value_of,
)
from kg.store.oxigraph import OxigraphStore
from kg.store.rdfio import dataset_format, one_graph_quads, parse_rdf, stream_format

__all__ = [
    "OxigraphStore",
    "QueryResult",
    "Source",
    "Store",
    "Stream",
    "Term",
    "dataset_format",
    "one_graph_quads",
    "open_store",
    "parse_rdf",
    "serialize_rdf",
    "stream_format",
    "tidy_parser_message",
    "value_of",
]


def open_store(
    spec: str,
    *,
    read_only: bool = False,
    remote: object | None = None,
    outbound: Sequence[str] = (),
    default_graph: str = "union",
) -> Store:
    """Open a store from a setting: ``memory``, ``oxigraph:PATH``, a bare path, or the
    http(s) URL of a SPARQL server (a ``kg.store.remote.RemoteStore``, configured further by
    ``TKG_REMOTE_*`` or ``remote``, a ``kg.store.remote.RemoteSettings``; ``read_only`` is then
    the server's business). ``outbound``: the hosts an embedded store's ``SERVICE`` and
    ``LOAD`` may call (see :mod:`kg.store.guard`). ``default_graph``: what a query that names
    no dataset sees, ``union`` or ``default`` (see :mod:`kg.store.dataset`); a remote store
    answers with the union only.

    >>> open_store("memory")
    OxigraphStore('memory')
    """
    spec = spec.strip()
    if spec in ("memory", "oxigraph:memory", ":memory:"):
        return OxigraphStore(outbound=outbound, default_graph=default_graph)
    scheme = spec.split("://", 1)[0] if "://" in spec else ""
    if scheme.rsplit("+", 1)[-1] in ("http", "https"):
        from kg.store.remote import RemoteSettings, open_remote

        if default_graph != "union":
            raise StoreError(
                f"a remote store's default graph is the union of its graphs, not {default_graph!r}"
            )
        settings = remote if isinstance(remote, RemoteSettings) else None
        return open_remote(spec, settings)
    path = spec.removeprefix("oxigraph:")
    if not path:
        raise StoreError("empty store path: use oxigraph:PATH or memory")
    return OxigraphStore(
        Path(path), read_only=read_only, outbound=outbound, default_graph=default_graph
    )
