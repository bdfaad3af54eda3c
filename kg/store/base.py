"""The store's contract: ``QueryResult``, the ``Store`` protocol every backend implements,
and the types its methods take."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import (
    StoreError,
    StoreRefusedError,
    UnsupportedFormatError,
)
from kg.rdf.jsonld import compact_jsonld
from kg.store.formats import RDF_FORMATS, RESULTS_FORMATS, Format, rdf_format, results_format

__all__ = [
    "QueryResult",
    "Source",
    "Store",
    "Stream",
    "Term",
    "evaluating",
    "rdf_syntax",
    "results_syntax",
    "serialize_rdf",
    "serialized",
    "tidy_parser_message",
    "value_of",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal


Source = bytes | str | Path


Stream = bytes | Path | BinaryIO


@contextmanager
def evaluating() -> Iterator[None]:
    """Errors the engine meets as it computes answers (results are lazy: they come out of
    iteration and serialization, not out of ``query``), as errors of the store: a remote
    endpoint a ``SERVICE`` calls that fails is ``StoreRefusedError`` (HTTP 502), anything
    else ``StoreError``; never a bare ``OSError`` or ``RuntimeError``."""
    try:
        yield
    except (ConnectionError, TimeoutError) as exc:
        raise StoreRefusedError(f"a remote endpoint the query calls failed: {exc}") from exc
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"the query failed as it ran: {exc}") from exc


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
        with evaluating():
            return [{name: sol[name] for name in names} for sol in self._solutions]

    def triples(self) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        if self._triples is None:
            raise StoreError(f"a {self.kind} result has no triples")
        with evaluating():
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
        with evaluating():
            if self._solutions is not None:
                return serialized(self._solutions.serialize(format=results_syntax(fmt)))
            if self._triples is not None:
                return serialized(self._triples.serialize(format=rdf_syntax(fmt)))
        if self._boolean is None:
            raise StoreError("an empty result cannot be serialized")
        return serialized(self._boolean.serialize(format=results_syntax(fmt)))


def rdf_syntax(fmt: Format) -> ox.RdfFormat:
    """The pyoxigraph RDF format behind ``fmt``; a SPARQL results format is refused.

    >>> from kg.store.formats import rdf_format, results_format
    >>> rdf_syntax(rdf_format("nt")) == ox.RdfFormat.N_TRIPLES
    True
    >>> rdf_syntax(results_format("csv"))
    Traceback (most recent call last):
    ...
    kg.errors.UnsupportedFormatError: csv is not an RDF format (offered: ttl, nt, ...)
    """
    if not isinstance(fmt.oxigraph, ox.RdfFormat):
        raise UnsupportedFormatError(
            f"{fmt.name} is not an RDF format", offered=[f.name for f in RDF_FORMATS]
        )
    return fmt.oxigraph


def results_syntax(fmt: Format) -> ox.QueryResultsFormat:
    """The pyoxigraph SPARQL results format behind ``fmt``; an RDF format is refused."""
    if not isinstance(fmt.oxigraph, ox.QueryResultsFormat):
        raise UnsupportedFormatError(
            f"{fmt.name} is not a SPARQL results format",
            offered=[f.name for f in RESULTS_FORMATS],
        )
    return fmt.oxigraph


def serialize_rdf(
    items: Iterable[ox.Triple] | Iterable[ox.Quad],
    fmt: Format,
    *,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """Triples (or quads, for a dataset format) written in ``fmt`` by pyoxigraph; triples
    as JSON-LD are one plain graph document, compacted (``kg.rdf.jsonld``).

        >>> t = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1"))
        >>> from kg.store.formats import rdf_format
        >>> serialize_rdf([t], rdf_format("nt"))
        b'<http://e/a> <http://e/p> "1" .\\n'
    """
    syntax = rdf_syntax(fmt)
    if syntax == ox.RdfFormat.JSON_LD:
        listed: list[ox.Triple] | list[ox.Quad] = list(items)  # type: ignore[assignment]
        if all(isinstance(item, ox.Triple) for item in listed):
            # a plain graph document, compacted with our context (pyoxigraph's is expanded)
            nt = ox.serialize(listed, format=ox.RdfFormat.N_TRIPLES)
            return compact_jsonld(serialized(nt))
        items = listed
    return serialized(ox.serialize(items, format=syntax, prefixes=prefixes))


def serialized(output: bytes | None) -> bytes:
    """What a pyoxigraph serializer returned when given no ``output`` file: the bytes (it
    returns ``None`` only when it wrote to a file)."""
    if output is None:
        raise StoreError("the serializer returned no bytes")
    return output


@runtime_checkable
class Store(Protocol):
    """What every backend offers (``OxigraphStore``, ``RemoteStore``): the contract.

    Graph names are IRIs as plain strings; ``None`` as a graph is the store's own default
    graph, not the union of the named graphs that queries see. ``format`` is a
    :class:`~kg.store.formats.Format` or its short name, alias or media type (an unknown one
    raises ``UnsupportedFormatError``). Failures of the store itself raise ``StoreError``.
    """

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query.

        Args: ``bindings`` are values for the query's variables (the only way values reach
        a query); ``default_graphs``/``named_graphs`` spell out its dataset, replacing the
        query's ``FROM``/``FROM NAMED`` whole (either alone leaves the other part empty);
        without them the query's own dataset holds, else the store's default graph (the
        union of all graphs, unless configured otherwise: :mod:`kg.store.dataset`);
        relative IRIs resolve against ``base_iri``.
        Returns: the solutions, boolean or triples, as a ``QueryResult``.
        Raises: ``QuerySyntaxError`` for a query that does not parse; ``StoreError``.
        """
        ...

    def update(
        self, sparql: str, *, base_iri: str | None = None, graphs: Iterable[str] | None = None
    ) -> None:
        """Run a SPARQL update, all of it or none (on the embedded store; see ``RemoteStore``).
        ``graphs``: the named graphs it may change, when the caller knows them (the embedded
        store keeps their sizes; an update without them makes it forget the sizes it kept).

        Raises: ``QuerySyntaxError`` for an update that does not parse; ``InputError`` for
        one that fails as it runs; ``StoreError``.
        """
        ...

    def load(
        self,
        data: Source,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        bulk: bool = False,
    ) -> int:
        """Parse ``data`` in full, then add it: triples to ``graph``, a dataset's quads to
        their graphs. With ``replace`` each graph written to is emptied first; ``bulk`` is
        for corpus-scale loads into new graphs only.

        Returns: the number of quads read.
        Raises: ``RdfSyntaxError`` for bad input (nothing is written); ``StoreError`` for
        triples without a ``graph``, or a bulk load into graphs that exist.
        """
        ...

    def replace_graph(self, graph: str, data: Source, *, format: Format | str) -> int:
        """Replace the named graph's content with ``data``, atomically.

        Returns: the number of triples read.
        Raises: ``RdfSyntaxError`` for bad input; ``StoreError`` for data naming other graphs.
        """
        ...

    def load_stream(
        self,
        source: Stream,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        lenient: bool = False,
    ) -> None:
        """Load a corpus-scale input (a path, a binary file object or bytes) without a
        Python object per quad. Triples go to ``graph``; ``replace`` (a triples format and a
        ``graph`` only) swaps the graph's content; ``lenient`` skips IRI validation.

        Raises: ``RdfSyntaxError`` for bad or unreadable input (the store is as it was);
        ``StoreError`` for a combination of arguments that makes no sense.
        """
        ...

    def bulk_load_graphs(
        self, items: Sequence[tuple[str, bytes | Path]], *, lenient: bool = False
    ) -> bool:
        """Load N-Triples (bytes or a file) into each of several named graphs that do not
        exist yet: all of them, or none. ``lenient`` skips IRI validation where it can.

        Returns: whether they went to a bulk loader in one run (an embedded store on disk);
        given no ``items``, whether they would (nothing is done): a writer of many graphs
        gains from gathering them only then.
        Raises: ``RdfSyntaxError`` for bad data (the store is as it was); ``StoreError`` for
        graphs that exist or repeat.
        """
        ...

    def compact(self, *, when_due: bool = False) -> bool:
        """Merge the store's files on disk, which bulk loads leave overlapping (every
        look-up then reads each); with ``when_due``, only if the loads since the last merge
        call for one (:mod:`kg.store.compaction`). Nothing in memory, read-only or remote.

        Returns: whether it merged.
        Raises: ``StoreError`` when the merge fails (the store is as it was).
        """
        ...

    def dump(self, *, format: Format | str, graph: str | None = None) -> bytes:
        """Serialize one named graph, or (``graph=None``) every named graph.

        Returns: the bytes in ``format``.
        Raises: ``UnsupportedFormatError`` for a whole dump in a format without graphs.
        """
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs (the store's own bookkeeping graphs hidden)."""
        ...

    def has_graph(self, graph: str | None) -> bool:
        """Whether the named graph exists; the default graph (``None``) always does."""
        ...

    def dump_graph(self, graph: str | None, *, format: Format | str) -> bytes:
        """Serialize one graph as triples (``None``: the store's own default graph).

        Returns: the bytes in ``format``.
        Raises: ``NotFoundError`` for an absent named graph.
        """
        ...

    def write_graph(
        self,
        graph: str | None,
        data: Source,
        *,
        format: Format | str,
        merge: bool = False,
        base_iri: str | None = None,
    ) -> int:
        """Replace one graph with ``data`` (or, with ``merge``, add ``data`` to it);
        ``None`` is the store's own default graph; relative IRIs resolve against
        ``base_iri``.

        Returns: the number of triples read.
        Raises: ``RdfSyntaxError`` for bad input; ``InputError`` for data naming other
        graphs (nothing is written either way).
        """
        ...

    def drop_graph(self, graph: str | None) -> None:
        """Remove a named graph, or empty the store's own default graph (``None``).

        Raises: ``NotFoundError`` for an absent named graph.
        """
        ...

    def close(self) -> None:
        """Flush and release the store; it is not used afterwards."""
        ...


def value_of(row: Mapping[str, Term | None], name: str) -> str:
    """The lexical value of ``name`` in a solution of a query that always binds it.

    >>> value_of({"x": ox.Literal("1")}, "x")
    '1'
    >>> value_of({"x": None}, "x")
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: the query left ?x unbound
    """
    term = row[name]
    if term is None:
        raise StoreError(f"the query left ?{name} unbound")
    return term.value


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
