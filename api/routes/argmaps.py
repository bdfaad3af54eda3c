"""``/argmaps``: the argument maps, each as JSON or in the formats argument mappers use,
and each claim with its anchor, what supports and attacks it, its works and concepts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.html.maps import argmaps_page, claim_page, claims_page
from api.negotiation import HTML, VARY
from api.pagination import CATALOGUE_RESPONSES, CatalogueFormat
from kg.argmap import storage
from kg.argmap.export import FORMATS, MapWriter, export
from kg.argmap.rdf import anchor_iri, argument_iri, claim_iri, slugs
from kg.errors import NotFoundError
from kg.store import Store
from kg.store.formats import Format
from kg.store.named import get_query, run_named_query

__all__ = [
    "Anchor",
    "ClaimDetail",
    "ClaimSummary",
    "MapSummary",
    "Related",
    "Work",
    "claim_detail",
    "claim_index",
    "get_argmap",
    "get_claim",
    "list_argmaps",
    "list_claims",
    "map_export",
    "router",
]

router = APIRouter(prefix="/argmaps", tags=["argument maps"])

#: What ``/argmaps/{id}`` can send; JSON by default.
OFFERS: tuple[Format[MapWriter], ...] = tuple(FORMATS.values())
_FORMAT = f"one of: {', '.join(FORMATS)} (wins over Accept)"


class MapSummary(BaseModel):
    id: str
    iri: str
    title: str
    claims: int
    arguments: int
    relations: int


class Anchor(BaseModel):
    iri: str
    quote: str
    start: int | None = None
    end: int | None = None
    page: int | None = None


class Related(BaseModel):
    iri: str
    title: str
    kind: str
    text: str = ""
    direct: bool = True
    relation: str | None = None


class Work(BaseModel):
    iri: str
    title: str | None = None
    direct: bool = True


class ClaimDetail(BaseModel):
    iri: str
    map: str
    kind: str
    title: str
    text: str
    tags: list[str]
    section: str | None
    anchor: Anchor | None
    supports: list[Related]
    attacks: list[Related]
    works: list[Work]
    concepts: list[str]


@router.get(
    "",
    summary="The argument maps in the store",
    response_model=list[MapSummary],
    responses=CATALOGUE_RESPONSES,
)
async def list_argmaps(
    request: Request,
    response: Response,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
) -> list[MapSummary] | Response:
    """Each map with its title and how many claims, arguments and relations it holds; a
    page for a browser."""
    rows = await run_query_work(request, storage.list_maps, timeout=settings.query_timeout)
    if offer is HTML:
        return HTMLResponse(argmaps_page(rows, base=base), headers=VARY)
    response.headers.update(VARY)
    return [MapSummary(**row) for row in rows]


@router.get(
    "/{ident}",
    summary="One argument map: JSON, or Argdown, AIF JSON, DOT, SVG, PNG, Mermaid, GraphML, "
    "HTML or Turtle",
    responses={
        200: {
            "description": "the map in the format asked for (`format=` or `Accept`)",
            "content": {f.media_type: {} for f in FORMATS.values()},
        },
        404: {"description": "no such map"},
        406: {"description": "a format that is not offered"},
    },
)
async def get_argmap(
    ident: Annotated[str, Path(description="the map's id", examples=["kitchin2019smart"])],
    request: Request,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: Annotated[Format[MapWriter], Depends(negotiated(OFFERS, description=_FORMAT))],
) -> Response:
    """The map ``https://w3id.org/technocracy/id/argmap/{ident}``, read from its graph."""
    data = await run_query_work(
        request, map_export, ident, offer.name, base, timeout=settings.query_timeout
    )
    media = offer.media_type + ("; charset=utf-8" if offer.name not in ("png",) else "")
    return Response(data, media_type=media, headers=VARY)


def map_export(store: Store, ident: str, fmt: str, base: str) -> bytes:
    """The map ``ident`` read and exported (module-level: it runs in a query worker)."""
    return export(storage.read_map(store, ident), ident, fmt, base=base)


def claim_detail(store: Store, ident: str, cid: str, base: str) -> ClaimDetail:
    """A claim of map ``ident`` with its anchor, relations, works and concepts (module-level:
    it runs in a query worker)."""
    m = storage.read_map(store, ident)
    slug = slugs(m)
    ref = next((r for r, s in slug.items() if s == cid and r[0] == "statement"), None)
    ref = ref or next((r for r, s in slug.items() if s == cid), None)
    if ref is None:
        raise NotFoundError(f"no claim or argument {cid!r} in the argument map {ident!r}")
    element = m.element(ref)
    iri = (claim_iri if ref[0] == "statement" else argument_iri)(ident, cid)
    data: dict[str, Any] = element.data if isinstance(element.data, dict) else {}
    anchor = None
    if data.get("quote"):
        anchor = Anchor(
            iri=anchor_iri(ident, ref, cid),
            quote=" ".join(str(data["quote"]).split()),
            start=data.get("start"),
            end=data.get("end"),
            page=data.get("page"),
        )

    def rows(name: str) -> list[dict[str, Any]]:
        result = run_named_query(store, get_query(name), {"claim": str(iri)})
        return [
            {k: (v.value if v is not None else None) for k, v in r.items()} for r in result.rows()
        ]

    supports = [
        Related(
            iri=r["supporter"],
            title=r["label"],
            kind=r["kind"],
            text=r["text"] or "",
            direct=r["direct"] == "true",
        )
        for r in rows("argmap-supports")
    ]
    attacks = [
        Related(
            iri=r["attacker"],
            title=r["label"],
            kind="claim" if "/claim/" in r["attacker"] else "argument",
            text=r["text"] or "",
            direct=r["direct"] == "true",
            relation=r["relation"],
        )
        for r in rows("argmap-attacks")
    ]
    works = [
        Work(iri=r["work"], title=r["title"], direct=r["direct"] in ("0", 0))
        for r in rows("argmap-grounds")
    ]
    section = m.section(element.section)
    about = data.get("about") or []
    return ClaimDetail(
        iri=str(iri),
        map=f"{base}/argmaps/{ident}",
        kind="claim" if ref[0] == "statement" else "argument",
        title=element.title,
        text=element.text,
        tags=element.tags,
        section=section.title if section else None,
        anchor=anchor,
        supports=supports,
        attacks=attacks,
        works=works,
        concepts=[
            f"https://w3id.org/technocracy/ontology#{t}"
            for t in (about if isinstance(about, list) else [about])
        ],
    )


class ClaimSummary(BaseModel):
    id: str
    kind: str
    title: str
    text: str
    section: str | None
    url: str


def claim_index(store: Store, ident: str, base: str) -> list[ClaimSummary]:
    """Every claim and argument of map ``ident`` in the map's order, claims first (module-
    level: it runs in a query worker)."""
    m = storage.read_map(store, ident)
    out = []
    for (kind, key), slug in slugs(m).items():
        element = m.element((kind, key))
        section = m.section(element.section)
        out.append(
            ClaimSummary(
                id=slug,
                kind="claim" if kind == "statement" else "argument",
                title=element.title,
                text=element.text,
                section=section.title if section else None,
                url=f"{base}/argmaps/{ident}/claims/{slug}",
            )
        )
    return out


@router.get(
    "/{ident}/claims",
    summary="The claims and arguments of a map, each with its section and its page",
    response_model=list[ClaimSummary],
    responses={404: {"description": "no such map"}, **CATALOGUE_RESPONSES},
)
async def list_claims(
    ident: Annotated[str, Path(description="the map's id", examples=["kitchin2019smart"])],
    request: Request,
    response: Response,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
) -> list[ClaimSummary] | Response:
    """Every claim (then every argument) of ``https://w3id.org/technocracy/id/argmap/{ident}``;
    a page for a browser."""
    claims = await run_query_work(request, claim_index, ident, base, timeout=settings.query_timeout)
    if offer is HTML:
        page = claims_page([c.model_dump() for c in claims], ident, base=base)
        return HTMLResponse(page, headers=VARY)
    response.headers.update(VARY)
    return claims


@router.get(
    "/{ident}/claims/{cid}",
    summary="One claim (or argument) of a map: its anchor, what supports and attacks it, "
    "the works that ground it and the concepts it is about",
    response_model=ClaimDetail,
    responses={404: {"description": "no such map, or no such claim in it"}, **CATALOGUE_RESPONSES},
)
async def get_claim(
    ident: Annotated[str, Path(description="the map's id", examples=["kitchin2019smart"])],
    cid: Annotated[str, Path(description="the claim's slug", examples=["urban-technocracy"])],
    request: Request,
    response: Response,
    settings: SettingsDep,
    base: BaseUrlDep,
    offer: CatalogueFormat,
) -> ClaimDetail | Response:
    """``https://w3id.org/technocracy/id/claim/{ident}/{cid}`` (or ``.../argument/...``);
    a page for a browser."""
    detail = await run_query_work(
        request, claim_detail, ident, cid, base, timeout=settings.query_timeout
    )
    if offer is HTML:
        return HTMLResponse(claim_page(detail.model_dump(), ident, base=base), headers=VARY)
    response.headers.update(VARY)
    return detail
