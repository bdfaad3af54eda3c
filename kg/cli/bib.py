"""``tkg bib export``: what the ingested documents cite, as a bibliography file or list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import StoreOption, emit, opened_store, run, settings_for
from kg.errors import InputError
from kg.litmap.choices import BIB_FORMATS

__all__ = ["app", "bib_export"]

app = typer.Typer(help="Bibliographies of what the ingested documents cite.", no_args_is_help=True)


def bib_export(store, fmt: str, *, doc: str | None = None) -> bytes:
    """The works cited by the ingested documents (or by ``doc``) in a bibliography format."""
    from kg.litmap.formats import write_map
    from kg.litmap.networks import Filters, build_map

    if fmt not in BIB_FORMATS:
        raise InputError(
            f"unknown format {fmt!r}; one of {', '.join(BIB_FORMATS)}", where="--format"
        )
    return write_map(build_map(store, "citation", Filters(doc=doc)), fmt)


@app.command("export")
def _bib_export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help=", ".join(BIB_FORMATS))] = "csl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
    ] = None,
    doc: Annotated[str | None, typer.Option(help="only the works this document cites")] = None,
    store: StoreOption = None,
) -> None:
    """The cited works as CSL-JSON, BibTeX, RIS, or an APA, Harvard or Chicago list."""

    def action() -> bytes:
        with opened_store(settings_for(store), read_only=True) as opened:
            return bib_export(opened, fmt, doc=doc)

    data = run(action)
    run(lambda: emit(data, output))
