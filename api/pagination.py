"""Pages of a list over HTTP: ``limit`` and ``offset`` in, ``next`` and ``prev`` links out."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Query, Request
from pydantic import Field

from kg.catalogue.records import Listing

__all__ = [
    "CATALOGUE_RESPONSES",
    "LimitQuery",
    "OffsetQuery",
    "Paged",
    "page_links",
    "paged",
]

T = TypeVar("T")

#: The most items one page may hold.
MAX_LIMIT = 500

LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]

#: What a catalogue route answers besides its JSON: a page for a browser, or 406.
CATALOGUE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {"schema": {"type": "string"}}}},
    406: {"description": "neither JSON nor HTML is acceptable"},
}


class Paged(Listing[T], Generic[T]):
    """One page of a list, with links to the pages before and after it."""

    next: str | None = Field(default=None, description="URL of the next page, if any")
    prev: str | None = Field(default=None, description="URL of the previous page, if any")


def _url(request: Request, base: str, **changes: int) -> str:
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items()})
    return f"{base}{request.url.path}?{urlencode(params)}"


def page_links(
    request: Request, base: str, *, total: int, limit: int, offset: int
) -> dict[str, str | None]:
    """``next`` and ``prev`` URLs of a page, which keep the request's other parameters."""
    end = offset + limit
    return {
        "next": _url(request, base, offset=end, limit=limit) if end < total else None,
        "prev": (
            _url(request, base, offset=max(0, min(offset, total) - limit), limit=limit)
            if offset > 0
            else None
        ),
    }


def paged(listing: Listing[T], request: Request, base: str) -> Paged[T]:
    """``listing`` with ``next`` and ``prev`` links."""
    links = page_links(
        request, base, total=listing.total, limit=listing.limit, offset=listing.offset
    )
    return Paged[T](**dict(listing), next=links["next"], prev=links["prev"])
