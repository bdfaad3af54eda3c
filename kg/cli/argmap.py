"""``tkg argmap``: import, export and list argument maps (thin verbs over ``kg.argmap``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.argmap.export import FORMATS
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

__all__ = [
    "app",
    "delete_command",
    "export_command",
    "import_command",
    "list_command",
]

app = typer.Typer(
    name="argmap",
    help="Argument maps: import Argdown or AIF JSON, export to Argdown, AIF, pictures, files.",
    no_args_is_help=True,
)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="an Argdown (.argdown) or AIF JSON (.json) file")],
    doc: Annotated[
        str | None, typer.Option(help="the map's id (default: front matter `doc` or the file name)")
    ] = None,
    unknown: Annotated[
        str,
        typer.Option(
            help="a work (cites) or concept (about) the graph does not hold: error (refuse "
            "the map) or warn (load it, and say so)"
        ),
    ] = "error",
    store: StoreOption = None,
) -> None:
    """Read, check and load a map into graph argmap/{doc} (all or nothing)."""
    from kg.argmap.storage import load_file

    if unknown not in ("error", "warn"):
        typer.echo("error: --unknown is one of error, warn", err=True)
        raise typer.Exit(2)

    def action():
        with opened_store(settings_for(store)) as opened:
            return load_file(
                opened,
                file,
                doc=doc,
                unknown=unknown,
                warn=lambda message: err.print(f"warning: {message}", markup=False),
            )

    ident, m, size = run(action)
    counts = m.counts()
    out.print(
        f"imported {ident}: {counts['statements']} statements, {counts['arguments']} arguments, "
        f"{counts['relations']} relations; {size} triples in graph argmap/{ident}"
    )


@app.command("export")
def export_command(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="the map's id (see `tkg argmap list`)")
    ],
    fmt: Annotated[str, format_option(FORMATS.values())] = "argdown",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write a map from the store as Argdown, AIF JSON, DOT, SVG, PNG, Mermaid, GraphML,
    HTML, JSON or Turtle."""
    from kg.argmap.export import export
    from kg.argmap.storage import read_map

    def action() -> bytes:
        with opened_store(settings_for(store), read_only=True) as opened:
            m = read_map(opened, ident)
        return export(m, ident, fmt)

    data = run(action)
    run(lambda: emit(data, output))
    if output:
        err.print(f"wrote {len(data)} bytes to {output}")


@app.command("delete")
def delete_command(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="the map's id (see `tkg argmap list`)")
    ],
    store: StoreOption = None,
) -> None:
    """Remove a map (its graph argmap/{ID}), all or nothing."""
    from kg.argmap.storage import delete_map
    from kg.cli.delete import removed_table

    def action():
        with opened_store(settings_for(store)) as opened:
            return delete_map(opened, ident)

    removed = run(action)
    out.print(removed_table(f"deleted map {ident}: {sum(removed.values())} triples", removed))


@app.command("list")
def list_command(store: StoreOption = None) -> None:
    """The maps in the store, with their counts."""
    from rich.table import Table

    from kg.argmap.storage import list_maps

    def action():
        with opened_store(settings_for(store), read_only=True) as opened:
            return list_maps(opened)

    rows = run(action)
    table = Table(title="argument maps")
    for column in ("id", "title", "claims", "arguments", "relations"):
        table.add_column(column, justify="right" if column not in ("id", "title") else "left")
    for row in rows:
        table.add_row(
            row["id"],
            row["title"],
            str(row["claims"]),
            str(row["arguments"]),
            str(row["relations"]),
        )
    out.print(table)
