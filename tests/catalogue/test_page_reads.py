"""The pages' cheaper reads give what the named queries they replace give: the works list's
order and rows (authors in their lists' order), a concept's sentences a page at a time and
their number, the works those sentences cite; over the built chapter, and with works and
sentences described again in other papers' graphs (the store's union default graph keeps
each copy, which the named queries' joins multiplied)."""

from __future__ import annotations

import pytest

from kg.catalogue import concept_view as cv
from kg.catalogue import work_pages
from kg.catalogue.cited_works import work_rows as cited_rows
from kg.catalogue.concept_sentences import sentence_rows
from kg.store import Store, open_store
from kg.store.named import count_named_query, load_queries, run_named_query

QUERIES = load_queries()
WORK = "https://w3id.org/technocracy/id/work/"
TECH = "https://w3id.org/technocracy/ontology#"


def _copies(n: int) -> str:
    """A paper's graph: a work with three authors (described in each paper), and two
    sentences mentioning a concept and citing the work."""
    w = f"{WORK}dup2020work"
    return f"""
@prefix bibo: <http://purl.org/ontology/bibo/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix c4o: <http://purl.org/spar/c4o/> . @prefix biro: <http://purl.org/spar/biro/> .
@prefix tech: <{TECH}> .
<{w}> dct:identifier "dup2020work" ; dct:title "Dup" ; fabio:hasPublicationYear "2020" ;
  a fabio:JournalArticle ; bibo:authorList <{w}#authorList-1> .
<{w}#authorList-1> rdf:first <http://e/p/zed> ; rdf:rest <{w}#authorList-2> .
<{w}#authorList-2> rdf:first <http://e/p/amy> ; rdf:rest <{w}#authorList-3> .
<{w}#authorList-3> rdf:first <http://e/p/kim> ; rdf:rest rdf:nil .
<http://e/p/zed> foaf:familyName "Zed" . <http://e/p/amy> foaf:familyName "Amy" .
<http://e/p/kim> foaf:familyName "Kim" ; foaf:givenName "K." .
""" + "".join(
        f"""
<https://w3id.org/technocracy/id/sentence/p{n}/{k}> dct:subject tech:Smartmentality ;
  tech:page {k} ; c4o:hasContent "Sentence {k} of p{n}." ;
  nif:beginIndex {10 * k + n} ; nif:endIndex {10 * k + n + 5} .
<https://w3id.org/technocracy/id/citation/p{n}/{k}> c4o:hasContext
  <https://w3id.org/technocracy/id/sentence/p{n}/{k}> ; tech:citedAs "Zed et al. 2020" ;
  c4o:denotes [ biro:references <{w}> ] ."""
        for k in (1, 2)
    )


@pytest.fixture(scope="module")
def store(built_store: Store) -> Store:
    """The chapter with five papers' graphs beside it, each describing the same work."""
    copy = open_store("memory")
    copy.load(built_store.dump(format="nq"), format="nq")
    for n in range(5):
        copy.replace_graph(
            f"https://w3id.org/technocracy/graph/corpus/p{n}", _copies(n), format="ttl"
        )
    return copy


def _plain(rows: list[dict]) -> list[tuple]:
    return [
        tuple((k, v.value if v is not None else None) for k, v in sorted(r.items())) for r in rows
    ]


def test_the_works_order_is_the_named_querys(store):
    ids = [(str(r["work"]), str(r["id"])) for r in store.query(work_pages._IDS).rows()]
    assert work_pages.work_ids(store) == ids
    assert (f"<{WORK}dup2020work>", '"dup2020work"') in ids


def test_a_page_of_works_has_the_named_querys_rows(store):
    ids = work_pages.work_ids(store)
    text = QUERIES["works"].text
    for offset in range(0, len(ids), 7):
        page = (ids[offset : offset + 7], len(ids))
        expected = store.query(work_pages._restricted(text, page[0])).rows()
        rows, total = work_pages.work_rows(
            store, QUERIES["works"], limit=7, offset=offset, page=page
        )
        assert _plain(rows) == _plain(expected) and total == len(ids)
    every, _ = work_pages.work_rows(
        store, QUERIES["works"], limit=len(ids), offset=0, page=(ids, len(ids))
    )
    (dup,) = [r for r in every if r["id"].value == "dup2020work"]
    assert dup["authors"].value == "Zed; Amy; Kim"


@pytest.mark.parametrize("term", ["Smartmentality", "HumanOffTheLoopSystem", "Technocracy"])
@pytest.mark.parametrize(("limit", "offset"), [(100, 0), (3, 0), (3, 2), (4, 8), (100, 500)])
def test_a_concepts_sentences_are_the_named_querys(store, term, limit, offset):
    query, values = QUERIES["concept-sentences"], {"concept": TECH + term}
    expected = run_named_query(store, query, values, limit=limit, offset=offset).rows()
    rows, total = sentence_rows(store, TECH + term, limit=limit, offset=offset)
    assert _plain(rows) == _plain(expected)
    assert total == count_named_query(store, query, values)


def test_a_work_described_in_many_graphs_is_one_work_with_its_authors_in_order(store):
    works, _ = cv._works(cited_rows(store, [f"{WORK}dup2020work"]))
    work = works[f"{WORK}dup2020work"]
    assert (work.title, work.year, work.authors) == ("Dup", "2020", ["Zed", "Amy", "Kim"])
    assert work.label == "Zed et al. (2020)"
