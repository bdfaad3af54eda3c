"""Literature maps as pages: the kinds of literature map, each with its interactive page and
its exports. (The argument maps' pages are in ``api.html.arguments``.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from api.templating import render

__all__ = ["litmaps_page"]


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
