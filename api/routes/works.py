"""``/works``: the works of the bibliography, and each with who cites it and where; each
work and each page of the list also as CSL-JSON, BibTeX or RIS (``format=csl``,
``bibtex``, ``ris``, or by Accept), written by ``kg.bib`` from what the graph says."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import Field

from api.catalogue_call import CatalogueCall, catalogue_call
from api.deps import negotiated
from api.html.catalogue import work_page, works_page
from api.html.documents import document_links, reference_rows
from api.named import NamedQueriesDep
from api.negotiation import HTML, JSON, VARY
from api.pagination import CATALOGUE_RESPONSES, LimitQuery, OffsetQuery, Paged
from kg.bib.bibtex import to_bibtex
from kg.bib.csl import to_csl_json
from kg.bib.ris import to_ris
from kg.catalogue import records as catalogue
from kg.catalogue.records import WorkDetail, WorkSummary
from kg.catalogue.work_pages import work_ids
from kg.errors import NotFoundError
from kg.ingest.documents import document_record
from kg.ingest.listing import list_references
from kg.litmap.bib import csl_item
from kg.litmap.extract import works as work_infos
from kg.rdf.namespaces import WORK
from kg.store import Store
from kg.store.formats import Format

__all__ = [
    "BIBLIOGRAPHIES",
    "WORK_FORMATS",
    "WorkPage",
    "csl_items",
    "get_work",
    "ingested",
    "list_works",
    "router",
    "work_extras",
]

#: Writes CSL-JSON items as a bibliography file.
Writer = Callable[[list[dict]], str]

#: The bibliography files a work, or a page of the list, is offered in.
BIBLIOGRAPHIES: tuple[Format[Writer], ...] = (
    Format(
        "csl",
        "application/vnd.citationstyles.csl+json",
        to_csl_json,
        ("csl-json", "csljson"),
        ("json",),
        summary="CSL-JSON (Zotero, citeproc, Pandoc)",
    ),
    Format(
        "bibtex",
        "application/x-bibtex",
        to_bibtex,
        ("bib",),
        ("bib",),
        ("text/x-bibtex",),
        summary="BibTeX",
    ),
    Format(
        "ris",
        "application/x-research-info-systems",
        to_ris,
        (),
        ("ris",),
        summary="RIS (EndNote, Mendeley, Zotero)",
    ),
)
#: What ``/works`` and ``/works/{slug}`` send: JSON by default, a page, or a bibliography.
WORK_FORMATS: tuple[Format[Any], ...] = (JSON, HTML, *BIBLIOGRAPHIES)
#: A works route's parameters: it sends JSON, a page, or a bibliography.
WorkCall = Annotated[
    CatalogueCall,
    Depends(catalogue_call(negotiated(WORK_FORMATS, description="json, html, csl, bibtex or ris"))),
]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            HTML.media_type: {"schema": {"type": "string"}},
            # CSL-JSON is JSON (a list of items); BibTeX and RIS are text
            **{
                f.media_type: {
                    "schema": {"type": "array", "items": {"type": "object"}}
                    if f.name == "csl"
                    else {"type": "string"}
                }
                for f in BIBLIOGRAPHIES
            },
        }
    },
    406: {"description": "none of JSON, HTML, CSL-JSON, BibTeX or RIS is acceptable"},
}

router = APIRouter(prefix="/works", tags=["works"])


class WorkPage(WorkDetail):
    """A work, with one page of its citations and links to the pages around it."""

    next: str | None = Field(default=None, description="URL of the next page of citations")
    prev: str | None = Field(default=None, description="URL of the previous page of citations")


def ingested(store: Store, slug: str) -> dict[str, Any] | None:
    """The record of the work as an ingested document, with its reference list, or None
    if it is not one (module-level: it runs in a query worker)."""
    try:
        record = document_record(store, slug)
    except NotFoundError:
        return None
    try:
        return {**record, "entries": list_references(store, slug)}
    except NotFoundError:  # a text without a reference list
        return {**record, "entries": []}


def csl_items(store: Store, slugs: Sequence[str]) -> list[dict]:
    """The works ``slugs`` as CSL-JSON items, in that order, as far as the graph describes
    them (module-level: it runs in a query worker)."""
    iris = [str(WORK) + slug for slug in slugs]
    infos = work_infos(store, set(iris))
    return [csl_item(infos[iri]) for iri in iris if iri in infos]


def work_extras(store: Store, slug: str) -> tuple[dict[str, Any] | None, dict | None]:
    """What a work's page shows beyond its JSON: the work as an ingested document (see
    ``ingested``), and its CSL-JSON item, which its meta tags and COinS are made from."""
    items = csl_items(store, [slug])
    return ingested(store, slug), (items[0] if items else None)


def _format_urls(request: Request, base: str) -> dict[str, str]:
    """This request's URL with ``format=`` each bibliography format (by its name)."""
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    return {
        f.name: f"{base}{request.url.path}?{urlencode({**params, 'format': f.name})}"
        for f in BIBLIOGRAPHIES
    }


def _download(body: str, offer: Format[Any], name: str) -> Response:
    headers = {**VARY, "Content-Disposition": f'attachment; filename="{name}.{offer.extension}"'}
    return Response(body, media_type=offer.media_type, headers=headers)


@router.get(
    "",
    summary="The works of the bibliography, by identifier, a page at a time",
    response_model=Paged[WorkSummary],
    responses={**CATALOGUE_RESPONSES, **_RESPONSES},
)
async def list_works(
    call: WorkCall,
    queries: NamedQueriesDep,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> Paged[WorkSummary] | Response:
    """Each work with title, year, kinds, authors and how often it is cited; a page for a
    browser (``Accept: text/html`` or ``format=html``); the works of this page as a
    bibliography file (``format=csl``, ``bibtex`` or ``ris``)."""
    # the list's order is kept per store state: a page then sorts nothing
    ids = await call.kept("work ids", work_ids)
    page = (ids[offset : offset + limit], len(ids))
    works = partial(catalogue.works, limit=limit, offset=offset, queries=queries, page=page)
    if call.offer.codec is not None:
        listing = await call.run(works)
        items = await call.run(csl_items, [w.slug for w in listing.items])
        return _download(call.offer.codec(items), call.offer, "works")
    return await call.listed(
        works, render=partial(works_page, downloads=_format_urls(call.request, call.base))
    )


@router.get(
    "/{slug}",
    summary="One work: its metadata, the documents that cite it, and each citation in its sentence",
    response_model=WorkPage,
    responses={
        404: {"description": "no such work in the bibliography"},
        **CATALOGUE_RESPONSES,
        **_RESPONSES,
    },
)
async def get_work(
    slug: Annotated[
        str, Path(description="the work's identifier", examples=["vanolo2014smartmentality"])
    ],
    call: WorkCall,
    queries: NamedQueriesDep,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> WorkPage | Response:
    """``https://w3id.org/technocracy/id/work/{slug}``: metadata, the terms it is the source
    of, the documents citing it, and its in-text citations with their pages, offsets and
    context sentences, ``limit`` at a time from ``offset``; a page for a browser, with the
    ``citation_*`` meta tags and COinS reference managers read; or the work as CSL-JSON,
    BibTeX or RIS."""
    if call.offer.codec is not None:
        catalogue.slug_iri(str(WORK), slug)  # not a slug: 404
        items = await call.run(csl_items, [slug])
        if not items:
            raise NotFoundError(f"no work {slug!r} in the bibliography")
        return _download(call.offer.codec(items), call.offer, slug)
    detail = await call.run(
        partial(catalogue.work, limit=limit, offset=offset, queries=queries), slug
    )
    links = call.links(total=detail.citations_total, limit=detail.limit, offset=detail.offset)
    if call.wants_page:
        # an ingested paper's citations: seconds beside 1,000 papers
        doc, item = await call.kept(("work extras", slug), work_extras, slug)
        document = (
            {**document_links(doc, call.base), "entries": reference_rows(doc["entries"])}
            if doc is not None
            else None
        )
        return call.page(
            work_page(detail, base=call.base, links=links, document=document, item=item)
        )
    return call.data(WorkPage(**dict(detail), next=links["next"], prev=links["prev"]))
