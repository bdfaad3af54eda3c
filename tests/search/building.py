"""A build of the index held half-way, for the tests that look at one under way: the index
read a graph a batch, and the keeper's progress callback stopping after the first batch
until the test lets it go on. Nothing is timed: the build waits for the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kg.search import index as index_module
from kg.search import keeper as keeper_module
from kg.store import Store

GRAPH = "https://w3id.org/technocracy/graph/t{}"
#: one word per graph, none of them English, so that each hit says which graph it is from
WORDS = ["quaysidex", "kerbstonex", "waterfrontx"]


def load_graphs(store: Store, words: list[str] = WORDS) -> None:
    """One graph per word, each with one thing labelled by it."""
    for n, word in enumerate(words):
        store.load(
            f"<https://w3id.org/technocracy/id/thing/{word}> "
            f'<http://www.w3.org/2004/02/skos/core#prefLabel> "{word}" .'.encode(),
            format="nt",
            graph=GRAPH.format(n),
        )


@contextmanager
def paused_after_first_batch(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """While in the block, a keeper's build stops after its first batch (one graph) until
    the event yielded is set; ``paused`` on the event is set when it has stopped there.
    Leaving the block lets every build go on."""
    go_on = threading.Event()
    go_on.paused = threading.Event()  # type: ignore[attr-defined]
    monkeypatch.setattr(index_module, "BATCH", 1)
    original = keeper_module.IndexKeeper._check_stop

    def check(self, done: int, total: int) -> None:
        if done == 1 and total > 1:
            go_on.paused.set()  # type: ignore[attr-defined]
            go_on.wait()
        original(self, done, total)

    monkeypatch.setattr(keeper_module.IndexKeeper, "_check_stop", check)
    try:
        yield go_on
    finally:
        go_on.set()
