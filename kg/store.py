"""The triple store: one ``Store`` protocol, one return type per method.

``OxigraphStore`` is the embedded backend (pyoxigraph), persistent on disk or in
memory. A remote backend for any SPARQL 1.1 Protocol server implements the same
protocol, so callers never know which one they hold.

The default graph of every query is the union of all named graphs, unless the
caller names the graphs to use. Everything this project writes lives in named
graphs; ``replace_graph`` swaps one for another in a single transaction.

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

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from .errors import (
    InputError,
    NotFoundError,
    QuerySyntaxError,
    RdfSyntaxError,
    StoreError,
    StoreLockedError,
    UnsupportedFormatError,
)
from .formats import RDF_FORMATS, RESULTS_FORMATS, Format, rdf_format, results_format

__all__ = [
    "OxigraphStore",
    "QueryResult",
    "Store",
    "Stream",
    "Term",
    "dataset_format",
    "one_graph_quads",
    "open_store",
    "parse_rdf",
    "stream_format",
    "tidy_parser_message",
]

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


_LINE_COL = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")


def _read(data: Source) -> tuple[bytes, str]:
    """The bytes of the input and a name for it in error messages."""
    if isinstance(data, Path):
        try:
            return data.read_bytes(), str(data)
        except OSError as exc:
            raise RdfSyntaxError(f"cannot read the file: {exc.strerror}", where=str(data)) from exc
    if isinstance(data, str):
        return data.encode("utf-8"), "<input>"
    return data, "<input>"


def dataset_format(fmt: Format) -> Format:
    """``fmt``, if it can carry named graphs (for a dump of the whole dataset)."""
    if not fmt.datasets:
        raise UnsupportedFormatError(
            f"{fmt.name} cannot carry named graphs; name a graph or use nq or trig",
            offered=[f.name for f in RDF_FORMATS if f.datasets],
        )
    return fmt


def one_graph_quads(
    data: Source, *, format: Format | str, graph: str, base_iri: str | None = None
) -> list[ox.Quad]:
    """Parse ``data`` for one named graph; data naming any other graph is refused."""
    quads = parse_rdf(data, format=format, graph=graph, base_iri=base_iri)
    strays = {str(q.graph_name) for q in quads if q.graph_name != ox.NamedNode(graph)}
    if strays:
        raise StoreError(f"data for graph <{graph}> names other graphs: {sorted(strays)}")
    return quads


def stream_format(format: Format | str, *, graph: str | None, replace: bool) -> Format:
    """The format of a ``load_stream``, once its target makes sense: triples need a graph,
    and ``replace`` swaps one graph, so it takes a triples format and a graph."""
    fmt = rdf_format(format) if isinstance(format, str) else format
    if graph is None and not fmt.datasets:
        raise StoreError("triples need a target graph: pass graph=IRI")
    if replace and (graph is None or fmt.datasets):
        raise StoreError("replace needs a triples format and a target graph")
    return fmt


def parse_rdf(
    data: Source,
    *,
    format: Format | str,
    graph: str | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse RDF fully, before anything is written, so bad input changes nothing.

    Triples (and the default-graph quads of a dataset) go to ``graph``; a dataset's
    named graphs are kept. The error says which line and column the parser stopped at.

    >>> parse_rdf(b"<http://a> <http://b> .", format="nt")
    Traceback (most recent call last):
    ...
    kg.errors.RdfSyntaxError: <input>:1:23: nt: ...must be an IRI, a blank node or a literal...
    """
    fmt = rdf_format(format) if isinstance(format, str) else format
    raw, name = _read(data)
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    try:
        # fresh blank nodes per load: the same label in two files is two nodes
        quads = list(ox.parse(raw, format=fmt.oxigraph, base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as exc:
        message = str(exc)
        where = name
        found = _LINE_COL.search(message)
        if found:
            col = found.group(2) or found.group(3)
            where = f"{name}:{found.group(1)}" + (f":{col}" if col else "")
        raise RdfSyntaxError(f"{fmt.name}: {message}", where=where) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise RdfSyntaxError(f"{fmt.name}: {exc}", where=name) from exc
    if graph is None and not fmt.datasets:
        return quads
    return [
        ox.Quad(q.subject, q.predicate, q.object, target)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in quads
    ]


def _ground(quads: Iterable[ox.Quad]) -> Iterator[str]:
    """Quads as lines of an ``INSERT DATA`` block, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    for graph, lines in by_graph.items():
        if graph:
            yield f"GRAPH {graph} {{"
            yield from lines
            yield "}"
        else:
            yield from lines


class OxigraphStore:
    """The embedded store: pyoxigraph on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        #: Goes up with every write through this object; readers of a snapshot compare it.
        self.generation = 0
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {self.path} is open in another process (is `tkg serve` "
                    "running?); stop it, or pass another --store"
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path) if self.path else 'memory'!r})"

    # -- reading -----------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; values reach it only through ``bindings``; relative IRIs
        resolve against ``base_iri`` (the endpoint's URL, for the protocol)."""
        kwargs: dict[str, object] = {"base_iri": base_iri}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
        try:
            raw = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(tidy_parser_message(str(exc)), where="query") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        return QueryResult.of(raw)

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, *, format: Format | str, graph: str | None = None) -> bytes:
        """Serialize one graph, or the whole dataset (in a format that carries graphs)."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None:
            return self._store.dump(format=dataset_format(fmt).oxigraph)
        if fmt.datasets:
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            return ox.serialize(quads, format=fmt.oxigraph)
        return self._store.dump(format=fmt.oxigraph, from_graph=ox.NamedNode(graph))

    # -- one graph at a time (None is the store's own default graph) -------------
    def has_graph(self, graph: str | None) -> bool:
        """Whether the named graph exists; the default graph (``None``) always does.

        >>> store = open_store("memory")
        >>> store.has_graph(None), store.has_graph("http://example.org/g")
        (True, False)
        """
        return graph is None or self._store.contains_named_graph(ox.NamedNode(graph))

    def dump_graph(self, graph: str | None, *, format: Format | str) -> bytes:
        """Serialize one graph as triples: a named graph, or the store's own default graph
        for ``None`` (not the union that queries see). An absent named graph raises
        ``NotFoundError``.

        >>> store = open_store("memory")
        >>> store.write_graph(None, '<http://e/a> <http://e/p> "1" .', format="nt")
        1
        >>> store.dump_graph(None, format="nt")
        b'<http://e/a> <http://e/p> "1" .\\n'
        """
        fmt = rdf_format(format) if isinstance(format, str) else format
        if not self.has_graph(graph):
            raise NotFoundError(f"there is no graph <{graph}>")
        name = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        triples = [q.triple for q in self._store.quads_for_pattern(None, None, None, name)]
        return ox.serialize(triples, format=fmt.oxigraph)

    def write_graph(
        self,
        graph: str | None,
        data: Source,
        *,
        format: Format | str,
        merge: bool = False,
        base_iri: str | None = None,
    ) -> int:
        """Replace one graph with ``data`` (or, with ``merge``, add ``data`` to it) in one
        transaction; ``None`` is the store's own default graph. The data is parsed in full
        first, so bad input changes nothing; a dataset format may hold triples of the
        default graph only. Relative IRIs resolve against ``base_iri``. Returns the number
        of triples read.
        """
        fmt = rdf_format(format) if isinstance(format, str) else format
        quads = parse_rdf(data, format=fmt, graph=graph, base_iri=base_iri)
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        )
        strays = sorted({str(q.graph_name) for q in quads if q.graph_name != target})
        if strays:
            raise InputError(
                f"the data names other graphs than the one written to: {', '.join(strays)}",
                where="body",
            )
        if merge or (graph is not None and not self.has_graph(graph)):
            self._store.extend(quads)
            if graph is not None and not quads:
                self._store.add_graph(target)
        else:
            drop = f"DROP SILENT GRAPH {target} ;" if graph is not None else "DROP SILENT DEFAULT ;"
            body = "\n".join(_ground(quads))
            self.update(f"{drop}\nINSERT DATA {{\n{body}\n}}")
            if graph is not None and not quads:
                self._store.add_graph(target)
        self.generation += 1
        return len(quads)

    def drop_graph(self, graph: str | None) -> None:
        """Remove a named graph (``NotFoundError`` if there is none), or empty the store's
        own default graph for ``None``."""
        if graph is None:
            self._store.clear_graph(ox.DefaultGraph())
        elif not self.has_graph(graph):
            raise NotFoundError(f"there is no graph <{graph}>")
        else:
            self._store.remove_graph(ox.NamedNode(graph))
        self.generation += 1

    def snapshot(self, target: str | Path) -> None:
        """Write a consistent copy of an on-disk store to the new directory ``target``
        (hard links where it can), for readers in other processes: a copy nobody writes
        to may be opened read-only safely, the live store may not."""
        if self.path is None:
            raise StoreError("only a store on disk can be snapshotted")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot snapshot the store to {target}: {exc}") from exc

    # -- writing -----------------------------------------------------------------
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction: all of it or none. Relative IRIs
        resolve against ``base_iri``; an update that fails as it runs (``DROP GRAPH`` of a
        graph that is not there, say) is an ``InputError`` and changes nothing.

        >>> store = open_store("memory")
        >>> store.update("DROP GRAPH <http://example.org/none>")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: update: the update failed, nothing was changed: ...
        """
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(tidy_parser_message(str(exc)), where="update") from exc
        except RuntimeError as exc:
            raise InputError(
                f"the update failed, nothing was changed: {exc}", where="update"
            ) from exc
        except OSError as exc:
            raise StoreError(f"update failed, nothing was changed: {exc}") from exc
        finally:
            self.generation += 1

    def load(
        self,
        data: Source,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        bulk: bool = False,
    ) -> int:
        """Parse, then add the quads in one transaction; with ``replace``, each graph
        the input writes to is emptied first, in the same transaction.

        ``bulk`` is for corpus-scale loads into graphs that do not exist yet: Oxigraph's
        bulk loader, several times faster, but not one transaction (the input is parsed
        in full first, so bad input still writes nothing; a crash of the disk midway
        could leave part of it). It refuses graphs that exist.

        Returns the number of quads read. Triples need a ``graph``.
        """
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None and not fmt.datasets:
            raise StoreError("triples need a target graph: pass graph=IRI")
        quads = parse_rdf(data, format=fmt, graph=graph)
        targets = {q.graph_name for q in quads}
        if graph:
            targets.add(ox.NamedNode(graph))
        if bulk:
            existing = sorted(str(t) for t in targets if self._has_graph(t))
            if existing or any(isinstance(t, ox.DefaultGraph) for t in targets):
                raise StoreError(
                    "a bulk load writes only new named graphs; these exist: "
                    + (", ".join(existing) or "the default graph")
                )
            self._store.bulk_extend(quads)
            self.generation += 1
            return len(quads)
        if replace:
            self._swap(quads, targets)
        else:
            self._store.extend(quads)
        self.generation += 1
        return len(quads)

    def bulk_load_graph(self, graph: str, data: bytes, *, lenient: bool = False) -> None:
        """Load N-Triples into ``graph``, a named graph that does not exist yet, with
        Oxigraph's bulk loader reading the bytes itself (no Python objects per triple):
        for corpora of generated documents. Not one transaction, but if the input does
        not parse the graph is dropped again, so the store is as it was. Data that may
        hold blank nodes goes through :meth:`load` instead (they are renamed there).
        ``lenient`` skips the parser's IRI validation (a third of the loading time), for
        data whose writer vouches for its IRIs (:func:`kg.ingest.pipeline.iris_are_safe`).
        """
        if b"_:" in data:
            self.load(data, format="nt", graph=graph, bulk=True)
            return
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            raise StoreError(f"a bulk load writes only new named graphs; <{graph}> exists")
        try:
            if self.path is None:  # in memory a transaction costs less than the bulk loader
                self._store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=node, lenient=lenient)
            else:
                self._store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=node, lenient=lenient)
        except (SyntaxError, ValueError, OSError) as exc:
            self._store.remove_graph(node)
            raise RdfSyntaxError(f"nt: {exc}", where=f"<{graph}>") from exc
        finally:
            self.generation += 1

    def bulk_load_graphs(
        self, items: Sequence[tuple[str, bytes]], *, lenient: bool = False
    ) -> None:
        """:meth:`bulk_load_graph` for several new graphs at once: on disk, one run of
        the bulk loader over their N-Quads (fewer, larger writes: a fifth less time for
        a corpus of papers); in memory, one load each. Bad data anywhere drops every
        graph of ``items`` again, so the store is as it was. Data whose lines are not
        all ``… .`` (as the project's writers end them) goes graph by graph.
        """
        nodes = [ox.NamedNode(graph) for graph, _ in items]
        existing = [str(n.value) for n in nodes if self._store.contains_named_graph(n)]
        if existing or len(set(nodes)) < len(nodes):
            raise StoreError(
                "a bulk load writes only new named graphs, each once; these exist or repeat: "
                + ", ".join(f"<{g}>" for g in existing or [str(n.value) for n in nodes])
            )
        plain = all(
            b"_:" not in data and data.endswith(b"\n") and data.count(b"\n") == data.count(b" .\n")
            for _, data in items
        )
        default = ox.DefaultGraph()
        # a line short of an object ("s p .") would read as a triple of the default graph
        # once the graph is appended: that graph must be empty before, and stay so
        untouched = next(iter(self._store.quads_for_pattern(None, None, None, default)), None)
        if self.path is None or not plain or untouched is not None:
            done: list[str] = []
            try:
                for graph, data in items:
                    self.bulk_load_graph(graph, data, lenient=lenient)
                    done.append(graph)
            except (RdfSyntaxError, StoreError):
                for graph in done:
                    self._store.remove_graph(ox.NamedNode(graph))
                raise
            return
        quads = b"".join(
            data.replace(b" .\n", b" <" + graph.encode("utf-8") + b"> .\n") for graph, data in items
        )
        first, last = items[0][0], items[-1][0]
        try:
            self._store.bulk_load(quads, ox.RdfFormat.N_QUADS, lenient=lenient)
            if next(iter(self._store.quads_for_pattern(None, None, None, default)), None):
                raise ValueError("a line is not a whole triple (subject, predicate, object)")
        except (SyntaxError, ValueError, OSError) as exc:
            for node in nodes:
                self._store.remove_graph(node)
            self._store.clear_graph(default)
            raise RdfSyntaxError(
                f"nt (the graphs' lines one after the other): {exc}", where=f"<{first}>…<{last}>"
            ) from exc
        finally:
            self.generation += 1

    def replace_graph(self, graph: str, data: Source, *, format: Format | str) -> int:
        """Replace a named graph's content with ``data``, atomically."""
        quads = one_graph_quads(data, format=format, graph=graph)
        self._swap(quads, {ox.NamedNode(graph)})
        self.generation += 1
        return len(quads)

    def load_stream(
        self,
        source: Stream,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        lenient: bool = False,
    ) -> None:
        """Load a corpus-scale input (a file path, a binary file object or bytes) without
        making a Python object per quad: Oxigraph parses and writes it itself, in one
        transaction, so bad input leaves the store as it was, and the error says the line
        and column. Triples go to ``graph``; a dataset's named graphs are kept. With
        ``replace`` (a triples format and a ``graph`` only), the graph's content is swapped
        for the input atomically: it is loaded into a scratch graph first, then moved in
        one update. ``lenient`` skips IRI validation (faster; for machine-written input).
        Blank nodes are fresh per load, as with ``load``.

        >>> store = open_store("memory")
        >>> store.load_stream(b'<http://e/a> <http://e/p> "1" .', format="nt", graph="http://e/g")
        >>> store.load_stream(b'<http://e/a> <http://e/p> "2" .', format="nt", graph="http://e/g",
        ...                   replace=True)
        >>> [row["o"].value for row in store.query("SELECT ?o { ?s ?p ?o }").rows()]
        ['2']
        """
        fmt = stream_format(format, graph=graph, replace=replace)
        target = graph
        if replace and self.has_graph(graph):
            target = f"{graph}#load-{uuid.uuid4().hex}"  # a scratch graph, moved in at the end
        name = str(source) if isinstance(source, Path) else "<input>"
        kwargs: dict[str, object] = {"format": fmt.oxigraph, "lenient": lenient}
        kwargs["path" if isinstance(source, Path) else "input"] = (
            str(source) if isinstance(source, Path) else source
        )
        if target is not None:
            kwargs["to_graph"] = ox.NamedNode(target)
        try:
            self._store.load(**kwargs)
        except SyntaxError as exc:
            where = name
            if exc.lineno:
                where = f"{name}:{exc.lineno}" + (f":{exc.offset}" if exc.offset else "")
            raise RdfSyntaxError(f"{fmt.name}: {exc.msg}", where=where) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise RdfSyntaxError(f"{fmt.name}: {exc}", where=name) from exc
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            raise RdfSyntaxError(f"cannot read the file: {exc.strerror}", where=name) from exc
        except OSError as exc:
            raise StoreError(f"cannot load {name}: {exc}") from exc
        finally:
            self.generation += 1
        if target != graph:
            try:
                self.update(
                    f"MOVE SILENT GRAPH {ox.NamedNode(target)} TO GRAPH {ox.NamedNode(graph)}"
                )
            except (InputError, StoreError):
                self._store.remove_graph(ox.NamedNode(target))
                raise
        elif graph is not None and not self.has_graph(graph):
            self._store.add_graph(ox.NamedNode(graph))  # an empty input still makes the graph

    def _swap(self, quads: list[ox.Quad], targets: set) -> None:
        fresh = [t for t in targets if not self._has_graph(t)]
        if len(fresh) == len(targets):
            self._store.extend(quads)  # one transaction, nothing to drop
            return
        drops = [f"DROP SILENT GRAPH {t} ;" for t in targets if isinstance(t, ox.NamedNode)]
        body = "\n".join(_ground(quads))
        self.update("\n".join(drops) + f"\nINSERT DATA {{\n{body}\n}}")

    def _has_graph(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and self._store.contains_named_graph(graph)

    def close(self) -> None:
        """Flush and release the store."""
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store


def open_store(spec: str, *, read_only: bool = False, remote: object | None = None) -> Store:
    """Open a store from a setting: ``memory``, ``oxigraph:PATH``, a bare path, or the
    http(s) URL of a SPARQL server (a ``kg.remote.RemoteStore``, configured further by
    ``TKG_REMOTE_*`` or ``remote``, a ``kg.remote.RemoteSettings``; ``read_only`` is then
    the server's business).

    >>> open_store("memory")
    OxigraphStore('memory')
    """
    spec = spec.strip()
    if spec in ("memory", "oxigraph:memory", ":memory:"):
        return OxigraphStore()
    scheme = spec.split("://", 1)[0] if "://" in spec else ""
    if scheme.rsplit("+", 1)[-1] in ("http", "https"):
        from .remote import RemoteSettings, open_remote

        settings = remote if isinstance(remote, RemoteSettings) else None
        return open_remote(spec, settings)
    path = spec.removeprefix("oxigraph:")
    if not path:
        raise StoreError("empty store path: use oxigraph:PATH or memory")
    return OxigraphStore(Path(path), read_only=read_only)
