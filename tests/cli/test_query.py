"""``tkg query`` on the built store: the dataset its FROM names, and an error that says
what went wrong for a missing file, a typo and an update (each leaving the store as it was)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app, build_command
from kg.rdf.namespaces import GRAPH
from kg.settings import Settings
from kg.store import open_store

runner = CliRunner()
BIBLIOGRAPHY = str(GRAPH.bibliography)
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory: pytest.TempPathFactory) -> str:
    spec = f"oxigraph:{tmp_path_factory.mktemp('cli-query') / 'store'}"
    build_command(Settings(store=spec), reason=False, quiet=True)
    return spec


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def counted(store_spec: str, query: str) -> int:
    result = invoke("query", query, "--format", "csv", "--store", store_spec)
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1])


def quads(store_spec: str) -> bytes:
    store = open_store(store_spec)
    try:
        return store.dump(format="nq")
    finally:
        store.close()


def test_from_names_the_default_graph(store_spec):
    everything = counted(store_spec, COUNT.format(""))
    in_bibliography = counted(
        store_spec, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{BIBLIOGRAPHY}> {{ ?s ?p ?o }} }}"
    )
    assert 0 < in_bibliography < everything
    assert counted(store_spec, COUNT.format("FROM <urn:x:nothing>")) == 0
    assert counted(store_spec, COUNT.format(f"FROM <{BIBLIOGRAPHY}>")) == in_bibliography


def test_from_named_names_the_graphs_graph_ranges_over(store_spec):
    query = f"SELECT DISTINCT ?g FROM NAMED <{BIBLIOGRAPHY}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    result = invoke("query", query, "--format", "tsv", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["?g", f"<{BIBLIOGRAPHY}>"]


def test_a_missing_query_file_says_so(store_spec, tmp_path: Path):
    before = quads(store_spec)
    for arg in (str(tmp_path / "nope.rq"), "queries/nope.rq", f"@{tmp_path / 'nope'}"):
        result = invoke("query", arg, "--store", store_spec)
        assert result.exit_code == 2
        shown = arg.removeprefix("@")
        assert result.stderr.strip() == f"error: no such file: {shown}"
    assert quads(store_spec) == before


def test_a_typo_is_named_with_its_line_and_column(store_spec):
    result = invoke(
        "query", "PREFIX e: <http://e/>\n  SELEC ?s { ?s ?p ?o }", "--store", store_spec
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: query: error at 2:3: expected SELECT, CONSTRUCT, DESCRIBE or ASK, not 'SELEC'"
    )
    result = invoke("query", "SELECT ?s {\n ?s ?p }", "--store", store_spec)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: query: error at 2:"), result.stderr


def test_an_update_says_how_to_run_one_and_changes_nothing(store_spec, tmp_path: Path):
    before = quads(store_spec)
    drop = f"DROP GRAPH <{BIBLIOGRAPHY}>"
    path = tmp_path / "drop.ru"
    path.write_text(drop, encoding="utf-8")
    for arg in (drop, str(path)):
        result = invoke("query", arg, "--store", store_spec)
        assert result.exit_code == 2
        message = result.stderr.strip()
        assert message.startswith("error: this is a SPARQL update (DROP): `tkg query` only reads")
        assert "application/sparql-update" in message and "TKG_UPDATE_TOKEN" in message
    assert quads(store_spec) == before
