"""A document read back and laid out for the reader (kg.ingest.layout), on records made
here: marks found again in the words the store keeps, what is not found kept beside them,
sentences without words still placed, sections nested, pages marked once."""

from __future__ import annotations

from typing import Any

from kg.ingest.layout import lay_out
from kg.ingest.reading import fragment

ID = "https://w3id.org/technocracy/id/"
TECH = "https://w3id.org/technocracy/ontology#"


def _unit(kind: str, name: str, start: int, end: int, **more: Any) -> dict[str, Any]:
    iri = f"{ID}{kind}/d/{name}"
    return {
        "kind": kind,
        "iri": iri,
        "id": fragment(iri),
        "parent": more.pop("parent", f"{ID}text/d"),
        "start": start,
        "end": end,
        "page": more.pop("page", 1),
        "title": more.pop("title", None),
        "words": more.pop("words", None),
    }


def _citation(n: int, text: str, start: int, sentence: str, work: str | None) -> dict[str, Any]:
    return {
        "iri": f"{ID}citation/d/{n}",
        "id": f"c-{n}",
        "text": text,
        "key": text,
        "page": 1,
        "start": start,
        "end": start + len(text),
        "context": f"{ID}sentence/d/{sentence}",
        "work_iri": f"{ID}work/{work}" if work else None,
        "work": work,
        "confidence": 0.9 if work else 0.0,
        "reason": "test",
    }


def _anchor(thing: str, quote: str, start: int, end: int) -> dict[str, Any]:
    return {
        "anchor": f"{ID}anchor/{start}",
        "iri": thing,
        "kind": "concept" if thing.startswith(TECH) else "claim",
        "label": thing.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
        "quote": quote,
        "start": start,
        "end": end,
        "page": 1,
    }


SMART = {"iri": f"{TECH}SmartCity", "label": "smart city", "slug": "SmartCity"}
WORDS = "The smart city, as Townsend (2013) says, is … "


def _read() -> dict[str, Any]:
    paragraph = f"{ID}paragraph/d/0"
    return {
        "document": {"id": "d"},
        "units": [
            _unit("section", "whole", 0, 400, title="Whole"),
            _unit("section", "intro", 10, 300, title="Intro"),
            _unit("paragraph", "0", 20, 300, parent=f"{ID}section/d/intro"),
            _unit("sentence", "0", 20, 120, parent=paragraph, words=WORDS),
            _unit("sentence", "1", 121, 300, parent=paragraph, page=2),
        ],
        "citations": [
            _citation(1, "Townsend (2013)", 40, "0", "townsend2013smart"),
            _citation(2, "Nobody 2099", 110, "0", None),  # in the words trimmed away
        ],
        "mentions": {f"{ID}sentence/d/0": [SMART], f"{ID}sentence/d/1": [SMART]},
        "labels": [(f"{TECH}SmartCity", "smart city")],
        "anchors": [
            _anchor(f"{ID}claim/d/big", "a long claim about cities", 130, 160),
            _anchor(f"{ID}claim/d/small", "claim about", 137, 148),
            _anchor(f"{TECH}SmartCity", "smart city", 24, 34),
        ],
        "references": [
            {
                "position": 1,
                "work_iri": f"{ID}work/townsend2013smart",
                "work": "townsend2013smart",
                "id": "ref-townsend2013smart",
                "authors": "Townsend",
                "year": "2013",
                "title": "Smart cities",
                "confidence": "high",
                "keys": ["Townsend 2013"],
                "citations": [],
            }
        ],
    }


def test_sections_nest_and_pages_are_marked_once():
    laid = lay_out(_read())
    headings = [(b["title"], b["level"]) for b in laid["blocks"] if b["kind"] == "section"]
    assert headings == [("Whole", 2), ("Intro", 3)]
    (paragraph,) = [b for b in laid["blocks"] if b["kind"] == "paragraph"]
    assert [s["id"] for s in paragraph["sentences"]] == ["s-0", "s-1"]
    assert [s["page_break"] for s in paragraph["sentences"]] == [1, 2]
    assert laid["pages"] == [1, 2]


def test_marks_are_found_again_in_the_kept_words():
    laid = lay_out(_read())
    first = laid["blocks"][2]["sentences"][0]
    marked = [
        (r["text"], bool(r["citation"]), bool(r["concept"]), len(r["anchors"]))
        for r in first["runs"]
    ]
    assert ("smart city", False, True, 1) in marked
    assert ("Townsend (2013)", True, False, 0) in marked
    assert "".join(r["text"] for r in first["runs"]) == WORDS
    (opening,) = [r for r in first["runs"] if r["opens"]]
    assert opening["citation"]["id"] == "c-1"
    # the citation the ellipsis cut off stays beside the sentence, with its id
    assert [c["id"] for c in first["loose"]] == ["c-2"]
    assert first["concepts"] == []  # named in the words, and anchored there


def test_a_sentence_without_words_keeps_its_marks_and_its_quotations():
    laid = lay_out(_read())
    second = laid["blocks"][2]["sentences"][1]
    assert second["runs"] is None
    assert [c["label"] for c in second["concepts"]] == ["smart city"]
    # the smaller quotation lies inside the bigger: shown once, both anchors with it
    (quote,) = second["quotes"]
    assert quote["quote"] == "a long claim about cities"
    assert [a["label"] for a in quote["anchors"]] == ["big", "small"]
    assert {a["label"] for a in second["anchored"]} == {"big", "small"}


def test_references_gather_their_citations_and_the_unresolved_are_listed():
    laid = lay_out(_read())
    (entry,) = laid["references"]
    assert [c["id"] for c in entry["citations"]] == ["c-1"]
    assert [c["id"] for c in laid["unresolved"]] == ["c-2"]
    assert laid["counts"] == {
        "sentences": 2,
        "kept": 1,
        "citations": 2,
        "resolved": 1,
        "mentions": 2,
        "anchors": 3,
    }
