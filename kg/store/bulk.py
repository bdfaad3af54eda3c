"""Corpus-scale loads into new named graphs with Oxigraph's bulk loader: the bytes read by
the engine itself, no Python object per triple. Not one transaction, but bad data drops the
graphs again, so the store is as it was; and a load that is stopped midway (``kill -9``, a
power cut) is undone the next time the store is opened for writing, through a journal kept
in the store itself: before the bulk loader starts, one small transaction notes the graphs
it will write in the graph ``JOURNAL``; once it is done, another removes the note. A store
opened with notes in it drops the graphs they name (they did not exist before the load),
and finishes the replaces in place that were stopped midway (:mod:`kg.store.staged`).
A part of :class:`kg.store.oxigraph.OxigraphStore`.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RdfSyntaxError, StoreError
from kg.store.base import Source, rdf_syntax
from kg.store.compaction import BulkLoads, files_size
from kg.store.formats import Format
from kg.store.pieces import bulk_load_in_pieces
from kg.store.rdfio import guard_stream
from kg.store.staged import INPUT, remove_staged, stage, staging_folder, write_difference
from kg.store.swap import build_beside, can_exchange, exchange, remove_leftovers

__all__ = ["JOURNAL", "SCRATCH_PREFIX", "BulkLoading", "syntax_error"]

#: The IRIs of the graphs the store writes for itself: the scratch graphs of a replacing
#: load and the journal of bulk loads. Never listed as the store's graphs; whatever is left
#: of them by a crash is removed when the store is next opened for writing.
SCRATCH_PREFIX = "urn:x-tkg:scratch:"
#: The graph where a bulk load notes the new graphs it writes, while it writes them.
JOURNAL = SCRATCH_PREFIX + "journal"
_JOURNAL = ox.NamedNode(JOURNAL)
_LOADING = ox.NamedNode(SCRATCH_PREFIX + "loading")
_REPLACING = ox.NamedNode(SCRATCH_PREFIX + "replacing")  # a graph replaced in place ...
_FROM = ox.NamedNode(SCRATCH_PREFIX + "from")  # ... from the staged folder named here


def syntax_error(exc: Exception, fmt: Format, name: str) -> RdfSyntaxError:
    """The parser's error as an ``RdfSyntaxError`` that says the line and column."""
    if isinstance(exc, SyntaxError):
        where = name
        if exc.lineno:
            where = f"{name}:{exc.lineno}" + (f":{exc.offset}" if exc.offset else "")
        return RdfSyntaxError(f"{fmt.name}: {exc.msg}", where=where)
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
        return RdfSyntaxError(f"cannot read the file: {exc.strerror}", where=name)
    return RdfSyntaxError(f"{fmt.name}: {exc}", where=name)


class BulkLoading:
    """The bulk loads of an Oxigraph store (mixed into ``OxigraphStore``)."""

    _store: ox.Store
    path: Path | None
    read_only: bool
    generation: int
    #: the runs of the bulk loader since the files were last merged (kg.store.compaction)
    loads: BulkLoads
    #: held while a write that is not one transaction runs; a snapshot waits for it
    _writing: threading.Lock

    def load(
        self,
        data: Source,
        *,
        format: Format | str,
        graph: str | None = None,
        replace: bool = False,
        bulk: bool = False,
    ) -> int:
        """Parse, then load (see ``OxigraphStore.load``)."""
        raise NotImplementedError

    def compact(self, *, when_due: bool = False) -> bool:
        """Merge the store's files on disk (RocksDB's compaction; nothing in memory or
        read-only); with ``when_due``, only when the bulk loads since the last merge call
        for one (:mod:`kg.store.compaction`, which also merges when the store is opened or
        closed for writing). Each bulk load adds files whose keys overlap the others', and a
        look-up consults each: beside 1,000 papers loaded 100 at a time (24 such files an
        index) a look-up took 0.07-0.1 ms; compacted, 6-10 times less (the reader's queries
        1.7-2.7 CPU s -> 0.13). 35 CPU s for 8.8 M quads; ms when merged. Whether it merged;
        a merge that fails raises ``StoreError`` and leaves the store as it was.

        >>> from kg.store import OxigraphStore
        >>> OxigraphStore().compact()
        False
        """
        if self.read_only:
            return False
        return self.loads.compact(self._store, when_due=when_due)

    def _start_writing(self) -> None:
        """On opening for writing: what a stopped load left undone (:meth:`_recover`), then
        the merge the loads of a process that did not close call for."""
        self._recover()
        self.loads.settle(self._store)

    def close(self) -> None:
        """Merge the files if the bulk loads call for it (:mod:`kg.store.compaction`: a
        merge that fails is logged, the store is whole), flush, and release the store."""
        try:
            if self.path is not None and not self.read_only:
                self.loads.settle(self._store)
                self._store.flush()
        except OSError as exc:  # the engine stopped on an error (a full disk, say)
            raise StoreError(f"cannot flush the store at {self.path}: {exc}") from exc
        finally:
            del self._store

    def _recover(self) -> None:
        """Undo the bulk loads that were stopped midway (the graphs the journal names) and
        finish the replaces in place (:mod:`kg.store.staged`), then drop every scratch
        graph, the journal's included, and what swaps and replaces left beside the store
        (:mod:`kg.store.swap`); on opening for writing."""
        notes = list(self._store.quads_for_pattern(None, None, None, _JOURNAL))
        staged = {
            q.subject: Path(q.object.value)
            for q in notes
            if q.predicate == _FROM and isinstance(q.object, ox.Literal)
        }
        lost = []
        for quad in notes:
            if quad.predicate == _REPLACING and isinstance(quad.object, ox.NamedNode):
                folder = staged.get(quad.subject)
                if folder is not None and (folder / INPUT).is_file():
                    write_difference(self._store, quad.object, folder / INPUT)
                else:
                    lost.append(quad.object.value)
            elif quad.predicate == _LOADING and isinstance(quad.object, ox.NamedNode):
                self._store.remove_graph(quad.object)
        for name in list(self._store.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value.startswith(SCRATCH_PREFIX):
                self._store.remove_graph(name)
        if self.path is not None:
            remove_leftovers(self.path)
            remove_staged(self.path)
        if lost:  # its staged input removed by hand: it cannot be finished
            del self._store  # closed: the error does not keep the store locked
            raise StoreError(
                "a replace stopped midway could not be finished, its staged input is gone; "
                "load these graphs again: " + ", ".join(f"<{g}>" for g in lost)
            )

    def _journal(self, nodes: Sequence[ox.NamedNode]) -> list[ox.Quad]:
        """Note ``nodes`` as being bulk loaded (one transaction), on disk (a store in memory
        does not outlive its process); the notes to remove after, each its own."""
        if self.path is None:
            return []
        notes = [ox.Quad(ox.BlankNode(), _LOADING, node, _JOURNAL) for node in nodes]
        self._store.extend(notes)
        return notes

    def _unjournal(self, notes: list[ox.Quad]) -> None:
        """Remove ``notes``; the journal graph with them if they were all it held."""
        if not notes:
            return
        held = set(self._store.quads_for_pattern(None, None, None, _JOURNAL))
        if held <= set(notes):
            self._store.remove_graph(_JOURNAL)
            return
        for note in notes:
            self._store.remove(note)

    def bulk_load_file(
        self,
        graph: str,
        source: Path,
        *,
        fmt: Format,
        base_iri: str | None = None,
        lenient: bool = False,
    ) -> int:
        """Load the triples of the file ``source`` into ``graph``, a named graph that does
        not exist yet, with Oxigraph's bulk loader reading the file itself (on disk: about
        the time and memory of ``oxigraph load``). Bad input drops the graph again and
        raises ``RdfSyntaxError`` with the line and column; a load stopped midway is undone
        at the next opening (the journal). Returns the number of triples in the graph."""
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            raise StoreError(f"a bulk load writes only new named graphs; <{graph}> exists")
        guarded = guard_stream(source, fmt)  # RDF/XML: its entity expansion bounded first
        self.loads.add(len(guarded) if isinstance(guarded, bytes) else _size(source))
        notes = self._journal([node])
        try:
            kwargs = {"base_iri": base_iri, "to_graph": node, "lenient": lenient}
            bulk_load_in_pieces(self._store, guarded, rdf_syntax(fmt), **kwargs)  # type: ignore[arg-type]
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError) as exc:
            self._store.remove_graph(node)
            self._unjournal(notes)
            if isinstance(exc, OSError) and not isinstance(
                exc, (FileNotFoundError, PermissionError, IsADirectoryError)
            ):
                raise StoreError(f"cannot load {source}: {exc}") from exc
            raise syntax_error(exc, fmt, str(source)) from exc
        finally:
            self.generation += 1
        self._store.add_graph(node)  # an empty input still makes the graph
        self._unjournal(notes)
        return self._count(node)

    def _count(self, node: ox.NamedNode) -> int:
        counted = self._store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH {node} {{ ?s ?p ?o }} }}")
        row = next(iter(counted))  # type: ignore[arg-type]
        return int(row["n"].value)

    def bulk_replace_file(
        self, graph: str, source: Path, *, fmt: Format, lenient: bool = False
    ) -> int | None:
        """Replace the existing ``graph`` of an on-disk store with the triples of the file
        ``source``, atomically, by building the new store beside this one with the bulk
        loader and exchanging the two directories (:mod:`kg.store.swap`): about the time
        and memory of a bulk load of the file plus the rest of the store. Bad input leaves
        the store as it was and is refused with line and column. Returns the number of
        triples in the graph; ``None``, having done nothing, where it does not pay or
        cannot be done: in memory, at a symbolic link, where directories cannot be
        exchanged, or where the other graphs hold more quads than ``graph`` (they are
        copied; a difference costs less then)."""
        node = ox.NamedNode(graph)
        if self.path is None or self.path.is_symlink():  # a link would be exchanged, not its store
            return None
        if not self._store.contains_named_graph(node):
            return None
        if len(self._store) > 2 * self._count(node) or not can_exchange(self.path.parent):
            return None
        guarded = guard_stream(source, fmt)  # RDF/XML: its entity expansion bounded first
        try:
            side = build_beside(
                self._store,
                self.path,
                node,
                rdf_syntax(fmt),
                source=guarded if isinstance(guarded, bytes) else source,
                lenient=lenient,
            )
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError) as exc:
            raise _refused(exc, fmt, source) from exc
        with self._writing:  # no snapshot while there is no store
            self._store.flush()
            del self._store
            gc.collect()  # nothing else holds the old store: it is closed now
            try:
                exchange(self.path, side)
                self.loads.add(files_size(self.path), runs=2)  # a new store, bulk loaded whole
            finally:
                self._store = ox.Store(str(self.path))
                self.generation += 1
                shutil.rmtree(side, ignore_errors=True)  # the old store, or the new one unused
        return self._count(node)

    def replace_in_place(
        self, graph: str, source: Path, *, fmt: Format, lenient: bool = False
    ) -> int | None:
        """Replace the existing ``graph`` of an on-disk store with the triples of the file
        ``source``, in place, writing only the difference (:mod:`kg.store.staged`): the
        input staged beside the store first (bad input is refused with line and column,
        the store as it was), then a note in the journal, so that a replace stopped
        midway is finished at the next opening, whole. Returns the number of triples in
        the graph; ``None``, having done nothing, in memory or where the graph is new.

        What a reader sees meanwhile: the query workers of ``tkg serve`` read snapshots
        (:mod:`kg.store.executor`), and none is taken while the graph is written (it
        waits), so they see the old graph or the new one, as with one transaction. A
        process that opens the store read-only meanwhile (``tkg query`` beside a writer,
        which pyoxigraph calls undefined) may see the graph half written."""
        node = ox.NamedNode(graph)
        if self.path is None or not self._store.contains_named_graph(node):
            return None
        guarded = guard_stream(source, fmt)  # RDF/XML: its entity expansion bounded first
        folder = staging_folder(self.path)
        try:
            staged = stage(
                guarded if isinstance(guarded, bytes) else source,
                rdf_syntax(fmt),
                folder,
                lenient=lenient,
            )
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError) as exc:
            raise _refused(exc, fmt, source) from exc
        with self._writing:
            note = ox.BlankNode()
            notes = [
                ox.Quad(note, _REPLACING, node, _JOURNAL),
                ox.Quad(note, _FROM, ox.Literal(str(folder)), _JOURNAL),
            ]
            self._store.extend(notes)
            self.loads.add(_size(staged))  # what it adds is bulk loaded; at most the input
            try:
                written = write_difference(self._store, node, staged)
            except OSError as exc:
                raise StoreError(
                    f"the replace of <{graph}> stopped midway ({exc}); it is finished "
                    "when the store is next opened"
                ) from exc
            finally:
                self.generation += 1
            self._unjournal(notes)
        shutil.rmtree(folder, ignore_errors=True)
        return written.triples

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
        notes = self._journal([node])
        try:
            if self.path is None:  # in memory a transaction costs less than the bulk loader
                self._store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=node, lenient=lenient)
            else:
                self.loads.add(len(data))
                self._store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=node, lenient=lenient)
        except (SyntaxError, ValueError, OSError) as exc:
            self._store.remove_graph(node)
            raise RdfSyntaxError(f"nt: {exc}", where=f"<{graph}>") from exc
        finally:
            self._unjournal(notes)
            self.generation += 1

    def bulk_load_graphs(
        self, items: Sequence[tuple[str, bytes | Path]], *, lenient: bool = False
    ) -> bool:
        """:meth:`bulk_load_graph` for several new graphs at once: on disk, one run of
        the bulk loader over their N-Quads (fewer, larger writes: a fifth less time for
        a corpus of papers); in memory, one load each. Bad data anywhere drops every
        graph of ``items`` again, so the store is as it was. Data whose lines are not
        all ``… .`` (as the project's writers end them) goes graph by graph.

        An item's N-Triples are bytes or a file, read when needed, one at a time: the
        run's N-Quads are written to a temporary file, not held, so a run may take as
        many graphs as the loader does well with (each run merges into what the store
        holds: its cost grows with the store, see ``kg.ingest.corpus.BATCH``).

        Returns whether a store on disk took them in one run; given no ``items``, whether
        it would (doing nothing): a writer gains nothing from batching them otherwise.
        """
        if not items:
            return self.path is not None
        nodes = [ox.NamedNode(graph) for graph, _ in items]
        existing = [str(n.value) for n in nodes if self._store.contains_named_graph(n)]
        if existing or len(set(nodes)) < len(nodes):
            raise StoreError(
                "a bulk load writes only new named graphs, each once; these exist or repeat: "
                + ", ".join(f"<{g}>" for g in existing or [str(n.value) for n in nodes])
            )
        plain = all(_plain(_bytes(data)) for _, data in items)
        default = ox.DefaultGraph()
        # a line short of an object ("s p .") would read as a triple of the default graph
        # once the graph is appended: that graph must be empty before, and stay so
        untouched = next(iter(self._store.quads_for_pattern(None, None, None, default)), None)
        at_once = plain and untouched is None
        notes = self._journal(nodes)
        try:
            return self._bulk_load_graphs(items, nodes, at_once, lenient=lenient)
        finally:
            self._unjournal(notes)

    def _bulk_load_graphs(
        self,
        items: Sequence[tuple[str, bytes | Path]],
        nodes: list[ox.NamedNode],
        at_once: bool,
        *,
        lenient: bool,
    ) -> bool:
        default = ox.DefaultGraph()
        if self.path is None or not at_once:
            done: list[str] = []
            try:
                for graph, data in items:
                    self.bulk_load_graph(graph, _bytes(data), lenient=lenient)
                    done.append(graph)
            except (RdfSyntaxError, StoreError):
                for graph in done:
                    self._store.remove_graph(ox.NamedNode(graph))
                raise
            return False
        first, last = items[0][0], items[-1][0]
        try:
            with tempfile.NamedTemporaryFile(prefix="tkg-bulk-", suffix=".nq") as quads:
                for graph, data in items:  # the graph appended to each line
                    quads.write(_bytes(data).replace(b" .\n", f" <{graph}> .\n".encode()))
                quads.flush()
                self.loads.add(quads.tell())
                self._store.bulk_load(path=quads.name, format=ox.RdfFormat.N_QUADS, lenient=lenient)
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
        return True


def _size(path: Path) -> int:
    """The bytes of the file at ``path`` (0 where it cannot be read)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _bytes(data: bytes | Path) -> bytes:
    return data if isinstance(data, bytes) else data.read_bytes()


def _plain(data: bytes) -> bool:
    """Whether every line of N-Triples ``data`` ends ``… .`` and none holds a blank node:
    then the graph's IRI can be put before each line's last stop."""
    return b"_:" not in data and data.endswith(b"\n") and data.count(b"\n") == data.count(b" .\n")


def _refused(exc: Exception, fmt: Format, source: Path) -> Exception:
    """What a load of ``source`` that failed with ``exc`` raises: a ``StoreError`` for a
    failure of the machine (a disk full, say), else the syntax error with its line."""
    if isinstance(exc, OSError) and not isinstance(
        exc, (FileNotFoundError, PermissionError, IsADirectoryError)
    ):
        return StoreError(f"cannot load {source}: {exc}")
    return syntax_error(exc, fmt, str(source))
