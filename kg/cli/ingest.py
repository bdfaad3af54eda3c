"""``tkg ingest`` and ``tkg citations``: a scholar's text into the graph, and its citations out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.common import StoreOption, err, opened_store, out, run, settings_for
from kg.cli.corpus import ingest_many
from kg.cli.search import keep_in_step

__all__ = ["citations", "fix_reference", "ingest", "references", "warning_summary"]


def warning_summary(warnings, first: int = 5) -> list[str]:
    """Lines that sum up ingest's warnings: how many of each kind, then the first few
    with their ``file:line``.

    >>> from kg.ingest.model import IngestWarning as W
    >>> for line in warning_summary([W("skipped", "a.txt:9", "not a reference"),
    ...                              W("unparsed", "a.txt:12", "kept raw")]):
    ...     print(line)
    warnings: 1 skipped, 1 unparsed
      a.txt:9: skipped: not a reference
      a.txt:12: unparsed: kept raw
    """
    if not warnings:
        return []
    counts: dict[str, int] = {}
    for w in warnings:
        counts[w.kind] = counts.get(w.kind, 0) + 1
    lines = ["warnings: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))]
    lines += [f"  {w.where}: {w.kind}: {w.message}" for w in warnings[:first]]
    if len(warnings) > first:
        lines.append(f"  ... and {len(warnings) - first} more")
    return lines


def ingest(
    texts: Annotated[
        list[Path],
        typer.Argument(
            help="the text: a PDF, PDF-extracted plain text or Markdown; or several, or "
            "folders (their .pdf, .txt and .md files, recursively)",
            metavar="TEXT",
        ),
    ],
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
    text_out: Annotated[
        Path | None,
        typer.Option(
            help="a PDF's text, which the offsets point into, goes here (file or "
            "folder; default: PDF.txt beside the PDF)"
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="several texts: analyse them in this many processes")
    ] = 1,
    force: Annotated[
        bool, typer.Option(help="several texts: ingest again those already in the store")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Ingest a text and its bibliography: citations, contexts and concept mentions.
    Several texts or folders: a table of what became of each; exit 1 if any failed."""
    from kg.ingest.pipeline import ingest as run_ingest

    if sentences not in ("context", "all", "none"):
        typer.echo("error: --sentences is one of context, all, none", err=True)
        raise typer.Exit(2)

    settings = settings_for(store)
    if len(texts) > 1 or texts[0].is_dir():
        given = [
            n
            for n, v in (
                ("--bib", bib),
                ("--id", doc_id),
                ("--meta", meta),
                ("--text-out", text_out),
            )
            if v
        ]
        if given:
            typer.echo(
                f"error: {', '.join(given)} {'names' if len(given) == 1 else 'name'} one text's "
                "inputs: give one text, "
                "not several or a folder",
                err=True,
            )
            raise typer.Exit(2)
        ingest_many(texts, settings, workers=workers, force=force, sentences=sentences)
        return
    text = texts[0]

    def action():
        with (
            opened_store(settings) as opened,
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
            report = run_ingest(
                opened,
                text,
                bib=bib,
                doc_id=doc_id,
                meta=meta,
                sentences=sentences,
                step=lambda name: progress.update(task, description=f"ingest: {name}"),
                max_bytes=settings.max_text_bytes,
                keep_text=text_out,
            )
            # the search index reads the text's sentences from the file the offsets point into
            kept = report.text_kept or (None if text.suffix.lower() == ".pdf" else text)
            texts = [(report.doc_id, Path(kept))] if kept else []
            keep_in_step(settings, opened, texts=texts, graphs=[report.graph])
            return report

    report = run(action)
    out.print(
        f"{report.doc_id}: {report.citations} citations ({report.resolved} resolved) to "
        f"{report.references} references, {report.sentences} sentences, {report.mentions} "
        f"concept mentions; {report.triples} triples in <{report.graph}> "
        f"({sum(report.seconds.values()):.2f}s)"
    )
    out.print(f"bibliography: {report.bibliography_source}")
    for line in warning_summary(report.warnings):
        err.print(line, markup=False, highlight=False, soft_wrap=True)
    if report.text_kept:
        out.print(f"text: {report.text_kept} (the offsets point into it)")
    elif text.suffix.lower() == ".pdf":
        err.print("note: the PDF's text could not be kept beside it; give --text-out")
    if report.citations == 0:
        err.print("note: no in-text citations found; the text's units and concept mentions are in")


def citations(
    doc: Annotated[str, typer.Argument(help="the document's id, e.g. kitchin2019smart")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv or table")] = "table",
    store: StoreOption = None,
) -> None:
    """List every citation instance of an ingested document, in text order."""
    import csv

    from kg.ingest.listing import FIELDS, list_citations

    if fmt not in ("json", "csv", "table"):
        typer.echo("error: --format is one of json, csv, table", err=True)
        raise typer.Exit(2)

    def action():
        with opened_store(settings_for(store), read_only=True) as opened:
            return list_citations(opened, doc)

    records = run(action)
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


def references(
    doc: Annotated[str, typer.Argument(help="the document's id, e.g. kitchin2019smart")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csl")] = "table",
    store: StoreOption = None,
) -> None:
    """List every entry of a document's reference list in its order, cited or not: its raw
    text, the fields parsed, its confidence and warnings, and the citations resolving to it."""
    from kg.ingest.listing import list_references

    if fmt not in ("json", "csl", "table"):
        typer.echo("error: --format is one of table, json, csl", err=True)
        raise typer.Exit(2)

    def action():
        with opened_store(settings_for(store), read_only=True) as opened:
            return list_references(opened, doc)

    records = run(action)
    if fmt in ("json", "csl"):
        data = [r["csl"] for r in records] if fmt == "csl" else records
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(records)} references in {doc}", show_lines=False)
    for column in ("#", "id", "text", "conf.", "cited", "warnings"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            str(r["position"]),
            r["id"],
            r["raw"] or r["csl"].get("title") or "",
            r["confidence"] or "",
            str(len(r["citations"])),
            "; ".join(r["warnings"]),
        )
    out.print(table)


def fix_reference(
    doc: Annotated[str, typer.Argument(help="the document's id, e.g. kitchin2019smart")],
    position: Annotated[
        int, typer.Argument(min=1, help="the entry's number, as tkg references DOC lists it")
    ],
    entry: Annotated[
        str,
        typer.Argument(
            help="the corrected entry: a file holding it, - for stdin, or the text itself "
            "(a plain-text reference, one CSL-JSON item, one BibTeX entry)"
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="text, csl-json or bibtex (default: by content)"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Replace one entry of a document's reference list and resolve its citations again,
    without ingesting the document again."""
    from kg.ingest.fix import fix_reference as run_fix

    if entry == "-":
        data = sys.stdin.read()
    elif Path(entry).is_file():
        data = Path(entry).read_text(encoding="utf-8-sig")
    else:
        data = entry

    def action():
        with opened_store(settings_for(store)) as opened:
            return run_fix(opened, doc, position, data, format=fmt)

    fixed = run(action)
    out.print(
        f"{doc}: entry {fixed.position} ({fixed.reference}) replaced; citations resolved: "
        f"{fixed.resolved_before} before, {fixed.resolved_after} now, of {fixed.citations}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    for number, before, after in fixed.changed:
        out.print(
            f"  citation {number}: {before or 'unresolved'} -> {after or 'unresolved'}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
