"""The keeper of a served store's index: it builds what is missing, then only what a write
changed; one build at a time, across threads and processes (a second keeper, or another
process, finds the lock taken and builds nothing); a build under way shows its progress and
what it has indexed so far, and a stale index (a graph changed behind its back) is found."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.search import BuildLock, IndexKeeper, SearchIndex, state
from kg.search.building import held
from kg.store import open_store
from tests.search.building import GRAPH, WORDS, load_graphs, paused_after_first_batch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    opened = open_store(f"oxigraph:{tmp_path / 'store'}")
    load_graphs(opened)
    yield opened
    opened.close()


def _hits(path: Path, word: str) -> int:
    index = SearchIndex(path, readonly=True)
    try:
        return index.search(word).total
    finally:
        index.close()


def test_the_keeper_builds_what_is_missing_then_only_what_a_write_changed(store, tmp_path):
    keeper = IndexKeeper(store, tmp_path / "index.sqlite")
    assert keeper.behind()
    assert keeper.run_once() == sorted(GRAPH.format(n) for n in range(3))
    assert not keeper.behind()
    assert [_hits(keeper.path, w) for w in WORDS] == [1, 1, 1]
    store.update(f"DROP GRAPH <{GRAPH.format(1)}>")
    assert keeper.behind()
    assert keeper.run_once() == [GRAPH.format(1)]
    assert [_hits(keeper.path, w) for w in WORDS] == [1, 0, 1]
    assert keeper.run_once() == []


def test_a_stale_index_is_found_by_its_fingerprints(store, tmp_path):
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync(store)
    # the same number of labels, one of them rewritten to another length
    thing = "<https://w3id.org/technocracy/id/thing/quaysidex>"
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    graph = f"<{GRAPH.format(0)}>"
    store.update(
        f'DELETE DATA {{ GRAPH {graph} {{ {thing} {label} "quaysidex" }} }} ;'
        f'INSERT DATA {{ GRAPH {graph} {{ {thing} {label} "harbourfrontx" }} }}'
    )
    assert index.stale(store) == [GRAPH.format(0)]
    index.sync(store)
    assert index.search("harbourfrontx").total == 1 and index.search("quaysidex").total == 0
    index.close()


def test_a_build_under_way_shows_its_progress_and_what_it_has_indexed(store, tmp_path, monkeypatch):
    keeper = IndexKeeper(store, tmp_path / "index.sqlite")
    with paused_after_first_batch(monkeypatch) as go_on:
        thread = threading.Thread(target=keeper.run_once)
        thread.start()
        go_on.paused.wait()  # type: ignore[attr-defined]
        building = state(keeper.path)
        assert building is not None and (building.done, building.total) == (1, 3)
        assert [_hits(keeper.path, w) for w in WORDS] == [1, 0, 0]
        go_on.set()
        thread.join()
    assert state(keeper.path) is None
    assert [_hits(keeper.path, w) for w in WORDS] == [1, 1, 1]


def test_two_builds_do_not_both_run(store, tmp_path, monkeypatch):
    path = tmp_path / "index.sqlite"
    first, second = IndexKeeper(store, path), IndexKeeper(store, path)
    with paused_after_first_batch(monkeypatch) as go_on:
        thread = threading.Thread(target=first.run_once)
        thread.start()
        go_on.paused.wait()  # type: ignore[attr-defined]
        assert held(path)
        assert second.run_once() is None  # the lock is taken: it builds nothing
        assert second.behind()  # and tries again later
        # nor can another process take it
        code = (
            "import sys; from pathlib import Path; from kg.search import BuildLock; "
            "print(BuildLock(Path(sys.argv[1])).acquire(blocking=False))"
        )
        other = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert other.stdout.strip() == "False"
        go_on.set()
        thread.join()
    assert not held(path)
    assert second.run_once() == []  # the first built everything
    lock = BuildLock(path)
    assert lock.acquire(blocking=False)
    lock.release()
