"""The store merges its files (RocksDB's compaction) at its own depth (kg.store.compaction):
after bulk loads that added enough beside what it holds, whichever command made them, when
it closes or is next opened for writing; ``tkg compact`` for a store made before. The
answers never change, and a merge that fails leaves the store whole and tries again."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import OxigraphStore
from kg.store.compaction import RATIO, files_size, loads_file

ROOT = Path(__file__).parents[2]
BASE = "http://example.org/graph/base"


def _lines(first: int, count: int, tag: str) -> bytes:
    return b"".join(
        b'<http://e/s%d> <http://e/p> "%s %d %s" .\n' % (n, tag.encode(), n, b"x" * 40)
        for n in range(first, first + count)
    )


def _tables(path: Path) -> int:
    return sum(1 for f in path.iterdir() if f.suffix == ".sst")


def _names(path: Path) -> set[str]:
    """The store's data files: a merge writes new ones in place of those it merged."""
    return {f.name for f in path.iterdir() if f.suffix == ".sst"}


def _quads(path: Path) -> set[str]:
    store = OxigraphStore(path, read_only=True)
    try:
        return set(store.dump(format="nq").decode().splitlines())
    finally:
        store.close()


def _runs(path: Path) -> int | None:
    kept = loads_file(path)
    return json.loads(kept.read_text())["runs"] if kept.exists() else None


def _loading(path: Path, count: int, graph: str) -> str:
    """A child's script that opens the store at ``path`` for writing and bulk loads
    ``count`` small triples into a graph named after ``graph``, leaving ``store`` open."""
    return textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from kg.store import OxigraphStore
        store = OxigraphStore({str(path)!r})
        lines = b"".join(b'<http://e/n%d> <http://e/p> "%d" .\\n' % (n, n) for n in range({count}))
        store.bulk_load_graphs([("http://example.org/graph/{graph}", lines)])
    """)


@pytest.fixture
def base(tmp_path) -> Path:
    """A store on disk holding one graph of 10,000 triples, merged (no loads counted)."""
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.bulk_load_graphs([(BASE, _lines(0, 10_000, "base"))])
    store.close()  # the first load is all the store holds: merged
    assert _runs(path) is None
    return path


def test_small_bulk_loads_in_separate_runs_are_merged_once_they_add_enough(base) -> None:
    """Each open, load and close is its own run (as separate ``tkg ingest`` are): loads
    that add little beside the store wait, counted across the runs; once they add
    ``RATIO`` of its files the closing merges them, and the answers are those loaded."""
    share = int(RATIO * files_size(base) / 3)  # bytes of N-Triples: a few loads are due
    count = share // len(_lines(0, 1, "small")) + 1
    expected = _quads(base)
    seen: list[tuple[int | None, int]] = []  # (runs counted, files) after each close and open
    for k in range(12):
        store = OxigraphStore(base)
        seen.append((_runs(base), _tables(base)))
        data = _lines(100_000 * (k + 1), count, f"load{k}")
        store.bulk_load_graphs([(f"http://example.org/graph/{k}", data)])
        store.close()
        expected |= {line[:-1] + f"<http://example.org/graph/{k}> ." for line in
                     data.decode().splitlines()}  # fmt: skip
        seen.append((_runs(base), _tables(base)))
        if None in [runs for runs, _ in seen[1:]]:
            break
    merged = [runs for runs, _ in seen[1:]].index(None) + 1  # as a run closed, or opened
    counted = [runs for runs, _ in seen[1:merged]]
    assert counted[-1] >= 2 and counted == sorted(counted)  # counted across the runs
    assert seen[merged][1] < seen[merged - 1][1]  # the files merged
    assert _quads(base) == expected


def test_loads_left_by_a_process_that_did_not_close_are_merged_at_the_next_opening(
    base,
) -> None:
    """A writer stopped before it closed (killed, or a ``tkg serve`` that was never told to
    stop) leaves its loads counted: the next opening for writing merges them before
    anything reads (``tkg serve``'s query workers take their snapshot after it); a
    read-only opening changes nothing."""
    count = int(files_size(base) / 40)  # lines of about 40 bytes: loads that call for a merge
    script = _loading(base, count, "left") + "os._exit(0)  # no close\n"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert _runs(base) == 1
    before = _quads(base)  # read-only: nothing merged
    assert _runs(base) == 1 and len(before) == 10_000 + count
    files = _names(base)
    store = OxigraphStore(base)  # for writing: merged as it opens
    try:
        assert _runs(base) is None and not files <= _names(base)
        assert store.compact(when_due=True) is False  # nothing left to merge
    finally:
        store.close()
    assert _quads(base) == before


def test_a_merge_that_fails_leaves_the_store_readable_unchanged_and_tries_again(
    base, tmp_path
) -> None:
    """A merge that cannot write its files (here a limit on the size of a file the process
    may write, as a full disk would) fails the closing with a ``StoreError``; the store
    opens again with every quad it had, its loads still counted, and the next closing
    merges them."""
    count = int(files_size(base) / 40)  # lines of about 40 bytes: loads that call for a merge
    script = _loading(base, count, "more") + textwrap.dedent("""
        import resource, signal
        from kg.errors import StoreError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))
        try:
            store.close()
        except StoreError as exc:
            print("refused:", exc)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "refused: cannot" in done.stdout and "File too large" in done.stdout
    assert "it is tried again" in done.stderr  # the failed merge, logged
    assert _runs(base) == 1
    quads = _quads(base)
    assert len(quads) == 10_000 + count
    files = _names(base)
    store = OxigraphStore(base)
    store.close()
    assert _runs(base) is None and not files <= _names(base)
    assert _quads(base) == quads


def test_tkg_compact_merges_a_store_bulk_loaded_before_the_loads_were_counted(
    tmp_path,
) -> None:
    path = tmp_path / "old"
    raw = ox.Store(str(path))  # as an earlier version left it: files overlapping, no count
    for k in range(4):
        data = _lines(k, 10_000, f"old{k}")
        raw.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"http://e/g{k}"))
    raw.flush()
    del raw
    quads, tables = _quads(path), _tables(path)
    result = CliRunner().invoke(app, ["compact", "--store", f"oxigraph:{path}"])
    assert result.exit_code == 0, result.output
    assert "compacted the store in" in result.output
    assert _tables(path) < tables and _quads(path) == quads
    memory = CliRunner().invoke(app, ["compact", "--store", "memory"])
    assert memory.exit_code == 0 and "nothing to compact" in memory.output


def test_what_a_store_in_memory_or_read_only_does_not_merge(base) -> None:
    memory = OxigraphStore()
    assert memory.bulk_load_graphs([]) is False  # a writer gains nothing from batches here
    assert memory.compact() is False
    memory.close()
    store = OxigraphStore(base)
    assert store.bulk_load_graphs([]) is True
    store.bulk_load_graphs([("http://example.org/graph/x", _lines(0, 10, "x"))])
    store.close()
    reader = OxigraphStore(base, read_only=True)
    assert reader.compact() is False
    reader.close()


def test_a_count_that_cannot_be_read_counts_nothing_and_a_load_starts_it_again(base) -> None:
    loads_file(base).write_text("{not json", encoding="utf-8")
    store = OxigraphStore(base)
    try:
        assert store.loads.noted() == (0, 0) and not store.loads.due()
        store.loads.add(10)
        assert store.loads.noted() == (1, 10)
    finally:
        store.close()


def test_every_write_through_the_bulk_loader_is_counted(base, tmp_path) -> None:
    """``tkg load`` of a file (the bulk loader reading it), a graph replaced in place (its
    additions bulk loaded), a bulk ``load`` of bytes, and a batch of graphs: each counted
    with the bytes it gave the loader, before it runs."""
    data = _lines(500_000, 200, "file")
    source = tmp_path / "g.nt"
    source.write_bytes(data)
    store = OxigraphStore(base)
    try:
        store.load(source, format="nt", graph="http://example.org/graph/file")
        assert store.loads.noted() == (1, len(data))
        source.write_bytes(data + _lines(600_000, 10, "more"))
        store.load(source, format="nt", graph="http://example.org/graph/file", replace=True)
        assert store.loads.noted()[0] == 2
        store.load(data, format="nt", graph="http://example.org/graph/bytes", bulk=True)
        store.bulk_load_graphs([("http://example.org/graph/batch", data)])
        runs, read = store.loads.noted()
        assert runs == 4 and read >= 3 * len(data)
    finally:
        store.close()
    assert len(_quads(base)) == 10_000 + 3 * 200 + 10  # the file graph replaced: 210
