"""The chapter's curated map (kg/corpus/kitchin2019smart.argdown) as `tkg build` loads it:
big enough, every claim and argument anchored verbatim, supports and attacks, every section
of the chapter covered, its quality checks clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.argmap import check, parse_argdown
from kg.checks.anchors import check_anchors
from kg.rdf import graphs
from kg.resources import corpus_file, queries_dir
from kg.store import OxigraphStore

CHAPTER = corpus_file("kitchin2019smart.argdown")
TEXTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TEXT = TEXTS / "kitchin2019-smart-cities-algorithmic-technocracy.txt"

pytestmark = pytest.mark.skipif(not CHAPTER.is_file(), reason="the chapter's map is not here")


@pytest.fixture(scope="module")
def chapter():
    return parse_argdown(CHAPTER.read_text(encoding="utf-8"), source=CHAPTER.name)


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphStore]:
    from kg.build import build

    s = OxigraphStore()
    build(s, reason=False)
    yield s
    s.close()


def test_size_supports_and_attacks(chapter) -> None:
    check(chapter)
    counts = chapter.counts()
    assert counts["statements"] >= 40 and counts["arguments"] >= 15
    kinds = {r.kind for r in chapter.relations}
    assert {"support", "attack"} <= kinds
    assert chapter.frontmatter["doc"] == "kitchin2019smart"


def test_every_element_is_anchored(chapter) -> None:
    for ref in chapter.order:
        data = chapter.element(ref).data
        assert {"quote", "start", "end", "page"} <= set(data), ref
        assert len(str(data["quote"]).split()) <= 60, ref


@pytest.mark.skipif(not TEXT.is_file(), reason="../shared is not beside the checkout")
def test_every_anchor_is_verbatim(chapter) -> None:
    from kg.text.pages import page_of, page_starts

    text = TEXT.read_text(encoding="utf-8")
    starts = page_starts(text)
    for ref in chapter.order:
        data = chapter.element(ref).data
        assert " ".join(text[data["start"] : data["end"]].split()) == data["quote"], ref
        assert page_of(starts, data["start"]) == data["page"], ref


def test_build_loads_it_into_its_own_graph(store, chapter) -> None:
    graph = graphs.argmap("kitchin2019smart")
    assert graph in store.graphs()
    rows = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } "
        "FILTER (STR(?a) < STR(?b)) }"
    ).rows()
    assert int(rows[0]["n"].value) == 0  # no triple in two graphs
    claims = store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH <" + graph + "> "
        "{ ?c a <http://www.arg.dundee.ac.uk/aif#I-node> ; "
        "<https://w3id.org/technocracy/ontology#anchor> ?a } }"
    ).rows()
    assert int(claims[0]["n"].value) == len(chapter.statements)


def test_its_quality_checks_pass(store) -> None:
    for path in sorted((queries_dir() / "qc").glob("argmap-*-violation.rq")):
        rows = store.query(path.read_text(encoding="utf-8")).rows()
        assert rows == [], (path.stem, [r["message"].value for r in rows[:5]])
    if TEXTS.is_dir():
        report = check_anchors(store, TEXTS)
        assert report.findings == []
        assert report.checked >= len(parse_argdown(CHAPTER.read_text(encoding="utf-8")).order)


@pytest.mark.skipif(not TEXT.is_file(), reason="../shared is not beside the checkout")
def test_every_section_of_the_chapter_is_covered(store, chapter) -> None:
    rows = store.query(
        """PREFIX doco: <http://purl.org/spar/doco/> PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?title ?start ?end WHERE {
          GRAPH <https://w3id.org/technocracy/graph/corpus/kitchin2019smart> {
            ?s a doco:Section ; dct:title ?title ; nif:beginIndex ?start ; nif:endIndex ?end }
        } ORDER BY ?start"""
    ).rows()
    sections = [(r["title"].value, int(r["start"].value), int(r["end"].value)) for r in rows]
    starts = [chapter.element(ref).data["start"] for ref in chapter.order]
    body = [s for s in sections if s[2] - s[1] < max(e for *_, e in sections) - 100]
    assert len(body) >= 5
    for title, begin, end in body:
        inside = [s for s in starts if begin <= s < end]
        assert len(inside) >= 3, f"section {title!r} has {len(inside)} anchored elements"
