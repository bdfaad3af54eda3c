"""``tkg search-index``: the full-text index beside the store (kg.search), rebuilt or
brought in step; and ``keep_in_step``, which the commands that write call after writing
(``tkg build``, ``tkg ingest``, ``tkg delete``), so that search sees what they did."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import StoreOption, opened_store, out, run, settings_for
from kg.rdf import graphs
from kg.settings import Settings
from kg.store import Store

__all__ = ["keep_in_step", "search_index"]


def keep_in_step(
    settings: Settings,
    store: Store,
    *,
    texts: Iterable[tuple[str, Path]] = (),
    rebuild: bool = False,
) -> tuple[Path, int] | None:
    """Bring the index of ``settings.store`` in step with ``store`` after a write (or
    rebuild it); ``texts`` are (document id, text file) pairs just ingested, whose
    sentences' words it reads. Nothing for a store in memory or on a SPARQL server, which
    keep no index file (the web app fills one of its own).
    Returns the index's file and how many texts it holds."""
    from kg.search import SearchIndex, index_path

    path = index_path(settings.store)
    if path is None:
        return None
    index = SearchIndex(path, corpus_dir=settings.corpus_dir)
    try:
        for doc, text in texts:
            index.register_text(graphs.corpus(doc), text)
        if rebuild:
            index.rebuild(store)
        else:
            index.sync(store)
        return path, index.size()
    finally:
        index.close()


def search_index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="index everything anew, not only what changed")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Bring the full-text index (beside the store) in step with it: the graphs that changed
    are indexed again. `--rebuild` after a SPARQL update that rewrote texts in place."""
    settings = settings_for(store)

    def action():
        with opened_store(settings) as opened:
            return keep_in_step(settings, opened, rebuild=rebuild)

    done = run(action)
    if done is None:
        out.print(
            "a store in memory or on a SPARQL server keeps no index file: the web app fills its own"
        )
        return
    path, size = done
    out.print(f"{size} texts indexed in {path}")
