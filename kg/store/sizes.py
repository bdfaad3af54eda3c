"""The number of triples in each named graph, kept as the store is written, so that a page
listing them (the home page) reads them instead of counting every quad (beside 1,000 papers,
10.9 M quads: 2.8-8.6 CPU s however it is asked).

Every write of :class:`kg.store.oxigraph.OxigraphStore` (a graph written, loaded, replaced or
dropped, an ingest, a delete, a build, the Graph Store Protocol, a SPARQL update) runs inside
:meth:`GraphSizes.writing` with the graphs it may change: before it, the sizes file beside an
on-disk store is removed; after it, those graphs alone are counted again and the file
written. A write stopped midway leaves no file, never a wrong one, and the sizes are counted
whole again the next time they are asked for (:meth:`GraphSizes.keep`). A write whose graphs
are not known beforehand (a dataset format; a SPARQL update whose caller does not name the
graphs it changes, as a user's update through the endpoint) forgets them the same way: the
update's text is not read a second time to guess them, Oxigraph's parser is the only one.
What is kept is checked against the store's list of graphs whenever it is read.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> sizes = GraphSizes(lambda: store, None)
>>> sizes.known()
{}
>>> with sizes.writing(["http://e/g"]):
...     store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"),
...                       ox.Literal("1"), ox.NamedNode("http://e/g")))
>>> sizes.known()
{'http://e/g': 1}
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import pyoxigraph as ox

__all__ = ["GraphSizes", "loaded_graphs", "sizes_file", "sizes_kept"]

_SCRATCH = "urn:x-tkg:scratch:"  # kg.store.bulk.SCRATCH_PREFIX: the store's own graphs
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {} {{ ?s ?p ?o }} }}"
_ALL = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def sizes_file(path: Path) -> Path:
    """Where the sizes of the on-disk store at ``path`` are kept: beside it."""
    return path.with_name(path.name + ".sizes.json")


class GraphSizes:
    """The triples per named graph of the pyoxigraph store ``store()`` gives, kept as it is
    written (see the module); on disk in :func:`sizes_file` of ``path`` when there is one."""

    def __init__(
        self,
        store: Callable[[], ox.Store],
        path: Path | None,
        *,
        read_only: bool = False,
        new: bool = False,
    ) -> None:
        """``new``: the store was made empty when opened (in memory, or a new folder)."""
        self._store, self._read_only = store, read_only
        self._file = sizes_file(path) if path is not None else None
        self._lock = threading.RLock()
        self._depth = 0
        self._sizes: dict[str, int] | None = {} if path is None or new else None
        self._read = path is None or new  # the file is read once, when first needed

    def _graphs(self) -> set[str]:
        return {
            g.value
            for g in self._store().named_graphs()
            if isinstance(g, ox.NamedNode) and not g.value.startswith(_SCRATCH)
        }

    def _load(self) -> None:
        if self._read or self._file is None:
            return
        self._read = True
        try:
            kept = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(kept, dict) and all(isinstance(n, int) for n in kept.values()):
            self._sizes = kept

    def known(self) -> dict[str, int] | None:
        """The triples in each named graph that holds any, by IRI in order, or None when
        they are not kept (a store written before they were, or by a write that could
        not keep them)."""
        with self._lock:
            if self._depth:
                return None
            self._load()
            if self._sizes is None or set(self._sizes) != self._graphs():
                return None
            return {g: n for g, n in sorted(self._sizes.items()) if n}  # as GROUP BY gives

    def keep(self, sizes: dict[str, int]) -> None:
        """Keep ``sizes``, counted whole over the store as it is now (no write between);
        a graph it does not name is empty."""
        with self._lock:
            if not self._depth:
                self._sizes = dict.fromkeys(self._graphs(), 0) | dict(sizes)
                self._read = True
                self._save()

    def _save(self) -> None:
        if self._file is None or self._read_only or self._sizes is None:
            return
        part = self._file.with_name(self._file.name + ".part")
        part.write_text(json.dumps(self._sizes, sort_keys=True), encoding="utf-8")
        os.replace(part, self._file)

    def _forget_file(self) -> None:
        if self._file is not None and not self._read_only:
            self._file.unlink(missing_ok=True)

    def _count(self, graph: str) -> int:
        solutions = self._store().query(_COUNT.format(ox.NamedNode(graph)))
        assert isinstance(solutions, ox.QuerySolutions)
        (row,) = solutions
        return int(row["n"].value)

    @contextmanager
    def writing(self, graphs: Iterable[str | None] | None) -> Iterator[None]:
        """Around a write that may change ``graphs`` (None: the store's own default graph,
        whose size is not kept), or graphs it cannot tell (``graphs`` None)."""
        with self._lock:
            self._load()
            self._depth += 1
            if self._depth == 1:
                self._forget_file()
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if graphs is None:
                    self._sizes = None
                if self._sizes is not None:
                    # one look-up a graph: listing them all (named_graphs) while a reader
                    # opens the live store read-only made RocksDB drop files it was reading
                    for graph in {g for g in graphs or () if g is not None}:
                        if self._store().contains_named_graph(ox.NamedNode(graph)):
                            self._sizes[graph] = self._count(graph)
                        else:
                            self._sizes.pop(graph, None)
                if not self._depth:
                    self._save()

    def count_all(self) -> dict[str, int]:
        """Count every named graph (every quad read) and keep the answer."""
        solutions = self._store().query(_ALL)
        assert isinstance(solutions, ox.QuerySolutions)
        counted = {
            row["g"].value: int(row["n"].value)
            for row in solutions
            if isinstance(row["g"], ox.NamedNode) and not row["g"].value.startswith(_SCRATCH)
        }
        self.keep(counted)
        return dict(sorted(counted.items()))


class _Sized(Protocol):
    sizes: GraphSizes


S = TypeVar("S", bound=_Sized)
P = ParamSpec("P")
R = TypeVar("R")


def sizes_kept(
    graphs: Callable[..., Iterable[str | None] | None],
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """A write method of a store run inside ``self.sizes.writing(graphs(*args, **kwargs))``:
    ``graphs`` tells from the method's arguments which graphs it may change."""

    def wrap(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        @functools.wraps(method)
        def kept(self: S, *args: P.args, **kwargs: P.kwargs) -> R:
            with self.sizes.writing(graphs(*args, **kwargs)):
                return method(self, *args, **kwargs)

        return kept

    return wrap


def loaded_graphs(
    data: Any, *, format: Any, graph: str | None = None, **_: Any
) -> list[str] | None:
    """The graphs a load may change: its target graph for triples; a dataset's graphs
    cannot be told before it is read (None).

    >>> loaded_graphs(b"", format="nt", graph="http://e/g"), loaded_graphs(b"", format="trig")
    (['http://e/g'], None)
    """
    from kg.store.formats import rdf_format

    fmt = rdf_format(format) if isinstance(format, str) else format
    return None if fmt.datasets or graph is None else [graph]
