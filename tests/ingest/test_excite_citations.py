"""In-text citations on sixteen EXCITE papers (ten to mend by, three held out, two numeric
ones annotated after their callouts were mended, one more held out: 53781, ``(Name:
Year)``), against the gold (``tests/data/excite-citations/``; ``bench/citation_gold.py``
scores, ``bench/results/excite-citations.md`` has the figures per paper).

The papers are read where they are (``../shared/peer-tests/excite``), never copied; the
gold holds only offsets, lines, cited years or numbers, the names as cited and
reference indices. The floors are what the finder reaches, a little under, so that a
change that loses citations fails here; issue 18 aims at 0.95 for both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.citation_gold import GOLD, gold_papers, load_gold, score_all, score_paper
from bench.excite import gold_strings
from kg.ingest.pipeline import read_text

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite"

FOUND_F1 = 0.985  # reached: 0.993 (16 papers)
RESOLUTION = 0.98  # reached: 0.991
LINKED_F1 = 0.97  # reached: 0.983

needs_excite = pytest.mark.skipif(
    not (EXCITE / "papers").is_dir(), reason="../shared/peer-tests/excite is not here"
)


def test_the_gold_covers_sixteen_papers_and_says_how_it_was_made():
    papers = gold_papers()
    assert (
        len(papers) == 16
    )  # ten to mend by, three held out, two numeric ones after, one more held out
    for paper in papers:
        gold = load_gold(paper)
        assert gold["paper"] == paper and gold["style"] and gold["annotated"]
        assert gold["count"] == len(gold["citations"]) > 0
        starts = [c["start"] for c in gold["citations"]]
        assert starts == sorted(starts)
        assert (GOLD / f"{paper}.json").stat().st_size < 40_000  # offsets, not text


@needs_excite
@pytest.mark.parametrize("paper", gold_papers())
def test_each_gold_citation_points_at_its_year_or_number_and_a_gold_reference(paper):
    folder = EXCITE / "papers" / paper
    text, _ = read_text(folder / "text.txt")
    lines = text.split("\n")
    references = gold_strings(folder)
    for citation in load_gold(paper)["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["key"]
        assert citation["key"] in lines[citation["line"] - 1]
        refs = citation["ref"] if isinstance(citation["ref"], list) else [citation["ref"]]
        assert all(ref is None or 0 <= ref < len(references) for ref in refs)


@needs_excite
def test_citations_found_and_resolved_against_the_gold():
    _, total = score_all(EXCITE)
    figures = total.figures()
    assert figures["gold"] == sum(load_gold(p)["count"] for p in gold_papers())
    assert figures["found_prf"]["f1"] >= FOUND_F1
    assert figures["linked_prf"]["f1"] >= LINKED_F1
    assert figures["resolution"]["accuracy"] >= RESOLUTION


NUMERIC_F1 = 0.98  # reached: 1.000 on each of the four numeric papers


@needs_excite
def test_each_numeric_paper_against_the_gold():
    """The papers citing by number (brackets, pages in brackets, Vancouver superscripts
    stuck to words, set off by the extraction or printed as superscript digits) one by
    one: a style the finder misreads shows here, not averaged away."""
    numeric = [
        p for p in gold_papers() if load_gold(p)["style"].startswith(("numeric", "Vancouver"))
    ]
    assert len(numeric) == 4
    for paper in numeric:
        figures = score_paper(EXCITE / "papers" / paper, load_gold(paper)).figures()
        assert figures["found_prf"]["f1"] >= NUMERIC_F1, paper
        assert figures["resolution"]["accuracy"] >= NUMERIC_F1, paper
