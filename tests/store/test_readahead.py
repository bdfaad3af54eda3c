"""``tkg serve`` reads an on-disk store's files into the page cache at its start
(``kg.store.executor.readahead``): every file when they fit the budget, none when not."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.executor.readahead import read_ahead, start_reading, wait_read


def _store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    lines = b"".join(b'<http://e/n%d> <http://e/p> "%d" .\n' % (n, n) for n in range(20_000))
    store.bulk_load(lines, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    return folder


def test_every_file_of_a_store_that_fits_is_read(tmp_path):
    folder = _store(tmp_path)
    files = sum(path.stat().st_size for path in folder.iterdir() if path.is_file())
    assert files > 100_000
    assert read_ahead(folder) == files
    assert read_ahead(folder, budget=files) == files


def test_a_store_over_the_budget_is_left_to_the_disk(tmp_path):
    folder = _store(tmp_path)
    assert read_ahead(folder, budget=1000) == 0


def test_a_reading_started_in_the_background_can_be_waited_for(tmp_path):
    folder = _store(tmp_path)
    assert wait_read(folder, 0)  # none started: nothing to wait for
    start_reading(folder)
    assert wait_read(folder, 60)
    assert len(ox.Store.read_only(str(folder))) == 20_000  # the store as it was
