"""Ingestion end to end: the chapter into the graph, its snapshot, other texts and
bibliography formats, and bad input that leaves the store as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.checks.anchors import collapse
from kg.errors import InputError
from kg.ingest.listing import list_citations
from kg.ingest.pipeline import ingest
from kg.ingest.snapshot import chapter_lines, snapshot_path
from kg.resources import corpus_file
from kg.settings import default_corpus_dir
from kg.store import open_store
from kg.store.named import load_queries, run_named_query

CORPUS = default_corpus_dir()
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"
TECH = "https://w3id.org/technocracy/ontology#"
DATA = Path(__file__).parents[1] / "data"
needs_text = pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not here")


@pytest.fixture(scope="module")
def chapter_store():
    store = open_store("memory")
    build(store, reason=False, corpus_dir=CORPUS)
    yield store
    store.close()


@pytest.fixture(scope="module")
def records(chapter_store):
    return list_citations(chapter_store, "kitchin2019smart")


def test_all_38_citations_in_text_order(records):
    assert len(records) == 38
    starts = [r["start"] for r in records]
    assert starts == sorted(starts)
    assert {r["reference"]["id"] for r in records if r["reference"]} == {
        v
        for v in __import__("yaml")
        .safe_load(corpus_file("kitchin2019smart.yaml").read_text())["citations"]
        .values()
    }


@needs_text
def test_every_citation_is_at_its_offsets(records):
    text = (CORPUS / CHAPTER).read_text(encoding="utf-8")
    for r in records:
        assert collapse(text[r["start"] : r["end"]]) == r["text"]
        assert r["text"].split()[0].strip("(") in text[r["start"] : r["end"]]


def test_each_record_has_the_fields_of_the_issue(records):
    for r in records:
        assert set(r) >= {
            "text",
            "surnames",
            "year",
            "locator",
            "prefix",
            "sentence",
            "page",
            "start",
            "end",
            "reference",
            "confidence",
        }
        assert 1 <= r["page"] <= 12
        assert r["sentence"] and len(r["sentence"].split()) <= 61
        assert r["reference"] is None or set(r["reference"]) == {"id", "title", "year", "authors"}
    haas = next(r for r in records if r["locator"] == "2")
    assert (haas["surnames"], haas["year"], haas["reference"]["id"]) == (
        ["Haas"],
        "1992",
        "haas1992introduction",
    )
    assert haas["narrative"] is True


def test_curated_mapping_settles_the_kitchin_2016_letters_and_says_what_the_matcher_said(records):
    by_text = {r["text"]: r for r in records}
    assert by_text["Kitchin 2016b"]["reference"]["id"] == "kitchin2016ethics"
    assert "the automatic match was kitchin2016getting" in by_text["Kitchin 2016b"]["reason"]
    assert by_text["Kitchin 2016b"]["confidence"] <= 0.7
    shelton = by_text["Shelton and Lobato 2016"]
    assert shelton["reference"]["id"] == "shelton2019actually"
    assert "Lobato read as Lodato" in shelton["reason"]


def test_where_is_governmentality_discussed_and_citing_whom(chapter_store):
    query = load_queries()["concept-discussions"]
    rows = run_named_query(chapter_store, query, {"concept": TECH + "Governmentality"}).rows()
    assert len(rows) >= 4
    cites = {
        key for r in rows if r["cites"] is not None for key in r["cites"].value.split("; ") if key
    }
    assert "Kitchin et al. 2017" in cites
    nudging = run_named_query(chapter_store, query, {"concept": TECH + "Nudging"}).rows()
    assert {"Braun 2014", "Krivy 2016"} <= {
        k for r in nudging if r["cites"] is not None for k in r["cites"].value.split("; ")
    }
    assert all(1 <= int(r["page"].value) <= 12 for r in rows)
    works = run_named_query(
        chapter_store,
        load_queries()["concept-cited-works"],
        {"concept": TECH + "EpistemicCommunity"},
    ).rows()
    assert "https://w3id.org/technocracy/id/work/haas1992introduction" in {
        r["work"].value for r in works
    }


def test_segments_become_doco_units(chapter_store):
    counts = {
        r["type"].value.rsplit("/", 1)[-1]: int(r["n"].value)
        for r in chapter_store.query(
            "SELECT ?type (COUNT(DISTINCT ?u) AS ?n) WHERE { GRAPH <https://w3id.org/technocracy/graph/corpus/kitchin2019smart> "
            "{ ?u a ?type } FILTER(STRSTARTS(STR(?type), 'http://purl.org/spar/doco/')) } GROUP BY ?type"
        ).rows()
    }
    assert counts["Section"] == 6 and counts["Paragraph"] == 23 and counts["Sentence"] == 130
    assert counts["Footnote"] == 3 and counts["Table"] == 1 and counts["FrontMatter"] == 1


def test_no_triple_lives_in_two_graphs(chapter_store):
    rows = chapter_store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER (STR(?g1) < STR(?g2)) }"
    ).rows()
    assert int(rows[0]["n"].value) == 0


@needs_text
def test_reingesting_the_text_reproduces_the_snapshot_exactly(chapter_store):
    lines, source, _ = chapter_lines(chapter_store, "kitchin2019smart", CORPUS)
    assert source.endswith(CHAPTER)
    assert lines == snapshot_path("kitchin2019smart").read_text(encoding="utf-8").splitlines()


def test_without_the_text_the_snapshot_serves_the_same_citations(records):
    store = open_store("memory")
    report = build(store, reason=False, corpus_dir=None)
    assert any("kitchin2019smart.ingest.nt" in note for note in report.notes)
    assert list_citations(store, "kitchin2019smart") == records


def test_snapshot_quotations_are_short():
    for line in snapshot_path("kitchin2019smart").read_text(encoding="utf-8").splitlines():
        if "hasContent" in line:
            literal = line.split("hasContent> ", 1)[1]
            assert len(json.loads(literal.rsplit(" .", 1)[0]).split()) <= 61


# -- other texts, other bibliography formats ----------------------------------------------

MARKDOWN = """# Cities that compute

## Introduction

Urban dashboards promise a city that can be read at a glance (Kitchin, 2014; Townsend, 2013).
As Greenfield (2013, p. 12) puts it, the smart city is built in generic space. Some call this
technological solutionism, a term others have used to describe platforms that claim to fix
every urban problem (Kitchin & Dodge, 2011). In 2015 the city opened a living lab.

## References

Greenfield, A. (2013). Against the smart city. Do Projects.
Kitchin, R. (2014). The real-time city? Big data and smart urbanism. GeoJournal, 79(1), 1-14.
Kitchin, R., & Dodge, M. (2011). Code/space: Software and everyday life. MIT Press.
Townsend, A. M. (2013). Smart cities: Big data, civic hackers, and the quest for a new utopia. W. W. Norton.
"""


@pytest.fixture
def store():
    handle = open_store("memory")
    build(handle, reason=False, corpus_dir=None)
    yield handle
    handle.close()


def test_markdown_text_with_its_reference_list_inside(store, tmp_path):
    path = tmp_path / "cities.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    report = ingest(store, path, doc_id="cities")
    assert report.references == 4 and report.citations == 4 and report.resolved == 4
    assert "reference list" in report.bibliography_source
    found = {
        (r["text"], r["reference"]["id"] if r["reference"] else None, r["locator"])
        for r in list_citations(store, "cities")
    }
    assert (
        "Greenfield (2013, p. 12)",
        found and next(i for t, i, _ in found if t.startswith("Greenfield")),
        "p. 12",
    ) in found
    mentions = store.query(
        "SELECT DISTINCT ?t WHERE { GRAPH <https://w3id.org/technocracy/graph/corpus/cities> { ?s <http://purl.org/dc/terms/subject> ?t } }"
    ).rows()
    assert {TECH + "TechnologicalSolutionism", TECH + "LivingLab", TECH + "UrbanDashboard"} <= {
        r["t"].value for r in mentions
    }


CITING = {  # how a text cites each work of tests/data/bibliographies/smart-cities.*
    "Kitchin 2014": "kitchin2014realtime",
    "Kitchin 2016a": "kitchin2016ethics",  # letters by title order, the article ignored
    "Kitchin 2016b": "kitchin2016getting",
    "Townsend 2013": "townsend2013smart",
    "Kitchin et al. 2019": "kitchin2019smart",
    "World Bank 2016": "worldbank2016world",
    "de Certeau 1984": "decerteau1984practice",
    "van Dijck 2014": "vandijck2014datafication",
    "Haas 1992: 3": "haas1992introduction",
    "Tironi and Criado 2015": "tironi2015sensors",
    "Sabatier and Jenkins-Smith 1993": "sabatier1993policy",
    "Dunlop 2013": "dunlop2013epistemic",
}


@pytest.mark.parametrize(
    "bib",
    [
        "smart-cities.csl.json",
        "smart-cities.bib",
        "smart-cities.ris",
        "smart-cities.apa.txt",
        "smart-cities.harvard.txt",
        "smart-cities.chicago.txt",
    ],
)
def test_the_same_text_with_its_bibliography_in_each_format(store, tmp_path, bib):
    text = (
        "Introduction\n\n" + " ".join(f"One claim rests on this work ({c})." for c in CITING) + "\n"
    )
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    shutil.copy(DATA / "bibliographies" / bib, tmp_path / bib)
    report = ingest(store, path, bib=tmp_path / bib, doc_id="paper")
    assert (report.citations, report.references) == (12, 12)
    found = [
        (r["text"], r["reference"]["id"] if r["reference"] else None)
        for r in list_citations(store, "paper")
    ]
    assert found == list(CITING.items())


# -- bad input ----------------------------------------------------------------------------


def snapshot(store) -> bytes:
    return store.dump(format="nq")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("caf\u00e9 (Smith 2001)".encode("latin-1"), "not UTF-8"),
        (b"   \n\n  ", "empty"),
    ],
)
def test_unusable_texts_are_refused_and_change_nothing(store, tmp_path, content, message):
    before = snapshot(store)
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        ingest(store, path)
    assert "bad.txt" in str(caught.value)
    assert snapshot(store) == before


def test_a_bibliography_that_does_not_parse_names_the_entry_and_changes_nothing(store, tmp_path):
    before = snapshot(store)
    text = tmp_path / "t.txt"
    text.write_text("A claim (Smith 2001).\n", encoding="utf-8")
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{smith2001,\n  title = {Unclosed,\n  year = 2001\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ingest(store, text, bib=bib)
    assert "broken.bib" in str(caught.value)
    assert snapshot(store) == before


def test_duplicate_keys_are_refused(store, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("A claim (Smith 2001).\n", encoding="utf-8")
    bib = tmp_path / "dup.bib"
    bib.write_text(
        "@book{smith2001, author={Smith, J.}, title={A}, year={2001}}\n"
        "@book{smith2001, author={Smith, J.}, title={B}, year={2001}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="smith2001"):
        ingest(store, text, bib=bib)


def test_a_text_without_citations_still_ingests_its_units(store, tmp_path):
    path = tmp_path / "plain.md"
    path.write_text(
        "# Notes\n\nGovernmentality shapes the smart city. Nothing is cited here.\n",
        encoding="utf-8",
    )
    report = ingest(store, path, doc_id="plain")
    assert report.citations == 0 and report.sentences == 2 and report.mentions >= 2


def test_two_bibliographies_are_merged_by_doi_or_title(store, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text(
        "Introduction\n\nA claim (Kitchin 2014). Another (Townsend 2013).\n", encoding="utf-8"
    )
    bib = DATA / "bibliographies"
    report = ingest(
        store, text, bib=[bib / "smart-cities.bib", bib / "smart-cities.ris"], doc_id="merged"
    )
    assert report.references == 12  # the same twelve works in both files
    assert report.resolved == 2


def test_a_venue_spelt_two_ways_in_one_list_gets_one_title(tmp_path: Path) -> None:
    from kg.checks.validate import validate
    from kg.ingest.pipeline import analyse, ntriples

    text = (
        "Work is gendered (Acker 1990; Britton 2000).\n\nReferences\n\n"
        "Acker, J. (1990) Hierarchies, jobs, bodies. Gender, Work and Organization, 4(2), 139-158.\n"
        "Britton, D. (2000) The epistemology of the gendered organization. Gender Work and "
        "Organization, 14(3), 418-434.\n"
    )
    found = analyse(text, doc_id="venues", matcher=None)
    venue = "<https://w3id.org/technocracy/id/venue/gender-work-and-organization>"
    titles = [
        line
        for line in ntriples(found)
        if line.startswith(f"{venue} <http://purl.org/dc/terms/title>")
    ]
    assert titles == [f'{venue} <http://purl.org/dc/terms/title> "Gender, Work and Organization" .']
    # each reference keeps the words as its list gives them
    lines = "\n".join(ntriples(found))
    assert "Gender Work and Organization" in lines and "Gender, Work and Organization" in lines
    store = open_store("memory")
    try:
        path = tmp_path / "venues.txt"
        path.write_text(text, encoding="utf-8")
        ingest(store, path)
        assert [f for f in validate(store).findings if "clash" in f.rule] == []
        # the check still names a venue given two titles by one source
        store.update(
            "INSERT DATA { GRAPH <https://w3id.org/technocracy/graph/corpus/venues> { "
            f'{venue} <http://purl.org/dc/terms/title> "Gender Work and Organization" }} }}'
        )
        clashes = [f for f in validate(store).findings if f.rule == "work-field-clash-violation"]
        assert [f.focus for f in clashes] == [venue[1:-1]]
    finally:
        store.close()
