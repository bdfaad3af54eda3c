"""``tkg ingest`` with several texts or folders: a corpus, with a progress bar and a table."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.common import err, opened_store, out, run
from kg.cli.search import keep_in_step
from kg.rdf import graphs
from kg.settings import Settings

__all__ = ["ingest_many", "outcome_table"]


def ingest_many(
    paths: list[Path], settings: Settings, *, workers: int, force: bool, sentences: str
) -> None:
    """Ingest every text in ``paths`` (kg.ingest.corpus), print a row for each; exit 1
    when any failed."""
    from kg.ingest.corpus import corpus_files, ingest_corpus

    files = run(lambda: corpus_files(paths))

    def action():
        with (
            opened_store(settings) as opened,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=not sys.stderr.isatty(),
            ) as progress,
        ):
            task = progress.add_task("ingesting", total=len(files))
            outcomes = ingest_corpus(
                opened,
                files,
                workers=workers,
                force=force,
                sentences=sentences,
                max_bytes=settings.max_text_bytes,
                done=lambda o: progress.update(task, advance=1, description=o.doc_id),
            )
            written = [graphs.corpus(o.doc_id) for o in outcomes if o.status == "ingested"]
            keep_in_step(settings, opened, texts=_texts(outcomes), graphs=written)
            return outcomes

    outcomes = run(action)
    out.print(outcome_table(outcomes))
    counts = {
        s: sum(1 for o in outcomes if o.status == s) for s in ("ingested", "skipped", "failed")
    }
    out.print(", ".join(f"{n} {status}" for status, n in counts.items()))
    if counts["failed"]:
        raise typer.Exit(1)


def _texts(outcomes) -> list[tuple[str, Path]]:
    """The text file of each document ingested (a PDF's kept text), for the search index."""
    texts = []
    for o in outcomes:
        kept = o.report.text_kept if o.report else None
        if o.status == "ingested" and (kept or o.path.suffix.lower() != ".pdf"):
            texts.append((o.doc_id, Path(kept or o.path)))
    return texts


def outcome_table(outcomes) -> Table:
    """The table of a corpus ingest: a row per file, in the order given."""
    table = Table(title=f"{len(outcomes)} documents", show_lines=False)
    for column in ("document", "file", "citations", "resolved", "warnings", "status"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        share = f"{o.resolved / o.citations:.0%}" if o.citations else "-"
        done = o.status == "ingested"
        said = o.message.removeprefix(f"{o.path}:").strip()  # the file has its column
        table.add_row(
            o.doc_id,
            str(o.path),
            str(o.citations) if done else "-",
            share if done else "-",
            str(len(o.warnings)) if done else "-",
            o.status + (f": {said}" if said else ""),
        )
    return table
