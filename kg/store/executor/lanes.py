"""The server's side of serving clients from the workers directly: each worker's *lane*
(a Unix socket) over which the server hands it a client's connection (``hand``: the socket
with ``SCM_RIGHTS`` and the bytes read of it), the worker then answering that connection's
requests itself (``kg.store.executor.direct``) with no pipe, pickle or event-loop turn of
the server's in between; the time limit of what the workers answer so (their slots, read
every ``TICK_S``: the worker over it killed, as for the pool's own work); and the snapshot
they answer from (``publish``).

The server keeps its own duplicate of every connection it hands over: when the worker gives
one back (a request it leaves to the server, or one that came too slowly) or dies (killed
at the time limit, renewed over a new in-memory copy, or crashed), the connection goes back
to the server (``resume``) with the bytes read of its request, and whether the request
ran over the time limit; a connection the client closed the worker says is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.store.executor.direct import BACK, GONE, HEAD, SLOT_BYTES, Handler, Published, Slot
from kg.store.executor.direct import adopt as adopt_in_worker
from kg.store.executor.processes import Worker
from kg.store.executor.wire import receive, restore, send

__all__ = ["TICK_S", "Lanes", "Resume"]

#: how often the workers' slots are read for work over its time limit, at most (seconds)
TICK_S = 0.1

#: what takes a connection back: ``(token, socket, bytes read, over the time limit)``
Resume = Callable[[Any, socket.socket, bytes, bool], None]


@dataclass(eq=False)
class _End:
    """The server's end of one worker's lane."""

    worker: Worker
    sock: socket.socket
    slot: Slot
    #: the numbers of the connections it holds
    held: set[int] = field(default_factory=set)
    #: being killed (over the time limit)
    killed: bool = False


class Lanes:
    """The lanes of a pool's workers, served on ``loop``: see the module docstring.

    ``handler`` (with ``args``) answers requests in the workers; ``resume`` takes a
    connection back on the loop; ``kill`` stops a worker (in a thread: the pool replaces
    it, and calls ``lost``); ``refresh`` is called every tick (the pool publishes a new
    snapshot there after a write made outside any request); ``timeout`` is the time limit;
    ``idle`` how long a connection may stay idle in a worker between requests;
    ``connections`` how many connections a worker holds at most.
    """

    def __init__(
        self,
        folder: Path,
        loop: asyncio.AbstractEventLoop,
        *,
        handler: Handler,
        args: tuple[Any, ...],
        resume: Resume,
        kill: Callable[[Worker], None],
        refresh: Callable[[], object],
        timeout: float,
        idle: float = 5.0,
        connections: int = 1,
    ) -> None:
        self._folder = folder
        self._loop = loop
        self._handler, self._args = handler, args
        self._resume, self._kill, self._refresh = resume, kill, refresh
        self._timeout, self._idle = timeout, idle
        self._connections = connections
        self._address = b"\0tkg-lanes-" + secrets.token_hex(8).encode()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._listener.bind(self._address)
        self._listener.listen(64)
        self._published = Published.create(folder / "published")
        self._latest = ""
        self._lock = threading.Lock()  # adopting happens in threads
        self._ends: dict[int, _End] = {}  # by pid
        self._held: dict[int, tuple[socket.socket, Any, _End]] = {}
        self._numbers = 0
        self._closed = False
        self._timer = loop.call_later(TICK_S, self._tick)

    # -- the pool's side ----------------------------------------------------------------------
    def publish(self, snapshot: Path) -> None:
        """Have the workers answer from ``snapshot`` from now on."""
        path = str(snapshot)
        if path != self._latest:
            self._published.publish(path)
            self._latest = path

    def adopt(self, worker: Worker) -> None:
        """Give ``worker`` a lane, unless it has one (blocking: the pool calls it with the
        worker in its hands, idle)."""
        with self._lock:
            if self._closed or worker.pid in self._ends:
                return
            slot = Slot.create(self._folder / f"slot-{worker.pid}")
            args = (self._address, str(self._folder), self._handler, self._args, self._idle)
            try:
                send(worker.conn, (self._latest, adopt_in_worker, args))
                if not worker.conn.poll(30):
                    raise TimeoutError("the worker did not adopt its lane in 30 s")
                status, payload = receive(worker.conn)
                if status == "error":
                    raise restore(payload)
                self._listener.settimeout(5)
                sock, _ = self._listener.accept()
                (pid,) = struct.unpack("!i", sock.recv(4))
                assert pid == worker.pid, (pid, worker.pid)
            except BaseException:
                slot.close()
                raise
            sock.setblocking(False)
            end = _End(worker, sock, slot)
            self._ends[worker.pid] = end
        self._loop.call_soon_threadsafe(self._watch, end)

    def lost(self, worker: Worker) -> None:
        """``worker`` is dead (stopped by the pool): its connections back to the server."""
        with self._lock:
            end = self._ends.pop(worker.pid, None)
        if end is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to resume
                self._loop.call_soon_threadsafe(self._reclaim, end)

    def close(self) -> None:
        """Stop handing connections over (those the workers hold end with them)."""
        with self._lock:
            self._closed = True
            ends = list(self._ends.values())
            self._ends.clear()
        self._timer.cancel()
        self._listener.close()
        for end in ends:
            try:
                self._loop.call_soon_threadsafe(self._end, end)
            except RuntimeError:  # the loop has closed: it watches nothing any more
                self._end(end)
        for sock, _, _ in self._held.values():
            sock.close()
        self._held.clear()
        self._published.close()

    def _end(self, end: _End) -> None:
        """Close the server's end of a lane, unwatched first."""
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            self._loop.remove_reader(end.sock.fileno())
        end.sock.close()
        end.slot.close()

    def taking(self) -> bool:
        """Whether a worker would take a connection now (see ``hand``)."""
        return not self._closed and self._free() is not None

    def _free(self) -> _End | None:
        """The live worker holding the fewest connections, under ``connections``."""
        ends = [e for e in self._ends.values() if not e.killed and len(e.held) < self._connections]
        return min(ends, key=lambda e: len(e.held)) if ends else None

    def held(self) -> int:
        """How many connections the workers hold."""
        return len(self._held)

    def holding(self) -> list[int]:
        """The pids of the workers holding connections."""
        return sorted({end.worker.pid for _, _, end in self._held.values()})

    # -- the loop's side ----------------------------------------------------------------------
    def hand(self, fd: int, data: bytes, token: Any) -> bool:
        """Hand the connection ``fd`` (a duplicate, kept here) and the bytes read of it to
        the worker that holds the fewest, under ``connections``; False if none can take it
        (``fd`` is then closed), and the server answers it as before. One connection a
        worker by default: a long query then holds up only the connection that asked for
        it, not others waiting behind it in the same worker."""
        end = self._free()
        if self._closed or end is None or len(data) > SLOT_BYTES:
            os.close(fd)
            return False
        self._numbers += 1
        number = self._numbers
        try:
            socket.send_fds(end.sock, [HEAD.pack(0, number) + data], [fd])
        except OSError:
            os.close(fd)
            return False
        end.held.add(number)
        self._held[number] = (socket.socket(fileno=fd), token, end)
        return True

    def _watch(self, end: _End) -> None:
        if self._closed or end.worker.pid not in self._ends:
            return
        self._loop.add_reader(end.sock.fileno(), self._readable, end)

    def _readable(self, end: _End) -> None:
        while True:
            try:
                message = end.sock.recv(SLOT_BYTES + HEAD.size)
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if not message:  # the worker is gone (crashed, or stopped by the pool)
                self._loop.remove_reader(end.sock.fileno())
                if not end.killed and not self._closed:  # replaced, its connections back
                    end.killed = True
                    self._loop.run_in_executor(None, self._kill, end.worker)
                return
            kind, number = HEAD.unpack_from(message)
            held = self._held.pop(number, None)
            end.held.discard(number)
            if held is None:
                continue
            sock, token, _ = held
            if kind == BACK:
                self._resume(token, sock, message[HEAD.size :], False)
            elif kind == GONE:
                sock.close()

    def _reclaim(self, end: _End) -> None:
        """The connections of a dead worker back to the server: the one it was answering
        with its request (over the limit or not), the others as they are."""
        began, running, request = end.slot.read()
        expired = bool(began) and time.monotonic() - began >= self._timeout
        self._end(end)
        with contextlib.suppress(OSError):
            end.slot.path.unlink()
        for number in sorted(end.held):
            held = self._held.pop(number, None)
            if held is None:
                continue
            sock, token, _ = held
            if began and number == running:
                self._resume(token, sock, request, expired)
            else:
                self._resume(token, sock, b"", False)
        end.held.clear()

    def _tick(self) -> None:
        if self._closed:
            return
        self._timer = self._loop.call_later(TICK_S, self._tick)
        self._refresh()
        now = time.monotonic()
        for end in list(self._ends.values()):
            began, _, _ = end.slot.read()
            if began and now - began >= self._timeout and not end.killed:
                end.killed = True  # nothing more handed to it; ``lost`` takes it back
                self._loop.run_in_executor(None, self._kill, end.worker)
