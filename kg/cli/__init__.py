"""``tkg``: the command line. Each verb parses its arguments and calls one function.

One module per command group: :mod:`kg.cli.store` (build, load, query, dump, compact),
:mod:`kg.cli.ingest` (ingest, citations, references), :mod:`kg.cli.delete`,
:mod:`kg.cli.checks` (reason, validate), :mod:`kg.cli.search` (search-index),
:mod:`kg.cli.argmap`, :mod:`kg.cli.litmap` (litmap, bib); what they share is in
:mod:`kg.cli.common`. ``tkg serve`` sits one layer up, in :mod:`api.cli`, which adds it
to this app: the library's command line never imports the web app.

Errors print as one line on stderr with a non-zero exit: 2 for bad input (a
query that does not parse, a file that is not RDF), 1 for everything else.
"""

from __future__ import annotations

import typer

from kg.cli import argmap, bib, checks, delete, ingest, litmap, search, store
from kg.cli.store import build_command

__all__ = ["app", "build_command", "main"]

app = typer.Typer(
    name="tkg",
    help="Technocracy KG: build, query, reason over and serve the algorithmic-technocracy graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("build")(store.build)
app.command("load")(store.load)
app.command("query")(store.query)
app.command("ingest")(ingest.ingest)
app.command("citations")(ingest.citations)
app.command("references")(ingest.references)
app.command("fix-reference")(ingest.fix_reference)
app.command("delete")(delete.delete)
app.command("reason")(checks.reason)
app.command("validate")(checks.validate)
app.command("dump")(store.dump)
app.command("compact")(store.compact)
app.command("search-index")(search.search_index)
app.command("snapshot", hidden=True)(store.snapshot)
app.add_typer(argmap.app, name="argmap")
litmap.register(app)
app.add_typer(bib.app, name="bib")


def main() -> None:
    """Entry point of the library's command line (``tkg`` without ``serve``: see api.cli)."""
    app()
