"""What the routes share: the app's store and settings, a bounded body, a bounded thread,
the query workers, the bearer token that guards writes, and the format a route sends.

FastAPI reads the annotations of a dependency when a route is defined: ``negotiated``'s
carry a description made at that time, so this module does not postpone them.
"""

import asyncio
import hmac
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import Future
from contextlib import asynccontextmanager
from functools import lru_cache, partial
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Header, Query, Request
from starlette.types import Message, Receive, Scope

from api.errors import (
    BodyTimeoutError,
    BodyTooLargeError,
    UnauthorizedError,
    UpdatesDisabledError,
)
from api.negotiation import negotiate
from api.startup import start_executor
from kg.errors import StoreBusyError, StoreTimeoutError
from kg.settings import Settings
from kg.store import Store
from kg.store.executor import ProcessExecutor
from kg.store.formats import Format

__all__ = [
    "ACCEPT_PARAMETER",
    "AcceptDep",
    "BaseUrlDep",
    "SettingsDep",
    "StoreDep",
    "WriterDep",
    "app_settings",
    "app_store",
    "base_url",
    "check_update_token",
    "executor_lifespan",
    "format_help",
    "get_base_url",
    "get_settings",
    "get_store",
    "in_executor",
    "in_worker",
    "negotiated",
    "over_the_limit",
    "read_body",
    "require_writer",
    "run_query_work",
    "scope_base_url",
]

T = TypeVar("T")
F = TypeVar("F", bound=Format[Any])


def app_store(request: Request) -> Store:
    """The store the app was created with, or opened in its lifespan."""
    store: Store = request.app.state.store
    return store


def app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def base_url(request: Request, settings: Settings) -> str:
    """The public URL of the server, without a trailing slash: ``TKG_BASE_URL`` if set,
    else the URL the request came in on (Starlette's ``Request.base_url``)."""
    return scope_base_url(request.scope, request.headers.get("host"), settings)


def scope_base_url(scope: Scope, host: str | None, settings: Settings) -> str:
    """``base_url`` of the request with this scope and Host header."""
    if settings.base_url:
        return settings.base_url.rstrip("/")
    server = scope.get("server")
    # a host name has at most 253 characters: a longer Host header is not remembered
    build = _request_base if host is None or len(host) < 300 else _request_base.__wrapped__
    return build(
        scope.get("scheme", "http"),
        tuple(server) if server else None,
        host,
        scope.get("app_root_path", scope.get("root_path", "")),
    )


@lru_cache(maxsize=256)
def _request_base(scheme: str, server: tuple[str, int] | None, host: str | None, root: str) -> str:
    """``Request.base_url`` of a request with these parts, remembered: building it cost
    about a tenth of the main process's time for a small query, and a server is reached by
    few names."""
    headers = [(b"host", host.encode("latin-1"))] if host is not None else []
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "path": "/",
        "root_path": root,
        "headers": headers,
        "query_string": b"",
    }
    return str(Request(scope).base_url).rstrip("/")


# The routes that answer most requests (``/sparql``) call the three functions above rather
# than declare them as dependencies: FastAPI's solving of dependencies cost about a quarter
# of the time of a small query. The others take them as dependencies, for their clarity.


async def get_store(request: Request) -> Store:
    """The store, as a dependency."""
    return app_store(request)


async def get_settings(request: Request) -> Settings:
    """The settings, as a dependency."""
    return app_settings(request)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_base_url(request: Request, settings: SettingsDep) -> str:
    """The public URL of the server, as a dependency (see ``base_url``)."""
    return base_url(request, settings)


BaseUrlDep = Annotated[str, Depends(get_base_url)]
_ACCEPT = "the media types the client takes, with q-values; see also `format`"
AcceptDep = Annotated[str | None, Header(description=_ACCEPT)]
#: The same header, for a route that reads it itself (in ``openapi_extra``).
ACCEPT_PARAMETER = {
    "name": "accept",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": _ACCEPT,
}


def format_help(offers: Sequence[Format[Any]]) -> str:
    """How the ``format`` parameter of a route that sends one of ``offers`` is described.

    >>> from api.negotiation import PAGES
    >>> format_help(PAGES)
    'html or json; wins over Accept (html by default)'
    """
    *others, last = [offer.name for offer in offers]
    names = f"{', '.join(others)} or {last}" if others else last
    return f"{names}; wins over Accept ({offers[0].name} by default)"


def negotiated(
    offers: Sequence[F], *, description: str | None = None, repeatable: bool = False
) -> Callable[..., Awaitable[F]]:
    """A dependency that chooses which of ``offers`` a route sends, from the ``format``
    query parameter or else the Accept header (``api.negotiation.negotiate``); nothing
    acceptable is a 406 that lists the media types offered.

    ``description`` describes ``format`` in the OpenAPI description (``format_help`` by default);
    with ``repeatable`` it may be given more than once, and the first value offered wins.
    Use it as ``offer: Annotated[Format[...], Depends(negotiated(OFFERS))]``.
    """
    # the values ``negotiate`` takes (ignoring case); an empty one counts as none
    values = sorted({"", *(v for offer in offers for v in (*offer.names, *offer.media_types))})
    text = description or format_help(offers)
    described = Query(description=text, json_schema_extra={"enum": values})
    if repeatable:
        described = Query(
            description=text, json_schema_extra={"items": {"type": "string", "enum": values}}
        )

        async def chosen_of_many(
            accept: AcceptDep = None,
            format: Annotated[list[str] | None, described] = None,
        ) -> F:
            return negotiate(accept, offers, formats=format or ())

        return chosen_of_many

    async def chosen(
        accept: AcceptDep = None,
        format: Annotated[str | None, described] = None,
    ) -> F:
        return negotiate(accept, offers, formats=(format,) if format else ())

    return chosen


async def read_body(request: Request, limit: int, timeout: float | None = None) -> bytes:
    """The request body, refused with 413 as soon as it is known to be over ``limit`` bytes:
    from Content-Length before reading, or while reading a body sent in chunks; and with
    408 when it has not all come in ``timeout`` seconds (``tkg serve`` closes such a
    connection itself, in :mod:`api.server`; this holds under any server)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(
            f"the request body has {declared} bytes, more than the limit of {limit} "
            "(TKG_MAX_BODY_BYTES)"
        )
    try:
        # asyncio's own timeout where it runs (uvicorn): half the CPU of anyio's cancel scope
        asyncio.get_running_loop()
    except RuntimeError:  # another event loop (trio, through anyio)
        with anyio.move_on_after(timeout if timeout is not None else math.inf):
            return await _body(request, limit)
    else:
        try:
            async with asyncio.timeout(timeout):
                return await _body(request, limit)
        except TimeoutError:
            pass
    raise BodyTimeoutError(f"the request body did not come within {timeout:g} s (TKG_BODY_TIMEOUT)")


async def _body(request: Request, limit: int) -> bytes:
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
    raise over_the_limit(timeout, stopped=False)


def over_the_limit(timeout: float, *, stopped: bool) -> StoreTimeoutError:
    """A query over ``TKG_QUERY_TIMEOUT``, told the client in the server's terms (the
    setting to raise, what to do instead) rather than in the store's."""
    return StoreTimeoutError(
        f"the query ran longer than the limit of {timeout:g} s (TKG_QUERY_TIMEOUT)"
        + (" and was stopped" if stopped else "")
        + "; narrow it down or add a LIMIT"
    )


@asynccontextmanager
async def executor_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the query workers (``api.startup.start_executor``) once the app's own lifespan has put
    the store on ``app.state``, or take those already starting (``app.state.executor_start``,
    a future: ``tkg serve`` starts them while it imports the app and builds an empty store);
    stop them when the app stops."""
    starting: Future[ProcessExecutor | None] | None = getattr(app.state, "executor_start", None)
    if starting is not None:
        app.state.executor_start = None
        executor = await asyncio.wrap_future(starting)
    else:
        store = getattr(app.state, "store", None)
        executor = await anyio.to_thread.run_sync(lambda: start_executor(app.state.settings, store))
    app.state.executor = executor
    try:
        yield
    finally:
        app.state.executor = None
        if executor is not None:
            await anyio.to_thread.run_sync(executor.close)


async def run_query_work(
    request: Request, fn: Callable[..., T], *args: Any, timeout: float, watch: bool = True
) -> T:
    """``fn(store, *args)`` under the query time limit: in a worker process that is killed
    when over the limit (a store on disk); over HTTP with that time limit (a remote store,
    ``kg.store.remote``); else in a thread that is only given up on.

    ``fn`` must be a module-level function (it is sent to the worker by reference).

    In the workers, each client (its remote address) holds at most its share of them, and
    waits its turn for more (``kg.store.executor.turns``); time spent waiting is not counted
    in ``timeout``, and no worker in time is a 503 of its own (``StoreBusyError``, with
    Retry-After). A client that hangs up while its query runs has the query stopped, unless
    ``watch`` is false (work that goes on after the answer: ``api.memo.in_background``).
    """
    executor: ProcessExecutor | None = getattr(request.app.state, "executor", None)
    if executor is None:
        store = app_store(request)
        limited = getattr(store, "with_timeout", None)
        if limited is not None:  # a remote store: the server does the work, within the limit
            store = limited(timeout)
        return await in_worker(lambda: fn(store, *args), timeout=timeout)
    return await in_executor(
        executor, request.scope, request.receive, fn, *args, timeout=timeout, watch=watch
    )


async def in_executor(
    executor: ProcessExecutor,
    scope: Scope,
    receive: Receive,
    fn: Callable[..., T],
    *args: Any,
    timeout: float,
    watch: bool = True,
) -> T:
    """``run_query_work`` in ``executor``, for the request of ``scope`` and ``receive``."""
    client = scope.get("client")
    try:
        return await executor.run_async(
            fn,
            *args,
            timeout=timeout,
            client=client[0] if client else None,
            gone=partial(_hung_up, receive) if watch else None,
        )
    except StoreBusyError as exc:
        raise StoreBusyError(
            f"{exc}; try again in {exc.retry_after} s (TKG_QUERY_WAIT, TKG_WORKERS_PER_CLIENT)",
            retry_after=exc.retry_after,
        ) from exc
    except StoreTimeoutError as exc:
        raise over_the_limit(timeout, stopped=True) from exc


async def _hung_up(receive: Callable[[], Awaitable[Message]]) -> None:
    """Return when the client has hung up: once the request's body is read, what the server
    has next for it is ``http.disconnect``."""
    while (await receive())["type"] != "http.disconnect":
        pass


def check_update_token(settings: Settings, authorization: str | None) -> None:
    """Let a write through only with ``Authorization: Bearer <TKG_UPDATE_TOKEN>``: 403 when
    no token is configured, 401 (with a ``WWW-Authenticate`` challenge) when the request's
    is missing or wrong. Tokens are compared in constant time.

    >>> check_update_token(Settings(store="memory", update_token="s3cret"), "Bearer s3cret")
    >>> check_update_token(Settings(store="memory", update_token="s3cret"), "Bearer guess")
    Traceback (most recent call last):
    ...
    api.errors.UnauthorizedError: the bearer token is wrong
    """
    if not settings.update_token:
        raise UpdatesDisabledError(
            "updates are disabled (this endpoint is read-only); set TKG_UPDATE_TOKEN and "
            "send Authorization: Bearer <token>"
        )
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError(
            "updates need Authorization: Bearer <token>, with the token in TKG_UPDATE_TOKEN",
            invalid=False,
        )
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise UnauthorizedError("the bearer token is wrong", invalid=True)


def require_writer(
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """A dependency: the request carries the update token (see ``check_update_token``)."""
    check_update_token(settings, authorization)


WriterDep = Depends(require_writer)
