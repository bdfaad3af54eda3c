"""The shortcuts taken for speed give what the plain way gives.

- sentence starts computed piecewise (sure boundaries, one-sentence pieces, long stretches
  of plain words left out of syntok's reading) equal syntok's own, on seeded random
  paragraphs full of what syntok decides by, on the synthetic corpus and on the chapter;
- the dehyphenated reading maps every character back to where it came from;
- a cited work's lines equal rdflib's N-Triples serialisation of the same work, and the
  lines made as strings equal those of the rdflib path, odd items included;
- the concept matcher finds the same mentions however often it has seen a word;
- ``bulk_load_graph`` writes new graphs only, and bad data leaves the store as it was.
"""

from __future__ import annotations

import json
import random

import pytest
from rdflib import Graph

from bench.synthetic import corpus
from kg.bib.graph import add_work
from kg.bib.worklines import work_lines
from kg.errors import RdfSyntaxError, StoreError
from kg.ingest import segment as segment_module
from kg.ingest.dehyphenate import read, word_counts
from kg.ingest.mentions import ConceptMatcher
from kg.ingest.pipeline import _work_lines, ntriples
from kg.ingest.sentences import _starts, _thin_starts, syntok_starts
from kg.rdf.ntriples import Lines
from kg.settings import default_corpus_dir
from kg.store import open_store

CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"
CORPUS = default_corpus_dir()

PLAIN = ["word", "the", "cities", "grow", "a", "x", "i", "no", "al", "ca", "etc", "mar", "vs"]
TRICKY = [
    "Smith", "e.g.", "i.e.", "et al.", "al.", "(", ")", "[", "]", "Dr.", "no.", "No.", "3.5",
    "12", "2019", "?", "!", ";", ":", ",", "Word.", "word.", "mar.", "Jan.", "ca.", "p.",
    "pp.", "A.", "I.", "II", "iv.", "\u201c", "\u201d", "'", "...", "a.", "x.", "The",
    "However", "smart-city", "don't", "U.S.", "etc.", "vs.", "fig.", "1.", ").", ".)",
    "(Smith", "2019)", "2019).", "{", "}", "Ok!", "(2019)", "(e.g.", "\u00e9a", "\u2019",
    "\n", "\t", "\u00a0", "\u200b", "(cf.",
]  # fmt: skip


def _paragraphs(seed: int, count: int, plain_share: float):
    rng = random.Random(seed)
    for _ in range(count):
        words = [
            rng.choice(PLAIN) if rng.random() < plain_share else rng.choice(TRICKY)
            for _ in range(rng.randint(1, 90))
        ]
        spaces = [rng.choice([" "] * 12 + ["  ", ""]) for _ in words]
        yield "".join(w + s for w, s in zip(words, spaces, strict=True))


@pytest.mark.parametrize("plain_share", [0.3, 0.8, 0.95])
def test_piecewise_sentence_starts_equal_syntoks_on_random_paragraphs(plain_share):
    differ = [
        text
        for text in _paragraphs(7, 1500, plain_share)
        if _starts(text) != syntok_starts(text) or _thin_starts(text) != syntok_starts(text)
    ]
    assert differ == []


def test_the_shortcuts_are_taken():
    long = "Plain words follow " + "one after another and then " * 6 + "some more now. "
    text = ("Cities grow (Smith 2019). " + long) * 3 + "End."
    calls: list[int] = []
    import kg.ingest.sentences as sentences

    original = sentences.syntok_starts
    sentences.syntok_starts = lambda piece: calls.append(len(piece)) or original(piece)
    try:
        found = _starts(text)
    finally:
        sentences.syntok_starts = original
    assert found == syntok_starts(text)
    assert len(found) == 7
    assert sum(calls) < len(text) / 2  # syntok read less than half of it


def _paragraph_texts(text: str) -> list[str]:
    seen: list[str] = []
    original = segment_module.split_sentences
    segment_module.split_sentences = lambda clean: seen.append(clean) or original(clean)
    try:
        segment_module.segment(text)
    finally:
        segment_module.split_sentences = original
    return seen


def test_piecewise_sentence_starts_equal_syntoks_on_the_synthetic_corpus():
    paragraphs = [p for paper in corpus(3) for p in _paragraph_texts(paper.text)]
    assert len(paragraphs) > 100
    assert all(_starts(p) == syntok_starts(p) for p in paragraphs)


@pytest.mark.skipif(
    CORPUS is None or not (CORPUS / CHAPTER).is_file(), reason="../shared/corpus is not here"
)
def test_piecewise_sentence_starts_equal_syntoks_on_the_chapter():
    paragraphs = _paragraph_texts((CORPUS / CHAPTER).read_text(encoding="utf-8"))
    assert len(paragraphs) > 20
    assert all(_starts(p) == syntok_starts(p) for p in paragraphs)


def test_the_reading_maps_every_character_back():
    rng = random.Random(3)
    pieces = ["gov-", "ernance", "word", "push-", "back", " ", "  ", "\n", "-\n", " \n ", "\t",
              "x-y", "1", "\u00a0", "\u2019", "-"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "\n"]) for _ in range(25))
        gaps = [(a, a + rng.randint(0, 5)) for a in rng.sample(range(len(text)), 2)]
        reading = read(text, 0, len(text), gaps, word_counts(text))
        assert "  " not in reading.text
        for k, char in enumerate(reading.text):
            if char != " ":
                at = reading.offset(k)
                assert text[at] == char
                assert not any(a <= at < b for a, b in gaps)


def test_a_works_lines_are_rdflibs_serialisation():
    item = {
        "id": "w1",
        "type": "chapter",
        "title": 'A "quoted"\ntitle \\ with \u00e9',
        "author": [{"family": "Smith", "given": "J."}, {"literal": "World Bank"}],
        "editor": [{"family": "de Vries", "given": "A."}],
        "issued": {"date-parts": [[2019, 3]]},
        "container-title": "Big Book",
        "page": "3\u20135",
        "publisher": "Press",
        "URL": "https://example.org/x",
        "note": "confidence: medium. From memory.",
    }
    graph = Graph()
    add_work(graph, dict(item), {})
    expected = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    assert set(_work_lines(dict(item))) == expected
    assert set(_work_lines(dict(item))) == expected  # and from the memo
    assert len(expected) > 25


def _rdflib_lines(item: dict) -> list[str] | str:
    lines = Lines()
    try:
        add_work(lines, item, {})
    except Exception as exc:  # noqa: BLE001 - the error is what is compared
        return type(exc).__name__
    return list(lines)


def _string_lines(item: dict) -> list[str] | str:
    try:
        return work_lines(item)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


def test_a_works_lines_made_as_strings_are_the_rdflib_paths():
    items = [item for paper in corpus(5) for item in paper.bibliography]
    rng = random.Random(3)
    odd = [None, 5, 2.5, True, [], "", "a b", 'q"\n\\', "\u00e9", ["x"],
           {"date-parts": [["2020"]]}, {"date-parts": [[2020, 13, 2]]}, {"date-parts": [[0]]},
           {"date-parts": [[1999, 2, 3]]}, {"date-parts": []}]  # fmt: skip
    keys = ["id", "type", "title", "author", "editor", "issued", "original-date",
            "container-title", "collection-title", "collection-number", "volume", "page",
            "DOI", "ISBN", "URL", "publisher", "publisher-place", "note"]  # fmt: skip
    for _ in range(600):
        item = json.loads(json.dumps(rng.choice(items)))
        for key in rng.sample(keys, rng.randint(1, 3)):
            item[key] = rng.choice(odd)
            if key in ("author", "editor") and rng.random() < 0.5:
                item[key] = [{"family": rng.choice(odd), "given": rng.choice(odd)},
                             {"literal": rng.choice(odd)}]  # fmt: skip
        items.append(item)
    differ = [i for i in items if _string_lines(json.loads(json.dumps(i))) != _rdflib_lines(i)]
    assert differ == []


def test_unordered_lines_are_the_same_lines():
    paper = next(corpus(1))
    from kg.ingest.pipeline import analyse

    found = analyse(paper.text, doc_id=paper.id, matcher=None, bib=json.dumps(paper.bibliography))
    ordered = ntriples(found)
    assert ordered == sorted(ordered)
    assert sorted(ntriples(found, ordered=False)) == ordered


def test_the_matcher_finds_the_same_on_a_second_reading():
    matcher = ConceptMatcher([("t:Smart", "smart city"), ("t:Gov", "governmentality"),
                              ("t:HOTL", "HOTL"), ("t:Loop", "human-on-the-loop")])  # fmt: skip
    text = "Smart cities and governmentality; human on the\nloop (HOTL), smart city. Smart."
    first = [(m.term, m.start, m.text) for m in matcher.find(text)]
    assert [t for t, _, _ in first] == ["t:Smart", "t:Gov", "t:Loop", "t:HOTL", "t:Smart"]
    assert [(m.term, m.start, m.text) for m in matcher.find(text)] == first
    assert [m.text for m in matcher.find(text, 4, 40)] == ["governmentality"]


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_bulk_load_graph_writes_new_graphs_only_and_undoes_bad_data(where, tmp_path):
    store = open_store("memory" if where == "memory" else f"oxigraph:{tmp_path}/store")
    good = b'<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> "x" .\n'
    store.bulk_load_graph("http://a/g1", good)
    count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert store.query(count).rows()[0]["n"].value == "2"
    with pytest.raises(StoreError, match="exists"):
        store.bulk_load_graph("http://a/g1", good)
    bad = good * 3 + b"<http://a/s> <http://a/p> .\n"
    with pytest.raises(RdfSyntaxError, match="line 7"):
        store.bulk_load_graph("http://a/g2", bad)
    assert store.graphs() == ["http://a/g1"]
    assert store.query(count).rows()[0]["n"].value == "2"
    blank = b"_:b <http://a/p> <http://a/o> .\n"
    store.bulk_load_graph("http://a/g3", blank)  # blank nodes go the parsing way
    assert sorted(store.graphs()) == ["http://a/g1", "http://a/g3"]
    store.close()


def test_analysing_a_paper_leaves_no_reference_cycles():
    """The benchmark's workers run without the cycle collector; this is why they may."""
    import gc

    from kg.ingest.pipeline import analyse

    matcher = ConceptMatcher([("t:Smart", "smart city"), ("t:Gov", "governmentality")])
    papers = list(corpus(2))
    gc.collect()
    gc.disable()
    try:
        for paper in papers:
            found = analyse(
                paper.text, doc_id=paper.id, matcher=matcher, bib=json.dumps(paper.bibliography)
            )
            lines = ntriples(found, ordered=False)
            assert len(lines) > 5000
            del found, lines
            assert gc.collect() == 0
    finally:
        gc.enable()
