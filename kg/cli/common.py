"""What every ``tkg`` verb shares: the consoles, the ``--store`` option, the settings and the
store a verb opens, the choices of a ``--format`` option, and how an error ends a verb (one
line on stderr, exit 2 or 1).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from kg.errors import InputError, StoreLockedError, TkgError
from kg.settings import Settings
from kg.store import Store, open_store
from kg.store.formats import Format, format_names

__all__ = [
    "StoreOption",
    "emit",
    "err",
    "format_option",
    "one_line",
    "opened_store",
    "out",
    "run",
    "settings_for",
]

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


def format_option(table: Iterable[Format[Any]], *extra: str, help: str | None = None) -> Any:
    """A ``--format`` (``-f``) option whose choices are ``extra`` ones first (such as
    ``table``), then the names of a table of formats: the option offers what the table
    holds, and any other value is a usage error (exit 2) that lists the choices.

    >>> from kg.store.formats import RESULTS_FORMATS
    >>> format_option(RESULTS_FORMATS, "table").metavar
    '[table|json|xml|csv|tsv]'
    """
    names = [*extra, *format_names(table)]

    def format_name(value: str) -> str:
        if value not in names:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, names))}.")
        return value

    return typer.Option(
        "--format", "-f", parser=format_name, metavar=f"[{'|'.join(names)}]", help=help
    )


def settings_for(store: str | None) -> Settings:
    """The settings from the environment, with ``--store`` over ``TKG_STORE`` when given."""
    settings = Settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    return settings


@contextmanager
def opened_store(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    """The configured store, open for the verb (read-only beside a running server if locked)."""
    try:
        handle = open_store(
            settings.store, outbound=settings.outbound, default_graph=settings.default_graph
        )
    except StoreLockedError:
        if not read_only:
            raise
        handle = open_store(
            settings.store,
            read_only=True,
            outbound=settings.outbound,
            default_graph=settings.default_graph,
        )
    try:
        yield handle
    finally:
        handle.close()


def run(action: Callable[[], T]) -> T:
    """Run a verb's work; an error becomes one line on stderr and exit 2 (input) or 1."""
    try:
        return action()
    except InputError as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise typer.Exit(2) from None
    except TkgError as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


def one_line(exc: Exception) -> str:
    """An error's message on one line."""
    return " ".join(str(exc).split())


def emit(data: bytes, output: Path | None) -> None:
    """Write a verb's output to a file, or to stdout when none is named."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", where=str(output)) from exc
