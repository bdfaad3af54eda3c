"""``tkg argmap delete ID``: the map's graph goes, all of it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.argmap.storage import delete_map, list_maps, load_file
from kg.cli import app
from kg.errors import NotFoundError
from kg.rdf import graphs
from kg.store import OxigraphStore

DATA = Path(__file__).parents[1] / "data" / "argmap"


def test_import_then_delete_leaves_the_store_as_it_was() -> None:
    store = OxigraphStore()
    load_file(store, DATA / "anchored.argdown", unknown="warn")
    before = sorted(store.dump(format="nq").decode().splitlines())
    _doc, _m, size = load_file(store, DATA / "sample.argdown", unknown="warn")
    assert delete_map(store, "sample") == {graphs.argmap("sample"): size}
    assert sorted(store.dump(format="nq").decode().splitlines()) == before
    assert [row["id"] for row in list_maps(store)] == ["anchored"]
    with pytest.raises(NotFoundError, match=r"no argument map 'sample'.*maps: anchored"):
        delete_map(store, "sample")
    store.close()


def test_the_cli_deletes_a_map(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    sample = str(DATA / "sample.argdown")
    imported = runner.invoke(
        app, ["argmap", "import", sample, "--unknown", "warn", "--store", store]
    )
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["argmap", "delete", "sample", "--store", store])
    assert result.exit_code == 0 and "deleted map sample:" in result.output
    result = runner.invoke(app, ["argmap", "delete", "sample", "--store", store])
    assert result.exit_code == 1 and "no argument map 'sample'" in result.output
