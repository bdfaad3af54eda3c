"""Citations that only the reference list makes citations (issue 18's unseen forms).

- **A surname in lower case**: ``(hooks 1994)``. The author-date reader takes names in
  capitals only, so that ordinary words never become authors; a surname the list writes
  in lower case (``hooks, b. 1994.``) is read as one where the list has it, and nowhere
  else (:func:`lower_case_view`).
- **Initials in a parenthesis**: ``(Smith, J. 2010)``, ``(Tronto, J. C. & Fisher, B.
  1990)``: the initials are read past as blank space (:func:`initials_view`).
- **A year in prose**: ``Ostrom's 1990 study``, ``in Harvey's 2003 book``: a possessive
  and a bare year are a citation where the list has a work of that first author and that
  year (:func:`prose_years`); so is ``Sampson et al.'s 1997 survey``.

Each view has the text's length, so offsets into it are offsets into the text.

>>> refs = [Reference("h", ("hooks",), 1994), Reference("o", ("Ostrom",), 1990)]
>>> lower_case_view("see hooks (hooks 1994)", refs)
'see Hooks (Hooks 1994)'
>>> initials_view("as shown (Smith, J. 2010; Lee, A. B. & Wu, C. 2011).")
'as shown (Smith,    2010; Lee,      & Wu,    2011).'
>>> [(c.text, c.year) for c in prose_years("Ostrom's 1990 study, Ostrom's 1991 one", refs)]
[("Ostrom's 1990", '1990')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.ingest.citations import _PARTICLES, _STOPWORDS, _clean
from kg.ingest.model import Citation, Reference

__all__ = ["bare_years", "initials_view", "lower_case_view", "prose_years", "restore"]

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"
# initials after a surname's comma, before a year, a joiner or the next name
_INITIALS = re.compile(
    rf"(?<=[^\W\d_],)(\s+(?:[{_CAP}]\.[\s-]?){{1,4}})(?=\s*(?:[(\[]?{_YEAR}|&|and\b|und\b|;))"
)
_PARENTHESIS = re.compile(r"\([^()]{4,400}\)")
#: what every citation :func:`prose_years` finds holds: a possessive, spaces and a year
_POSSESSIVE_YEAR = re.compile(rf"['’]s?\s+{_YEAR}")


def _lower_names(references: Sequence[Reference]) -> set[str]:
    """Surnames the list writes in lower case that are no particle or common word."""
    names = set()
    for ref in references:
        for name in ref.surnames:
            if (
                re.fullmatch(r"[a-zß-ÿ][a-zß-ÿ'’-]{2,}", name)
                and name not in _PARTICLES
                and name not in _STOPWORDS
            ):
                names.add(name)
    return names


def lower_case_view(text: str, references: Sequence[Reference]) -> str:
    """``text`` with each surname the list writes in lower case capitalised."""
    names = _lower_names(references)
    if not names:
        return text
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
    return pattern.sub(lambda m: m.group().capitalize(), text)


def initials_view(text: str) -> str:
    """``text`` with the initials after a surname inside a parenthesis made blank."""

    def blank(found: re.Match[str]) -> str:
        return _INITIALS.sub(lambda m: re.sub(r"\S", " ", m.group()), found.group())

    return _PARENTHESIS.sub(blank, text)


def restore(citations: Sequence[Citation], text: str, view: str) -> list[Citation]:
    """``citations`` read in ``view`` with their text and names as ``text`` has them."""
    if view == text:
        return list(citations)
    out = []
    for c in citations:
        if text[c.start : c.end] != view[c.start : c.end]:
            original = _clean(text[c.start : c.end])
            lowered = {n: n[:1].lower() + n[1:] for n in c.surnames}
            names = tuple(lowered[n] if lowered[n] in original.split() else n for n in c.surnames)
            c = replace(c, text=original, surnames=names)
        out.append(c)
    return out


def prose_years(
    text: str, references: Sequence[Reference], *, start: int = 0, end: int | None = None
) -> list[Citation]:
    """Citations of a possessive and a bare year in prose (``Ostrom's 1990 study``), where
    the list has a work of that first author and that year."""
    works = _by_first_author(references)
    stop = len(text) if end is None else end
    if not works or _POSSESSIVE_YEAR.search(text, start, stop) is None:
        return []  # most texts have no possessive before a year: no pattern of names made
    pattern = re.compile(
        rf"(?<![\w-])(?P<name>{_alternatives(works)})(?P<al>\s+et\s+al\.?)?(?:'s|’s|'|’)\s+"
        rf"(?P<year>{_YEAR}[a-z]?)(?![\w/–-])"
    )
    found = []
    for m in pattern.finditer(text, start, stop):
        name, year = m.group("name"), m.group("year")
        years = {f"{r.year}{r.year_suffix}" for r in works[name]}
        if year in years or year[:4] in years:
            found.append(
                Citation(
                    _clean(m.group()),
                    m.start(),
                    m.end(),
                    (name,),
                    year,
                    et_al=bool(m.group("al")),
                    narrative=True,
                    group=m.span(),
                    kind="prose",
                )
            )
    return found


def bare_years(
    text: str, references: Sequence[Reference], *, start: int = 0, end: int | None = None
) -> list[Citation]:
    """Citations of names and a year outside any parenthesis (``As Mattern 2017 shows``,
    a note's ``Mattern 2017, 22.``, ``Sadowski and Pasquale 2015``), where the list has a
    work of that first author, that year, and the second author named.

    >>> refs = [Reference("mattern2017", ("Mattern",), 2017),
    ...         Reference("sadowski2015", ("Sadowski", "Pasquale"), 2015)]
    >>> text = "As Mattern 2017 shows, and Sadowski and Pasquale 2015; not Mattern 2016."
    >>> [(c.surnames, c.year) for c in bare_years(text, refs)]
    [(('Mattern',), '2017'), (('Sadowski', 'Pasquale'), '2015')]
    """
    works = _by_first_author(references)
    if not works:
        return []
    pattern = re.compile(
        rf"(?<![\w'’-])(?P<name>{_alternatives(works)})(?:(?P<al>\s+et\s+al\.?)|\s+(?:and|&)\s+"
        rf"(?P<second>[A-ZÀ-Þ][\w'’-]+))?,?\s+(?P<year>{_YEAR})(?P<suffix>[a-z])?(?![\w/–-])"
    )
    stop = len(text) if end is None else end
    found = []
    for m in pattern.finditer(text, start, stop):
        name, second, year = m.group("name"), m.group("second"), m.group("year")
        suffix = m.group("suffix") or ""
        fits = [
            r
            for r in works[name]
            if str(r.year) == year
            and (not suffix or r.year_suffix == suffix)
            and (second is None or second in r.surnames[1:2])
            and (not m.group("al") or len(r.surnames) > 2 or not r.surnames[1:])
        ]
        if not fits:
            continue
        found.append(
            Citation(
                _clean(m.group()),
                m.start(),
                m.end(),
                (name, second) if second else (name,),
                year + suffix,
                et_al=bool(m.group("al")),
                narrative=True,
                group=m.span(),
                kind="prose",
            )
        )
    return found


def _by_first_author(references: Sequence[Reference]) -> dict[str, list[Reference]]:
    """The dated works of the list by their first author's surname."""
    works: dict[str, list[Reference]] = {}
    for ref in references:
        if ref.surnames and ref.year:
            works.setdefault(ref.surnames[0], []).append(ref)
    return works


def _alternatives(works: dict[str, list[Reference]]) -> str:
    """The surnames as a pattern's alternatives, the longest first."""
    return "|".join(map(re.escape, sorted(works, key=len, reverse=True)))
