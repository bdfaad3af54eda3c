"""The words of a citation as the graph writes them: the CiTO function its sentence's cue
words imply (the table in :mod:`kg.ingest.rdf`), the key it cites by, and a sentence as a
short quotation."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from kg.ingest.model import Citation

__all__ = ["CUES", "cite_function", "cited_key", "quote"]

CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(term|terms|termed|coined|concept of)\b", re.I), "usesConceptIntroducedIn"),
    (re.compile(r"\b(define|defined|defines|definition)\b", re.I), "citesAsAuthority"),
    (re.compile(r"\b(argue|argued|argues|contends?)\b", re.I), "usesConclusionsFrom"),
    (
        re.compile(r"\b(critique|critiques|criticis|criticiz|critical of)", re.I),
        "citesForInformation",
    ),
)


#: a stem of every cue above, in lower case: a sentence with none of them has no cue
_STEMS = ("term", "coined", "concept of", "defin", "argue", "contend", "critiq", "critic")


@lru_cache(maxsize=4096)  # a sentence with several citations is asked about each
def cite_function(sentence_text: str) -> str | None:
    """The CiTO property a sentence's cue words imply, or None.

    >>> cite_function("what Dodge and Kitchin (2007) term 'automated management'")
    'usesConceptIntroducedIn'
    >>> cite_function("(Townsend 2013; Kitchin 2014)") is None
    True
    >>> cite_function("they can run into external critique from academics")
    'citesForInformation'
    """
    if sentence_text.isascii():  # ASCII folds as str.lower does: no cue's stem, no cue
        lowered = sentence_text.lower()
        if not any(stem in lowered for stem in _STEMS):
            return None
    for pattern, prop in CUES:
        if pattern.search(sentence_text):
            return prop
    return None


def quote(text: str, *, focus: int | None = None, max_words: int = 50) -> str:
    """``text`` as a quotation of at most ``max_words`` words, trimmed with an ellipsis
    around the character ``focus`` when it is longer.

    >>> quote("one two three four five", max_words=3, focus=8)
    '… two three four …'
    >>> quote("short enough")
    'short enough'
    """
    plain = text.split()  # the same runs as r"\S+" finds: both split at str.isspace
    if len(plain) <= max_words:
        return " ".join(plain)
    words = list(re.finditer(r"\S+", text))
    at = 0 if focus is None else max(0, bisect.bisect_right([m.start() for m in words], focus) - 1)
    first = min(max(0, at - max_words // 2), len(words) - max_words)
    chosen = " ".join(m.group() for m in words[first : first + max_words])
    return ("… " if first > 0 else "") + chosen + (" …" if first + max_words < len(words) else "")


def cited_key(citation: Citation) -> str:
    """The key a citation writes, normalised: ``Raco and Savini 2018``, ``Kitchin et al. 2017``.

    >>> cited_key(Citation("Sabatier and Jenkins-Smith 1993: 25", 0, 1,
    ...                    ("Sabatier", "Jenkins-Smith"), "1993"))
    'Sabatier and Jenkins-Smith 1993'
    """
    if citation.number is not None:
        return f"[{citation.number}]"
    if citation.kind == "label":  # "[BAUD93]"
        return f"[{citation.text}]"
    if citation.key is not None:  # Pandoc's "[@kitchin2014]"
        return f"@{citation.key}"
    if citation.kind == "title":
        return f"\u201c{citation.surnames[0]}\u201d {citation.year}"
    names = citation.surnames
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    last = citation.locator if citation.kind == "page" else citation.year  # "Jacobs 45"
    return f"{joined}{' et al.' if citation.et_al else ''} {last}"
