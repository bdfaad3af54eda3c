"""The full-text index kept in step with the store through `tkg`: a paper ingested is found by
a word of its sentences (not only those that cite), and gone once the paper is deleted; a
SPARQL update shows on the next search; `tkg build` and `tkg search-index --rebuild` index
anew. User report (issue 19): "Sidewalk", three times in an ingested paper, gave 0 hits."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app, build_command
from kg.search import SearchIndex, index_path
from kg.settings import Settings
from kg.store import open_store

runner = CliRunner()

PAPER = """---
title: Toronto's waterfront and the platform city
---

# Toronto's waterfront and the platform city

Sidewalk Labs proposed a district built from the internet up. The plan was withdrawn in
2020 after years of dispute (Doe 2019). Critics asked who would own the data.

## Data trusts

A civic data trust was meant to answer them. The trust was never set up, and the Sidewalk
proposal kept changing. Residents read the plans as a corporate takeover of a public
waterfront; the Sidewalk brand became a byword for the smart city's overreach.

## References

Doe J (2019) Dashboards and the city. Urban Studies 56(3): 1-20.
"""


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory) -> str:
    spec = f"oxigraph:{tmp_path_factory.mktemp('search') / 'store'}"
    build_command(Settings(store=spec), reason=False, quiet=True)
    return spec


def _search(spec: str, q: str):
    path = index_path(spec)
    assert path is not None and path.is_file()
    index = SearchIndex(path)
    try:
        return index.search(q, limit=50)
    finally:
        index.close()


def test_build_makes_the_index_beside_the_store(store_spec):
    found = _search(store_spec, "smartmentality")
    assert found.total >= 3
    assert found.items[0].kind == "label"
    assert found.items[0].href == "/ontology/Smartmentality"


def test_an_ingested_paper_is_found_by_its_words_until_it_is_deleted(store_spec, tmp_path):
    paper = tmp_path / "waterfront.md"
    paper.write_text(PAPER, encoding="utf-8")
    assert _search(store_spec, "sidewalk").total == 0
    result = invoke("ingest", str(paper), "--id", "waterfront2021", "--store", store_spec)
    assert result.exit_code == 0, result.output
    found = _search(store_spec, "Sidewalk")
    sentences = [h for h in found.items if h.kind == "sentence"]
    # three sentences say it; only one of them cites anything (the others' words are read
    # from the text file, by the offsets the graph records)
    assert len(sentences) == 3, [h.model_dump() for h in found.items]
    assert all(h.href.startswith("/documents/waterfront2021#s-") for h in sentences)
    assert {s.text for h in sentences for s in h.snippet if s.hit} == {"Sidewalk"}
    assert all(h.label == "waterfront2021" for h in sentences)  # no title given: its id
    text = " ".join(s.text for s in sentences[0].snippet)
    assert "Sidewalk" in text
    # a word of a sentence that cites nothing
    assert _search(store_spec, "byword").items[0].href.startswith("/documents/waterfront2021#s-")
    result = invoke("delete", "waterfront2021", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert _search(store_spec, "sidewalk").total == 0
    assert _search(store_spec, "byword").total == 0


def test_a_sparql_update_shows_on_the_next_sync_and_a_rebuild_redoes_all(store_spec):
    store = open_store(store_spec)
    try:
        store.update(
            "INSERT DATA { GRAPH <https://w3id.org/technocracy/graph/extra> { "
            "<https://w3id.org/technocracy/id/thing/x> "
            '<http://www.w3.org/2004/02/skos/core#prefLabel> "Quayside" } }'
        )
        index = SearchIndex(index_path(store_spec))
        try:
            assert index.search("quayside").total == 0
            assert index.sync(store) == ["https://w3id.org/technocracy/graph/extra"]
            assert index.search("quayside").items[0].href == "/id/thing/x"
            size = index.size()
        finally:
            index.close()
    finally:
        store.close()
    result = invoke("search-index", "--rebuild", "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert f"{size} texts indexed" in result.output


def test_ingest_load_and_delete_index_the_graphs_they_wrote_only(store_spec, tmp_path, monkeypatch):
    calls: list[tuple[str, list[str]]] = []
    update, sync = SearchIndex.update, SearchIndex.sync

    def recorded_update(self, store, graphs, **kw):
        calls.append(("update", list(graphs)))
        return update(self, store, graphs, **kw)

    def recorded_sync(self, store, **kw):
        calls.append(("sync", []))
        return sync(self, store, **kw)

    monkeypatch.setattr(SearchIndex, "update", recorded_update)
    monkeypatch.setattr(SearchIndex, "sync", recorded_sync)
    paper = tmp_path / "waterfront.md"
    paper.write_text(PAPER, encoding="utf-8")
    doc = "https://w3id.org/technocracy/graph/corpus/quay2022"
    assert invoke("ingest", str(paper), "--id", "quay2022", "--store", store_spec).exit_code == 0
    assert calls == [("update", [doc])]
    turtle = tmp_path / "harbour.ttl"
    turtle.write_text(
        "<https://w3id.org/technocracy/id/thing/h> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Harbourfront" .\n',
        encoding="utf-8",
    )
    loaded = "https://w3id.org/technocracy/graph/harbour"
    result = invoke("load", str(turtle), "--graph", loaded, "--store", store_spec)
    assert result.exit_code == 0, result.output
    assert calls[-1] == ("update", [loaded])
    assert _search(store_spec, "harbourfront").items[0].href == "/id/thing/h"
    assert invoke("delete", "quay2022", "--store", store_spec).exit_code == 0
    assert calls[-1] == ("update", [doc])
    assert _search(store_spec, "byword").total == 0
