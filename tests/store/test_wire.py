"""What crosses a query worker's pipe (``kg.store.executor.wire``): messages, and the
exceptions raised in a worker, which come back with their class, message and attributes."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading

from kg.errors import InconsistentError, MapSyntaxError, StoreTimeoutError
from kg.store.executor.wire import portable, receive, restore, send


def test_a_message_sent_is_the_message_received():
    parent, child = multiprocessing.Pipe()
    message = ("ok", {"rows": list(range(1000)), "text": "é" * 100_000})
    send(child, message)
    assert receive(parent) == message


def test_an_exception_with_keyword_only_arguments_comes_back_whole():
    raised = InconsistentError("the facts contradict", offenders=["a", "b"], reasons=["why"])
    back = restore(pickle.loads(pickle.dumps(portable(raised))))
    assert type(back) is InconsistentError
    assert str(back) == "the facts contradict"
    assert (back.offenders, back.reasons) == (["a", "b"], ["why"])


def test_an_input_error_keeps_its_place():
    back = restore(portable(MapSyntaxError("expected ':'", line=2, column=5, source="m")))
    assert isinstance(back, MapSyntaxError)
    assert (back.line, back.column, back.where, back.message) == (2, 5, "m:2:5", "expected ':'")
    assert str(back) == "m:2:5: expected ':'"


def test_a_timeout_is_the_one_store_timeout():
    back = restore(portable(StoreTimeoutError("the work ran longer than 1 s and was stopped")))
    assert type(back) is StoreTimeoutError and "ran longer" in str(back)


def test_a_message_larger_than_the_buffer_crosses_a_non_blocking_pipe_whole():
    """The parent's end is non-blocking once an event loop has watched it: a message larger
    than the socket's buffer (a 1 MB query) is written as the other end reads it, not taken
    for a failed write; read with ``Connection.recv``, as the worker reads it."""
    parent, child = multiprocessing.Pipe()
    os.set_blocking(parent.fileno(), False)
    message = ("snapshot", "q" * 1_000_000, ("x" * 300_000,))
    received: list[object] = []

    def read() -> None:  # a daemon: a frame half sent must not hold the suite at its end
        for _ in range(5):
            received.append(child.recv())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    for _ in range(5):
        send(parent, message)
    reader.join(60)
    assert received == [message] * 5
