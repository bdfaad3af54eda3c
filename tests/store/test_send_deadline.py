"""A query worker sending a large answer itself (``kg.store.executor.direct._send_all``):
a client that reads gets every byte; one that stops reading is let go of, so that it holds
no worker (and no page's query) for long."""

from __future__ import annotations

import socket
import threading

import pytest

from kg.store.executor import direct

ANSWER = bytes(range(256)) * (4 * 4096)  # 4 MiB, far more than the sockets' buffers hold


def _pair() -> tuple[socket.socket, socket.socket]:
    worker, client = socket.socketpair()
    for sock in (worker, client):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16 * 1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    worker.setblocking(False)
    return worker, client


def _read(client: socket.socket, into: bytearray, most: int | None = None) -> None:
    while most is None or len(into) < most:
        chunk = client.recv(65536 if most is None else min(65536, most - len(into)))
        if not chunk:
            return
        into += chunk


def test_a_client_that_reads_gets_the_whole_answer():
    worker, client = _pair()
    got = bytearray()
    reader = threading.Thread(target=_read, args=(client, got))
    reader.start()
    direct._send_all(worker, ANSWER)
    worker.close()
    reader.join(timeout=60)
    client.close()
    assert bytes(got) == ANSWER


@pytest.mark.parametrize("read_first", [0, len(ANSWER) // 3])
def test_a_client_that_stops_reading_is_let_go(monkeypatch, read_first):
    monkeypatch.setattr(direct, "_GRACE_S", 0.2)
    monkeypatch.setattr(direct, "_SLOWEST_READ", 1 << 40)
    worker, client = _pair()
    got = bytearray()
    reader = threading.Thread(target=_read, args=(client, got, read_first))
    reader.start()
    with pytest.raises(OSError, match="does not read its answer"):
        direct._send_all(worker, ANSWER)
    reader.join(timeout=60)
    worker.close()
    client.close()
    assert len(got) == read_first
    assert bytes(got) == ANSWER[:read_first]
