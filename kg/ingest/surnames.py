"""How a surname as cited stands for a surname as published, for :mod:`kg.ingest.resolve`:
folded for case, diacritics and spacing, without particles, a given name before it, part
of a compound or corporate name, an acronym, a misspelling (the weights are in that
module's table).

>>> names_match(Citation("Ostrom 1990", 0, 11, ("Ostrom",), "1990"), ("Ostrom", "Walker"))
(0.8, ['cited 1 of 2 authors'])
>>> name_match("AL-Rab", "Jad AL-Rab")
(0.9, 'AL-Rab for Jad AL-Rab (part of the name)')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from kg.bib.citekeys import fold as _fold_name
from kg.ingest.model import Citation

__all__ = ["fold", "name_match", "name_words", "names_match", "opens_with", "who"]

MISSPELLING = 0.8  # the least difflib ratio of two folded surnames read as one
_PARTICLES = frozenset(
    "de da das do dos du des del della der den di van von la le ter ten af av zu y".split()  # noqa: SIM905
)


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """:func:`kg.bib.citekeys.fold`, memoised: the same surnames come back many times."""
    return _fold_name(name)


@lru_cache(maxsize=1 << 16)
def _core(name: str) -> str:
    """A surname folded, without leading particles (``de Certeau`` → ``certeau``)."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _PARTICLES:
        words = words[1:]
    return fold(" ".join(words))


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> list[str]:
    """A name's words folded, hyphens and a parenthesis's marks read as spaces."""
    spaced = re.sub(r"[-()]", " ", name)
    return [w for w in (fold(word) for word in spaced.split()) if w]


def _run_in(run: list[str], words: list[str]) -> bool:
    """Whether ``run`` stands in ``words`` as a contiguous stretch."""
    return any(words[k : k + len(run)] == run for k in range(len(words) - len(run) + 1))


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


@lru_cache(maxsize=1 << 16)
def name_match(cited: str, published: str) -> tuple[float, str] | None:
    """How well one cited surname stands for one published surname, and the note.
    Pure, so memoised: a corpus compares the same names again and again."""
    if fold(cited) == fold(published) or _core(cited) == _core(published):
        same = cited.casefold() == published.casefold()
        return 1.0, "" if same else f"{cited} for {published}"
    given = cited.split()
    for k in range(1, len(given)):  # "Elinor Ostrom", "Gerald GEISON": a given name first
        tail = " ".join(given[k:])
        if fold(tail) == fold(published) or _core(tail) == _core(published):
            return 0.95, f"{cited} for {published} (given name and surname)"
    words = name_words(published)
    if len(words) > 1 and fold(cited) in words:
        return 0.95, f"{cited} for {published} (part of a compound surname)"
    cited_words = name_words(cited)
    if len(cited_words) > 1 and _run_in(cited_words, words):
        # "AL-Rab" for "Jad AL-Rab", "Wirtschaft Köln" for "Institut der deutschen ..."
        return 0.9, f"{cited} for {published} (part of the name)"
    if len(words) > 1 and cited_words[: len(words)] == words:
        # "Egerton University PRA Field Handbook (2000)": the author and a title
        return 0.85, f"{cited} for {published} (the name and more words)"
    if 2 <= len(cited) <= 8 and cited.isupper() and cited == _acronym(published):
        return 0.9, f"{cited} as the acronym of {published}"
    a, b = fold(cited), fold(published)
    if (
        min(len(a), len(b)) >= 4
        and _bound(min(len(a), len(b)), a, b) >= MISSPELLING  # cheap upper bounds first
        and _bound(_shared(a, b), a, b) >= MISSPELLING
        and SequenceMatcher(None, a, b).ratio() >= MISSPELLING
    ):
        return 0.8, f"{cited} read as {published} (misspelling)"
    return None


def _bound(matches: int, a: str, b: str) -> float:
    """A ratio as difflib computes it from a count of matching characters: with the
    shorter length, its ``real_quick_ratio``; with :func:`_shared`, its ``quick_ratio``
    (no matcher made for the many pairs these bounds rule out)."""
    return 2.0 * matches / (len(a) + len(b))


def _shared(a: str, b: str) -> int:
    """The characters ``a`` and ``b`` have in common, counted with repeats.

    >>> _shared("kitchin", "kitchen"), _shared("aab", "abb")
    (6, 2)
    """
    shared = 0
    for char in set(a).intersection(b):
        here, there = a.count(char), b.count(char)
        shared += here if here < there else there
    return shared


def names_match(citation: Citation, published: Sequence[str]) -> tuple[float, list[str]] | None:
    """The surnames' weight and notes, or None when they do not stand for ``published``."""
    if not published or not citation.surnames:
        return None
    used: list[int] = []
    score, notes = 1.0, []
    for cited in citation.surnames:
        best: tuple[float, int, str] | None = None
        for n, name in enumerate(published):
            found = None if n in used else name_match(cited, name)
            if found and (best is None or found[0] > best[0]):
                best = (found[0], n, found[1])
        if best is None:
            return None
        used.append(best[1])
        score *= best[0]
        if best[2]:
            notes.append(best[2])
    cited_n, published_n = len(citation.surnames), len(published)
    if used != sorted(used) or used[0] != 0:
        if len(used) != published_n:
            return None  # a later author cited alone does not stand for the work
        score *= 0.85
        notes.append(
            f"cited as {' and '.join(citation.surnames)}, published as {' and '.join(published)}"
        )
    if citation.et_al and published_n <= cited_n:
        score *= 0.8
        notes.append(f"cited with et al., the work has {published_n} author(s)")
    elif citation.et_al and published_n == 2 and cited_n == 1:
        score *= 0.9  # the styles that write "et al." name both of two authors
        notes.append("cited with et al., the work has two authors")
    elif not citation.et_al and published_n > cited_n:
        score *= 0.8
        notes.append(f"cited {cited_n} of {published_n} authors")
    return score, notes


def opens_with(words: list[str], name: str) -> bool:
    """Whether an entry's words open with ``name`` (its leading particles aside: ``de
    Certeau, Michel`` opens with ``Certeau``), as a list's first author does."""
    cited = name_words(name)
    if words[: len(cited)] == cited:
        return True
    k = 0
    while k < len(words) and words[k] in _PARTICLES:
        k += 1
    return words[k : k + len(cited)] == cited


def who(citation: Citation) -> str:
    return " and ".join(citation.surnames) + (" et al." if citation.et_al else "")
