"""Precision, recall and F1 of citation extraction and resolution against a gold file.

A gold file is JSON: ``{"source": ..., "citations": [{"text", "start", "end",
"surnames", "year", "et_al", "locator", "prefix", "narrative", "secondary",
"reference"}, ...]}``, one entry per citation instance, ``reference`` the expected
reference id or null when the citation should stay unresolved.

Extraction: a found instance is right when its ``start`` and ``end`` are a gold
instance's. Resolution: a found instance is right when it is right for extraction
and resolves to the gold ``reference`` (null to null counts: an honestly
unresolved citation is a right answer). Precision divides by what was found,
recall by the gold. For instances found at the right place, the other fields are
compared too and each difference listed, so a test can ask for none.

>>> from kg.ingest.model import Citation, Resolution
>>> gold = [{"start": 0, "end": 9, "text": "Haas 1992", "surnames": ["Haas"],
...          "year": "1992", "reference": "haas1992"}]
>>> found = [Citation("Haas 1992", 0, 9, ("Haas",), "1992"),
...          Citation("Dec 2016", 20, 28, ("Dec",), "2016")]
>>> score = evaluate(found, gold, [Resolution("haas1992", 1.0, ""), Resolution(None, 0.0, "")])
>>> score.extraction.precision, score.extraction.recall, score.resolution.f1
(0.5, 1.0, 0.667)
>>> [c.text for c in score.spurious]
['Dec 2016']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.ingest.model import Citation, Resolution

__all__ = ["Evaluation", "Score", "evaluate", "read_gold"]

#: Fields compared between a found instance and its gold entry, when the gold has them.
FIELDS = ("text", "surnames", "year", "et_al", "locator", "prefix", "narrative", "secondary")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 (rounded to three places) with the counts behind them."""

    correct: int
    found: int
    expected: int

    @property
    def precision(self) -> float:
        return round(self.correct / self.found, 3) if self.found else 1.0

    @property
    def recall(self) -> float:
        return round(self.correct / self.expected, 3) if self.expected else 1.0

    @property
    def f1(self) -> float:
        p = self.correct / self.found if self.found else 1.0
        r = self.correct / self.expected if self.expected else 1.0
        return round(2 * p * r / (p + r), 3) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores and every disagreement: gold instances missed, instances found that the
    gold lacks, wrong resolutions (text, found, expected) and field differences."""

    extraction: Score
    resolution: Score
    missed: list[dict] = field(default_factory=list)
    spurious: list[Citation] = field(default_factory=list)
    misresolved: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``extraction P/R/F1; resolution P/R/F1``."""
        e, r = self.extraction, self.resolution
        return (
            f"extraction P {e.precision:.3f} R {e.recall:.3f} F1 {e.f1:.3f}; "
            f"resolution P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}"
        )


def read_gold(path: Path) -> list[dict]:
    """The gold instances of a gold file, checked for the keys every entry needs."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the gold file: {exc}", where=str(path)) from exc
    entries = data.get("citations") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("a gold file needs a 'citations' list", where=str(path))
    for n, entry in enumerate(entries, start=1):
        missing = {"start", "end", "reference"} - set(entry)
        if missing:
            raise InputError(f"entry {n} lacks {sorted(missing)}", where=str(path))
    return entries


def _value(citation: Citation, name: str):
    value = getattr(citation, name)
    return list(value) if isinstance(value, tuple) else value


def evaluate(
    found: Sequence[Citation],
    gold: Sequence[dict],
    resolutions: Sequence[Resolution] | None = None,
) -> Evaluation:
    """Score ``found`` (with their ``resolutions``, in the same order) against ``gold``.

    Without resolutions, the resolution score counts nothing as resolved correctly.
    """
    by_span = {(g["start"], g["end"]): g for g in gold}
    matched: set[tuple[int, int]] = set()
    result = Evaluation(Score(0, 0, 0), Score(0, 0, 0))
    resolved_right = 0
    for n, citation in enumerate(found):
        span = (citation.start, citation.end)
        entry = by_span.get(span)
        if entry is None or span in matched:
            result.spurious.append(citation)
            continue
        matched.add(span)
        for name in FIELDS:
            if name in entry and _value(citation, name) != entry[name]:
                result.field_errors.append(
                    f"{entry.get('text', span)!s} at {span[0]}: {name} "
                    f"{_value(citation, name)!r}, expected {entry[name]!r}"
                )
        if resolutions is None:
            continue
        got = resolutions[n].reference
        if got == entry["reference"]:
            resolved_right += 1
        else:
            result.misresolved.append((citation.text, got, entry["reference"]))
    result.missed = [g for g in gold if (g["start"], g["end"]) not in matched]
    result.extraction = Score(len(matched), len(found), len(gold))
    result.resolution = Score(resolved_right, len(found), len(gold))
    return result
