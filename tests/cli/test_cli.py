"""``tkg``: each verb end to end on a store on disk, errors as one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app, build_command
from kg.settings import Settings
from kg.store import open_store

runner = CliRunner()

PILLARS = """PREFIX tech: <https://w3id.org/technocracy/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?definition WHERE {
  ?p a tech:TechnocracyPillar ; skos:prefLabel ?label ; skos:definition ?definition ;
     tech:pillarNumber ?n .
} ORDER BY ?n"""


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory) -> str:
    spec = f"oxigraph:{tmp_path_factory.mktemp('cli') / 'store'}"
    report = build_command(Settings(store=spec), reason=False, quiet=True)
    assert report["total_triples"] > 3000
    return spec


def invoke(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_query_json_returns_the_three_pillars(store_spec):
    result = invoke("query", PILLARS, "--format", "json", "--store", store_spec)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert len(rows) == 3
    assert all(len(r["definition"]["value"]) > 40 for r in rows)


def test_query_honours_tkg_store(store_spec):
    result = invoke("query", PILLARS, "--format", "csv", env={"TKG_STORE": store_spec})
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 4  # header + three pillars


def test_query_from_a_file_as_a_table(store_spec, tmp_path):
    path = tmp_path / "pillars.rq"
    path.write_text(PILLARS, encoding="utf-8")
    result = invoke("query", str(path), "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert "3 rows" in result.output


def test_malformed_query_is_one_line_and_exit_2(store_spec):
    result = invoke("query", "SELECT ?x WHERE { ?x ", "--store", store_spec)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: query:")
    assert "Traceback" not in result.output


def test_load_replaces_its_graph_and_rejects_bad_rdf(store_spec, tmp_path):
    good = tmp_path / "extra.ttl"
    good.write_text('<http://example.org/x> <http://example.org/p> "one" .\n', encoding="utf-8")
    result = invoke("load", str(good), "--graph", "http://example.org/g", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert "loaded 1 quads" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '<http://example.org/x> <http://example.org/p> "one" ;\n  <oops .\n', encoding="utf-8"
    )
    result = invoke("load", str(bad), "--graph", "http://example.org/g", "--store", store_spec)
    assert result.exit_code == 2
    assert "bad.ttl:2" in result.output
    check = invoke(
        "query",
        "SELECT ?o { GRAPH <http://example.org/g> { ?s ?p ?o } }",
        "--format",
        "csv",
        "--store",
        store_spec,
    )
    assert check.stdout.split() == ["o", "one"]


def test_load_quads_keeps_their_graphs(store_spec, tmp_path):
    nq = tmp_path / "two.nq"
    nq.write_text('<http://e/a> <http://e/p> "q" <http://example.org/quads> .\n', encoding="utf-8")
    assert invoke("load", str(nq), "--store", store_spec).exit_code == 0
    check = invoke(
        "query",
        "SELECT ?o { GRAPH <http://example.org/quads> { ?s ?p ?o } }",
        "--format",
        "csv",
        "--store",
        store_spec,
    )
    assert check.stdout.split() == ["o", "q"]


def test_dump_formats(store_spec, tmp_path):
    for fmt in ("trig", "nq", "ttl", "jsonld"):
        out = tmp_path / f"dump.{fmt}"
        result = invoke("dump", "--format", fmt, "-o", str(out), "--store", store_spec)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 10000
    graph = invoke(
        "dump",
        "--format",
        "ttl",
        "--graph",
        "https://w3id.org/technocracy/graph/bibliography",
        "--store",
        store_spec,
    )
    assert "Smart Cities: Big Data, Civic Hackers" in graph.stdout


def test_a_server_that_is_down_is_an_error_line(tmp_path):
    result = invoke("query", "ASK {}", "--store", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "cannot be reached" in result.output
    assert result.output.strip().count("\n") == 0


def test_validate_reports_conformance(store_spec):
    result = invoke("validate", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    assert "SHACL shapes" in result.output


def test_validate_names_node_and_rule_of_a_broken_graph(tmp_path):
    spec = f"oxigraph:{tmp_path / 'broken'}"
    build_command(Settings(store=spec), reason=False, quiet=True)
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix tech: <https://w3id.org/technocracy/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'tech:Undefined a <http://www.w3.org/2002/07/owl#Class> ; skos:inScheme tech:TechnocracyScheme ; skos:prefLabel "undefined"@en .\n',
        encoding="utf-8",
    )
    assert (
        invoke(
            "load",
            str(bad),
            "--graph",
            "https://w3id.org/technocracy/graph/ontology",
            "--append",
            "--store",
            spec,
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["validate", "--store", spec], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    assert "https://w3id.org/technocracy/ontology#Undefined" in result.output
    assert "term-missing-definition-violation" in result.output
    assert "term-missing-anchor-violation" in result.output


def test_reason_without_java_says_how_to_install_it(store_spec, tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = runner.invoke(app, ["reason", "--store", store_spec], env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert "apt-get install default-jre-headless" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_reason_writes_the_inferred_graph(store_spec):
    result = invoke("reason", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert "consistent;" in result.output
    count = invoke(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/technocracy/graph/inferred> { ?s ?p ?o } }",
        "--format",
        "csv",
        "--store",
        store_spec,
    )
    assert int(count.stdout.split()[1]) > 100


def test_citations_of_the_chapter_as_json_csv_and_table(store_spec):
    result = invoke("citations", "kitchin2019smart", "--format", "json", "--store", store_spec)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 38
    assert records[0]["text"] == "Townsend 2013"
    assert records[0]["reference"]["id"] == "townsend2013smart"
    csv_out = invoke("citations", "kitchin2019smart", "--format", "csv", "--store", store_spec)
    assert len(csv_out.stdout.strip().splitlines()) == 39
    table = runner.invoke(
        app, ["citations", "kitchin2019smart", "--store", store_spec], env={"COLUMNS": "200"}
    )
    assert "38 citations in kitchin2019smart" in table.output
    missing = invoke("citations", "nobody", "--store", store_spec)
    assert missing.exit_code == 1
    assert "ingested: kitchin2019smart" in missing.output


def test_ingest_a_text_then_list_its_citations(store_spec, tmp_path):
    text = tmp_path / "essay.md"
    text.write_text(
        "# Essay\n\nDashboards make the city legible (Kitchin 2014; see also Townsend 2013).\n\n"
        "## References\n\nKitchin, R. (2014). The real-time city? GeoJournal, 79(1), 1-14.\n"
        "Townsend, A. M. (2013). Smart cities. W. W. Norton.\n",
        encoding="utf-8",
    )
    result = invoke("ingest", str(text), "--id", "essay", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert "essay: 2 citations (2 resolved) to 2 references" in result.output
    listed = json.loads(
        invoke("citations", "essay", "--format", "json", "--store", store_spec).stdout
    )
    assert [(r["prefix"], r["reference"]["id"]) for r in listed] == [
        (None, "kitchin2014realtime"),
        ("see also", "townsend2013smart"),
    ]


def test_ingest_refuses_a_binary_file_with_exit_2(store_spec, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    result = invoke("ingest", str(path), "--store", store_spec)
    assert result.exit_code == 2
    assert "binary" in result.output


@pytest.mark.parametrize("doc_id", ["a b", "ab/cd", "..", ".hidden", "x#y"])
def test_ingest_refuses_an_id_that_cannot_name_a_graph(tmp_path, doc_id):
    """``--id 'a b'`` printed a traceback; ``--id ab/cd`` and ``--id ..`` made odd graphs."""
    text = tmp_path / "paper.txt"
    text.write_text("Cities are sensed (Kitchin 2014).\n", encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(app, ["ingest", str(text), "--id", doc_id, "--store", store])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: --id: not a document id: {doc_id!r} (use letters, digits and - _ . ~, as in "
        "kitchin2019smart)"
    ]
    assert open_store(store).graphs() == []
