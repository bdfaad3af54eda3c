"""One work, one IRI, across documents: papers that cite the same work under different
keys point to one work node (the chapter's curated works first); different works of one
author and year stay apart; co-citation across documents counts the merged works."""

from __future__ import annotations

import json

import pytest

from kg.build import build
from kg.ingest.delete import delete_document
from kg.ingest.pipeline import ingest
from kg.litmap import Filters, build_map
from kg.store import open_store

ID = "https://w3id.org/technocracy/id/"
BIRO = "http://purl.org/spar/biro/"

# Paper A reads its bibliography from CSL-JSON, with its own keys and a DOI.
PAPER_A = """\
# Platforms

## Introduction

Cities are run through dashboards, as Smith (2019) argues, while sensors spread through
the street (Jones 2020; Kitchin 2014).
"""
BIB_A = [
    {
        "id": "js19",
        "type": "article-journal",
        "title": "Platform urbanism and the data city: Governing by dashboard",
        "author": [{"family": "Smith", "given": "John"}],
        "issued": {"date-parts": [[2019]]},
        "container-title": "Urban Studies",
        "DOI": "10.1177/0042098019000001",
    },
    {
        "id": "alice-street",
        "type": "article-journal",
        "title": "Sensing the street",
        "author": [{"family": "Jones", "given": "Alice"}],
        "issued": {"date-parts": [[2020]]},
    },
    {
        "id": "rk-realtime",
        "type": "article-journal",
        "title": "The real-time city? Big data and smart urbanism",
        "author": [{"family": "Kitchin", "given": "Rob"}],
        "issued": {"date-parts": [[2014]]},
    },
]
# Paper B's list is in its text, Chicago style, no DOIs, titles spelt a little differently;
# two works of Smith 2019 whose generated keys would be the same.
PAPER_B = """\
# Dashboards

## Introduction

Urban dashboards govern by numbers (Smith 2019a; Jones 2020), but not all platforms are
alike (Smith 2019b), as the real-time city shows (Kitchin 2014).

## References

JONES, Alice. 2020. "Sensing the Street." *Environment and Planning D* 38 (2): 200–218.

Kitchín, Rob. 2014. "The Real-time City?" *GeoJournal* 79 (1): 1–14.

Smith, John. 2019a. "Platform Urbanism and the Data City." *Urban Studies* 56 (3): 1–20.

Smith, John. 2019b. "Platform Cooperativism and the Sharing City." *Antipode* 51 (4): 1–18.
"""


def _works(store, doc: str) -> dict[str, str]:
    """Reference key -> work slug, for one document."""
    rows = store.query(
        f"SELECT ?ref ?work WHERE {{ GRAPH <https://w3id.org/technocracy/graph/corpus/{doc}> "
        f"{{ ?ref <{BIRO}references> ?work }} }}"
    ).rows()
    prefix = f"{ID}reference/{doc}/"
    return {r["ref"].value[len(prefix) :]: r["work"].value[len(ID) + 5 :] for r in rows}


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers")
    (folder / "a.md").write_text(PAPER_A, encoding="utf-8")
    (folder / "a.json").write_text(json.dumps(BIB_A), encoding="utf-8")
    (folder / "b.md").write_text(PAPER_B, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def both(papers):
    """The chapter's build, then paper A and paper B (and B's ingest report)."""
    store = open_store("memory")
    build(store, reason=False, corpus_dir=None)
    ingest(store, papers / "a.md", bib=papers / "a.json", doc_id="paper-a")
    yield store, ingest(store, papers / "b.md", doc_id="paper-b")
    store.close()


def test_one_work_under_two_keys_one_with_doi_one_without(both):
    store, _ = both
    a, b = _works(store, "paper-a"), _works(store, "paper-b")
    assert a["js19"] == "js19"  # first seen: the work takes paper A's key
    assert b["smith2019platform"] == "js19"  # paper B's reference lands on it
    assert a["alice-street"] == b["jones2020sensing"] == "alice-street"
    # each document keeps its own key, on its reference and in its parsed fields
    csl = store.query(
        f"SELECT ?csl WHERE {{ <{ID}reference/paper-b/smith2019platform> "
        "<https://w3id.org/technocracy/ontology#cslItem> ?csl }"
    ).rows()
    assert json.loads(csl[0]["csl"].value)["id"] == "smith2019platform"


def test_two_works_of_one_author_and_year_stay_two(both):
    store, _ = both
    b = _works(store, "paper-b")
    assert b["smith2019platform2"] not in (b["smith2019platform"], "js19")
    titles = store.query(
        f"SELECT ?t WHERE {{ <{ID}work/{b['smith2019platform2']}> "
        "<http://purl.org/dc/terms/title> ?t }"
    ).rows()
    assert [r["t"].value for r in titles] == ["Platform Cooperativism and the Sharing City"]


def test_a_paper_citing_the_chapters_work_lands_on_its_iri(both):
    store, report_b = both
    # Kitchin 2014, without a DOI, its title shortened and the name with an accent
    assert _works(store, "paper-a")["rk-realtime"] == "kitchin2014realtime"
    [(key, work)] = [kw for kw in _works(store, "paper-b").items() if kw[0].startswith("kitc")]
    assert work == "kitchin2014realtime"
    merged = {m.reference: m for m in report_b.merged}
    assert merged[key].source == "https://w3id.org/technocracy/graph/bibliography"
    assert "similarity" in merged[key].reason


def test_cocitation_across_documents_counts_the_merged_works(both):
    store, _ = both
    g = build_map(store, "cocitation", Filters(grain="document")).graph
    # paper A, paper B and the chapter cite Kitchin 2014; A and B cite Smith and Jones
    assert g["js19"]["alice-street"]["weight"] == 2
    assert g["alice-street"]["kitchin2014realtime"]["weight"] == 2
    coupling = build_map(store, "coupling").graph
    assert coupling["paper-a"]["paper-b"]["weight"] == 3


def test_a_duplicate_in_one_list_is_one_work(tmp_path):
    text = PAPER_B.replace(
        "Smith, John. 2019b.",
        "Smith, J. (2019) Platform urbanism and the data city. Urban Studies 56: 1-20.\n\n"
        "Smith, John. 2019b.",
    )
    (tmp_path / "c.md").write_text(text, encoding="utf-8")
    store = open_store("memory")
    report = ingest(store, tmp_path / "c.md", doc_id="paper-c")
    works = _works(store, "paper-c")
    assert len(works) == 5 and len(set(works.values())) == 4
    assert [m.source for m in report.merged] == ["paper-c"]
    # one description of the work in the document's graph: one title
    work = works[report.merged[0].reference]
    titles = store.query(
        f"SELECT ?t WHERE {{ <{ID}work/{work}> <http://purl.org/dc/terms/title> ?t }}"
    )
    assert len(titles.rows()) == 1


def test_reingesting_and_deleting_keep_the_merged_work(papers):
    store = open_store("memory")
    ingest(store, papers / "a.md", bib=papers / "a.json", doc_id="paper-a")
    ingest(store, papers / "b.md", doc_id="paper-b")
    before = _works(store, "paper-b")
    ingest(store, papers / "a.md", bib=papers / "a.json", doc_id="paper-a")  # again
    assert _works(store, "paper-a")["js19"] == "js19" and _works(store, "paper-b") == before
    delete_document(store, "paper-a")  # paper B still describes the work it cites
    title = store.query(
        f"SELECT ?t WHERE {{ <{ID}work/js19> <http://purl.org/dc/terms/title> ?t }}"
    )
    assert [r["t"].value for r in title.rows()] == ["Platform Urbanism and the Data City"]


def test_different_dois_never_merge(tmp_path):
    other = [{**BIB_A[0], "id": "js19b", "DOI": "10.1177/0042098019999999"}]
    (tmp_path / "d.json").write_text(json.dumps(other), encoding="utf-8")
    (tmp_path / "d.md").write_text("# D\n\nAs Smith (2019) argues.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(BIB_A), encoding="utf-8")
    (tmp_path / "a.md").write_text(PAPER_A, encoding="utf-8")
    store = open_store("memory")
    ingest(store, tmp_path / "a.md", bib=tmp_path / "a.json", doc_id="paper-a")
    report = ingest(store, tmp_path / "d.md", bib=tmp_path / "d.json", doc_id="paper-d")
    assert _works(store, "paper-d") == {"js19b": "js19b"} and report.merged == []
