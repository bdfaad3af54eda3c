"""``RemoteStore``: the ``Store`` protocol over a SPARQL 1.1 server.

Queries go through SPARQLWrapper, updates by the SPARQL 1.1 Update protocol, writes of data
by the Graph Store HTTP Protocol (``POST`` of N-Triples, in chunks of
``TKG_REMOTE_CHUNK_TRIPLES``) where the server has one. Every method returns what
``OxigraphStore``'s does, so the API and the CLI cannot tell the two apart; what differs is
said where it does (see ``README`` "Deploying on a SPARQL server").

Writes. Input is parsed in full here first, so bad input sends nothing. New data goes to a
*staging graph* (``urn:tkg:staging:...``, hidden from ``graphs()``), then one update request
swaps it in (``MOVE``) or adds it (``ADD``) and drops it; a failure before that request
leaves the targets as they were (the staging graph is dropped). The swap itself is one
request: Oxigraph's server (and Fuseki/TDB2, GraphDB) run a request in one transaction, so
``replace_graph`` is atomic there; Virtuoso applies a ``MOVE`` as one statement with
row-level autocommit, so a reader may see the target half-moved for the moment it takes.
``bulk`` loads skip the staging (straight into new graphs, chunk by chunk; dropped again if
a chunk fails).

Blank nodes. All the triples with a blank node of one load go in one chunk: the server
gives each request's blank nodes fresh identities, so splitting them would split nodes.
Servers relabel blank nodes; Virtuoso's labels are made valid for pyoxigraph on the way in.

The default graph. Queries see the union of the named graphs, as on the embedded store:
asked for per query on Oxigraph's server (``union-default-graph``), Virtuoso's own default
minus its system graphs (the dataset of each query is spelt out: ``default-graph-uri`` and
``named-graph-uri`` for each of our graphs, since its ``input:default-graph-exclude`` pragma
also hides the graph from ``GRAPH <g>``), and the server's configuration elsewhere
(Fuseki ``unionDefaultGraph``; GraphDB's default).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import copy
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, NotFoundError, QuerySyntaxError, StoreError
from kg.store import (
    QueryResult,
    Source,
    Stream,
    Term,
    dataset_format,
    one_graph_quads,
    parse_rdf,
    serialize_rdf,
    stream_format,
)
from kg.store.formats import Format, rdf_format
from kg.store.rdfio import named_node
from kg.store.remote.batches import BatchLoading, has_blank
from kg.store.remote.endpoints import Endpoints, RemoteSettings, endpoints_for
from kg.store.remote.graphlist import GraphList, list_graphs_query
from kg.store.remote.http import Transport
from kg.store.remote.results import read_answer, read_graph
from kg.store.sparqltext import inlined, names_dataset, query_form, with_values

__all__ = ["STAGING", "RemoteStore", "open_remote"]

STAGING = "urn:tkg:staging:"
#: Graphs Virtuoso keeps for itself (its quad-map schema, LDP, the URIQA host's graphs).
VIRTUOSO_SYSTEM = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp",
    "http://localuriqaserver/",
    "urn:activitystreams-owl:map",
)
_NT = "application/n-triples"


def _iri(graph: str) -> str:
    """A graph name as SPARQL text, checked by pyoxigraph (``<...>``, escaped)."""
    return str(named_node(graph, where="graph"))


class RemoteStore(BatchLoading):
    """A store on a SPARQL 1.1 server. ``open_store("http://...")`` makes one.

    ``atomic_replace`` says whether ``replace_graph`` is one transaction on this server.
    """

    def __init__(self, url: str, settings: RemoteSettings | None = None) -> None:
        settings = settings or RemoteSettings()
        self.settings = settings
        self.url = url
        self.endpoints: Endpoints = endpoints_for(url, settings)
        self.kind = self.endpoints.kind
        self.atomic_replace = self.kind != "virtuoso"
        self.timeout = settings.timeout
        self._http = Transport(
            self.endpoints,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            retries=settings.retries,
            backoff=settings.backoff,
        )
        # shared with the copies with_timeout makes (see kg.store.remote.graphlist)
        self._graphs = GraphList(settings.graphs_ttl)

    def __repr__(self) -> str:
        return f"RemoteStore({self.kind!r}, {self.endpoints.query!r})"

    def with_timeout(self, seconds: float) -> RemoteStore:
        """The same store (same connections) whose queries give up after ``seconds``."""
        limited = copy(self)
        limited.timeout = seconds
        return limited

    # -- reading -----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query on the server; ``bindings`` go in written into the query where that
        keeps its meaning (:func:`~kg.store.sparqltext.inlined`: a sub-select or a UNION's
        branch then sees them as the plan is made), else as a ``VALUES`` block of terms."""
        form = query_form(sparql)
        if form is None:
            raise QuerySyntaxError(
                "not a query (SELECT, CONSTRUCT, DESCRIBE or ASK expected)", where="query"
            )
        text = (
            inlined(sparql, bindings) if bindings and form == "SELECT" else None
        ) or with_values(sparql, bindings)
        params: list[tuple[str, str]] = []
        explicit = bool(default_graphs or named_graphs)
        if not explicit and names_dataset(sparql):
            # the query's FROM / FROM NAMED is its dataset: any graph sent with it (or
            # Oxigraph's union-default-graph) would replace it, as the protocol says
            answer = self._http.query(
                self._based(text, base_iri), form=form, params=params, timeout=self.timeout
            )
            return read_answer(answer, virtuoso=self.kind == "virtuoso")
        if self.kind == "virtuoso" or (explicit and self.kind == "oxigraph"):
            # Virtuoso's own default graph holds its system graphs too, and neither server
            # takes half a dataset the way the embedded store does: the graphs not given are
            # all of ours, spelt out
            ours = self._graph_list()
            default_graphs = default_graphs or ours
            named_graphs = named_graphs or ours
        for graph in default_graphs or ():
            _iri(graph)
            params.append(("default-graph-uri", graph))
        for graph in named_graphs or ():
            _iri(graph)
            params.append(("named-graph-uri", graph))
        if self.kind == "oxigraph" and not explicit:
            params.append(("union-default-graph", ""))
        if self.kind == "virtuoso":
            # an empty store: a dataset nothing is in, not Virtuoso's whole quad store
            if not default_graphs:
                params.append(("default-graph-uri", f"{STAGING}none"))
            if not named_graphs:
                params.append(("named-graph-uri", f"{STAGING}none"))
        answer = self._http.query(
            self._based(text, base_iri), form=form, params=params, timeout=self.timeout
        )
        return read_answer(answer, virtuoso=self.kind == "virtuoso")

    @staticmethod
    def _based(text: str, base_iri: str | None) -> str:
        """``text`` resolving relative IRIs against ``base_iri``: a ``BASE`` on its first
        line, so that the server's line numbers still hold."""
        return f"BASE {_iri(base_iri)} {text}" if base_iri else text

    def _graph_list(self) -> list[str]:
        """``graphs()``, remembered for ``graphs_ttl`` seconds (forgotten on our own writes;
        see ``kg.store.remote.graphlist`` for what others' writes mean)."""
        return self._graphs.get(self.graphs)

    def _all_graphs(self) -> list[str]:
        text = list_graphs_query(self.kind)
        answer = self._http.query(text, form="SELECT", timeout=self.timeout)
        rows = read_answer(answer).rows()
        return sorted({r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode)})

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted (without the server's own, or staging)."""
        hidden = VIRTUOSO_SYSTEM if self.kind == "virtuoso" else ()
        return [g for g in self._all_graphs() if not g.startswith((STAGING, *hidden))]

    def has_graph(self, graph: str | None) -> bool:
        """Whether the named graph exists; the default graph (``None``) always does."""
        if graph is None:
            return True
        pattern = "{ }" if self.kind == "oxigraph" else "{ ?s ?p ?o }"
        answer = self._http.query(
            f"ASK {{ GRAPH {_iri(graph)} {pattern} }}", form="ASK", timeout=self.timeout
        )
        return read_answer(answer).boolean

    def _triples(self, graph: str | None) -> list[ox.Triple]:
        """The triples of one graph (``None``: the server's own default graph)."""
        if graph is None and self.kind == "virtuoso":
            return []  # Virtuoso has no default graph of its own: nothing is ever in it
        if self.endpoints.graph_store:
            params = {"default": ""} if graph is None else {"graph": graph}
            response = self._http.request(
                "GET",
                self.endpoints.graph_store,
                what="graph read",
                params=params,
                headers={"Accept": _NT},
                missing_ok=True,
            )
            if response is None:
                return []
            media = response.headers.get("content-type", _NT).split(";")[0].strip().lower()
            return read_graph(response.content, media)
        where = "?s ?p ?o" if graph is None else f"GRAPH {_iri(graph)} {{ ?s ?p ?o }}"
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}"
        dataset = [] if graph is not None else [("default-graph-uri", "")]
        result = read_answer(self._http.query(text, form="CONSTRUCT", params=dataset))
        return result.triples()

    def dump(self, *, format: Format | str, graph: str | None = None) -> bytes:
        """Serialize one graph, or every named graph (in a format that carries graphs)."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None:
            dataset_format(fmt)
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                for g in self.graphs()
                for t in self._triples(g)
            ]
            return serialize_rdf(sorted(quads, key=str), fmt)
        triples = sorted(self._triples(graph), key=str)
        if fmt.datasets:
            name = ox.NamedNode(graph)
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
            return serialize_rdf(quads, fmt)
        return serialize_rdf(triples, fmt)

    def dump_graph(self, graph: str | None, *, format: Format | str) -> bytes:
        """Serialize one graph as triples (``None``: the server's own default graph); an
        absent named graph raises ``NotFoundError``."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        if not self.has_graph(graph):
            raise NotFoundError(f"there is no graph <{graph}>")
        return serialize_rdf(sorted(self._triples(graph), key=str), fmt)

    # -- writing -----------------------------------------------------------------------------
    def update(
        self, sparql: str, *, base_iri: str | None = None, graphs: Iterable[str] | None = None
    ) -> None:
        """Send a SPARQL update (``graphs`` unused); the server runs it, in one transaction."""
        text = f"BASE {_iri(base_iri)}\n{sparql}" if base_iri else sparql
        self._graphs.forget()
        try:
            self._http.update(text)
        finally:
            self._graphs.forget()

    def load(
        self,
        data: Source,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        bulk: bool = False,
    ) -> int:
        """Parse, then add the quads (``replace``: swap each graph the input writes to).
        ``bulk`` writes only graphs that do not exist yet, straight, chunk by chunk.
        Returns the number of quads read. Triples need a ``graph``."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        if graph is None and not fmt.datasets:
            raise StoreError("triples need a target graph: pass graph=IRI")
        quads = parse_rdf(data, format=fmt, graph=graph)
        groups: dict[str | None, list[ox.Triple]] = {} if graph is None else {graph: []}
        for q in quads:
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            groups.setdefault(name, []).append(q.triple)
        if bulk:
            existing = sorted(f"<{g}>" for g in groups if g is not None and self.has_graph(g))
            if existing or None in groups:
                raise StoreError(
                    "a bulk load writes only new named graphs; these exist: "
                    + (", ".join(existing) or "the default graph")
                )
            self._bulk(groups)
        else:
            self._write(groups, merge=not replace)
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
        """``load`` for a file, a binary file object or bytes: parsed here in full first (bad
        input sends nothing), then sent in chunks; ``replace`` swaps the one graph as
        ``replace_graph`` does. ``lenient`` is a parsing shortcut of the embedded store and
        changes nothing here. For 100M+ triples, use the server's own bulk loader (README)."""
        fmt = stream_format(format, graph=graph, replace=replace)
        data = source if isinstance(source, bytes | Path) else source.read()
        self.load(data, format=fmt, graph=graph, replace=replace)

    def replace_graph(self, graph: str, data: Source, *, format: Format | str) -> int:
        """Replace a named graph's content with ``data`` (atomic where ``atomic_replace``)."""
        quads = one_graph_quads(data, format=format, graph=graph)
        self._write({graph: [q.triple for q in quads]}, merge=False)
        return len(quads)

    def write_graph(
        self,
        graph: str | None,
        data: Source,
        *,
        format: Format | str,
        merge: bool = False,
        base_iri: str | None = None,
    ) -> int:
        """Replace one graph with ``data`` (or add to it, with ``merge``); ``None`` is the
        server's own default graph. Returns the number of triples read."""
        fmt = rdf_format(format) if isinstance(format, str) else format
        quads = parse_rdf(data, format=fmt, graph=graph, base_iri=base_iri)
        target = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        strays = sorted({str(q.graph_name) for q in quads if q.graph_name != target})
        if strays:
            raise InputError(
                f"the data names other graphs than the one written to: {', '.join(strays)}",
                where="body",
            )
        self._write({graph: [q.triple for q in quads]}, merge=merge)
        return len(quads)

    def drop_graph(self, graph: str | None) -> None:
        """Remove a named graph (``NotFoundError`` if there is none), or empty the server's
        own default graph for ``None``."""
        if graph is None:
            if self.kind != "virtuoso":  # Virtuoso's is always empty (see _triples)
                self.update("CLEAR SILENT DEFAULT")
            return
        if not self.has_graph(graph):
            raise NotFoundError(f"there is no graph <{graph}>")
        # SILENT: Virtuoso refuses to DROP a graph not made by CREATE GRAPH (every graph it
        # got through the Graph Store or INSERT), though it drops its triples all the same
        self.update(f"DROP SILENT GRAPH {_iri(graph)}")

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    # -- how data gets there -----------------------------------------------------------------
    def _chunks(self, triples: list[ox.Triple]) -> Iterator[list[ox.Triple]]:
        """``triples`` in chunks of ``chunk_triples``; those with blank nodes all in one."""
        size = self.settings.chunk_triples
        blank = [t for t in triples if has_blank(t)]
        plain = [t for t in triples if not has_blank(t)]
        if blank:
            yield blank
        for start in range(0, len(plain), size):
            yield plain[start : start + size]

    def _send(self, graph: str | None, triples: list[ox.Triple]) -> None:
        """Add ``triples`` to ``graph`` in chunks: Graph Store ``POST``, else ``INSERT``."""
        if graph is None and self.kind == "virtuoso":
            raise StoreError("Virtuoso has no default graph of its own to write to: name a graph")
        for chunk in self._chunks(triples):
            body = serialize_rdf(chunk, rdf_format("nt"))
            if self.endpoints.graph_store:
                params = {"default": ""} if graph is None else {"graph": graph}
                self._http.request(
                    "POST",
                    self.endpoints.graph_store,
                    what="graph store write",
                    params=params,
                    content=body,
                    headers={"Content-Type": _NT},
                )
            else:  # INSERT, not INSERT DATA: Virtuoso refuses blank nodes in INSERT DATA
                inner = body.decode("utf-8")
                block = inner if graph is None else f"GRAPH {_iri(graph)} {{\n{inner}}}"
                self.update(f"INSERT {{\n{block}\n}} WHERE {{}}")

    def _write(self, groups: Mapping[str | None, list[ox.Triple]], *, merge: bool) -> None:
        """Stage each group, then swap it in (or add it) with one update request."""
        staged: dict[str | None, str] = {}
        try:
            for graph, triples in groups.items():
                if triples:
                    staged[graph] = f"{STAGING}{uuid.uuid4()}"
                    self._send(staged[graph], triples)
            ops: list[str] = []
            for graph in groups:
                target = "DEFAULT" if graph is None else f"GRAPH {_iri(graph)}"
                if graph in staged:
                    verb = "ADD" if merge else "MOVE"
                    ops.append(f"{verb} SILENT GRAPH {_iri(staged[graph])} TO {target}")
                elif not merge:
                    ops.append("CLEAR SILENT DEFAULT" if graph is None else f"DROP SILENT {target}")
                if graph is not None and self.kind == "oxigraph":
                    ops.append(f"CREATE SILENT {target}")  # an empty graph still exists
            if merge:
                ops += [f"DROP SILENT GRAPH {_iri(s)}" for s in staged.values()]
            if ops:
                self.update(" ;\n".join(ops))
        except BaseException:
            self._drop_quietly(list(staged.values()))
            raise

    def _bulk(self, groups: Mapping[str | None, list[ox.Triple]]) -> None:
        """Straight into new graphs, chunk by chunk; what was written is dropped on failure."""
        written: list[str] = []
        self._graphs.forget()
        try:
            for graph, triples in groups.items():
                if graph is not None:
                    written.append(graph)
                self._send(graph, triples)
        except BaseException:
            self._drop_quietly(written)
            raise
        finally:
            self._graphs.forget()  # a query during the load may have listed half of it

    def _drop_quietly(self, graphs: list[str]) -> None:
        if not graphs:
            return
        # if the server is gone, what was staged stays hidden in urn:tkg:staging:
        with contextlib.suppress(StoreError):
            self.update(" ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in graphs))


def open_remote(url: str, settings: RemoteSettings | None = None) -> RemoteStore:
    """A ``RemoteStore`` for ``url``, checked to answer (``StoreUnavailableError`` if not)."""
    store = RemoteStore(url, settings)
    try:
        store.query("ASK { }")
    except BaseException:
        store.close()
        raise
    return store
