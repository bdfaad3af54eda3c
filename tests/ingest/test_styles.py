"""Texts in other author-year styles, each with its bibliography in CSL-JSON, BibTeX and
RIS: citations found and resolved as the gold says, whatever the bibliography's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.bib.bibtex import to_bibtex
from kg.bib.ris import to_ris
from kg.ingest.evaluate import evaluate, read_gold
from kg.ingest.pipeline import analyse
from kg.ingest.references import read_bibliography

DATA = Path(__file__).parents[1] / "data" / "citations"
STYLES = sorted(p.name.removesuffix(".txt") for p in DATA.glob("*.txt"))
WRITERS = {"csl": lambda items: json.dumps(items), "bibtex": to_bibtex, "ris": to_ris}


def test_there_are_texts_in_four_styles():
    assert len(STYLES) >= 4


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("style", STYLES)
def test_style_in_every_bibliography_format(style, fmt):
    items = json.loads((DATA / f"{style}.csl.json").read_text(encoding="utf-8"))
    bib = WRITERS[fmt](items)
    text = (DATA / f"{style}.txt").read_text(encoding="utf-8")
    found = analyse(text, doc_id=style, matcher=None, bib=bib, text_name=f"{style}.txt")
    score = evaluate(found.citations, read_gold(DATA / f"{style}.gold.json"), found.resolutions)
    assert score.extraction.f1 >= 0.95, (score.missed, score.spurious)
    assert score.resolution.f1 >= 0.95, score.misresolved


@pytest.mark.parametrize("fmt", ["bibtex", "ris"])
@pytest.mark.parametrize("style", STYLES)
def test_exported_bibliographies_read_back_the_same(style, fmt):
    items = json.loads((DATA / f"{style}.csl.json").read_text(encoding="utf-8"))
    original = {r.id: (r.surnames, r.year) for r in read_bibliography(json.dumps(items))}
    again = {r.id: (r.surnames, r.year) for r in read_bibliography(WRITERS[fmt](items))}
    assert again == original
