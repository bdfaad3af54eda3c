"""Marks laid into the words the store keeps of a unit of text: citations, concept mentions
and anchors, found again in those words and cut into runs for a page to show.

The store keeps a sentence's words as ingest read them (whitespace folded, a line-break
hyphen judged, a long sentence trimmed to a quotation with an ellipsis), while the marks
carry offsets into the original text file. The offsets cannot be carried over into words
that were cleaned, so each mark is found again by what it says: a citation by its words,
an anchor by its quotation (whitespace and line-break hyphens loosened), a concept by its
labels, matched as ingest matched them (:class:`kg.ingest.mentions.ConceptMatcher`). What
is not found (trimmed away, say) is left to the caller to show beside the unit.

>>> words = "As Vanolo (2015) terms it, smartmentality rules."
>>> spans = [Span(*locate(words, "Vanolo (2015)"), "citation", "c1"),
...          Span(*locate(words, "terms it,\\nsmart-mentality"), "anchor", "a1")]
>>> for run in runs(words, spans):
...     print(repr(run.text), run.citation, run.anchors)
'As ' None ()
'Vanolo (2015)' c1 ()
' ' None ()
'terms it, smartmentality' None ('a1',)
' rules.' None ()
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.ingest.mentions import ConceptMatcher

__all__ = ["Run", "Span", "find_concepts", "locate", "runs"]


@dataclass(frozen=True)
class Span:
    """A mark found in the words: ``start``-``end`` (offsets into the words), its kind
    (``citation``, ``concept`` or ``anchor``) and what it marks."""

    start: int
    end: int
    kind: str
    what: Any


@dataclass(frozen=True)
class Run:
    """A stretch of the words under the same marks: at most one citation (or else one
    concept) and any number of anchors; ``opens`` is the citation that starts here."""

    text: str
    citation: Any = None
    concept: Any = None
    anchors: tuple[Any, ...] = ()
    opens: bool = False


@lru_cache(maxsize=4096)
def _pattern(needle: str) -> re.Pattern[str] | None:
    parts = []
    for token in re.findall(r"\s+|-\s*|[^\s-]+", needle.strip()):
        if token[0].isspace():
            parts.append(r"\s+")
        elif token[0] == "-":
            parts.append(r"-?\s*")  # a hyphen at a line break may be gone, or kept
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts)) if parts else None


def locate(words: str, needle: str, after: int = 0) -> tuple[int, int] | None:
    """Where ``needle`` stands in ``words`` (whitespace loosened, a hyphen optional),
    looked for from ``after`` on, then from the start; None if it is not there.

    >>> locate("the real-time city (Kitchin 2014)", "real-\\ntime city")
    (4, 18)
    >>> locate("short words …", "a quotation trimmed away") is None
    True
    """
    pattern = _pattern(needle)
    if pattern is None:
        return None
    found = pattern.search(words, after) or (pattern.search(words) if after else None)
    return (found.start(), found.end()) if found else None


def find_concepts(
    words: str, terms: Iterable[str], matcher: ConceptMatcher
) -> list[tuple[int, int, str]]:
    """Where ``words`` name one of ``terms`` (the concepts the store says the unit
    mentions), found by ``matcher`` as ingest found them (one matcher for a document).

    >>> matcher = ConceptMatcher([("t:S", "smart city"), ("t:L", "living lab")])
    >>> find_concepts("Smart cities and the smart city's living lab", ["t:S"], matcher)
    [(0, 12, 't:S'), (21, 31, 't:S')]
    """
    wanted = set(terms)
    return [(m.start, m.end, m.term) for m in matcher.find(words) if m.term in wanted]


def runs(words: str, spans: Iterable[Span]) -> list[Run]:
    """``words`` cut where any mark starts or ends: each run with the citation over it
    (or, where none, the concept), and the anchors over it, in order."""
    marks = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(words)), key=lambda s: (s.start, -s.end)
    )
    cuts = sorted({0, len(words), *(s.start for s in marks), *(s.end for s in marks)})
    out: list[Run] = []
    for a, b in itertools.pairwise(cuts):
        over = [s for s in marks if s.start <= a and b <= s.end]
        citation = next((s for s in over if s.kind == "citation"), None)
        concept = next((s.what for s in over if s.kind == "concept"), None)
        anchors = tuple(dict.fromkeys(s.what for s in over if s.kind == "anchor"))
        out.append(
            Run(
                words[a:b],
                citation=citation.what if citation else None,
                concept=None if citation else concept,
                anchors=anchors,
                opens=citation is not None and citation.start == a,
            )
        )
    return out
