"""Shared set-up of the litmap tests: the built chapter plus two small texts of our own."""

from __future__ import annotations

from pathlib import Path

from kg.build import build
from kg.ingest.pipeline import ingest
from kg.store import Store, open_store

DATA = Path(__file__).parent / "data" / "litmap"
DOCS = ("platforms", "sensing")


def litmap_store() -> Store:
    """An in-memory store with the chapter built (no reasoning) and both texts ingested."""
    store = open_store("memory")
    build(store, reason=False)
    for name in DOCS:
        ingest(
            store,
            DATA / f"{name}.md",
            bib=DATA / "shared-works.csl.json",
            meta=DATA / f"{name}.meta.json",
            doc_id=f"litmap-{name}",
        )
    return store
