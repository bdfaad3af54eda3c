"""What the routes share: the app's store and settings, a bounded body, a bounded thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Header, Request

from kg.settings import Settings
from kg.store import Store

from .errors import BodyTooLargeError, QueryTimeoutError

__all__ = [
    "AcceptDep",
    "BaseUrlDep",
    "SettingsDep",
    "StoreDep",
    "get_base_url",
    "get_settings",
    "get_store",
    "in_worker",
    "read_body",
]

T = TypeVar("T")


def get_store(request: Request) -> Store:
    """The store the app was created with, or opened in its lifespan."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_base_url(request: Request, settings: SettingsDep) -> str:
    """The public URL of the server, without a trailing slash: ``TKG_BASE_URL`` if set,
    else the URL the request came in on."""
    return (settings.base_url or str(request.base_url)).rstrip("/")


BaseUrlDep = Annotated[str, Depends(get_base_url)]
AcceptDep = Annotated[
    str | None,
    Header(description="the media types the client takes, with q-values; see also `format`"),
]


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to be over ``limit`` bytes:
    from Content-Length before reading, or while reading a body sent in chunks."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(
            f"the request body has {declared} bytes, more than the limit of {limit} "
            "(TKG_MAX_BODY_BYTES)"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError(
                f"the request body is over the limit of {limit} bytes (TKG_MAX_BODY_BYTES)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def in_worker(work: Callable[[], T], *, timeout: float) -> T:
    """Run blocking store work in a worker thread, so the event loop stays free.

    After ``timeout`` seconds the request is answered with 503; the thread cannot be
    stopped and finishes in the background, but nobody waits for it.
    """
    with anyio.move_on_after(timeout):
        return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    raise QueryTimeoutError(
        f"the query ran longer than the limit of {timeout:g} s (TKG_QUERY_TIMEOUT); "
        "narrow it down or add a LIMIT"
    )
