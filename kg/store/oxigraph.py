"""``OxigraphStore``: the embedded backend, pyoxigraph on disk or in memory."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import (
    InputError,
    NotFoundError,
    QuerySyntaxError,
    RdfSyntaxError,
    StoreError,
    StoreLockedError,
)
from kg.store.base import (
    QueryResult,
    Source,
    Stream,
    Term,
    rdf_syntax,
    serialize_rdf,
    serialized,
    tidy_parser_message,
)
from kg.store.bulk import SCRATCH_PREFIX, BulkLoading
from kg.store.compaction import BulkLoads
from kg.store.dataset import DefaultGraph, dataset_options, default_graph_choice
from kg.store.difference import GraphName, difference_update
from kg.store.formats import Format, rdf_format
from kg.store.guard import check_sparql
from kg.store.opening import open_read_only
from kg.store.rdfio import (
    dataset_format,
    guard_stream,
    one_graph_quads,
    parse_rdf,
    stream_format,
)
from kg.store.sizes import GraphSizes, loaded_graphs, sizes_kept
from kg.store.sparqltext import syntax_message

__all__ = ["SCRATCH_PREFIX", "OxigraphStore"]


class OxigraphStore(BulkLoading):
    """The embedded store: pyoxigraph on disk (``path``) or in memory (``path=None``).

    Every query and update is checked unparsed first (:func:`kg.store.guard.check_sparql`):
    nesting is bounded, and ``SERVICE`` or ``LOAD`` may call only the hosts ``outbound``
    lists (IRI prefixes, ``*`` for any http(s) host; none by default). ``default_graph``
    is what a query that names no dataset sees as its default graph: the union of all graphs
    (``union``) or the store's own default graph (``default``); see :mod:`kg.store.dataset`.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        outbound: Sequence[str] = (),
        default_graph: DefaultGraph | str = "union",
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.outbound = tuple(outbound)
        self.default_graph: DefaultGraph = default_graph_choice(default_graph)
        #: Goes up with every write through this object; readers of a snapshot compare it.
        self.generation = 0
        self._writing = threading.Lock()
        new = self.path is None  # made empty here: its sizes are known (none)
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = open_read_only(self.path)
            else:
                new = not self.path.exists() or not any(self.path.iterdir())
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {self.path} is open in another process (is `tkg serve` "
                    "running?); stop it, or pass another --store"
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        #: the triples per named graph, kept as the store is written (kg.store.sizes)
        self.sizes = GraphSizes(lambda: self._store, self.path, read_only=read_only, new=new)
        self.loads = BulkLoads(self.path, read_only=read_only)
        if not read_only:
            self._start_writing()  # what a load stopped midway left: see kg.store.bulk

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
        resolve against ``base_iri`` (the endpoint's URL, for the protocol). Its dataset:
        ``default_graphs``/``named_graphs`` if given, else its own ``FROM``/``FROM NAMED``,
        else ``default_graph`` (:func:`kg.store.dataset.dataset_options`).

        >>> store = OxigraphStore()
        >>> store.update('INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }')
        >>> count = "SELECT (COUNT(*) AS ?n) {} {{ ?s ?p ?o }}"
        >>> [store.query(count.format(f)).rows()[0]["n"].value for f in ("", "FROM <http://e/x>")]
        ['1', '0']
        """
        check_sparql(sparql, outbound=self.outbound)
        dataset = dataset_options(sparql, default_graphs, named_graphs, self.default_graph)
        values: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            None
        )
        if bindings:
            values = {ox.Variable(k): v for k, v in bindings.items()}
        try:
            raw = self._store.query(sparql, base_iri=base_iri, substitutions=values, **dataset)
        except SyntaxError as exc:
            message = syntax_message(sparql, tidy_parser_message(str(exc)))
            raise QuerySyntaxError(message, where="query") from exc
        except RuntimeError as exc:  # it parses, but cannot run: a function Oxigraph lacks
            raise InputError(f"the query cannot be run: {exc}", where="query") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        return QueryResult.of(raw)

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and not g.value.startswith(SCRATCH_PREFIX)
        )

    def dump(self, *, format: Format | str, graph: str | None = None) -> bytes:
        """Serialize one graph, or the whole dataset (in a format that carries graphs)."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None:
            return serialized(self._store.dump(format=rdf_syntax(dataset_format(fmt))))
        if fmt.datasets:
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            return serialize_rdf(quads, fmt)
        return serialized(self._store.dump(format=rdf_syntax(fmt), from_graph=ox.NamedNode(graph)))

    # -- one graph at a time (None is the store's own default graph) -------------
    def has_graph(self, graph: str | None) -> bool:
        """Whether the named graph exists; the default graph (``None``) always does.

        >>> store = OxigraphStore()
        >>> store.has_graph(None), store.has_graph("http://example.org/g")
        (True, False)
        """
        return graph is None or self._store.contains_named_graph(ox.NamedNode(graph))

    def dump_graph(self, graph: str | None, *, format: Format | str) -> bytes:
        """Serialize one graph as triples: a named graph, or the store's own default graph
        for ``None`` (not the union that queries see). An absent named graph raises
        ``NotFoundError``.

        >>> store = OxigraphStore()
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
        return serialize_rdf(triples, fmt)

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
        with self.sizes.writing([graph]):
            if merge or (graph is not None and not self.has_graph(graph)):
                self._store.extend(quads)
            else:
                self._replace(quads, {target})
            if graph is not None and not quads:
                self._store.add_graph(target)
            self.generation += 1
        return len(quads)

    def drop_graph(self, graph: str | None) -> None:
        """Remove a named graph (``NotFoundError`` if there is none), or empty the store's
        own default graph for ``None``."""
        if graph is not None and not self.has_graph(graph):
            raise NotFoundError(f"there is no graph <{graph}>")
        with self.sizes.writing([graph]):
            if graph is None:
                self._store.clear_graph(ox.DefaultGraph())
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
            with self._writing:  # never of a graph half replaced (kg.store.bulk)
                self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot snapshot the store to {target}: {exc}") from exc

    # -- writing -----------------------------------------------------------------
    def update(
        self, sparql: str, *, base_iri: str | None = None, graphs: Iterable[str] | None = None
    ) -> None:
        """Run a SPARQL update in one transaction: all of it or none. Relative IRIs
        resolve against ``base_iri``; an update that fails as it runs (``DROP GRAPH`` of a
        graph that is not there, say) is an ``InputError`` and changes nothing. ``graphs``:
        the named graphs it may change, if the caller knows them (:mod:`kg.store.sizes`).

        >>> store = OxigraphStore()
        >>> store.update("DROP GRAPH <http://example.org/none>")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: update: the update failed, nothing was changed: ...
        """
        check_sparql(sparql, outbound=self.outbound)
        with self.sizes.writing(None if graphs is None else list(graphs)):
            self._apply_update(sparql, base_iri=base_iri)

    def _apply_update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run an update this class wrote itself (no guard: it names no host and does not
        nest), with the errors of :meth:`update`."""
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

    @sizes_kept(loaded_graphs)
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

        A file of triples for a new graph of an on-disk store goes to Oxigraph's bulk
        loader, reading the file itself (:meth:`bulk_load_file`: about the time and memory
        of ``oxigraph load``; bad input, or a load stopped midway, leaves no graph); one
        that replaces a graph holding most of the store is bulk loaded into a new store
        that takes the old one's place in one step (:meth:`bulk_replace_file`); one that
        replaces a smaller graph is staged, then only its difference written, under a
        journal that finishes it if it is stopped midway (:meth:`replace_in_place`).

        Returns the number of quads read. Triples need a ``graph``.
        """
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None and not fmt.datasets:
            raise StoreError("triples need a target graph: pass graph=IRI")
        if isinstance(data, Path) and self.path is not None and graph and not fmt.datasets:
            if not self.has_graph(graph):
                return self.bulk_load_file(graph, data, fmt=fmt)
            if replace and not bulk:
                counted = self.bulk_replace_file(graph, data, fmt=fmt)
                if counted is None:
                    counted = self.replace_in_place(graph, data, fmt=fmt)
                if counted is not None:
                    return counted
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
            self.loads.add(128 * len(quads))  # about a quad's bytes of N-Quads
            self._store.bulk_extend(quads)
            self.generation += 1
            return len(quads)
        if replace:
            self._swap(quads, targets)
        else:
            self._store.extend(quads)
        self.generation += 1
        return len(quads)

    @sizes_kept(lambda graph, *_, **__: [graph])
    def replace_graph(self, graph: str, data: Source, *, format: Format | str) -> int:
        """Replace a named graph's content with ``data``, atomically."""
        quads = one_graph_quads(data, format=format, graph=graph)
        self._swap(quads, {ox.NamedNode(graph)})
        self.generation += 1
        return len(quads)

    @sizes_kept(loaded_graphs)
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
        one update. A file for an on-disk store goes to the bulk loader, as with ``load``.
        ``lenient`` skips IRI validation (faster; for machine-written input).
        Blank nodes are fresh per load, as with ``load``.

        >>> store = OxigraphStore()
        >>> store.load_stream(b'<http://e/a> <http://e/p> "1" .', format="nt", graph="http://e/g")
        >>> store.load_stream(b'<http://e/a> <http://e/p> "2" .', format="nt", graph="http://e/g",
        ...                   replace=True)
        >>> [row["o"].value for row in store.query("SELECT ?o { ?s ?p ?o }").rows()]
        ['2']
        """
        fmt = stream_format(format, graph=graph, replace=replace)
        if isinstance(source, Path) and self.path is not None and graph and not fmt.datasets:
            # a file on disk: the bulk loader, into a new graph or a new store (see load)
            if not self.has_graph(graph):
                self.bulk_load_file(graph, source, fmt=fmt, lenient=lenient)
                return
            if replace and (
                self.bulk_replace_file(graph, source, fmt=fmt, lenient=lenient) is not None
                or self.replace_in_place(graph, source, fmt=fmt, lenient=lenient) is not None
            ):
                return
        scratch = None  # with replace, the input goes to a scratch graph, moved in at the end
        if replace and graph is not None and self.has_graph(graph):
            scratch = f"{SCRATCH_PREFIX}{uuid.uuid4().hex}"
        target = scratch or graph
        to_graph = ox.NamedNode(target) if target is not None else None
        name = str(source) if isinstance(source, Path) else "<input>"
        syntax = rdf_syntax(fmt)
        source = guard_stream(source, fmt)  # RDF/XML: its entity expansion bounded first
        try:
            if isinstance(source, Path):
                self._store.load(
                    path=str(source), format=syntax, to_graph=to_graph, lenient=lenient
                )
            else:
                self._store.load(source, format=syntax, to_graph=to_graph, lenient=lenient)
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
        if scratch is not None and graph is not None:
            try:
                self.update(
                    f"MOVE SILENT GRAPH {ox.NamedNode(scratch)} TO GRAPH {ox.NamedNode(graph)}",
                    graphs=[scratch, graph],
                )
            except (InputError, StoreError):
                self._store.remove_graph(ox.NamedNode(scratch))
                raise
        elif graph is not None and not self.has_graph(graph):
            self._store.add_graph(ox.NamedNode(graph))  # an empty input still makes the graph

    def _swap(self, quads: list[ox.Quad], targets: set) -> None:
        if not any(self._has_graph(t) for t in targets):
            self._store.extend(quads)  # one transaction, nothing to drop
            return
        self._replace(quads, {t for t in targets if isinstance(t, ox.NamedNode)})

    def _replace(self, quads: list[ox.Quad], replaced: set[GraphName]) -> None:
        """In one update, make each graph of ``replaced`` hold exactly its quads of
        ``quads`` and add the others, writing only the difference (:mod:`kg.store.difference`)."""
        update = difference_update(self._store, quads, replaced)
        if update:
            try:
                self._apply_update(update)
            finally:
                self.generation += 1

    def _has_graph(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and self._store.contains_named_graph(graph)
