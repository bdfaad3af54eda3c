"""Run the API with uvicorn: what ``tkg serve`` calls.

uvicorn times out only an idle keep-alive connection: a client that connects and then
sends its request line and headers a byte at a time, or a body at a trickle, holds its
connection (and, over many of them, the server) for as long as it likes. So ``tkg serve``
runs uvicorn with :class:`TimedProtocol`, its httptools protocol with two deadlines more:
the request line and headers must be in ``TKG_HEADER_TIMEOUT`` seconds after the
connection is made (or after the first byte of a later request on it), and the body
``TKG_BODY_TIMEOUT`` seconds after the headers. A request over either deadline is
answered 408 and its connection closed; once the answer to it has begun, the connection
is only closed (or, while an earlier answer on it is still being sent, left to finish).

Between requests, a connection whose next request begins ``POST /sparql`` is handed to a
query worker, which answers the small queries on it itself (``api.handing``,
``api.direct``); what the worker does not answer comes back here, as read so far.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from api.app import create_app
from api.fastpath import RESPONSE
from api.handing import HANDED, handed
from kg.settings import Settings
from kg.store import Store, open_store
from kg.store.executor import ProcessExecutor

__all__ = ["TimedProtocol", "serve", "server_config", "timed_protocol", "uvicorn_options"]

_TIMEOUT_BODY = b"the request was not sent in time\n"


class TimedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with deadlines for the headers and body of a request;
    :func:`timed_protocol` makes one with the deadlines of the settings."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0

    #: the app whose query workers may answer the connections (``hand_to_workers``)
    direct_app: Any = None

    def __init__(
        self, *args: Any, replay: tuple[bytes, Exception | None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        #: a connection taken back from a query worker (``api.handing``): what the worker
        #: read of its next request, and the error to answer that request with, if any
        self._replay = replay
        self._deadline: asyncio.TimerHandle | None = None
        self._phase = "headers"
        #: between requests (what comes next starts one); an error to answer the next with
        self.boundary = True
        self.preset: Exception | None = None
        #: the connection went to a query worker (``api.handing``)
        self.handed_over = False

    def data_received(self, data: bytes) -> None:
        if self.handed_over:  # read before the transport's close took effect: the worker's
            return
        if (
            self.boundary
            and data.startswith(HANDED)
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and handed(self, data)
        ):
            return
        super().data_received(data)

    def on_message_complete(self) -> None:
        self.boundary = True
        if self._phase == "body":
            self._disarm()
        super().on_message_complete()

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("headers", self.header_timeout)
        if self._replay is not None:
            # before the transport reads anything: the rest of the request (its body, say)
            # may be waiting in the socket, and must come after what the worker read of it
            data, self.preset = self._replay
            self._replay = None
            if data:
                self.boundary = False  # the server's to answer, not to hand over again
                self.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        self.boundary = False
        super().on_message_begin()
        if self.preset is not None:
            self.scope[RESPONSE] = self.preset  # type: ignore[literal-required]
            self.preset = None
        if self._deadline is None:  # a later request on the connection
            self._arm("headers", self.header_timeout)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()
        # a pipelined request waits for the one before it: its body deadline starts with it
        if self.cycle is not None and self.cycle.more_body and not self.pipeline:
            self._arm("body", self.body_timeout)

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        super()._start_asgi_task(cycle, app)
        if cycle is not self.cycle or not cycle.more_body or self._deadline is not None:
            return
        self._arm("body", self.body_timeout)

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            if cycle is not None and not cycle.response_complete:
                # the application gets http.disconnect; what it may still send is dropped
                cycle.disconnected = True
                cycle.message_event.set()
            self._send_408()
        elif self._phase == "body":
            self.transport.close()  # answered already, and the body still trickles in
        else:
            # the next request's headers are slow while an answer is being sent: let it
            # finish, then the connection closes
            cycle.keep_alive = False

    def _send_408(self) -> None:
        content = [b"HTTP/1.1 408 Request Timeout\r\n"]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: " + str(len(_TIMEOUT_BODY)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                _TIMEOUT_BODY,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()


def timed_protocol(settings: Settings, app: Any = None) -> type[TimedProtocol]:
    """A :class:`TimedProtocol` with the deadlines of ``settings``; its connections handed
    to the query workers of ``app`` (``api.handing``), if given."""
    return type(
        "TimedProtocol",
        (TimedProtocol,),
        {
            "header_timeout": settings.header_timeout,
            "body_timeout": settings.body_timeout,
            "direct_app": app,
        },
    )


def uvicorn_options(settings: Settings, app: Any = None) -> dict[str, Any]:
    """What ``tkg serve`` passes to uvicorn: the address, and :class:`TimedProtocol` with
    the deadlines of ``settings`` (handing connections to ``app``'s query workers)."""
    return {"host": settings.host, "port": settings.port, "http": timed_protocol(settings, app)}


def server_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for ``app`` as ``tkg serve`` makes it
    (:func:`uvicorn_options`: its query workers answer the lean path's connections);
    ``options`` go to ``uvicorn.Config`` too."""
    return uvicorn.Config(app, **uvicorn_options(settings, app), **options)


def serve(
    settings: Settings,
    store: Store | None = None,
    *,
    executor_start: Future[ProcessExecutor | None] | None = None,
) -> None:
    """Serve the API on ``settings.host:settings.port`` until interrupted.

    Without a ``store``, the one named by ``settings.store`` is opened here, before the
    server starts, so that a store that cannot be opened (locked by another process, say)
    raises its ``StoreError`` to the caller instead of failing the server's start-up; it is
    closed when the server stops. A store passed in stays open. ``executor_start``: its
    query workers, already starting (``create_app``).
    """
    opened = (
        open_store(settings.store, outbound=settings.outbound, default_graph=settings.default_graph)
        if store is None
        else store
    )
    try:
        app = create_app(settings, opened, executor_start=executor_start)
        uvicorn.run(app, **uvicorn_options(settings, app))
    finally:
        if store is None:
            opened.close()
