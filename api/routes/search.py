"""``/search?q=``: full-text search over labels, definitions, titles, claims, quotations,
references and the sentences of every ingested text (kg.search), ranked, each hit with its
words in context and the page that shows it; JSON, or a page for a browser.

The index is the file beside an on-disk store (``kg.search.index_path``), which ``tkg``
keeps in step as it writes; for a store in memory or a remote one, a file of the app's own,
filled on the first search. Either way a search first brings it in step with the store (the
graphs whose text changed, by a SPARQL update say, are indexed again). Where the index
cannot be had (no FTS5 in this SQLite, a read-only folder), the graph's own search answers,
over labels, titles, definitions and quotations only, and the answer says so.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import Field

from api.deps import BaseUrlDep, SettingsDep, run_query_work
from api.html.search import search_page
from api.negotiation import HTML, VARY
from api.pagination import (
    CATALOGUE_RESPONSES,
    CatalogueFormat,
    LimitQuery,
    OffsetQuery,
    page_links,
)
from kg.catalogue import records as catalogue
from kg.search import Found, Hit, SearchIndex, Segment, href_of, index_path
from kg.settings import Settings
from kg.store import Store

__all__ = ["SearchPage", "fallback_work", "router", "search", "search_work"]

router = APIRouter(prefix="/search", tags=["search"])


class SearchPage(Found):
    """One page of hits, with links to the pages before and after it."""

    next: str | None = Field(default=None, description="URL of the next page, if any")
    prev: str | None = Field(default=None, description="URL of the previous page, if any")


def search_work(
    store: Store, index_file: str, corpus_dir: str | None, q: str, limit: int, offset: int
) -> Found:
    """The index brought in step with ``store``, then asked (module-level: it runs in a
    query worker, which opens the index file itself)."""
    index = SearchIndex(Path(index_file), corpus_dir=Path(corpus_dir) if corpus_dir else None)
    try:
        index.sync(store)
        return index.search(q, limit=limit, offset=offset)
    finally:
        index.close()


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


def _index_file(request: Request, settings: Settings) -> Path:
    """Beside the store on disk; else a file of this app's, made once."""
    path = index_path(settings.store)
    if path is not None:
        return path
    own: Path | None = getattr(request.app.state, "search_index_file", None)
    if own is None:
        own = Path(tempfile.mkdtemp(prefix="tkg-search-")) / "search.sqlite"
        request.app.state.search_index_file = own
    return own


@router.get(
    "",
    summary="Full-text search: labels, definitions, titles, claims, quotations, references, "
    "sentences",
    response_model=SearchPage,
    responses=CATALOGUE_RESPONSES,
)
async def search(
    request: Request,
    response: Response,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="words to look for (all of them; case, accents and endings ignored)",
            examples=["smartmentality"],
        ),
    ],
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> SearchPage | Response:
    """Best first: BM25 weighted by what matched (a label above a title, a definition, a
    quotation, a reference, a sentence). Each hit has ``href``, the page of this server that
    shows it: a sentence in the reader (``/documents/{doc}#s-{n}``), a term, a work, a claim.
    ``source`` is ``index``, or ``fallback: why`` when the graph's own search answered."""
    corpus = str(settings.corpus_dir) if settings.corpus_dir else None
    try:
        index_file = str(_index_file(request, settings))
        found = await run_query_work(
            request,
            search_work,
            index_file,
            corpus,
            q,
            limit,
            offset,
            timeout=settings.query_timeout,
        )
    except (sqlite3.Error, OSError) as exc:
        why = f"the full-text index is not available ({exc})"
        found = await run_query_work(
            request, fallback_work, q, limit, offset, why, timeout=settings.query_timeout
        )
    links = page_links(request, base, total=found.total, limit=limit, offset=offset)
    page = SearchPage(**dict(found), next=links["next"], prev=links["prev"])
    if offer is HTML:
        return HTMLResponse(search_page(page, base=base, links=links), headers=VARY)
    response.headers.update(VARY)
    return page
