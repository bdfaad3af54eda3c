"""What a ``RemoteStore`` does with the calls made for the embedded store's bulk loader: several
new graphs loaded together (all or none, as ``load`` with ``bulk`` loads one dataset's) and
the merge of its files (the server keeps its own: nothing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.rdfio import parse_rdf

__all__ = ["BatchLoading", "has_blank"]


class BatchLoading:
    """``bulk_load_graphs`` and ``compact`` of a ``RemoteStore`` (mixed into it)."""

    def has_graph(self, graph: str | None) -> bool:
        raise NotImplementedError

    def _bulk(self, groups: Mapping[str | None, list[ox.Triple]]) -> None:
        raise NotImplementedError

    def bulk_load_graphs(
        self, items: Sequence[tuple[str, bytes | Path]], *, lenient: bool = False
    ) -> bool:
        """Load the N-Triples of each of ``items`` into its graph, a new one, each sent
        straight in chunks; bad data anywhere sends nothing, a failure midway drops what
        was sent. ``lenient`` changes nothing here. Returns False: a server gains nothing
        from graphs given together (given none, nothing is done)."""
        groups: dict[str | None, list[ox.Triple]] = {
            graph: [q.triple for q in parse_rdf(data, format="nt", graph=graph)]
            for graph, data in items
        }
        existing = [graph for graph, _ in items if self.has_graph(graph)]
        if existing or len(groups) < len(items):
            raise StoreError(
                "a bulk load writes only new named graphs, each once; these exist or repeat: "
                + ", ".join(f"<{g}>" for g in existing or [graph for graph, _ in items])
            )
        if groups:
            self._bulk(groups)
        return False

    def compact(self, *, when_due: bool = False) -> bool:
        """Nothing: the server keeps its own files. Returns False (nothing merged here)."""
        return False


def has_blank(triple: ox.Triple) -> bool:
    """Whether ``triple`` holds a blank node (its subject or object)."""
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)
