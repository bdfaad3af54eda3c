"""``tkg reason`` and ``tkg validate``: HermiT over the store, and the checks of a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kg.cli.common import StoreOption, opened_store, out, run, settings_for
from kg.rdf import graphs

if TYPE_CHECKING:
    from kg.checks.anchors import Finding

__all__ = ["reason", "validate"]


def reason(store: StoreOption = None) -> None:
    """Check consistency with HermiT and write the inferred graph."""
    from kg.owl.reason import reason as run_reason

    def action():
        with opened_store(settings_for(store)) as opened:
            return run_reason(opened)

    result = run(action)
    out.print(
        f"consistent; {result.inferred} triples in <{graphs.INFERRED}> "
        f"(from {result.asserted} asserted) in {result.seconds:.1f}s"
    )


def validate(
    store: StoreOption = None,
    corpus_dir: Annotated[
        Path | None, typer.Option(help="folder of the source texts ($TKG_CORPUS_DIR)")
    ] = None,
    notes: Annotated[
        bool, typer.Option("--notes", help="also list the notes (what parsed references lack)")
    ] = False,
) -> None:
    """Run the SHACL shapes, the QC queries, the anchor and span checks; exit 1 on findings
    (notes, of severity info, are counted but do not fail)."""
    from kg.checks.validate import validate as run_validate

    settings = settings_for(store)

    def action():
        with opened_store(settings, read_only=True) as opened:
            return run_validate(opened, corpus_dir=corpus_dir or settings.corpus_dir)

    report = run(action)
    anchors, spans = report.anchors, report.spans
    out.print(
        f"checked: {report.shapes_checked} SHACL shapes, {len(report.qc_checked)} QC queries, "
        f"{anchors.checked} anchors against their text"
        + (f" ({anchors.skipped} skipped: text not at hand)" if anchors.skipped else "")
        + f", {spans.checked} spans of {spans.texts} ingested texts"
        + (f" ({len(spans.skipped_texts)} texts not at hand)" if spans.skipped_texts else "")
    )
    if notes and report.notes:
        out.print(_table(f"{len(report.notes)} notes (not failures)", report.notes))
    elif report.notes:
        out.print(f"{len(report.notes)} notes (not failures; --notes lists them)")
    if report.conforms:
        out.print("[bold green]conforms[/]")
        return
    out.print(_table(f"{len(report.findings)} findings", report.findings))
    raise typer.Exit(1)


def _table(title: str, findings: list[Finding]) -> Table:
    table = Table(title=title, show_lines=True)
    table.add_column("rule")
    table.add_column("node", overflow="fold")
    table.add_column("message", overflow="fold")
    for finding in findings:
        table.add_row(finding.rule, finding.focus, finding.message)
    return table
