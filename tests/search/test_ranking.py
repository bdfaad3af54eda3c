"""Ranking and reading of the index on a tiny store: a label above a sentence that mentions
the word (even one that says it twice), every word required, FTS5 syntax read as words."""

from __future__ import annotations

import pytest

from kg.search import SearchIndex
from kg.store import OxigraphStore

ID = "https://w3id.org/technocracy/id/"
TTL = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix doco: <http://purl.org/spar/doco/> .
@prefix c4o: <http://purl.org/spar/c4o/> .
<https://w3id.org/technocracy/ontology#Sidewalk> skos:prefLabel "sidewalk" ;
    skos:definition "The paved sidewalk beside a street, where the smart city puts its sensors." .
<{ID}sentence/paper/4> a doco:Sentence ;
    c4o:hasContent "The sidewalk, and the sidewalk alone, was where the data were gathered." .
<{ID}sentence/paper/5> a doco:Sentence ;
    c4o:hasContent "A <script>alert(1)</script> & a sidewalk." .
""" + "".join(
    f'<{ID}thing/{n}> skos:prefLabel "{w}" .\n'
    for n, w in enumerate(["street", "sensor", "platform", "dashboard", "waterfront", "trust"])
)


@pytest.fixture(scope="module")
def index():
    store = OxigraphStore()
    store.load(TTL.encode(), format="ttl", graph="https://w3id.org/technocracy/graph/t")
    index = SearchIndex(None)
    index.sync(store)
    yield index
    index.close()
    store.close()


def test_a_label_ranks_above_a_sentence_that_mentions_it(index):
    found = index.search("sidewalk")
    assert [h.kind for h in found.items] == ["label", "definition", "sentence", "sentence"]
    assert found.items[0].href == "/ontology/Sidewalk"
    assert found.items[2].href == "/documents/paper#s-4"  # says it twice
    assert found.items[0].score > found.items[2].score


def test_every_word_is_required_and_stems_match(index):
    assert index.search("sidewalks sensors").total == 1  # the definition alone
    assert index.search("sidewalk dragon").total == 0


@pytest.mark.parametrize("q", ['NEAR("sidewalk"', "sidewalk*", "text:sidewalk", "AND OR NOT"])
def test_fts5_syntax_in_a_query_is_only_words(index, q):
    index.search(q)  # no sqlite3.OperationalError


def test_snippets_keep_the_text_as_text_with_the_hit_apart(index):
    (hit,) = [h for h in index.search("alert").items]
    assert "".join(s.text for s in hit.snippet) == "A <script>alert(1)</script> & a sidewalk."
    assert [s.text for s in hit.snippet if s.hit] == ["alert"]


def test_paging(index):
    first, second = index.search("sidewalk", limit=2), index.search("sidewalk", limit=2, offset=2)
    assert first.total == second.total == 4
    assert {h.iri for h in first.items}.isdisjoint({h.iri for h in second.items} - {None})
    assert len(second.items) == 2
