"""Large texts: ``tkg ingest`` refuses one over ``TKG_MAX_TEXT_BYTES`` in one line, the
store untouched; below it, what reaches the store is exactly the analysis's lines and
their provenance, whether the graph is new or replaced (the N-Triples now go through a
file into the store rather than as one string)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from kg.build import build
from kg.errors import InputError
from kg.ingest.mentions import load_matcher
from kg.ingest.pipeline import analyse, ingest, ntriples, read_text
from kg.rdf import graphs
from kg.rdf.ntriples import Lines
from kg.rdf.provenance import Input, add_provenance
from kg.store import open_store
from kg.store.rdfio import parse_rdf

ESSAY = (
    "# Essay\n\nDashboards make the city legible (Kitchin 2014; see also Townsend 2013).\n\n"
    "Townsend (2013: 12) tells of sensors and a smart city. Algorithmic governance is "
    "contested (Kitchin 2014).\n\n## References\n\n"
    "Kitchin, R. (2014). The real-time city? GeoJournal, 79(1), 1-14.\n"
    "Townsend, A. M. (2013). Smart cities. W. W. Norton.\n"
)


@pytest.fixture
def store():
    handle = open_store("memory")
    build(handle, reason=False, corpus_dir=None)
    yield handle
    handle.close()


def _triples(data: bytes, graph: str) -> set[str]:
    return {str(q.triple) for q in parse_rdf(data, format="nt", graph=graph)}


def test_the_store_holds_the_lines_of_the_analysis_new_or_replaced(store, tmp_path):
    path = tmp_path / "essay.md"
    path.write_text(ESSAY, encoding="utf-8")
    graph = graphs.corpus("essay")
    text, raw = read_text(path)
    found = analyse(text, doc_id="essay", matcher=load_matcher(store), text_name=path.name)
    prov = Lines()
    add_provenance(prov, graph, [Input(path.name, raw)], activity="ingest-essay")
    lines = ntriples(found) + list(prov)
    reference = open_store("memory")  # the lines written as before: as one string
    reference.replace_graph(graph, "\n".join(lines).encode("utf-8"), format="nt")
    expected = _triples(reference.dump_graph(graph, format="nt"), graph)
    for _ in range(2):  # a new graph, then the same graph replaced
        report = ingest(store, path, doc_id="essay")
        assert report.triples == len(lines) == len(expected)
        assert report.citations == 4 and report.resolved == 4
        assert _triples(store.dump_graph(graph, format="nt"), graph) == expected


def test_a_text_over_the_size_setting_is_refused_in_one_line(store, tmp_path):
    path = tmp_path / "essay.md"
    path.write_text(ESSAY, encoding="utf-8")
    before = store.dump(format="nq")
    with pytest.raises(InputError, match="TKG_MAX_TEXT_BYTES") as caught:
        ingest(store, path, max_bytes=100)
    assert str(path) in str(caught.value)
    assert f"{path.stat().st_size:,} bytes" in str(caught.value)
    assert store.dump(format="nq") == before
    assert ingest(store, path, max_bytes=len(ESSAY.encode())).citations == 4  # at the limit


def test_the_cli_refuses_a_text_over_the_setting_with_exit_2_and_one_line(tmp_path):
    path = tmp_path / "essay.md"
    path.write_text(ESSAY, encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert (
        CliRunner().invoke(app, ["ingest", str(path), "--id", "one", "--store", spec]).exit_code
        == 0
    )
    dumped = open_store(spec)
    before = dumped.dump(format="nq")
    dumped.close()
    result = CliRunner().invoke(
        app,
        ["ingest", str(path), "--id", "two", "--store", spec],
        env={"TKG_MAX_TEXT_BYTES": "100"},
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: the text is ")
    assert "more than TKG_MAX_TEXT_BYTES (100)" in lines[0]
    reopened = open_store(spec)
    assert reopened.dump(format="nq") == before
    reopened.close()
