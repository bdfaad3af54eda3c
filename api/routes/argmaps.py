"""``/argmaps``: the argument maps, each as JSON or in the formats argument mappers use,
and each claim with its anchor, what supports and attacks it, its works and concepts."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from api.catalogue_call import CatalogueCall, CatalogueDep, catalogue_call
from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.html.arguments import (
    argmaps_page,
    claim_page,
    claims_page,
    concept_page,
    explorer_page,
)
from api.negotiation import VARY
from api.pagination import CATALOGUE_RESPONSES
from kg.argmap import explore, storage
from kg.argmap.export import FORMATS, MapWriter, export
from kg.argmap.model import ArgMap
from kg.argmap.rdf import anchor_iri, argument_iri, claim_iri, slugs
from kg.argmap.render_dot import render
from kg.errors import NotFoundError
from kg.rdf.graphs import argmap, of_documents
from kg.store import Store
from kg.store.formats import Format
from kg.store.named import run_named_query

__all__ = [
    "Anchor",
    "ClaimDetail",
    "ClaimSummary",
    "MapSummary",
    "Related",
    "Work",
    "claim_detail",
    "claim_index",
    "claim_view",
    "concept_answer",
    "get_argmap",
    "get_claim",
    "get_concepts",
    "get_picture",
    "list_argmaps",
    "list_claims",
    "map_export",
    "map_picture",
    "router",
]

#: The map id of every route under ``/argmaps/{ident}``.
MapIdent = Annotated[str, Path(description="the map's id", examples=["kitchin2019smart"])]

router = APIRouter(prefix="/argmaps", tags=["argument maps"])

#: What ``/argmaps/{id}`` can send; JSON by default.
OFFERS: tuple[Format[MapWriter], ...] = tuple(FORMATS.values())
_FORMAT = f"one of: {', '.join(FORMATS)} (wins over Accept)"
#: A map's parameters: it is sent in any of ``OFFERS``.
ArgMapCall = Annotated[
    CatalogueCall, Depends(catalogue_call(negotiated(OFFERS, description=_FORMAT)))
]


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
async def list_argmaps(call: CatalogueDep) -> list[MapSummary] | Response:
    """Each map with its title and how many claims, arguments and relations it holds; a
    page for a browser."""
    rows = await call.run(storage.list_maps)
    if call.wants_page:
        return call.page(argmaps_page(rows, base=call.base))
    return call.data([MapSummary(**row) for row in rows])


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
    ident: MapIdent,
    call: ArgMapCall,
) -> Response:
    """The map ``https://w3id.org/technocracy/id/argmap/{ident}``, read from its graph; for
    a browser, the argument explorer (from the thesis down, and the whole map to zoom)."""
    offer = call.offer
    if call.wants_page:
        # seconds beside 1,000 papers: once per store state
        view = await call.kept(("explorer", ident), explore.explorer, ident)
        return call.page(explorer_page(view, base=call.base))
    data = await call.run(map_export, ident, offer.name, call.base)
    media = offer.media_type + ("; charset=utf-8" if offer.name not in ("png",) else "")
    return Response(data, media_type=media, headers=VARY)


def map_export(store: Store, ident: str, fmt: str, base: str) -> bytes:
    """The map ``ident`` read and exported (module-level: it runs in a query worker)."""
    return export(storage.read_map(store, ident), ident, fmt, base=base)


#: The named queries of a claim's page that read the map's own graph alone.
_MAP_ONLY = frozenset({"argmap-supports", "argmap-attacks"})


def claim_detail(
    store: Store, ident: str, cid: str, base: str, m: ArgMap | None = None
) -> ClaimDetail:
    """A claim of map ``ident`` (``m`` if it is read already) with its anchor, relations,
    works and concepts (module-level: it runs in a query worker)."""
    m = m if m is not None else explore.read_map_cached(store, ident)
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
        # the map's graphs and the shared ones: nothing else says anything of its claims;
        # what supports and attacks a claim is in the map's own graph alone, which
        # Oxigraph reads faster than a merge of five (the chapter's 156 claims: the same
        # rows, 24 s for both queries against 135 s)
        scope = [argmap(ident)] if name in _MAP_ONLY else of_documents(ident)
        result = run_named_query(
            store, explore.named_query(name), {"claim": str(iri)}, graphs=scope
        )
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
    m = explore.read_map_cached(store, ident)
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
async def list_claims(ident: MapIdent, call: CatalogueDep) -> list[ClaimSummary] | Response:
    """Every claim (then every argument) of ``https://w3id.org/technocracy/id/argmap/{ident}``;
    a page for a browser."""
    claims = await call.run(claim_index, ident, call.base)
    if call.wants_page:
        return call.page(claims_page([c.model_dump() for c in claims], ident, base=call.base))
    return call.data(claims)


@router.get(
    "/{ident}/claims/{cid}",
    summary="One claim (or argument) of a map: its anchor, what supports and attacks it, "
    "the works that ground it and the concepts it is about",
    response_model=ClaimDetail,
    responses={404: {"description": "no such map, or no such claim in it"}, **CATALOGUE_RESPONSES},
)
async def get_claim(
    ident: MapIdent,
    cid: Annotated[str, Path(description="the claim's slug", examples=["urban-technocracy"])],
    call: CatalogueDep,
) -> ClaimDetail | Response:
    """``https://w3id.org/technocracy/id/claim/{ident}/{cid}`` (or ``.../argument/...``);
    a page for a browser."""
    if call.wants_page:
        detail, shown, doc = await call.kept(  # about 1 CPU s beside 1,000 papers
            ("claim", ident, cid, call.base), claim_view, ident, cid, call.base
        )
        page = claim_page(detail.model_dump(), ident, base=call.base, shown=shown, document=doc)
        return call.page(page)
    return call.data(await call.run(claim_detail, ident, cid, call.base))


def claim_view(
    store: Store, ident: str, cid: str, base: str
) -> tuple[ClaimDetail, dict[str, Any], str | None]:
    """A claim's detail with the element as the explorer shows it and the map's document
    (module-level: it runs in a query worker)."""
    m = explore.read_map_cached(store, ident)
    shown, doc = explore.element_by_slug(store, ident, cid, m)
    return claim_detail(store, ident, cid, base, m), shown, doc


def map_picture(store: Store, ident: str, base: str) -> bytes:
    """The whole map drawn as SVG, thesis at the top and what supports a claim beneath it,
    each box linking to its claim's page (module-level: it runs in a query worker; the
    picture of an unchanged map is drawn once)."""
    root = f"{base}/argmaps/{quote(ident, safe='')}/claims/"
    m = explore.read_map_cached(store, ident)
    return render(
        m,
        ident,
        "svg",
        base=base,
        legend=False,
        links=lambda _ref, s: root + quote(s, safe=""),
        sections=False,  # laid out by its relations: chains of support run up to the thesis
    )


@router.get(
    "/{ident}/picture",
    summary="The whole map as a picture (SVG) whose boxes link to their claims' pages",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, 404: {"description": "no such map"}},
)
async def get_picture(
    ident: MapIdent,
    request: Request,
    settings: SettingsDep,
    base: BaseUrlDep,
) -> Response:
    """What the argument explorer zooms and pans: Graphviz's drawing of the map."""
    data = await run_query_work(request, map_picture, ident, base, timeout=settings.query_timeout)
    return Response(data, media_type="image/svg+xml; charset=utf-8")


def concept_answer(store: Store, ident: str, concept: str | None) -> dict[str, Any]:
    """Which works support (and attack) the claims of map ``ident`` about ``concept``; the
    map's concepts alone without one (module-level: it runs in a query worker)."""
    if concept:
        return explore.concept_claims(store, ident, explore.concept_iri(concept))
    m = explore.read_map_cached(store, ident)
    return {
        "id": ident,
        "title": str(m.frontmatter.get("title") or ident),
        "concepts": explore.map_concepts(store, ident),
    }


@router.get(
    "/{ident}/concepts",
    summary="Which works support (and attack) the claims of a map about a concept",
    responses={
        400: {"description": "a concept that is not an absolute IRI"},
        404: {"description": "no such map, or no such concept"},
        **CATALOGUE_RESPONSES,
    },
)
async def get_concepts(
    ident: MapIdent,
    call: CatalogueDep,
    concept: Annotated[
        str | None,
        Query(
            description="a term of the ontology: its IRI or its name",
            examples=["HumanOffTheLoopSystem"],
            max_length=500,
        ),
    ] = None,
) -> Any:
    """The claims about ``concept`` (or what it takes in, then what takes it in), each with
    the works that support it and those that attack it, and the works gathered; without
    ``concept``, the concepts the map's claims are about. A page with a form for a browser."""
    answer = await call.kept(  # seconds beside 1,000 papers: once per store state
        ("map concepts", ident, concept), concept_answer, ident, concept
    )
    if call.wants_page:
        found = answer if "claims" in answer else None
        return call.page(concept_page(found, answer, base=call.base))
    return call.data(answer)
