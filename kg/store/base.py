"""The store's contract: ``QueryResult``, the ``Store`` protocol every backend implements,
and the types its methods take."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import (
    StoreError,
    UnsupportedFormatError,
)
from kg.store.formats import RDF_FORMATS, RESULTS_FORMATS, Format, rdf_format, results_format

__all__ = ["QueryResult", "Source", "Store", "Stream", "Term", "tidy_parser_message"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal


Source = bytes | str | Path


Stream = bytes | Path | BinaryIO


@dataclass
class QueryResult:
    """The answer to any SPARQL query: solutions, a boolean, or triples.

    Backed by pyoxigraph's own result objects, which any backend can produce
    (the remote one parses the server's response into them), so serialization is
    always done by Oxigraph and never by hand.
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    _solutions: ox.QuerySolutions | None = None
    _boolean: ox.QueryBoolean | None = None
    _triples: ox.QueryTriples | None = None

    @classmethod
    def of(cls, raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
        """Wrap what pyoxigraph returned."""
        if isinstance(raw, ox.QuerySolutions):
            return cls("select", [v.value for v in raw.variables], _solutions=raw)
        if isinstance(raw, ox.QueryBoolean):
            return cls("ask", _boolean=raw)
        return cls("graph", _triples=raw)

    @property
    def boolean(self) -> bool:
        """The answer of an ASK query."""
        if self._boolean is None:
            raise StoreError(f"a {self.kind} result has no boolean")
        return bool(self._boolean)

    def rows(self) -> list[dict[str, Term | None]]:
        """The solutions of a SELECT query as dicts (unbound variables map to None)."""
        if self._solutions is None:
            raise StoreError(f"a {self.kind} result has no rows")
        names = self.variables
        return [{name: sol[name] for name in names} for sol in self._solutions]

    def triples(self) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        if self._triples is None:
            raise StoreError(f"a {self.kind} result has no triples")
        return list(self._triples)

    def formats(self) -> tuple[Format, ...]:
        """The formats this result can be written in."""
        return RDF_FORMATS if self.kind == "graph" else RESULTS_FORMATS

    def serialize(self, fmt: Format | str) -> bytes:
        """Write the result in a results format (SELECT, ASK) or an RDF format (graphs)."""
        if isinstance(fmt, str):
            fmt = rdf_format(fmt) if self.kind == "graph" else results_format(fmt)
        if fmt not in self.formats():
            raise UnsupportedFormatError(
                f"a {self.kind} result cannot be written as {fmt.name}",
                offered=[f.name for f in self.formats()],
            )
        if self._solutions is not None:
            return self._solutions.serialize(format=fmt.oxigraph)
        if self._triples is not None:
            return self._triples.serialize(format=fmt.oxigraph)
        if self._boolean is None:
            raise StoreError("an empty result cannot be serialized")
        return self._boolean.serialize(format=fmt.oxigraph)


@runtime_checkable
class Store(Protocol):
    """What every backend offers. Graph names are IRIs as plain strings."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult: ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None: ...

    def load(
        self,
        data: Source,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        bulk: bool = False,
    ) -> int: ...

    def replace_graph(self, graph: str, data: Source, *, format: Format | str) -> int: ...

    def load_stream(
        self,
        source: Stream,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        lenient: bool = False,
    ) -> None: ...

    def dump(self, *, format: Format | str, graph: str | None = None) -> bytes: ...

    def graphs(self) -> list[str]: ...

    def has_graph(self, graph: str | None) -> bool: ...

    def dump_graph(self, graph: str | None, *, format: Format | str) -> bytes: ...

    def write_graph(
        self,
        graph: str | None,
        data: Source,
        *,
        format: Format | str,
        merge: bool = False,
        base_iri: str | None = None,
    ) -> int: ...

    def drop_graph(self, graph: str | None) -> None: ...

    def close(self) -> None: ...


def tidy_parser_message(message: str, *, limit: int = 160) -> str:
    """One line, and a long list of expected tokens cut short.

    >>> tidy_parser_message('error at 1:22: expected one of "!", "$", "(", ":", "<", "?"', limit=40)
    'error at 1:22: expected one of "!", …'
    """
    flat = " ".join(message.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    comma = cut.rfind(", ")
    return (cut[: comma + 1] if comma > 0 else cut) + " …"
