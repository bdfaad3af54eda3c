"""Connections handed to the query workers, which answer the lean path's requests on them
themselves (``api.direct``; the lanes, ``kg.store.executor.lanes``), and taken back.

The main process's CPU per small query was two thirds of ours, most of it uvicorn's HTTP and
the event loop (``bench/results/sparql.md``): a request a worker reads and answers on its
own costs the main process nothing. So ``api.server.TimedProtocol`` hands a connection over
when its next request begins ``POST /sparql`` (``handed``), once the app's query workers
have started; the worker gives it back when a request is not one it answers, and the
server takes the connection back (``_resume``) with the bytes read of it: uvicorn then reads
the request as if it had come in just now. A request whose worker was killed at the time
limit is answered as the lean path answers one stopped there (the same error, by the app's
handlers: ``api.fastpath.RESPONSE`` preset).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Any

from api.deps import over_the_limit
from api.direct import answer_request
from api.sparql.encoding import GZIP
from kg.store.executor import ProcessExecutor
from kg.store.executor.lanes import Lanes

__all__ = ["HANDED", "handed"]

#: how a request that a worker may answer begins
HANDED = b"POST /sparql "

#: the tasks taking connections back (kept until done)
_RESUMING: set[asyncio.Task[None]] = set()


def handed(protocol: Any, data: bytes) -> bool:
    """Hand the connection of ``protocol`` (an ``api.server.TimedProtocol`` between
    requests) and ``data``, the start of its next request, to a query worker of its app;
    False (nothing done) where none takes it."""
    lanes = _lanes(protocol)
    sock = protocol.transport.get_extra_info("socket")
    if lanes is None or sock is None or not lanes.taking():
        return False
    token = (type(protocol), protocol.config, protocol.server_state, protocol.app_state)
    if not lanes.hand(os.dup(sock.fileno()), data, token):
        return False
    protocol.handed_over = True
    protocol._unset_keepalive_if_required()
    protocol._disarm()
    protocol.transport.pause_reading()
    protocol.transport.close()  # the worker's copy of the socket, and ours, stay open
    return True


def _lanes(protocol: Any) -> Lanes | None:
    """The lanes of the app's query workers (set up on the first request handed over);
    None before they have started, for a store with none, or under a root path."""
    app = protocol.direct_app
    executor = getattr(app.state, "executor", None) if app is not None else None
    if not isinstance(executor, ProcessExecutor) or protocol.config.root_path:
        return None
    if executor.lanes is not None:
        return executor.lanes
    settings = app.state.settings
    loop = protocol.loop
    config = protocol.config
    timeout = settings.query_timeout

    def resume(token: Any, sock: socket.socket, data: bytes, expired: bool) -> None:
        task = loop.create_task(_resume(loop, token, sock, data, expired, timeout))
        _RESUMING.add(task)
        task.add_done_callback(_RESUMING.discard)

    return executor.serve_directly(
        loop,
        handler=answer_request,
        args=(
            settings,
            int(GZIP["minimum_size"]),
            tuple(config.encoded_headers),
            bool(config.date_header),
            protocol.access_log and protocol.access_logger.isEnabledFor(logging.INFO),
        ),
        resume=resume,
        timeout=timeout,
        idle=float(config.timeout_keep_alive),
    )


async def _resume(
    loop: asyncio.AbstractEventLoop,
    token: Any,
    sock: socket.socket,
    data: bytes,
    expired: bool,
    timeout: float,
) -> None:
    """A connection back from a worker: served by uvicorn again, from ``data`` on (the
    request the worker read of it, if any); ``expired``: that request ran over the limit."""
    kind, config, server_state, app_state = token

    def taken_back() -> Any:
        preset = over_the_limit(timeout, stopped=True) if expired else None
        return kind(
            config=config,
            server_state=server_state,
            app_state=app_state,
            _loop=loop,
            replay=(data, preset),
        )

    try:
        await loop.connect_accepted_socket(taken_back, sock)
    except OSError:
        sock.close()
