"""Literature maps as pages: the kinds of literature map, each with its interactive page and
its exports. (The argument maps' pages are in ``api.html.arguments``.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

from api.templating import render

__all__ = ["WIDER", "litmap_page", "litmap_pending_page", "litmaps_page", "sizes_offered"]

#: The sizes of co-citation map a map's page offers (its most-cited works), beside all.
WIDER = (100, 300, 1000, 3000)


def litmaps_page(kinds: Mapping[str, str], formats: Sequence[Any], *, base: str) -> str:
    """The kinds of literature map, each with its interactive page and its exports."""
    return render(
        "litmaps.html",
        base=base,
        title="Literature maps",
        crumbs=[],
        kinds=kinds,
        formats=formats,
    )


def sizes_offered(top: int | None, paired: int | None) -> list[tuple[int, str, bool]]:
    """The sizes a co-citation map's page links to: (``top=`` value, label, whether it is
    the one shown), the sizes below the works in any pair, then all of them (``top=0``).

    >>> sizes_offered(300, 1500)
    [(100, '100', False), (300, '300', True), (1000, '1,000', False), (0, 'all 1,500', False)]
    >>> sizes_offered(5, 40)
    [(5, '5', True), (0, 'all 40', False)]
    >>> sizes_offered(None, 40)
    [(0, 'all 40', True)]
    """
    if paired is None:
        return []
    shown = top if top and top < paired else 0
    offered = sorted({*WIDER, shown} - {0})
    sizes = [(n, f"{n:,}", n == shown) for n in offered if n < paired]
    return [*sizes, (0, f"all {paired:,}", shown == 0)]


def litmap_page(
    view: Mapping[str, Any], kind: str, *, base: str, query: str = "", top: int | None = None
) -> str:
    """One literature map in the viewer: its data in the page (a JSON script, escaped for a
    script element by Jinja's ``tojson``), the viewer's scripts from ``/static``, and the
    URLs its side panel needs (the works' pages, the named query of a work's citing
    sentences, the reader); the standalone file of the same map linked for download; a
    co-citation map cut to its ``top`` most-cited works links to the wider and narrower
    ones (``view["paired"]``: the works in any pair)."""
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("format", "top")]
    if top is not None:
        kept.append(("top", str(top)))
    narrower = [(k, v) for k, v in kept if k != "top"]
    return render(
        "litmap.html",
        base=base,
        title=str(view["title"]) or kind,
        crumbs=[("Maps", f"{base}/litmaps")],
        view=view,
        kind=kind,
        rest="".join(f"{urlencode([(k, v)])}&" for k, v in kept),
        sizes=[
            (label, shown, "".join(f"{urlencode([(k, v)])}&" for k, v in narrower) + f"top={n}&")
            for n, label, shown in sizes_offered(top, view.get("paired"))
        ],
    )


def litmap_pending_page(kind: str, seconds: float, *, base: str) -> str:
    """A map's page while its map is being made in the background: how long it has run
    so far; the page looks again by itself (``/static/pending.js``), or by a link."""
    return render(
        "litmap_pending.html",
        base=base,
        title=f"The {kind} map is being made",
        crumbs=[("Maps", f"{base}/litmaps")],
        seconds=round(seconds),
    )
