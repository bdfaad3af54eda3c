"""``tkg delete``: an ingested document and what it added, out of the store."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.common import StoreOption, opened_store, out, run, settings_for

__all__ = ["delete", "removed_table"]


def removed_table(title: str, removed: dict[str, int]):
    """The triples removed per graph, as a table."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("graph", overflow="fold")
    table.add_column("triples removed", justify="right")
    for graph, count in removed.items():
        table.add_row(graph, str(count))
    return table


def delete(
    doc: Annotated[str, typer.Argument(help="the document's id, as `tkg ingest --id` gave it")],
    store: StoreOption = None,
) -> None:
    """Remove a document: its graph (text units, citations, references, the works it alone
    cites) and its argument map, all or nothing."""
    from kg.cli.search import keep_in_step
    from kg.ingest.delete import delete_document

    settings = settings_for(store)

    def action():
        with opened_store(settings) as opened:
            removal = delete_document(opened, doc)
            keep_in_step(settings, opened, graphs=removal.removed)  # the index forgets it
            return removal

    removal = run(action)
    out.print(removed_table(f"deleted {removal.doc}: {removal.triples} triples", removal.removed))
