"""Literature maps as pages: the kinds of literature map, each with its interactive page and
its exports. (The argument maps' pages are in ``api.html.arguments``.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

from api.templating import render

__all__ = ["litmap_page", "litmaps_page"]


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


def litmap_page(view: Mapping[str, Any], kind: str, *, base: str, query: str = "") -> str:
    """One literature map in the viewer: its data in the page (a JSON script, escaped for a
    script element by Jinja's ``tojson``), the viewer's scripts from ``/static``, and the
    URLs its side panel needs (the works' pages, the named query of a work's citing
    sentences, the reader); the standalone file of the same map linked for download."""
    return render(
        "litmap.html",
        base=base,
        title=str(view["title"]) or kind,
        crumbs=[("Maps", f"{base}/litmaps")],
        view=view,
        kind=kind,
        rest="".join(f"{urlencode([(k, v)])}&" for k, v in parse_qsl(query) if k != "format"),
    )
