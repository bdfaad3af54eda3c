"""Pages of a list over HTTP: ``limit`` and ``offset`` in, ``next`` and ``prev`` links out."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Query, Request
from pydantic import Field

from kg.catalogue import Listing

__all__ = ["LimitQuery", "OffsetQuery", "Paged", "paged"]

T = TypeVar("T")

#: The most items one page may hold.
MAX_LIMIT = 500

LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]


class Paged(Listing[T], Generic[T]):
    """One page of a list, with links to the pages before and after it."""

    next: str | None = Field(default=None, description="URL of the next page, if any")
    prev: str | None = Field(default=None, description="URL of the previous page, if any")


def _url(request: Request, base: str, **changes: int) -> str:
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items()})
    return f"{base}{request.url.path}?{urlencode(params)}"


def paged(listing: Listing[T], request: Request, base: str) -> Paged[T]:
    """``listing`` with ``next`` and ``prev`` links, which keep the request's other
    parameters."""
    end = listing.offset + listing.limit
    return Paged[T](
        **dict(listing),
        next=_url(request, base, offset=end, limit=listing.limit) if end < listing.total else None,
        prev=(
            _url(request, base, offset=max(0, listing.offset - listing.limit), limit=listing.limit)
            if listing.offset > 0
            else None
        ),
    )
