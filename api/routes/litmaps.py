"""``/litmaps``: the kinds of literature map, and each map in any of its formats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response

from api.catalogue_call import CatalogueCall, CatalogueDep, catalogue_call
from api.deps import negotiated
from api.html.maps import litmap_page, litmap_pending_page, litmaps_page
from api.memo import Pending, in_background
from api.negotiation import VARY
from api.pagination import CATALOGUE_RESPONSES
from kg.errors import NotFoundError
from kg.litmap import GRAINS, KINDS, MAP_FORMATS, MapWriter, map_format, write_map
from kg.store import Store
from kg.store.formats import Format, format_names

if TYPE_CHECKING:
    from kg.litmap import Filters, LitMap

__all__ = [
    "OFFERS",
    "VIEW_TOP",
    "get_litmap",
    "list_litmaps",
    "map_bytes",
    "map_view",
    "router",
]

router = APIRouter(prefix="/litmaps", tags=["litmaps"])

#: What a map can be sent as; JSON by default.
OFFERS: tuple[Format[MapWriter], ...] = MAP_FORMATS
_INLINE = {"json", "svg", "png", "html", "apa", "harvard", "chicago"}
#: A map route's parameters: the map is sent in any of ``OFFERS``.
MapCall = Annotated[
    CatalogueCall,
    Depends(
        catalogue_call(
            negotiated(OFFERS, description=", ".join(format_names(OFFERS)), repeatable=True)
        )
    ),
]

#: How many of the most-cited works a co-citation map's page shows unless asked for more
#: (``top=``; 0: all): beside 1,000 papers the whole map has thousands of works, a picture
#: nobody reads and megabytes to send; its page offers the wider maps.
VIEW_TOP = 300


def map_bytes(store: Store, kind: str, filters: Filters, fmt: str, years: bool) -> bytes:
    """A map built and written (module-level: it runs in a query worker)."""
    from kg.litmap import build_map

    return write_map(build_map(store, kind, filters), map_format(fmt), years=years)


def map_view(
    store: Store, kind: str, filters: Filters, years: bool, layout: str = "auto"
) -> dict[str, Any]:
    """What the map page's viewer draws (module-level: it runs in a query worker)."""
    from kg.litmap import build_map
    from kg.litmap.html import viewer_data

    built: LitMap = build_map(store, kind, filters)
    view = viewer_data(built.graph, title=built.title, years=years, layout=layout)
    # how many works a co-citation map has before it is cut to its most-cited ones
    return {**view, "paired": built.graph.graph.get("paired")}


@router.get(
    "",
    summary="The kinds of literature map, their grains and formats",
    responses=CATALOGUE_RESPONSES,
)
async def list_litmaps(call: CatalogueDep) -> Response:
    """Each kind with what it shows and its URL; the grains of co-citation; the formats;
    a page for a browser, with a link to each map's interactive page."""
    if call.wants_page:
        return call.page(litmaps_page(KINDS, MAP_FORMATS, base=call.base))
    body = {
        "kinds": [
            {"kind": kind, "summary": summary, "href": f"/litmaps/{kind}"}
            for kind, summary in KINDS.items()
        ],
        "grains": list(GRAINS),
        "formats": [
            {"name": f.name, "media_type": f.media_type, "summary": f.summary} for f in MAP_FORMATS
        ],
    }
    return JSONResponse(body, headers=VARY)


@router.get(
    "/{kind}",
    summary="One literature map, as JSON or in a format of `format=` or `Accept`",
    responses={
        200: {
            "description": "the map, in the format asked for",
            "content": {media: {} for media in dict.fromkeys(f.media_type for f in OFFERS)},
        },
        400: {"description": "a bad filter or an unknown format name"},
        404: {"description": "an unknown kind, or a map left empty by its filters"},
        406: {"description": "nothing offered matches Accept"},
    },
)
async def get_litmap(
    kind: Annotated[str, Path(description="the kind of map", examples=["cocitation"])],
    call: MapCall,
    min_weight: Annotated[float, Query(ge=0, description="drop lighter edges")] = 1,
    doc: Annotated[str | None, Query(description="one citing document's id")] = None,
    concept: Annotated[str | None, Query(description="only sentences on this term")] = None,
    grain: Annotated[
        str,
        Query(
            description="co-citation unit: " + ", ".join(GRAINS),
            json_schema_extra={"enum": list(GRAINS)},
        ),
    ] = ("sentence"),
    year_from: Annotated[int | None, Query(ge=0, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=0, le=9999)] = None,
    year_axis: Annotated[bool, Query(description="pictures: years along x")] = False,
    top: Annotated[
        int | None,
        Query(
            ge=0,
            description="co-citation: only the N works cited in the most units (0: all; the "
            f"page shows {VIEW_TOP} unless asked)",
        ),
    ] = None,
    layout: Annotated[
        Literal["auto", "server", "browser"],
        Query(
            description="the page: laid out here (`server`; `auto` is the same), or in the "
            "browser by ForceAtlas2 (`browser`)"
        ),
    ] = "auto",
) -> Response:
    """Nodes carry label, type, year, degree, strength (weighted degree), PageRank and
    community; edges carry their weight. As HTML, the map's page: the interactive viewer
    (sigma.js), whose click on a work lists the sentences that cite it; a co-citation map
    shows its ``VIEW_TOP`` most-cited works unless ``top`` says otherwise, and a map not
    made within ``TKG_PAGE_WAIT`` seconds is made in the background while the page (202)
    says so and looks again."""
    if kind not in KINDS:
        raise NotFoundError(f"no literature map kind {kind!r}; known: {', '.join(KINDS)}")
    if top is None and call.wants_page and kind == "cocitation":
        top = VIEW_TOP
    from kg.litmap import Filters  # networkx and numpy with it: not at the server's start

    filters = Filters(
        min_weight=min_weight,
        doc=doc or None,
        concept=concept or None,
        year_from=year_from,
        year_to=year_to,
        grain=grain,
        top=top or None,
    )
    if call.wants_page:
        # a map of the whole store is built from every citation (seconds beside 1,000
        # papers): once per store state and map, in the background past VIEW_WAIT
        view = await in_background(
            call.request,
            ("litmap view", kind, filters, year_axis, layout),
            lambda: call.run(map_view, kind, filters, year_axis, layout, watch=False),
            wait=call.settings.page_wait,
        )
        if isinstance(view, Pending):
            page = litmap_pending_page(kind, view.seconds, base=call.base)
            return call.page(page, status_code=202, headers={"Retry-After": "2"})
        query = call.request.url.query
        return call.page(litmap_page(view, kind, base=call.base, query=query, top=top))
    chosen = call.offer
    body = await call.run(map_bytes, kind, filters, chosen.name, year_axis)
    disposition = "inline" if chosen.name in _INLINE else "attachment"
    headers = {
        **VARY,
        "Content-Disposition": f'{disposition}; filename="litmap-{kind}.{chosen.extension}"',
    }
    return Response(body, media_type=chosen.media_type, headers=headers)
