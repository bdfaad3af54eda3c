"""In-text citations scored against a hand-checked gold: the citations ``tkg ingest``
finds in an EXCITE paper's ``text.txt`` (the reference list found in the text) against
our own annotation of that paper in ``tests/data/excite-citations/PAPER.json``.

The gold lists every in-text citation of the paper once per cited work: its ``start``
and ``end`` in the text (the cited year as printed, the callout's number, or the word
``ibid.``) and ``ref``, the index of the work in the paper's gold reference list
(``references.txt``, non-empty lines from 0; a list of indices where the gold splits one
entry over two lines), or null for a work the list lacks or cannot tell apart. The files
say how they were annotated.

Scoring, per paper and micro-averaged:

- **found**: a citation found matches a gold one when their spans overlap, one to one
  (a gold citation takes the overlapping one that resolves to its reference first, so
  ``[3-5]``'s three instances meet their three numbers); precision, recall and F1;
- **linked**: the same, counting a match only when it also resolves to the gold
  reference (a gold null: when it resolves to no entry of the gold list);
- **resolution accuracy**: of the matched citations whose gold reference is known, the
  share resolved to it. A found reference is the gold entry its raw text is most like
  (folded as :func:`bench.excite.fold_string` folds, ``difflib`` ratio at least
  :data:`SIMILAR`, or one holding the other), so a list entry split or merged by the
  reader still points where it should.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from bench.excite import fold_string, gold_strings
from kg.ingest.pipeline import analyse, read_text

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "excite-citations"
SIMILAR = 0.6


@dataclass
class Score:
    """Counts of one paper, or of many added up."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    linked: int = 0
    resolvable: int = 0  # matched citations whose gold reference is known
    resolved_right: int = 0
    misses: list[dict] = field(default_factory=list)  # gold citations not found
    extra: list[dict] = field(default_factory=list)  # found citations not in the gold
    wrong: list[dict] = field(default_factory=list)  # matched, resolved elsewhere

    def add(self, other: Score) -> None:
        for name in ("gold", "found", "matched", "linked", "resolvable", "resolved_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(hits: int, found: int, gold: int) -> dict:
        p = hits / found if found else 0.0
        r = hits / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}

    def figures(self) -> dict:
        share = self.resolved_right / self.resolvable if self.resolvable else 0.0
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "found_prf": self._f1(self.matched, self.found, self.gold),
            "linked_prf": self._f1(self.linked, self.found, self.gold),
            "resolution": {
                "right": self.resolved_right,
                "of": self.resolvable,
                "accuracy": round(share, 3),
            },
        }


def gold_papers(gold_dir: Path = GOLD) -> list[str]:
    """The papers with a gold annotation."""
    return sorted(p.stem for p in gold_dir.glob("*.json"))


def load_gold(paper: str, gold_dir: Path = GOLD) -> dict:
    return json.loads((gold_dir / f"{paper}.json").read_text(encoding="utf-8"))


def _gold_index(raw: str, gold: list[str], folded: list[str]) -> int | None:
    """The gold entry a found reference's raw text stands for, if any."""
    text = fold_string(raw)
    best: tuple[float, int] | None = None
    for n, entry in enumerate(folded):
        if text and (entry in text or text in entry):
            ratio = 1.0 if entry == text else 0.95
        else:
            ratio = SequenceMatcher(None, text, entry, autojunk=False).ratio()
        if ratio >= SIMILAR and (best is None or ratio > best[0]):
            best = (ratio, n)
    return best[1] if best else None


def score_paper(folder: Path, gold: dict) -> Score:
    """The citations ingest finds in ``folder/text.txt`` against ``gold``."""
    text, raw = read_text(folder / "text.txt")
    found = analyse(text, doc_id=f"excite{folder.name}", matcher=None, raw=raw)
    strings = gold_strings(folder)
    folded = [fold_string(s) for s in strings]
    by_id = {r.id: _gold_index(r.raw or "", strings, folded) for r in found.references}
    cited = [
        (c, by_id.get(res.reference) if res.reference else None, res.reference is not None)
        for c, res in zip(found.citations, found.resolutions, strict=True)
    ]
    score = Score(gold=len(gold["citations"]), found=len(cited))
    used: set[int] = set()
    for g in gold["citations"]:
        wanted = g["ref"] if isinstance(g["ref"], list) else [g["ref"]]
        overlapping = [
            n
            for n, (c, _, _) in enumerate(cited)
            if n not in used and c.start < g["end"] and g["start"] < c.end
        ]
        if not overlapping:
            score.misses.append(g)
            continue
        right = [n for n in overlapping if cited[n][1] in wanted and cited[n][2]]
        n = (right or overlapping)[0]
        used.add(n)
        score.matched += 1
        c, ref, resolved = cited[n]
        if g["ref"] is None:
            score.linked += ref is None
            continue
        score.resolvable += 1
        if resolved and ref in wanted:
            score.linked += 1
            score.resolved_right += 1
        else:
            score.wrong.append({**g, "found": c.text, "resolved_to": ref})
    score.extra = [
        {"line": text.count("\n", 0, c.start) + 1, "text": c.text, "kind": c.kind}
        for n, (c, _, _) in enumerate(cited)
        if n not in used
    ]
    return score


def score_all(data: Path, gold_dir: Path = GOLD) -> tuple[dict[str, Score], Score]:
    """Every annotated paper's score, and their sum (micro-averaged figures)."""
    papers = {
        p: score_paper(data / "papers" / p, load_gold(p, gold_dir)) for p in gold_papers(gold_dir)
    }
    total = Score()
    for score in papers.values():
        total.add(score)
    return papers, total
