"""What crawlers read first: ``/robots.txt`` and the sitemaps (``kg.catalogue.sitemap``).

``/sitemap.xml`` is a sitemap index: ``/sitemaps/pages.xml`` (the home page, the ontology
and each of its terms, the catalogue's pages, each argument map and each literature map
that is not empty as a page, the named queries that need no parameter), then
``/sitemaps/resources-N.xml``, the ``/id/...`` pages, 50,000 a file. ``robots.txt`` lets
every crawler in and names the index.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import PlainTextResponse

from api.deps import BaseUrlDep, SettingsDep, run_query_work
from api.named import NamedQueriesDep
from kg.argmap import storage
from kg.catalogue import sitemap
from kg.errors import EmptyMapError, NotFoundError
from kg.ingest.delete import documents
from kg.litmap import KINDS
from kg.store import Store
from kg.store.named import NamedQuery

__all__ = ["pages_sitemap", "resource_sitemap", "robots", "router", "site_pages", "sitemap_index"]

router = APIRouter(tags=["crawlers"])

_XML = "application/xml"
_XML_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {_XML: {}}}}


def site_pages(store: Store, queries: Mapping[str, NamedQuery]) -> list[str]:
    """The paths of the pages that are not ``/id/...`` pages (blocking)."""
    lists = ("/concepts", "/works", "/documents", "/argmaps", "/litmaps", "/queries")
    paths = ["/", "/ontology", *(f"{path}?format=html" for path in lists)]
    paths += [f"/ontology/{term}" for term in sitemap.ontology_terms(store)]
    paths += [f"/documents/{doc}?format=html" for doc in documents(store)]
    maps = [m["id"] for m in storage.list_maps(store)]
    paths += [f"/argmaps/{ident}{part}?format=html" for ident in maps for part in ("", "/claims")]
    paths += [f"/litmaps/{kind}?format=html" for kind in KINDS if _has_map(store, kind)]
    paths += [
        f"/queries/{name}"
        for name, query in sorted(queries.items())
        if not any(p.required for p in query.params.values())
    ]
    return paths


def _has_map(store: Store, kind: str) -> bool:
    """Whether the literature map of this kind has anything in it (an empty one is a 404)."""
    from kg.litmap import Filters, build_map  # networkx and numpy: not at the server's start

    try:
        build_map(store, kind, Filters())
    except EmptyMapError:
        return False
    return True


@router.get(
    "/robots.txt",
    summary="Every crawler welcome; where the sitemap is",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def robots(base: BaseUrlDep) -> PlainTextResponse:
    """``User-agent: *``, nothing disallowed, and the sitemap index."""
    return PlainTextResponse(f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n")


@router.get(
    "/sitemap.xml",
    summary="The sitemap index: the site's pages, then its resource pages",
    response_class=Response,
    responses=_XML_RESPONSE,
)
async def sitemap_index(request: Request, settings: SettingsDep, base: BaseUrlDep) -> Response:
    """A ``sitemapindex`` of ``/sitemaps/pages.xml`` and each ``/sitemaps/resources-N.xml``."""
    files = await run_query_work(request, sitemap.resource_files, timeout=settings.query_timeout)
    urls = [f"{base}/sitemaps/pages.xml"]
    urls += [f"{base}/sitemaps/resources-{n}.xml" for n in range(1, files + 1)]
    return Response(sitemap.sitemap_index(urls), media_type=_XML)


@router.get(
    "/sitemaps/pages.xml",
    summary="The sitemap of the site's pages other than /id/...",
    response_class=Response,
    responses=_XML_RESPONSE,
)
async def pages_sitemap(
    request: Request, settings: SettingsDep, base: BaseUrlDep, queries: NamedQueriesDep
) -> Response:
    """A ``urlset`` of the pages ``site_pages`` lists."""
    paths = await run_query_work(request, site_pages, dict(queries), timeout=settings.query_timeout)
    return Response(sitemap.urlset(base + path for path in paths), media_type=_XML)


@router.get(
    "/sitemaps/resources-{number}.xml",
    summary="One sitemap of /id/... pages (50,000 a file)",
    response_class=Response,
    responses={**_XML_RESPONSE, 404: {"description": "no such sitemap file"}},
)
async def resource_sitemap(
    request: Request,
    number: Annotated[int, Path(ge=1, description="the file's number, from 1")],
    settings: SettingsDep,
    base: BaseUrlDep,
) -> Response:
    """A ``urlset`` of the resource pages of file ``number``."""
    paths = await run_query_work(
        request, sitemap.resource_paths, number, timeout=settings.query_timeout
    )
    if not paths:
        raise NotFoundError(f"there is no sitemap file {number}")
    return Response(sitemap.urlset(base + path for path in paths), media_type=_XML)
