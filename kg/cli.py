"""``tkg``: the command line. Each verb parses its arguments and calls one function.

Errors print as one line on stderr with a non-zero exit: 2 for bad input (a
query that does not parse, a file that is not RDF), 1 for everything else.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import graphs
from .errors import InputError, StoreLockedError, TkgError
from .formats import rdf_format, rdf_format_for_path
from .settings import Settings
from .store import Store, open_store

__all__ = ["app", "build_command", "main"]

app = typer.Typer(
    name="tkg",
    help="Technocracy KG: build, query, reason over and serve the algorithmic-technocracy graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

T = TypeVar("T")

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="store: oxigraph:PATH, memory, or a SPARQL server's URL "
        "(default: $TKG_STORE or oxigraph:.tkg/store)",
    ),
]


class _TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"


class _DumpFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


def _settings(store: str | None) -> Settings:
    settings = Settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    return settings


@contextmanager
def _opened(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    try:
        handle = open_store(settings.store)
    except StoreLockedError:
        if not read_only:
            raise
        handle = open_store(settings.store, read_only=True)
    try:
        yield handle
    finally:
        handle.close()


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except InputError as exc:
        typer.echo(f"error: {_one_line(exc)}", err=True)
        raise typer.Exit(2) from None
    except TkgError as exc:
        typer.echo(f"error: {_one_line(exc)}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def build_command(settings: Settings, *, reason: bool = True, quiet: bool = False) -> dict:
    """Build the default corpus into the configured store; return the report as a dict."""
    from .build import build

    started = time.perf_counter()
    with _opened(settings) as store:
        if quiet or not sys.stderr.isatty():
            report = build(store, reason=reason, corpus_dir=settings.corpus_dir)
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
                    step=lambda name: progress.update(task, description=f"building {name}"),
                )
    return {
        "triples": report.triples,
        "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
        "total_triples": report.total,
        "total_seconds": round(time.perf_counter() - started, 3),
        "notes": report.notes,
    }


@app.command("build")
def _build_cmd(
    store: StoreOption = None,
    reason: Annotated[bool, typer.Option(help="run HermiT and write the inferred graph")] = True,
) -> None:
    """Build the ontology, bibliography, corpus and inferred graphs (idempotent)."""
    report = _run(lambda: build_command(_settings(store), reason=reason))
    table = Table(title="tkg build", show_lines=False)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    table.add_column("seconds", justify="right")
    for name, count in report["triples"].items():
        table.add_row(name, str(count), f"{report['seconds'][name]:.2f}")
    table.add_row("total", str(report["total_triples"]), f"{report['total_seconds']:.2f}")
    out.print(table)
    for note in report["notes"]:
        err.print(f"note: {note}")


@app.command("load")
def _load_cmd(
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
        with _opened(_settings(store)) as opened:
            count = opened.load(file, format=chosen, graph=target, replace=not append)
        return count, target or "the graphs it names"

    count, where = _run(action)
    out.print(f"loaded {count} quads from {file} into {where}")


@app.command("query")
def _query_cmd(
    sparql: Annotated[str, typer.Argument(help="a SPARQL query, or @FILE / a path to a .rq file")],
    fmt: Annotated[
        _TableFormat, typer.Option("--format", "-f", help="output format")
    ] = _TableFormat.table,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the union of all graphs."""

    def action() -> None:
        text = _query_text(sparql)
        with _opened(_settings(store), read_only=True) as opened:
            result = opened.query(text)
            if fmt is _TableFormat.table:
                _print_table(result)
            else:
                sys.stdout.buffer.write(result.serialize(fmt.value))
                sys.stdout.flush()

    _run(action)


def _query_text(arg: str) -> str:
    candidate = Path(arg[1:] if arg.startswith("@") else arg)
    if arg.startswith("@") or (candidate.suffix in (".rq", ".sparql") and candidate.is_file()):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot read the query file: {exc.strerror}", where=str(candidate)
            ) from exc
    return arg


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


@app.command("ingest")
def _ingest_cmd(
    text: Annotated[Path, typer.Argument(help="the text: PDF-extracted plain text or Markdown")],
    bib: Annotated[
        list[Path] | None,
        typer.Option(
            help="bibliography: CSL-JSON, BibTeX, RIS or a plain-text list; "
            "repeat to merge several (by DOI, or title and year)"
        ),
    ] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="the document's id (default: from the file name)")
    ] = None,
    meta: Annotated[
        Path | None, typer.Option(help="the document's own metadata, one CSL-JSON item")
    ] = None,
    sentences: Annotated[
        str, typer.Option(help="keep the words of: context (citing sentences), all, none")
    ] = "context",
    store: StoreOption = None,
) -> None:
    """Ingest a text and its bibliography: citations, contexts and concept mentions."""
    from .ingest.pipeline import ingest

    if sentences not in ("context", "all", "none"):
        typer.echo("error: --sentences is one of context, all, none", err=True)
        raise typer.Exit(2)

    def action():
        with (
            _opened(_settings(store)) as opened,
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=not sys.stderr.isatty(),
            ) as progress,
        ):
            task = progress.add_task("ingesting", total=None)
            return ingest(
                opened,
                text,
                bib=bib,
                doc_id=doc_id,
                meta=meta,
                sentences=sentences,
                step=lambda name: progress.update(task, description=f"ingest: {name}"),
            )

    report = _run(action)
    out.print(
        f"{report.doc_id}: {report.citations} citations ({report.resolved} resolved) to "
        f"{report.references} references, {report.sentences} sentences, {report.mentions} "
        f"concept mentions; {report.triples} triples in <{report.graph}> "
        f"({sum(report.seconds.values()):.2f}s)"
    )
    out.print(f"bibliography: {report.bibliography_source}")
    if report.citations == 0:
        err.print("note: no in-text citations found; the text's units and concept mentions are in")


@app.command("citations")
def _citations_cmd(
    doc: Annotated[str, typer.Argument(help="the document's id, e.g. kitchin2019smart")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv or table")] = "table",
    store: StoreOption = None,
) -> None:
    """List every citation instance of an ingested document, in text order."""
    import csv

    from .ingest.listing import FIELDS, list_citations

    if fmt not in ("json", "csv", "table"):
        typer.echo("error: --format is one of json, csv, table", err=True)
        raise typer.Exit(2)

    def action():
        with _opened(_settings(store), read_only=True) as opened:
            return list_citations(opened, doc)

    records = _run(action)
    if fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(
            [
                *FIELDS[:10],
                "reference_id",
                "reference_title",
                "reference_year",
                "confidence",
                "reason",
            ]
        )
        for r in records:
            ref = r["reference"] or {}
            writer.writerow(
                [
                    r["text"],
                    "; ".join(r["surnames"]),
                    r["year"],
                    r["locator"] or "",
                    r["prefix"] or "",
                    r["narrative"],
                    r["sentence"] or "",
                    r["page"],
                    r["start"],
                    r["end"],
                    ref.get("id", ""),
                    ref.get("title", ""),
                    ref.get("year", ""),
                    r["confidence"],
                    r["reason"],
                ]
            )
        return
    table = Table(title=f"{len(records)} citations in {doc}", show_lines=False)
    for column in ("#", "as written", "page", "offsets", "resolves to", "conf."):
        table.add_column(column, overflow="fold")
    for n, r in enumerate(records, start=1):
        ref = r["reference"]
        table.add_row(
            str(n),
            r["text"],
            str(r["page"]),
            f"{r['start']}-{r['end']}",
            ref["id"] if ref else "[unresolved]",
            f"{r['confidence']:.2f}",
        )
    out.print(table)


@app.command("reason")
def _reason_cmd(store: StoreOption = None) -> None:
    """Check consistency with HermiT and write the inferred graph."""
    from .reason import reason as run

    def action():
        with _opened(_settings(store)) as opened:
            return run(opened)

    result = _run(action)
    out.print(
        f"consistent; {result.inferred} triples in <{graphs.INFERRED}> "
        f"(from {result.asserted} asserted) in {result.seconds:.1f}s"
    )


@app.command("validate")
def _validate_cmd(
    store: StoreOption = None,
    corpus_dir: Annotated[
        Path | None, typer.Option(help="folder of the source texts ($TKG_CORPUS_DIR)")
    ] = None,
) -> None:
    """Run the SHACL shapes, the QC queries and the anchor checks; exit 1 on findings."""
    from .validate import validate as run

    settings = _settings(store)

    def action():
        with _opened(settings, read_only=True) as opened:
            return run(opened, corpus_dir=corpus_dir or settings.corpus_dir)

    report = _run(action)
    anchors = report.anchors
    out.print(
        f"checked: {report.shapes_checked} SHACL shapes, {len(report.qc_checked)} QC queries, "
        f"{anchors.checked} anchors against their text"
        + (f" ({anchors.skipped} skipped: text not at hand)" if anchors.skipped else "")
    )
    if report.conforms:
        out.print("[bold green]conforms[/]")
        return
    table = Table(title=f"{len(report.findings)} findings", show_lines=True)
    table.add_column("rule")
    table.add_column("node", overflow="fold")
    table.add_column("message", overflow="fold")
    for finding in report.findings:
        table.add_row(finding.rule, finding.focus, finding.message)
    out.print(table)
    raise typer.Exit(1)


@app.command("dump")
def _dump_cmd(
    fmt: Annotated[_DumpFormat, typer.Option("--format", "-f")] = _DumpFormat.trig,
    graph: Annotated[str | None, typer.Option(help="only this graph")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole dataset (nq, trig) or one graph (any format)."""

    def action() -> bytes:
        with _opened(_settings(store), read_only=True) as opened:
            if graph is None and not rdf_format(fmt.value).datasets:
                # one graph's format for the whole store: the union, as triples
                return opened.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
                ).serialize(fmt.value)
            return opened.dump(format=fmt.value, graph=graph)

    data = _run(action)
    if output:
        output.write_bytes(data)
        err.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("serve")
def _serve_cmd(
    host: Annotated[str | None, typer.Option(help="interface (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    store: StoreOption = None,
) -> None:
    """Serve the graph: SPARQL endpoint at /sparql, home page at /. Builds it first if empty."""
    import importlib

    settings = _settings(store)
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=updates)

    def prepare() -> Store:
        opened = open_store(settings.store)
        if not opened.graphs():
            err.print("the store is empty: building the default corpus first")
            from .build import build as run_build

            run_build(opened, corpus_dir=settings.corpus_dir)
        return opened

    opened = _run(prepare)
    server = importlib.import_module("api.server")
    err.print(f"serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)")
    try:
        server.serve(settings, opened)
    finally:
        opened.close()


def _register_command_groups() -> None:
    """The command groups that live beside their libraries: ``argmap``, ``litmap``, ``bib``."""
    from .argmap.cli import app as argmap_app
    from .litmap.cli import register as register_litmap

    app.add_typer(argmap_app, name="argmap")
    register_litmap(app)


_register_command_groups()


def main() -> None:
    """Entry point of the ``tkg`` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
