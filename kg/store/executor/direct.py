"""The worker's side of serving clients directly: connections handed to it by the server
(``kg.store.executor.lanes``) over its *lane*, a Unix socket, which it reads and answers
itself, between the pieces of work the pool sends it.

A worker adopts a lane when the pool runs ``adopt`` in it (once in its life). From then on
its loop (``serve``) waits on three things at once: its pipe (the pool's work, run as
before), its lane (connections handed over, each with the bytes the server read of it) and
the connections it holds. What a connection sends is given to the handler the lane was
adopted with (the HTTP side, ``api.direct``): ``(n, answer)`` for the first ``n`` bytes
answered, ``0`` for a request not yet complete, ``None`` for one the handler leaves to the
server; such a connection goes back over the lane with the bytes read of it, and so does
one whose request stays incomplete for ``INCOMPLETE_S`` (the server's deadlines then apply).

Before each answer the worker writes to its *slot* (a small shared file) when it began and
what it answers; the server reads it to stop the work at the time limit and to answer the
request itself, and reads which snapshot to answer from in a file it writes (``Published``).
"""

from __future__ import annotations

import array
import mmap
import os
import selectors
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.store import OxigraphStore

__all__ = [
    "BACK",
    "GONE",
    "INCOMPLETE_S",
    "SLOT_BYTES",
    "Handler",
    "Lane",
    "Published",
    "Slot",
    "adopt",
    "adopted",
    "serve",
]

#: a handler: ``(store, bytes read, the client's address, *args) -> (n, answer) | 0 | None``
#: (module docstring)
Handler = Callable[..., "tuple[int, bytes] | int | None"]

#: the lane's messages from the worker: a connection given back, a connection closed
BACK, GONE = 1, 2
#: a message's head: its kind and the connection's number
HEAD = struct.Struct("!BQ")
#: how long a request may stay incomplete in a worker before the server takes it back
INCOMPLETE_S = 1.0
#: the most bytes of a request a slot holds (a larger one is left to the server)
SLOT_BYTES = 1 << 16
_SLOT_HEAD = struct.Struct("!dQI")
_PUBLISHED_HEAD = struct.Struct("!I")
#: the most bytes read from a connection at once
_READ = 1 << 16
_FD = array.array("i", [0])


class Slot:
    """A worker's slot: when the work it runs began (0: none runs), the connection it
    answers and the bytes of the request; written by the worker, read by the server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("r+b") as file:
            self._map = mmap.mmap(file.fileno(), _SLOT_HEAD.size + SLOT_BYTES)

    @staticmethod
    def create(path: Path) -> Slot:
        path.write_bytes(bytes(_SLOT_HEAD.size + SLOT_BYTES))
        return Slot(path)

    def begin(self, number: int, request: bytes) -> None:
        size = _SLOT_HEAD.size
        self._map[size : size + len(request)] = request
        _SLOT_HEAD.pack_into(self._map, 0, time.monotonic(), number, len(request))

    def end(self) -> None:
        _SLOT_HEAD.pack_into(self._map, 0, 0.0, 0, 0)

    def read(self) -> tuple[float, int, bytes]:
        """When the running work began (0.0: none runs), its connection, its request."""
        began, number, length = _SLOT_HEAD.unpack_from(self._map, 0)
        size = _SLOT_HEAD.size
        return began, number, bytes(self._map[size : size + length]) if began else b""

    def close(self) -> None:
        self._map.close()


class Published:
    """The snapshot to answer from, as the server publishes it (a shared file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("r+b") as file:
            self._map = mmap.mmap(file.fileno(), _PUBLISHED_HEAD.size + 4096)

    @staticmethod
    def create(path: Path) -> Published:
        path.write_bytes(bytes(_PUBLISHED_HEAD.size + 4096))
        return Published(path)

    def publish(self, snapshot: str) -> None:
        data = snapshot.encode()
        size = _PUBLISHED_HEAD.size
        self._map[size : size + len(data)] = data
        _PUBLISHED_HEAD.pack_into(self._map, 0, len(data))

    def read(self) -> str:
        (length,) = _PUBLISHED_HEAD.unpack_from(self._map, 0)
        size = _PUBLISHED_HEAD.size
        return bytes(self._map[size : size + length]).decode()

    def close(self) -> None:
        self._map.close()


@dataclass
class Lane:
    """What a worker keeps of its lane."""

    sock: socket.socket
    slot: Slot
    published: Published
    handler: Handler
    args: tuple[Any, ...]
    #: how long a connection may stay idle between requests (then it is closed)
    idle: float


#: the lane of this worker, once adopted
_ADOPTED: list[Lane] = []


def adopt(
    store: OxigraphStore,
    address: bytes,
    folder: str,
    handler: Handler,
    args: tuple[Any, ...],
    idle: float,
) -> int:  # pragma: no cover - in a worker
    """Work the pool runs in a worker: connect to the server's lanes at ``address``, open
    this worker's slot and the published snapshot in ``folder``; answer with the pid.
    ``idle``: how long a connection may stay idle (the server's keep-alive timeout)."""
    if not _ADOPTED:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        sock.connect(address)
        sock.send(struct.pack("!i", os.getpid()))
        slot = Slot(Path(folder) / f"slot-{os.getpid()}")
        published = Published(Path(folder) / "published")
        _ADOPTED.append(Lane(sock, slot, published, handler, args, idle))
    return os.getpid()


def adopted() -> Lane | None:
    """This worker's lane, if it has adopted one."""
    return _ADOPTED[0] if _ADOPTED else None


@dataclass(eq=False)
class _Client:
    number: int
    sock: socket.socket
    buffer: bytes = b""
    #: since when the request in ``buffer`` is incomplete (0: it is not)
    since: float = 0.0
    #: when it was last answered (or taken)
    last: float = 0.0
    #: the client's address, ``host:port``
    peer: str = ""


def serve(
    lane: Lane, pipe: int, on_work: Callable[[], None], store_for: Callable[[str], OxigraphStore]
) -> None:  # pragma: no cover - in a worker
    """The worker's loop once it has a lane: the pool's work when its ``pipe`` is readable
    (``on_work``, which raises EOFError when the pool is gone), connections handed over,
    their requests answered over the store ``store_for`` gives for the published snapshot."""
    selector = selectors.DefaultSelector()
    selector.register(pipe, selectors.EVENT_READ, None)
    selector.register(lane.sock, selectors.EVENT_READ, lane)
    clients: dict[int, _Client] = {}

    def give_back(client: _Client, kind: int) -> None:
        selector.unregister(client.sock)
        del clients[client.number]
        client.sock.close()
        lane.sock.send(HEAD.pack(kind, client.number) + (client.buffer if kind == BACK else b""))

    def answer(client: _Client) -> None:
        while client.buffer:
            if len(client.buffer) > SLOT_BYTES:
                give_back(client, BACK)
                return
            lane.slot.begin(client.number, client.buffer)
            try:
                store = store_for(lane.published.read())
                outcome = lane.handler(store, client.buffer, client.peer, *lane.args)
            except Exception:  # noqa: BLE001 - the server answers it its own way
                outcome = None
            finally:
                lane.slot.end()
            if outcome is None:
                give_back(client, BACK)
                return
            if isinstance(outcome, int):
                client.since = client.since or time.monotonic()
                return
            used, reply = outcome
            client.buffer, client.since = client.buffer[used:], 0.0
            client.last = time.monotonic()
            try:
                _send_all(client.sock, reply)
            except OSError:
                give_back(client, GONE)
                return

    def read(client: _Client) -> None:
        try:
            data = client.sock.recv(_READ)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            give_back(client, GONE)
            return
        client.buffer += data
        answer(client)

    while True:
        now = time.monotonic()
        waits = [_due(c, lane.idle) - now for c in clients.values()]
        events = selector.select(max(min(waits), 0.0) if waits else None)
        # the lane first: a snapshot published before a request came is read before it
        fresh: list[_Client] = []
        for key, _ in events:
            if key.data is lane:
                fresh = _take(lane, selector, clients)
        for key, _ in events:
            if key.data is None:
                on_work()
            elif isinstance(key.data, _Client) and key.data.number in clients:
                read(key.data)
        for client in fresh:
            if client.number in clients:
                answer(client)
        now = time.monotonic()
        for client in [c for c in clients.values() if _due(c, lane.idle) <= now]:
            give_back(client, BACK if client.since else GONE)


def _due(client: _Client, idle: float) -> float:
    """When a connection's incomplete request goes back to the server, or its idleness
    ends it."""
    return client.since + INCOMPLETE_S if client.since else client.last + idle


def _take(
    lane: Lane, selector: selectors.BaseSelector, clients: dict[int, _Client]
) -> list[_Client]:
    """Take the connections handed over on the lane (each with the bytes read of it)."""
    taken: list[_Client] = []
    while True:
        try:
            # not socket.recv_fds: it drops its flags (Python 3.11)
            data, ancillary, _, _ = lane.sock.recvmsg(
                SLOT_BYTES + HEAD.size, socket.CMSG_LEN(_FD.itemsize), socket.MSG_DONTWAIT
            )
        except BlockingIOError:
            return taken
        fds = array.array("i")
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
        if not data:
            raise EOFError("the server closed the lane")
        if not fds:
            continue
        _, number = HEAD.unpack_from(data)
        sock = socket.socket(fileno=fds[0])
        sock.setblocking(False)
        try:
            host, port = sock.getpeername()[:2]
            peer = f"{host}:{port}"
        except (OSError, ValueError):
            peer = "-"
        client = _Client(number, sock, data[HEAD.size :], last=time.monotonic(), peer=peer)
        clients[number] = client
        taken.append(client)
        selector.register(sock, selectors.EVENT_READ, client)


#: the slowest a client may read a large answer a worker sends (bytes a second), after 10 s
_SLOWEST_READ = 64 * 1024
#: how long a worker waits for room to send, at a time and in all beyond ``_SLOWEST_READ``
_GRACE_S = 10.0


def _send_all(sock: socket.socket, data: bytes) -> None:
    """Send all of ``data`` on a non-blocking socket, waiting for room up to ``_GRACE_S``
    at a time and ``_GRACE_S`` more than :data:`_SLOWEST_READ` allows in all (a client that
    reads its answer a byte at a time holds no worker for longer)."""
    view = memoryview(data)
    deadline = time.monotonic() + _GRACE_S + len(data) / _SLOWEST_READ
    while view:
        try:
            view = view[sock.send(view) :]
        except BlockingIOError:
            selected = selectors.DefaultSelector()
            selected.register(sock, selectors.EVENT_WRITE)
            ready = selected.select(max(0.0, min(_GRACE_S, deadline - time.monotonic())))
            selected.close()
            if not ready:
                raise OSError("the client does not read its answer") from None
