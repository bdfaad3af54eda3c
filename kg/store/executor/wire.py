"""What crosses the pipe between the pool and a worker: pickled messages, framed as
``Connection.send_bytes`` frames them, and exceptions as plain data.

>>> payload = portable(ValueError("no"))
>>> restored = restore(payload)
>>> type(restored).__name__, str(restored)
('ValueError', 'no')
"""

from __future__ import annotations

import os
import pickle
import select
import struct
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Portable", "portable", "receive", "restore", "send"]

#: an exception as plain data: its class, its arguments and its attributes
Portable = tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]

_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")
#: what one read takes of an answer: small answers, most of them, come whole in one
_FIRST_READ = 1 << 16
#: how long a write to a worker waits for it to read, at most
_STALLED = 60.0


def send(conn: Connection, message: Any) -> None:
    """Send ``message`` on ``conn``, pickled and framed as ``Connection.send_bytes`` frames
    it. Not ``Connection.send``'s ``ForkingPickler``: nothing sent is a socket or another
    object it has reducers for, and the plain pickler is faster (the messages of every small
    query pay for it twice). A message that does not pickle raises before anything is sent.

    Not ``send_bytes`` either: the parent's end of a pipe is non-blocking once an event loop
    has watched it, and there ``send_bytes`` takes a message larger than the socket's buffer
    (about 208 KB: a query with a large VALUES block, a long Accept header) for a write that
    failed, half sent. Here what the buffer does not take at once is written as the worker
    reads it (``_write_rest``); a small message is one ``writev``, header and pickle together.
    """
    payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    size = len(payload)
    if size <= 0x7FFFFFFF:
        header = _LENGTH.pack(size)
    else:  # as send_bytes frames it: -1, then an 8-byte length
        header = _LENGTH.pack(-1) + _LONG_LENGTH.pack(size)
    fd = conn.fileno()
    try:
        written = os.writev(fd, (header, payload))
    except BlockingIOError:
        written = 0
    if written < len(header) + size:
        _write_rest(fd, header, payload, written)


def _write_rest(fd: int, header: bytes, payload: bytes, written: int) -> None:
    """Write what is left of a framed message after its first ``written`` bytes, waiting for
    ``fd`` to take more when it is non-blocking and full. The worker, idle, reads at once: one
    that takes nothing for ``_STALLED`` seconds is given up on (OSError), as if dead."""
    if written >= len(header):
        rest = memoryview(payload)[written - len(header) :]
    else:
        rest = memoryview(header[written:] + payload)
    while rest:
        try:
            rest = rest[os.write(fd, rest) :]
        except BlockingIOError:
            if not select.select([], [fd], [], _STALLED)[1]:
                raise OSError(f"the query worker read nothing for {_STALLED:g} s") from None


def receive(conn: Connection) -> Any:
    """The next message on ``conn``, unpickled, once some of it can be read.

    Messages are framed as ``Connection.send_bytes`` frames them: a length, then the bytes.
    The parent's end of a pipe is non-blocking once an event loop has watched it, so a large
    answer that is still being written is waited for here (``select``); a small one, most of
    them, comes whole in a single read.
    """
    fd = conn.fileno()
    data = _read_to(fd, b"", _LENGTH.size)
    (size,) = _LENGTH.unpack_from(data)
    start = _LENGTH.size
    if size == -1:  # over 2 GiB: an 8-byte length follows
        data = _read_to(fd, data, start + _LONG_LENGTH.size)
        (size,) = _LONG_LENGTH.unpack_from(data, start)
        start += _LONG_LENGTH.size
    if len(data) - start >= size:
        return pickle.loads(memoryview(data)[start : start + size])
    parts = [data[start:]]
    missing = size - len(parts[0])
    while missing > 0:
        parts.append(_read(fd, missing))
        missing -= len(parts[-1])
    return pickle.loads(b"".join(parts))


def _read_to(fd: int, data: bytes, least: int) -> bytes:
    """``data`` and what follows it on ``fd``, read until it is at least ``least`` bytes
    long (in reads of up to ``_FIRST_READ``; none when it is already)."""
    while len(data) < least:
        data += _read(fd, _FIRST_READ)
    return data


def _read(fd: int, most: int) -> bytes:
    """Up to ``most`` bytes from ``fd``, waiting for at least one; EOFError at the end."""
    while True:
        try:
            chunk = os.read(fd, most)
        except BlockingIOError:
            select.select([fd], [], [])
            continue
        if not chunk:
            raise EOFError("the query worker closed its pipe")
        return chunk


def portable(exc: BaseException) -> Portable:
    """An exception raised in a worker, as data that pickles whatever its ``__init__``."""
    return type(exc), exc.args, dict(vars(exc))


def restore(payload: Portable) -> BaseException:
    """The exception raised in the worker, rebuilt without calling its ``__init__`` (whose
    keyword-only arguments ``pickle`` would not know)."""
    cls, args, attributes = payload
    exc = cls.__new__(cls)
    BaseException.__init__(exc, *args)
    exc.__dict__.update(attributes)
    return exc
