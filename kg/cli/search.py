"""``tkg search-index``: the full-text index beside the store (kg.search), rebuilt or
brought in step; and ``keep_in_step``, which the commands that write call after writing
(``tkg build``, ``tkg ingest``, ``tkg load``, ``tkg delete``), so that search sees what
they did: the graphs they wrote, indexed anew, not the whole store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import StoreOption, opened_store, out, run, settings_for
from kg.rdf import graphs as rdf_graphs
from kg.settings import Settings
from kg.store import Store

__all__ = ["keep_in_step", "search_index"]


def keep_in_step(
    settings: Settings,
    store: Store,
    *,
    texts: Iterable[tuple[str, Path]] = (),
    graphs: Iterable[str] | None = None,
    rebuild: bool = False,
) -> tuple[Path, int] | None:
    """Bring the index of ``settings.store`` in step with ``store`` after a write: the
    ``graphs`` it wrote indexed anew, or, without them, every graph whose fingerprint changed
    (``tkg build``, a load of a dataset); ``rebuild`` indexes everything anew. ``texts`` are
    (document id, text file) pairs just ingested, whose sentences' words it reads. Waits
    for a build under way elsewhere (one at a time: ``kg.search.BuildLock``). Nothing for a
    store in memory or on a SPARQL server, which keep no index file (the web app keeps one).
    Returns the index's file and how many texts it holds."""
    from kg.search import BuildLock, SearchIndex, index_path

    path = index_path(settings.store)
    if path is None:
        return None
    with BuildLock(path):
        index = SearchIndex(path, corpus_dir=settings.corpus_dir)
        try:
            for doc, text in texts:
                index.register_text(rdf_graphs.corpus(doc), text)
            if rebuild:
                index.rebuild(store)
            elif graphs is None:
                index.sync(store)
            else:
                index.update(store, graphs)
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
