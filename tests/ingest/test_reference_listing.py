"""A noisy reference list in a text: ingested without refusal, every entry kept in its
order (raw ones with low confidence and a warning naming the file's line), and listed
by ``tkg references`` and ``GET /documents/{id}/references``."""

from __future__ import annotations

import json

import httpx
from typer.testing import CliRunner

from api import create_app
from kg.cli import app
from kg.ingest.listing import list_references
from kg.ingest.pipeline import ingest
from kg.settings import Settings

TEXT = """A short paper

Introduction

Smart cities are governed by code (Kitchin 2014). Their data are read in
dashboards (Townsend 2013) and in reports (OECD 2015).

References

Kitchin, R. (2014) The real-time city? Big data and smart urbanism. GeoJournal
79(1): 1-14.
We thank the anonymous reviewers and the editors for their comments.
(2015) Governance of the smart city. Paris: OECD Publishing.
Townsend, A.M. (2013) Smart Cities: Big Data, Civic Hackers, and the Quest for
a New Utopia. New York: W.W. Norton.
van Dijck, J. (2014) Datafication, dataism and dataveillance. Surveillance &
Society 12(2): 197-208.
"""


def _ingested(memory_store, tmp_path):
    path = tmp_path / "paper.txt"
    path.write_text(TEXT, encoding="utf-8")
    return ingest(memory_store, path, doc_id="paper")


def test_a_noisy_list_is_read_not_refused(memory_store, tmp_path):
    report = _ingested(memory_store, tmp_path)
    assert report.references == 4
    kinds = {(w.kind, w.where) for w in report.warnings}
    # the file's own lines: the acknowledgement is line 12, the entry without names line 13
    assert kinds == {("skipped", "paper.txt:12"), ("unparsed", "paper.txt:13")}


def test_every_entry_is_listed_in_order_with_its_fields_and_citations(memory_store, tmp_path):
    _ingested(memory_store, tmp_path)
    records = list_references(memory_store, "paper")
    assert [r["position"] for r in records] == [1, 2, 3, 4]
    assert [r["raw"][:12] for r in records] == [
        "Kitchin, R. ",
        "(2015) Gover",
        "Townsend, A.",
        "van Dijck, J",
    ]
    kitchin, raw, townsend, dijck = records
    assert kitchin["csl"]["author"][0]["family"] == "Kitchin"
    assert kitchin["csl"]["id"] == kitchin["id"]
    assert kitchin["confidence"] == "medium"
    assert [c["text"] for c in kitchin["citations"]] == ["Kitchin 2014"]
    assert kitchin["cited_as"] == ["Kitchin 2014"]
    assert raw["confidence"] == "low"
    assert raw["warnings"] and "kept as raw text" in raw["warnings"][0]
    assert raw["csl"]["note"].startswith("confidence: low.")
    assert [c["text"] for c in townsend["citations"]] == ["Townsend 2013"]
    assert dijck["citations"] == []  # listed though the text never cites it
    # the raw entry's work carries its text, so the graph still says what it is
    rows = memory_store.query(
        "SELECT ?text WHERE { ?work <http://purl.org/dc/terms/bibliographicCitation> ?text ; "
        "a ?kind . FILTER(STRSTARTS(STR(?work), 'https://w3id.org/technocracy/id/work/')) }"
    ).rows()
    assert [r["text"].value for r in rows] == [raw["raw"]]


def test_tkg_references_formats(tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    path = tmp_path / "paper.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(path), "--id", "paper", "--store", store])
    assert done.exit_code == 0, done.output
    assert "warnings: 1 skipped, 1 unparsed" in done.stderr
    assert "paper.txt:13: unparsed" in done.stderr
    csl = runner.invoke(app, ["references", "paper", "--format", "csl", "--store", store])
    assert csl.exit_code == 0, csl.output
    items = json.loads(csl.stdout)
    full = runner.invoke(app, ["references", "paper", "--format", "json", "--store", store])
    assert [i["id"] for i in items] == [r["id"] for r in json.loads(full.stdout)]
    assert items[2]["author"][0]["family"] == "Townsend"
    assert "Dijck" in json.dumps(items[3]["author"])
    table = runner.invoke(app, ["references", "paper", "--store", store])
    assert "4 references in paper" in table.stdout
    missing = runner.invoke(app, ["references", "nothing", "--store", store])
    assert missing.exit_code != 0


def test_documents_references_route(memory_store, tmp_path, serve_app):
    _ingested(memory_store, tmp_path)
    with serve_app(create_app(Settings(store="memory"), memory_store)) as url:
        full = httpx.get(f"{url}/documents/paper/references", timeout=30)
        assert full.status_code == 200, full.text
        assert [r["position"] for r in full.json()] == [1, 2, 3, 4]
        csl = httpx.get(
            f"{url}/documents/paper/references",
            headers={"Accept": "application/vnd.citationstyles.csl+json"},
            timeout=30,
        )
        assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
        assert [i["id"] for i in csl.json()] == [r["id"] for r in full.json()]
        assert httpx.get(f"{url}/documents/nothing/references", timeout=30).status_code == 404
        assert httpx.get(f"{url}/documents/a%20b/references", timeout=30).status_code == 400


def test_the_chapter_s_list_has_each_entry_once(built_store):
    """An entry with two notes (its year suffix, and the curated mapping that settles it) is
    still one row: the chapter's 25 works, in their order."""
    records = list_references(built_store, "kitchin2019smart")
    assert [r["position"] for r in records] == list(range(1, 26))
    (getting,) = [r for r in records if r["id"] == "kitchin2016getting"]
    assert "Year suffix" in getting["note"] and "Mapped to" in getting["note"]
