"""The bibliography graph of the chapter: works, persons, references, discrepancies."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from kg.bib.citekeys import compare, parse_key
from kg.bib.graph import Document, bibliography_graph, load_document
from kg.errors import InputError
from kg.rdf.namespaces import BIRO, CITO, FABIO, ORG, PERSON, PRISM, TKORG, WORK
from kg.rdf.vocab import TECH
from kg.resources import corpus_file


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return json.loads(corpus_file("references.csl.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph(items) -> Graph:
    return bibliography_graph(items, load_document(corpus_file("kitchin2019smart.yaml")))


def test_the_chapter_cites_its_25_works(graph):
    cited = set(graph.objects(WORK.kitchin2019smart, CITO.cites))
    assert len(cited) == 25
    assert WORK.vanolo2014smartmentality in cited
    assert WORK.raco2019planning not in cited  # the book holds the chapter; it is not cited


def test_the_chapter_in_its_book(graph):
    chapter = WORK.kitchin2019smart
    assert (chapter, RDF.type, FABIO.BookChapter) in graph
    assert graph.value(chapter, PRISM.pageRange) == Literal("199-212")
    assert graph.value(chapter, PRISM.doi) == Literal("10.1332/policypress/9781447345244.003.0015")
    assert graph.value(chapter, PRISM.isbn) == Literal("978-1-4473-4524-4")
    book = graph.value(chapter, URIRef("http://purl.org/vocab/frbr/core#partOf"))
    assert book == WORK.raco2019planning
    assert graph.value(book, DCTERMS.title).startswith("Planning and Knowledge")
    assert str(graph.value(chapter, FABIO.hasPlaceOfPublication)) == "Bristol"
    editors = {
        str(graph.value(e, FOAF.familyName))
        for e in graph.objects(chapter, URIRef("http://purl.org/ontology/bibo/editor"))
    }
    assert editors == {"Raco", "Savini"}


def test_five_authors_with_their_affiliations(graph):
    authors = set(graph.objects(WORK.kitchin2019smart, DCTERMS.creator))
    assert {str(graph.value(a, FOAF.familyName)) for a in authors} == {
        "Kitchin",
        "Coletta",
        "Evans",
        "Heaphy",
        "Mac Donncha",
    }
    assert graph.value(PERSON["mac-donncha-darach"], ORG.memberOf) == TKORG.nirsa
    assert graph.value(PERSON["evans-leighton"], ORG.memberOf) == TKORG["brighton-school-of-media"]
    assert graph.value(TKORG.nirsa, ORG.subOrganizationOf) == TKORG["maynooth-university"]


def discrepancies(graph: Graph, work: URIRef) -> set[tuple[str, str, str]]:
    ref = graph.value(predicate=BIRO.references, object=work)
    return {
        (
            str(graph.value(d, TECH.discrepancyKind)),
            str(graph.value(d, TECH.citedValue)),
            str(graph.value(d, TECH.publishedValue)),
        )
        for d in graph.objects(ref, TECH.hasDiscrepancy)
    }


def test_discrepancies_between_citation_and_publication_are_data(graph):
    assert discrepancies(graph, WORK.vanolo2014smartmentality) == {("year", "2015", "2014")}
    assert discrepancies(graph, WORK.shelton2019actually) == {
        ("year", "2016", "2019"),
        ("misspelled-name", "Lobato", "Lodato"),
    }
    assert discrepancies(graph, WORK.savini2019rise) == {
        ("year", "2018", "2019"),
        ("author-order", "Raco and Savini", "Savini and Raco"),
    }
    assert ("shortened-name", "Criado", "Sánchez Criado") in discrepancies(
        graph, WORK.tironi2015sensors
    )
    assert ("year", "2016", "2018") in discrepancies(graph, WORK.krivy2016towards)
    assert discrepancies(graph, WORK.haas1992introduction) == set()


def test_every_reference_carries_its_confidence_and_how_it_was_cited(graph):
    refs = list(graph.subjects(RDF.type, BIRO.BibliographicReference))
    assert len(refs) == 25
    levels = {str(graph.value(r, TECH.confidence)) for r in refs}
    assert levels == {"high", "medium", "low"}
    cullen = graph.value(predicate=BIRO.references, object=WORK.cullen2016unresolved)
    assert str(graph.value(cullen, TECH.confidence)) == "low"
    assert str(graph.value(cullen, TECH.citedAs)) == "Cullen 2016"


def test_krivy_online_first_year_is_explained():
    item = {
        "author": [{"family": "Krivý"}],
        "issued": {"date-parts": [[2018]]},
        "original-date": {"date-parts": [[2016]]},
    }
    found = {d.kind: d.explanation for d in compare(parse_key("Krivy 2016"), item)}
    assert "online-first" in found["year"]
    assert found["diacritics"] == "cited as Krivy, published as Krivý"


@pytest.mark.parametrize(
    ("key", "surnames", "year", "suffix", "et_al"),
    [
        ("Kitchin et al. 2017", ("Kitchin",), 2017, "", True),
        ("Kitchin 2016b", ("Kitchin",), 2016, "b", False),
        ("Sabatier and Jenkins-Smith 1993", ("Sabatier", "Jenkins-Smith"), 1993, "", False),
        ("Smith & Jones, 2020", ("Smith", "Jones"), 2020, "", False),
        ("Raco and Savini, 2018", ("Raco", "Savini"), 2018, "", False),
        ("de Vries and others 2001", ("de Vries",), 2001, "", True),
        ("Anon n.d.", ("Anon",), None, "", False),
    ],
)
def test_parse_key(key, surnames, year, suffix, et_al):
    parsed = parse_key(key)
    assert (parsed.surnames, parsed.year, parsed.suffix, parsed.et_al) == (
        surnames,
        year,
        suffix,
        et_al,
    )


def test_bad_bibliographies_say_what_and_where(items):
    with pytest.raises(InputError, match="duplicate CSL-JSON id 'townsend2013smart'"):
        bibliography_graph([*items, items[2]], Document("kitchin2019smart", citations={}))
    with pytest.raises(InputError, match="lacks"):
        bibliography_graph(
            items, Document("kitchin2019smart", citations={"Nobody 1900": "nobody1900"})
        )
    with pytest.raises(InputError, match="not a citation key"):
        parse_key("no year here")
    with pytest.raises(InputError, match="item 3"):
        bibliography_graph(
            [items[0], items[1], {"title": "no id"}], Document("kitchin2019smart", citations={})
        )
