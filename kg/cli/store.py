"""``tkg build``, ``load``, ``query``, ``dump`` and ``compact``: the graph in and out of the
store, and the store's files merged."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.common import (
    StoreOption,
    emit,
    err,
    format_option,
    opened_store,
    out,
    run,
    settings_for,
)
from kg.cli.search import keep_in_step
from kg.errors import InputError
from kg.rdf import graphs
from kg.settings import Settings
from kg.store.formats import RDF_FORMATS, RESULTS_FORMATS, rdf_format, rdf_format_for_path
from kg.store.sparqltext import UPDATE_KEYWORDS, first_keyword

__all__ = ["build", "build_command", "compact", "dump", "load", "query", "snapshot"]


def build_command(
    settings: Settings, *, reason: bool = True, quiet: bool = False, force: bool = False
) -> dict:
    """Build the default corpus into the configured store; return the report as a dict."""
    from kg.build import build

    started = time.perf_counter()
    with opened_store(settings) as store:
        if quiet or not sys.stderr.isatty():
            report = build(store, reason=reason, corpus_dir=settings.corpus_dir, force=force)
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("building", total=None)
                report = build(
                    store,
                    reason=reason,
                    corpus_dir=settings.corpus_dir,
                    force=force,
                    step=lambda name: progress.update(task, description=f"building {name}"),
                )
        if not report.current:  # a skipped build changed nothing the index reads
            keep_in_step(settings, store)  # the search index: the graphs the build changed
    return {
        "triples": report.triples,
        "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
        "total_triples": report.total,
        "total_seconds": round(time.perf_counter() - started, 3),
        "notes": report.notes,
        "current": report.current,
    }


def build(
    store: StoreOption = None,
    reason: Annotated[bool, typer.Option(help="run HermiT and write the inferred graph")] = True,
    force: Annotated[
        bool, typer.Option(help="rebuild even when the inputs are those of the last build")
    ] = False,
) -> None:
    """Build the ontology, bibliography, corpus and inferred graphs (idempotent; a build
    whose inputs, code and graphs are those of the last build is skipped, and says so)."""
    report = run(lambda: build_command(settings_for(store), reason=reason, force=force))
    title = "tkg build: up to date, nothing rebuilt" if report["current"] else "tkg build"
    table = Table(title=title, show_lines=False)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    table.add_column("seconds", justify="right")
    for name, count in report["triples"].items():
        table.add_row(name, str(count), f"{report['seconds'].get(name, 0.0):.2f}")
    table.add_row("total", str(report["total_triples"]), f"{report['total_seconds']:.2f}")
    out.print(table)
    for note in report["notes"]:
        err.print(f"note: {note}")


def load(
    file: Annotated[
        Path,
        typer.Argument(help="an RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML)"),
    ],
    graph: Annotated[str | None, typer.Option(help="target graph IRI for triples")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="format, if the extension does not tell")
    ] = None,
    append: Annotated[
        bool, typer.Option(help="add to the graphs instead of replacing them")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Load a file into the store; each graph it writes is replaced atomically."""

    def action() -> tuple[int, str]:
        chosen = rdf_format(fmt) if fmt else rdf_format_for_path(file)
        target = graph
        if target is None and not chosen.datasets:
            target = str(graphs.loaded(file))
        settings = settings_for(store)
        with opened_store(settings) as opened:
            count = opened.load(file, format=chosen, graph=target, replace=not append)
            keep_in_step(settings, opened, graphs=[target] if target else None)  # the index
        return count, target or "the graphs it names"

    count, where = run(action)
    out.print(f"loaded {count} quads from {file} into {where}")


def query(
    sparql: Annotated[str, typer.Argument(help="a SPARQL query, or @FILE / a path to a .rq file")],
    fmt: Annotated[
        str,
        format_option(
            (*RESULTS_FORMATS, *RDF_FORMATS),
            "table",
            help="output format: a table, SPARQL results (solutions) or RDF (graphs)",
        ),
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query: over its FROM / FROM NAMED if it has them, else every graph."""

    def action() -> None:
        text = _query_text(sparql)
        with opened_store(settings_for(store), read_only=True) as opened:
            result = opened.query(text)
            if fmt == "table":
                _print_table(result)
            else:
                sys.stdout.buffer.write(result.serialize(fmt))
                sys.stdout.flush()

    run(action)


#: What running an update takes instead of ``tkg query``: there is no update verb, since
#: every write the CLI makes is a whole graph replaced (``load``, ``build``, ``ingest``).
UPDATE_HINT = (
    "`tkg query` only reads. Send updates to the server: `TKG_UPDATE_TOKEN=... tkg serve`, "
    "then POST the update to /sparql as application/sparql-update with "
    "`Authorization: Bearer <token>`; or replace graphs with `tkg load FILE`"
)
_QUERY_FILES = (".rq", ".sparql", ".txt")


def _query_text(arg: str) -> str:
    """The query ``arg`` is: the text itself, or a file's (``@FILE``, or an argument that
    names a file). An argument that looks like a path (one line, no braces or ``<``, a
    ``/`` or a query file's suffix) but names no file is refused as such, rather than
    parsed as SPARQL; an update is refused with what to run instead."""
    at = arg.startswith("@")
    candidate = Path(arg[1:] if at else arg)
    single = "\n" not in arg and not any(c in arg for c in "{}<>")
    if at or (single and _is_file(candidate)):
        try:
            text = candidate.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"no such file: {candidate}") from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise InputError(f"cannot read the query file: {reason}", where=str(candidate)) from exc
    elif single and ("/" in arg or candidate.suffix.lower() in _QUERY_FILES):
        raise InputError(f"no such file: {candidate}")
    else:
        text = arg
    first = first_keyword(text)
    if first is not None and first[0] in UPDATE_KEYWORDS:
        raise InputError(f"this is a SPARQL update ({first[0]}): {UPDATE_HINT}")
    return text


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long to be a file's
        return False


def _print_table(result) -> None:
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        sys.stdout.write(result.serialize("ttl").decode("utf-8"))
        return
    rows = result.rows()
    table = Table(show_lines=False)
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*("" if row[n] is None else row[n].value for n in result.variables))
    out.print(table)
    err.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def dump(
    fmt: Annotated[str, format_option(RDF_FORMATS)] = "trig",
    graph: Annotated[str | None, typer.Option(help="only this graph")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole dataset (nq, trig) or one graph (any format)."""

    def action() -> bytes:
        with opened_store(settings_for(store), read_only=True) as opened:
            if graph is None and not rdf_format(fmt).datasets:
                # one graph's format for the whole store: the union, as triples
                return opened.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
                ).serialize(fmt)
            if graph is not None and rdf_format(fmt).name == "jsonld":
                # one graph as a plain graph document (compacted), not a named-graph one
                return opened.dump_graph(graph, format=fmt)
            return opened.dump(format=fmt, graph=graph)

    data = run(action)
    run(lambda: emit(data, output))
    if output:
        err.print(f"wrote {len(data)} bytes to {output}")


def compact(store: StoreOption = None) -> None:
    """Merge the files of a store on disk, which bulk loads leave overlapping (each look-up
    then reads every one): for a store loaded before it merged them itself. Seconds to
    minutes (a store of 1,000 papers: half a minute); the answers stay the same.
    """

    def action() -> tuple[bool, float]:
        started = time.perf_counter()
        with opened_store(settings_for(store)) as opened:
            merged = opened.compact()
        return merged, time.perf_counter() - started

    merged, seconds = run(action)
    if merged:
        out.print(f"compacted the store in {seconds:.1f} s")
    else:
        out.print("nothing to compact: the store is not on disk here")


def snapshot(
    corpus_dir: Annotated[
        Path | None, typer.Option(help="folder of the chapter's text ($TKG_CORPUS_DIR)")
    ] = None,
) -> None:
    """Rewrite the committed ingest snapshot of the chapter (kg/corpus/DOC.ingest.nt).

    A maintainer's verb, for after a change to the ingester: the default corpus is built in
    memory without reasoning, the chapter ingested from its text, and the sorted N-Triples
    written over the snapshot.
    """
    from kg.build import DEFAULT_DOCUMENT, build
    from kg.ingest.snapshot import write_snapshot
    from kg.store import open_store

    folder = corpus_dir or Settings().corpus_dir

    def action() -> Path:
        if folder is None:
            raise InputError("set TKG_CORPUS_DIR to the folder with the chapter's text")
        memory = open_store("memory")
        build(memory, reason=False, corpus_dir=None)
        return write_snapshot(memory, DEFAULT_DOCUMENT, folder)

    written = run(action)
    out.print(f"wrote {len(written.read_text().splitlines())} lines to {written}")
