"""Answers that change only when the store does, kept in memory per app and reused while
the store's ``generation`` is the one they were computed at.

The server is its store's only writer, and every write through it raises the generation
(the same number ``api.caching`` makes ETags from), so an answer kept under the generation
it was computed at is the answer the store would give again. A store without a generation
(a remote one, written by others too) gets nothing kept: each request computes its answer.
At most :data:`KEPT` answers are kept, the least recently used dropped first.

Work that may take longer than a page should (a literature map of the whole store) is
kept the same way by ``in_background``, which answers ``Pending`` when the work is not
done in time and lets it go on: the page says so, and a later request gets the answer.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from fastapi import Request

from api.deps import app_store

__all__ = ["KEPT", "Pending", "graph_sizes", "in_background", "per_generation"]

T = TypeVar("T")

#: how many answers an app keeps (pages of documents, concepts and claims among them)
KEPT = 64


@dataclass(frozen=True)
class Pending:
    """Work under way in the background, begun at ``started`` (``time.monotonic()``)."""

    started: float

    @property
    def seconds(self) -> float:
        """How long it has run."""
        return time.monotonic() - self.started


def _kept(request: Request) -> OrderedDict[Hashable, tuple[int, Any]]:
    kept = getattr(request.app.state, "memo", None)
    if kept is None:
        kept = request.app.state.memo = OrderedDict()
    return kept


def _keep(
    kept: OrderedDict[Hashable, tuple[int, Any]], key: Hashable, generation: int, value: Any
) -> None:
    kept[key] = (generation, value)
    kept.move_to_end(key)
    while len(kept) > KEPT:
        kept.popitem(last=False)


_MISS = object()


def _lookup(request: Request, key: Hashable) -> tuple[int | None, Any]:
    """The store's generation (None: nothing is kept for it) and the answer kept under
    ``key`` at that generation, or ``_MISS``."""
    generation = getattr(app_store(request), "generation", None)
    if not isinstance(generation, int):
        return None, _MISS
    hit = _kept(request).get(key)
    if hit is None or hit[0] != generation:
        return generation, _MISS
    _kept(request).move_to_end(key)
    return generation, hit[1]


async def per_generation(request: Request, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """``compute()``'s answer, computed once per store generation under ``key``."""
    generation, value = _lookup(request, key)
    if generation is None:
        return await compute()
    if value is _MISS:
        value = await compute()
        _keep(_kept(request), key, generation, value)
    return value


async def in_background(
    request: Request, key: Hashable, compute: Callable[[], Awaitable[T]], *, wait: float
) -> T | Pending:
    """``compute()``'s answer, kept per store generation as ``per_generation`` keeps it,
    waited for at most ``wait`` seconds: then ``Pending``, while the work goes on in a task
    of its own (one per key and generation, whoever asks; ``compute`` must not stop when
    the client that started it hangs up). A later request gets the answer, or the error the
    work ended with (and the next one starts it again). A store without a generation gets
    its answer computed while the request waits, as ``per_generation`` does."""
    generation, value = _lookup(request, key)
    if generation is None:
        return await compute()
    if value is not _MISS:
        return value
    running: dict[Hashable, tuple[int, asyncio.Future, float]] | None = getattr(
        request.app.state, "running", None
    )
    if running is None:
        running = request.app.state.running = {}
    entry = running.get(key)
    if entry is None or entry[0] != generation:  # none, or one for a store gone by
        entry = running[key] = (generation, asyncio.ensure_future(compute()), time.monotonic())
    _, task, started = entry
    done, _ = await asyncio.wait({task}, timeout=wait)
    if not done:
        return Pending(started)
    if running.get(key) is entry:
        del running[key]
    value = task.result()  # the work's error, if it ended with one
    _keep(_kept(request), key, generation, value)
    return value


async def graph_sizes(
    request: Request, count: Callable[[], Awaitable[dict[str, int]]]
) -> dict[str, int]:
    """The triples in each named graph as the store keeps them at write time
    (``kg.store.sizes``: no quad read), else ``count()``'s answer, handed to the store to
    keep from then on (when no write came between); once per store generation."""
    store = app_store(request)
    kept = getattr(store, "sizes", None)
    generation = getattr(store, "generation", None)

    async def read() -> dict[str, int]:
        known = await anyio.to_thread.run_sync(kept.known) if kept is not None else None
        if known is not None:
            return known
        sizes = await count()
        if kept is not None and generation == getattr(store, "generation", None):
            kept.keep(sizes)
        return sizes

    return await per_generation(request, "graph sizes", read)
