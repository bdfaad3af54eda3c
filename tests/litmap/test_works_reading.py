"""The works' details a map reads (``kg.litmap.extract.works``): every work's, or those of
the works a map draws, read by name, the same either way; a work's venue from what it is
part of, never from the parts of a text."""

from __future__ import annotations

import pytest
from litmap_support import litmap_store

from kg.litmap import extract
from kg.store import open_store

ID = "https://w3id.org/technocracy/id/"
DCT = "http://purl.org/dc/terms/"
FRBR = "http://purl.org/vocab/frbr/core#"
FABIO = "http://purl.org/spar/fabio/"
DOCO = "http://purl.org/spar/doco/"
A = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

PARTS = f"""
<{ID}work/w1> <{A}> <{FABIO}JournalArticle> .
<{ID}work/w1> <{DCT}title> "An article" .
<{ID}work/w1> <{FRBR}partOf> <{ID}venue/j> .
<{ID}venue/j> <{A}> <{FABIO}Journal> .
<{ID}venue/j> <{DCT}title> "A journal" .
<{ID}text/d> <{FRBR}realizationOf> <{ID}work/d> .
<{ID}section/d/intro> <{A}> <{DOCO}Section> .
<{ID}section/d/intro> <{DCT}title> "Introduction" .
<{ID}section/d/intro> <{FRBR}partOf> <{ID}text/d> .
<{ID}paragraph/d/1> <{A}> <{DOCO}Paragraph> .
<{ID}paragraph/d/1> <{FRBR}partOf> <{ID}section/d/intro> .
<{ID}sentence/d/1> <{A}> <{DOCO}Sentence> .
<{ID}sentence/d/1> <{FRBR}partOf> <{ID}paragraph/d/1> .
"""


@pytest.fixture(scope="module")
def store():
    opened = litmap_store()
    yield opened
    opened.close()


def test_the_venue_reading_ignores_the_parts_of_texts() -> None:
    """Sentences are part of paragraphs, paragraphs of titled sections: none of them is a
    work with a container; the article's journal is its container."""
    store = open_store("memory")
    store.load(PARTS.encode(), format="nt", graph=f"{ID}graph/t")
    rows = list(extract._csv_rows(store, "litmap-works", {}))
    assert sorted(r for r in rows if r[1] == "container") == [
        [f"{ID}work/w1", "container", "A journal"]
    ]
    assert {r[0] for r in rows} == {f"{ID}work/w1"}
    found = extract.works(store)
    assert list(found) == [f"{ID}work/w1"] and found[f"{ID}work/w1"].container == "A journal"
    named = extract.works(store, {f"{ID}work/w1", f"{ID}sentence/d/1", f"{ID}paragraph/d/1"})
    assert named == found


def test_works_read_by_name_are_those_read_whole(store) -> None:
    every = extract.works(store)
    wanted = set(list(sorted(every))[::3]) | {f"{ID}work/nothing-of-that-name"}
    named = extract.works(store, wanted)
    assert named == {iri: every[iri] for iri in wanted if iri in every}
    assert any(w.authors for w in named.values()) and any(w.editors for w in every.values())
    with_editors = {iri for iri, w in every.items() if w.editors}
    assert extract.works(store, with_editors) == {iri: every[iri] for iri in with_editors}
    cited = extract.cited_as(store)
    assert extract.cited_as(store, wanted) == {w: k for w, k in cited.items() if w in wanted}


def test_naming_works_reaches_every_branch() -> None:
    text = extract._queries()["litmap-works"].text
    named = extract.naming_works(text, ["https://e/w"])
    assert named.count("VALUES ?work { <https://e/w> }") == text.count("UNION") + 1


def test_the_sentence_pairs_of_a_store_on_disk_are_those_in_memory(store) -> None:
    """A store on disk reads them joined in hash tables (litmap-sentence-pairs-on-disk)."""
    rows = sorted(extract._solutions(store, "litmap-sentence-pairs", {}))
    assert len(rows) > 30
    assert sorted(extract._solutions(store, "litmap-sentence-pairs-on-disk", {})) == rows
