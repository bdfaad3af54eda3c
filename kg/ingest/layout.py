"""A document read back (:func:`kg.ingest.reading.read_document`) laid out for reading:
sections as headings, paragraphs of sentences, tables, then footnotes, in text order; each
unit with its marks laid into the words the store keeps (:mod:`kg.ingest.marks`), and
beside it what could not be laid in.

Every sentence, footnote and table holds the citations, concept mentions and anchors that
fall in it: a citation where its sentence (its context) or its offsets say, an anchor at
its first character, a mention where ingest found it. A unit whose words the store does
not keep (by default only the citing sentences keep theirs) still has its number, page,
marks and the quotations of its anchors, so that it can be linked to and read in part.

>>> laid = lay_out({"document": {"id": "d"}, "units": [], "citations": [], "mentions": {},
...                 "labels": [], "anchors": [], "references": []})
>>> laid["blocks"], laid["counts"]["sentences"]
([], 0)
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Any

from kg.ingest.marks import Span, find_concepts, locate, runs
from kg.ingest.mentions import ConceptMatcher
from kg.ingest.reading import read_document
from kg.store import Store
from kg.store.named import NamedQuery

__all__ = ["laid_out", "lay_out"]

_HOLDERS = ("sentence", "footnote", "table")


def _quotes(anchors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The anchors' quotations of a unit without its words, each once: a quotation inside
    another is not repeated, its anchors go with the one around it."""
    shown: list[dict[str, Any]] = []
    for anchor in sorted(anchors, key=lambda a: (a["start"], -a["end"])):
        around = next(
            (q for q in shown if q["start"] <= anchor["start"] and anchor["end"] <= q["end"]),
            None,
        )
        if around is None:
            shown.append({**anchor, "anchors": [anchor]})
        elif anchor not in around["anchors"]:
            around["anchors"].append(anchor)
    return shown


def _by_thing(anchors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({a["iri"]: a for a in anchors}.values())


def _mark(unit: dict[str, Any], matcher: ConceptMatcher) -> None:
    """Lay the unit's marks into its words; what is not found is left beside them."""
    terms = {c["iri"]: c for c in unit["terms"]}
    words = unit["words"]
    unit["anchored"] = _by_thing(unit["anchors"])
    anchored = {a["iri"] for a in unit["anchored"]}
    unit["quotes"] = []
    if not words:
        unit["runs"] = None
        unit["loose"] = unit["citations"]
        unit["concepts"] = [c for iri, c in terms.items() if iri not in anchored]
        unit["quotes"] = _quotes(unit["anchors"])
        return
    spans: list[Span] = []
    loose, cursor = [], 0
    for n, citation in enumerate(unit["citations"]):
        found = locate(words, citation["text"], cursor)
        if found is None:
            loose.append(citation)
            continue
        spans.append(Span(*found, "citation", n))
        cursor = found[1]
    named = set()
    for start, end, term in find_concepts(words, terms, matcher):
        spans.append(Span(start, end, "concept", term))
        named.add(term)
    for n, anchor in enumerate(unit["anchors"]):
        found = locate(words, anchor["quote"])
        if found is not None:
            spans.append(Span(*found, "anchor", n))
    unit["runs"] = [
        {
            "text": run.text,
            "citation": None if run.citation is None else unit["citations"][run.citation],
            "concept": terms.get(run.concept) if run.concept else None,
            "anchors": [unit["anchors"][n] for n in run.anchors],
            "opens": run.opens,
        }
        for run in runs(words, spans)
    ]
    unit["loose"] = loose
    unit["concepts"] = [c for iri, c in terms.items() if iri not in named | anchored]


class _Places:
    """Which unit holds an offset: a footnote or table around it, else the sentence."""

    def __init__(self, units: Sequence[dict[str, Any]]) -> None:
        self.notes = [u for u in units if u["kind"] in ("footnote", "table")]
        self.sentences = [u for u in units if u["kind"] == "sentence"]
        self.starts = [u["start"] for u in self.sentences]
        self.sections = sorted(
            (u for u in units if u["kind"] == "section"), key=lambda u: u["start"]
        )

    def at(self, offset: int) -> dict[str, Any] | None:
        inside = [u for u in self.notes if u["start"] <= offset < u["end"]]
        if inside:
            return min(inside, key=lambda u: u["end"] - u["start"])
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.sentences[i]["end"]:
            return self.sentences[i]
        return None

    def heading(self, offset: int) -> dict[str, Any] | None:
        before = [s for s in self.sections if s["start"] <= offset]
        return before[-1] if before else None


def _level(section: Mapping[str, Any], sections: Sequence[Mapping[str, Any]]) -> int:
    around = sum(
        1
        for other in sections
        if other is not section
        and other["start"] <= section["start"]
        and section["end"] <= other["end"]
        and (other["start"], -other["end"]) < (section["start"], -section["end"])
    )
    return min(2 + around, 4)


def _blocks(units: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Headings, paragraphs (of sentences) and tables in text order; sentences outside
    any paragraph grouped as one where they follow each other."""
    sections = [u for u in units if u["kind"] == "section"]
    paragraphs = {u["iri"]: {**u, "sentences": []} for u in units if u["kind"] == "paragraph"}
    items: list[dict[str, Any]] = [{**s, "level": _level(s, sections)} for s in sections]
    items += [u for u in units if u["kind"] == "table"]
    loose: list[dict[str, Any]] = []
    for unit in units:
        if unit["kind"] != "sentence":
            continue
        paragraph = paragraphs.get(unit["parent"] or "")
        if paragraph is not None:
            paragraph["sentences"].append(unit)
        else:
            loose.append(unit)
    items += [p for p in paragraphs.values() if p["sentences"]]
    items += [{"kind": "paragraph", "start": s["start"], "sentences": [s]} for s in loose]
    items.sort(key=lambda b: (b["start"], b["kind"] != "section"))
    blocks: list[dict[str, Any]] = []
    for item in items:  # runs of loose sentences become one paragraph
        previous = blocks[-1] if blocks else None
        if (
            previous is not None
            and item["kind"] == previous["kind"] == "paragraph"
            and "iri" not in item
            and "iri" not in previous
        ):
            previous["sentences"] += item["sentences"]
        else:
            blocks.append(item)
    return blocks


def _page_breaks(blocks: Sequence[Mapping[str, Any]]) -> list[int]:
    """Mark the first unit of each page (``page_break``); the pages, in order."""
    seen: list[int] = []
    for block in blocks:
        holders = block.get("sentences") or ([block] if block["kind"] == "table" else [])
        for unit in holders:
            page = unit.get("page")
            unit["page_break"] = page if page is not None and page not in seen else None
            if unit["page_break"] is not None:
                seen.append(page)
    return seen


def lay_out(read: Mapping[str, Any]) -> dict[str, Any]:
    """The page's view of a document read back: ``blocks`` (headings, paragraphs,
    tables), ``footnotes``, ``references`` (each entry with the citations resolving to
    it), ``unresolved`` citations, ``notes`` (marks no unit holds), ``pages``, ``counts``."""
    units = [dict(u) for u in read["units"]]
    holders = [u for u in units if u["kind"] in _HOLDERS]
    for unit in holders:
        unit.update(
            citations=[], anchors=[], terms=read["mentions"].get(unit["iri"], []), page_break=None
        )
    for section in (u for u in units if u["kind"] == "section"):
        section.update(anchors=[])
    by_iri = {u["iri"]: u for u in holders}
    places = _Places(units)
    notes: dict[str, list[dict[str, Any]]] = {"citations": [], "anchors": []}
    entries = {e["work_iri"]: e for e in read["references"] if e["work_iri"]}
    for citation in read["citations"]:
        entry = entries.get(citation["work_iri"] or "")
        citation["entry"] = (
            {k: entry[k] for k in ("id", "position", "authors", "year", "title")} if entry else None
        )
        if entry is not None:
            entry["citations"].append(citation)
        held = places.at(citation["start"])
        if held is None or held["kind"] == "sentence":
            held = by_iri.get(citation["context"] or "") or held
        (held["citations"] if held else notes["citations"]).append(citation)
    for anchor in read["anchors"]:
        held = places.at(anchor["start"]) or places.heading(anchor["start"])
        (held["anchors"] if held else notes["anchors"]).append(anchor)
    matcher = ConceptMatcher(read["labels"])  # built once: the labels of the kept sentences
    for unit in holders:
        _mark(unit, matcher)
    for section in (u for u in units if u["kind"] == "section"):
        section["anchored"] = _by_thing(section["anchors"])
    blocks = _blocks(units)
    sentences = [u for u in holders if u["kind"] == "sentence"]
    citations = read["citations"]
    return {
        "document": read["document"],
        "blocks": blocks,
        "footnotes": sorted(
            (u for u in holders if u["kind"] == "footnote"), key=lambda u: u["start"]
        ),
        "references": read["references"],
        "unresolved": [c for c in citations if not c["work_iri"]],
        "notes": {"citations": notes["citations"], "anchors": _by_thing(notes["anchors"])},
        "pages": _page_breaks(blocks),
        "counts": {
            "sentences": len(sentences),
            "kept": sum(1 for s in sentences if s["words"]),
            "citations": len(citations),
            "resolved": sum(1 for c in citations if c["work_iri"]),
            "mentions": sum(len(u["terms"]) for u in holders),
            "anchors": len(read["anchors"]),
        },
    }


def laid_out(
    store: Store, doc: str, queries: Mapping[str, NamedQuery] | None = None
) -> dict[str, Any]:
    """The ingested document ``doc`` read back and laid out (:func:`lay_out`), in one call
    that a query worker can run; ``NotFoundError`` for a document the store lacks."""
    return lay_out(read_document(store, doc, queries))
