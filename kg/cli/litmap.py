"""``tkg litmap KIND`` and ``tkg bib export``: parse the options, call ``build_map`` and
``write_map``, write the bytes to a file or stdout. Nothing is written when the map is
empty or a filter is bad: the error is one line and the exit status is non-zero.

Annotations here are evaluated when the commands are defined (typer reads them), so this
module does not postpone them.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.common import StoreOption, emit, err, opened_store, run, settings_for
from kg.errors import InputError
from kg.litmap.choices import GRAINS, KINDS, MAP_FORMAT_NAMES

if TYPE_CHECKING:  # the map code is imported when a map is asked for, not at start-up
    from kg.litmap.networks import LitMap

__all__ = ["litmap", "parse_years", "register"]

_YEARS = re.compile(r"^\s*(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?\s*$")


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """``2010-2020``, ``2010-``, ``-2015`` or ``2014`` as (from, to).

    >>> parse_years("2010-2020"), parse_years("-2015"), parse_years("2014")
    ((2010, 2020), (None, 2015), (2014, 2014))
    """
    if not text:
        return None, None
    found = _YEARS.match(text)
    if not found or not (found.group(1) or found.group(3)):
        raise InputError(f"{text!r} is not a year range such as 2010-2020", where="--years")
    start, dash, end = found.groups()
    first = int(start) if start else None
    last = int(end) if end else (first if not dash else None)
    return first, last


def litmap(
    store,
    kind: str,
    fmt: str = "json",
    *,
    min_weight: float = 1,
    doc: str | None = None,
    concept: str | None = None,
    years: str | None = None,
    grain: str = "sentence",
    year_axis: bool = False,
) -> "tuple[LitMap, bytes]":
    """The map and its bytes in ``fmt`` (the function the command calls)."""
    from kg.litmap.formats import map_format, write_map
    from kg.litmap.networks import Filters, build_map

    chosen = map_format(fmt)
    if kind not in KINDS:
        raise InputError(f"unknown map kind {kind!r}; one of {', '.join(KINDS)}", where="KIND")
    first, last = parse_years(years)
    filters = Filters(
        min_weight=min_weight, doc=doc, concept=concept, year_from=first, year_to=last, grain=grain
    )
    built = build_map(store, kind, filters)
    return built, write_map(built, chosen, years=year_axis)


def register(app: typer.Typer) -> None:
    """Add ``litmap`` to the ``tkg`` app."""

    formats = ", ".join(MAP_FORMAT_NAMES)

    @app.command("litmap")
    def _litmap_cmd(
        kind: Annotated[str, typer.Argument(help=f"one of: {', '.join(KINDS)}")],
        fmt: Annotated[str, typer.Option("--format", "-f", help=formats)] = "json",
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="file (default: stdout)")
        ] = None,
        min_weight: Annotated[float, typer.Option(help="drop edges lighter than this")] = 1,
        doc: Annotated[str | None, typer.Option(help="only this citing document (id)")] = None,
        concept: Annotated[
            str | None, typer.Option(help="only citations in sentences on this term")
        ] = None,
        years: Annotated[
            str | None, typer.Option(help="works published in, e.g. 2010-2020 or 2014-")
        ] = None,
        grain: Annotated[str, typer.Option(help=f"co-citation unit: {', '.join(GRAINS)}")] = (
            "sentence"
        ),
        year_axis: Annotated[
            bool, typer.Option(help="pictures: years of publication along x")
        ] = False,
        store: StoreOption = None,
    ) -> None:
        """A literature map: citation, cocitation, coupling, concept-work, author-cocitation."""

        def action() -> "tuple[LitMap, bytes]":
            with opened_store(settings_for(store), read_only=True) as opened:
                return litmap(
                    opened,
                    kind,
                    fmt,
                    min_weight=min_weight,
                    doc=doc,
                    concept=concept,
                    years=years,
                    grain=grain,
                    year_axis=year_axis,
                )

        built, data = run(action)
        run(lambda: emit(data, output))
        if output is not None:
            err.print(
                f"{built.title}: {built.graph.number_of_nodes()} nodes, "
                f"{built.graph.number_of_edges()} edges; wrote {len(data)} bytes to {output}"
            )
