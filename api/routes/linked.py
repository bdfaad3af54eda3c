"""``/id/...``: every data IRI dereferences — a page for people, RDF for machines.

``GET /id/work/vanolo2014smartmentality`` describes
``https://w3id.org/technocracy/id/work/vanolo2014smartmentality``: the persistent IRI is the
path under ``https://w3id.org/technocracy/``, whatever URL (``TKG_BASE_URL``) the server has.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.html.pages import not_found_page, resource_page
from api.named import NamedQueriesDep
from api.negotiation import GRAPHS, HTML, VARY
from kg.catalogue.describe import Description, describe, serialize_triples
from kg.errors import NotFoundError
from kg.rdf.namespaces import ID
from kg.store.formats import Format, rdf_format

__all__ = [
    "DESCRIPTIONS",
    "RESPONSES",
    "DescriptionFormat",
    "described",
    "rdf_content",
    "representation_headers",
    "representations",
    "resource",
    "router",
]

router = APIRouter(prefix="/id", tags=["linked data"])

#: A resource's description: a page by default, or its concise bounded description as RDF.
DESCRIPTIONS: tuple[Format[Any], ...] = (HTML, *GRAPHS)

#: The format a description is sent in, chosen by ``format=`` or Accept.
DescriptionFormat = Annotated[
    Format[Any],
    Depends(
        negotiated(
            DESCRIPTIONS,
            description="html, or an RDF format (ttl, nt, jsonld, rdfxml, nq, trig, n3); "
            "wins over Accept",
        )
    ),
]


def rdf_content() -> dict[str, Any]:
    """The RDF media types of a response, each with its schema: text, or JSON for JSON-LD."""
    return {
        o.media_type: {
            "schema": {"type": ["array", "object"]} if o.name == "jsonld" else {"type": "string"}
        }
        for o in GRAPHS
    }


RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a page about the resource, or its concise bounded description in RDF",
        "content": {
            HTML.media_type: {"schema": {"type": "string"}},
            **rdf_content(),
        },
    },
    404: {"description": "nothing is known about this IRI"},
    406: {"description": "none of the offered media types is acceptable; they are listed"},
}


def representations(url: str) -> dict[Format[Any], str]:
    """The URL of each representation of the description at ``url`` (without a query):
    ``url?format=NAME`` for each of ``DESCRIPTIONS``."""
    return {offer: f"{url}?format={offer.name}" for offer in DESCRIPTIONS}


def representation_headers(url: str, offer: Format[Any]) -> dict[str, str]:
    """``Vary``, the ``Content-Location`` of the representation sent, and a ``Link``
    ``rel="alternate"`` to each of the others, as crawlers and caches expect.

    >>> h = representation_headers("http://h/id/x", HTML)
    >>> h["Content-Location"]
    'http://h/id/x?format=html'
    >>> h["Link"].split(", ")[0]
    '<http://h/id/x?format=ttl>; rel="alternate"; type="text/turtle"'
    """
    urls = representations(url)
    alternates = ", ".join(
        f'<{u}>; rel="alternate"; type="{o.media_type}"' for o, u in urls.items() if o is not offer
    )
    return {**VARY, "Content-Location": urls[offer], "Link": alternates}


async def described(
    request: Request,
    iri: str,
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: str,
    offer: Format[Any],
    *,
    path: str | None = None,
) -> Response:
    """The description of ``iri`` as ``offer`` (one of ``DESCRIPTIONS``); shared with
    ``/ontology/{term}`` and ``/concepts/{slug}``. ``path`` is where its representations are
    (``path?format=NAME``): the request's own path unless given."""
    try:
        d: Description = await run_query_work(
            request, partial(describe, queries=queries), iri, timeout=settings.query_timeout
        )
    except NotFoundError as exc:
        if offer is HTML:
            return HTMLResponse(not_found_page(str(exc), base=base), status_code=404, headers=VARY)
        raise
    url = f"{base}{quote(path or request.url.path)}"
    headers = representation_headers(url, offer)
    if offer is HTML:
        urls = representations(url)
        page = resource_page(
            d,
            base,
            {o.name: u for o, u in urls.items() if o.name in _PAGE_LINKS},
            alternates={o.media_type: u for o, u in urls.items() if o is not HTML},
        )
        return HTMLResponse(page, headers=headers)
    body = serialize_triples(d.triples, rdf_format(offer.name))
    return Response(body, media_type=offer.media_type, headers=headers)


#: The formats a resource's page links to in its text (all are in its head).
_PAGE_LINKS = ("ttl", "nt", "jsonld", "rdfxml")


@router.get(
    "/{path:path}",
    summary="Dereference a data IRI: a page, or its concise bounded description as RDF",
    responses=RESPONSES,
    response_class=Response,
)
async def resource(
    request: Request,
    path: Annotated[
        str,
        Path(
            description="the IRI after https://w3id.org/technocracy/id/",
            examples=["work/vanolo2014smartmentality"],
        ),
    ],
    settings: SettingsDep,
    queries: NamedQueriesDep,
    base: BaseUrlDep,
    offer: DescriptionFormat,
) -> Response:
    """``https://w3id.org/technocracy/id/{path}``: HTML (label, definition, sources, anchors
    with quotations and pages, links out and in) for a browser; by ``Accept`` or
    ``format=``, the concise bounded description (the resource's triples, with those of
    its blank nodes and hash IRIs) in Turtle, N-Triples, JSON-LD, RDF/XML, ..."""
    return await described(request, str(ID) + path, settings, queries, base, offer)
