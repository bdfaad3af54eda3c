"""The named queries of ``queries/``, parsed once per app and kept on ``app.state``.

(A shared dependency like those of ``api.deps``; kept apart while that module is being
reworked for the query workers. ``NamedQueriesDep`` can move there unchanged.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Request

from kg.store.named import NamedQuery, load_queries

__all__ = ["NamedQueriesDep", "get_named_queries"]


def get_named_queries(request: Request) -> Mapping[str, NamedQuery]:
    """The app's named queries: parsed at the first request that needs them, then kept."""
    queries: Mapping[str, NamedQuery] | None = getattr(request.app.state, "named_queries", None)
    if queries is None:
        queries = load_queries()
        request.app.state.named_queries = queries
    return queries


NamedQueriesDep = Annotated[Mapping[str, NamedQuery], Depends(get_named_queries)]
