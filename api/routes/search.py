"""``/search?q=``: full-text search over labels, definitions, titles, claims, quotations,
references and the sentences of every ingested text (kg.search), ranked, each hit with its
words in context and the page that shows it; JSON, or a page for a browser.

The index is the file beside an on-disk store (``kg.search.index_path``), which ``tkg``
keeps in step as it writes; for a store in memory or a remote one, a file of the app's own.
A search never builds it: the app's keeper thread (``kg.search.IndexKeeper``, started with
the app, ``start_keeping``) builds what is missing or stale at start and indexes again the
graphs a write through the app changed. While a build is under way a search answers at once
from what is indexed so far, and ``building`` says how far the build has come; with nothing
indexed yet, or where the index cannot be had (no FTS5 in this SQLite, a read-only folder),
the graph's own search answers, over labels, titles, definitions and quotations only, and
the answer says so.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Response
from pydantic import Field

from api.catalogue_call import CatalogueDep
from api.html.search import search_page
from api.pagination import CATALOGUE_RESPONSES, LimitQuery, OffsetQuery
from kg.catalogue import records as catalogue
from kg.search import (
    Building,
    Found,
    Hit,
    IndexKeeper,
    SearchIndex,
    Segment,
    href_of,
    index_path,
    state,
)
from kg.settings import Settings
from kg.store import Store

__all__ = [
    "SearchPage",
    "fallback_work",
    "keeper_of",
    "router",
    "search",
    "search_work",
    "start_keeping",
    "stop_keeping",
]

router = APIRouter(prefix="/search", tags=["search"])


class SearchPage(Found):
    """One page of hits, with links to the pages before and after it."""

    next: str | None = Field(default=None, description="URL of the next page, if any")
    prev: str | None = Field(default=None, description="URL of the previous page, if any")


def search_work(
    store: Store, index_file: str, q: str, limit: int, offset: int, behind: bool = False
) -> Found:
    """The index asked as it is, with the state of a build under way (module-level: it runs
    in a query worker, which opens the index file itself, read-only: it never waits for a
    build's writes). Nothing indexed yet: the graph's own search, saying why. ``behind``:
    the store was written since the index was brought in step, and no build has begun."""
    path = Path(index_file)
    building = state(path) or (Building(done=0, total=0) if behind else None)
    index = SearchIndex(path, readonly=True)
    try:
        if index.empty():
            why = "the full-text index is being built" if building else "nothing is indexed yet"
            found = fallback_work(store, q, limit, offset, why)
        else:
            found = index.search(q, limit=limit, offset=offset)
    finally:
        index.close()
    return found.model_copy(update={"building": building})


def _marked(text: str, q: str) -> list[Segment]:
    at = text.lower().find(q.lower())
    if at < 0 or not q:
        return [Segment(text=text)]
    parts = [(text[:at], False), (text[at : at + len(q)], True), (text[at + len(q) :], False)]
    return [Segment(text=t, hit=h) for t, h in parts if t]


def fallback_work(store: Store, q: str, limit: int, offset: int, why: str) -> Found:
    """The graph's own search (``kg.catalogue.records.search``: the text as a substring of
    labels, titles, definitions, quotations), in the index's shape."""
    listing = catalogue.search(store, q, limit=limit, offset=offset)
    items = [
        Hit(
            iri=h.iri,
            kind=h.kind,
            label=h.label or "",
            href=href_of(h.anchors[0] if h.anchors else h.iri),
            text=h.text,
            snippet=_marked(h.text, q),
            anchors=h.anchors,
            score=0.0,
        )
        for h in listing.items
    ]
    return Found(
        q=q, total=listing.total, offset=offset, limit=limit, items=items, source=f"fallback: {why}"
    )


def _index_file(settings: Settings) -> Path:
    """Beside the store on disk; else a file of this app's."""
    return (
        index_path(settings.store) or Path(tempfile.mkdtemp(prefix="tkg-search-")) / "search.sqlite"
    )


def keeper_of(app: FastAPI) -> IndexKeeper:
    """The app's index keeper, made and started on first need (an app whose lifespan did not
    run, in a test, gets one too)."""
    keeper: IndexKeeper | None = getattr(app.state, "search_keeper", None)
    if keeper is None:
        settings: Settings = app.state.settings
        keeper = IndexKeeper(app.state.store, _index_file(settings), corpus_dir=settings.corpus_dir)
        app.state.search_keeper = keeper
        keeper.start()
    return keeper


def start_keeping(app: FastAPI) -> None:
    """At the app's start, for a store on disk (whose index file is beside it): the index
    compared with the store, and what is missing or stale built, in the keeper's thread
    (the app answers meanwhile). A store in memory or on a SPARQL server has its index
    made when the first search asks: an app made for a moment (a test's) builds none."""
    if index_path(app.state.settings.store) is not None:
        keeper_of(app)


def stop_keeping(app: FastAPI) -> None:
    """At the app's end: the keeper stopped after the batch it is writing."""
    keeper: IndexKeeper | None = getattr(app.state, "search_keeper", None)
    if keeper is not None:
        keeper.stop()
        app.state.search_keeper = None


@router.get(
    "",
    summary="Full-text search: labels, definitions, titles, claims, quotations, references, "
    "sentences",
    response_model=SearchPage,
    responses=CATALOGUE_RESPONSES,
)
async def search(
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="words to look for (all of them; case, accents and endings ignored)",
            examples=["smartmentality"],
        ),
    ],
    call: CatalogueDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> SearchPage | Response:
    """Best first: BM25 weighted by what matched (a label above a title, a definition, a
    quotation, a reference, a sentence). Each hit has ``href``, the page of this server that
    shows it: a sentence in the reader (``/documents/{doc}#s-{n}``), a term, a work, a claim.
    ``source`` is ``index``, or ``fallback: why`` when the graph's own search answered;
    ``building``, while the index is being built, how far the build has come (the hits are
    from what it has indexed so far)."""
    keeper = keeper_of(call.request.app)
    keeper.poke()  # a store with no count of writes is compared now and then
    try:
        found = await call.run(search_work, str(keeper.path), q, limit, offset, keeper.behind())
    except (sqlite3.Error, OSError) as exc:
        why = f"the full-text index is not available ({exc})"
        found = await call.run(fallback_work, q, limit, offset, why)
    links = call.links(total=found.total, limit=limit, offset=offset)
    page = SearchPage(**dict(found), next=links["next"], prev=links["prev"])
    if call.wants_page:
        return call.page(search_page(page, base=call.base, links=links))
    return call.data(page)
