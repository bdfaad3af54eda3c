"""Answers that change only when the store does, kept in memory per app and reused while
the store's ``generation`` is the one they were computed at.

The server is its store's only writer, and every write through it raises the generation
(the same number ``api.caching`` makes ETags from), so an answer kept under the generation
it was computed at is the answer the store would give again. A store without a generation
(a remote one, written by others too) gets nothing kept: each request computes its answer.
At most :data:`KEPT` answers are kept, the least recently used dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request

from api.deps import app_store

__all__ = ["KEPT", "per_generation"]

T = TypeVar("T")

#: how many answers an app keeps
KEPT = 16


async def per_generation(request: Request, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """``compute()``'s answer, computed once per store generation under ``key``."""
    generation = getattr(app_store(request), "generation", None)
    if not isinstance(generation, int):
        return await compute()
    kept: OrderedDict[Hashable, tuple[int, Any]] | None = getattr(request.app.state, "memo", None)
    if kept is None:
        kept = request.app.state.memo = OrderedDict()
    hit = kept.get(key)
    if hit is not None and hit[0] == generation:
        kept.move_to_end(key)
        return hit[1]
    value = await compute()
    kept[key] = (generation, value)
    kept.move_to_end(key)
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return value
