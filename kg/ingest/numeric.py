"""Numeric callouts (``[3]``, ``[3-5]``, ``[3, 7]``, ``[e.g. 3, 7]``, superscript-like
``word3``) and their resolution to a numbered reference list; and a title cited as its
author.

A callout is read only where a list is numbered: its entries carry the number the list
prints (CSL ``citation-number``), so ``[3]`` is the entry numbered 3. Brackets are read
when every number in them is from 1 to the list's highest (``[sic]``, ``[1972]`` or
``[300]`` are not callouts), a signal (``e.g.``, ``see``, ``cf.``) before them and line
breaks between them allowed; a number the list lacks stays unresolved. Digits stuck to a
word (``care.7``, ``condition2,``) are read only when the text has neither author-date
citations nor bracketed callouts, a word of two or more letters not all capitals precedes
them, and a capitalised one only across punctuation (``COVID19``, ``H1N1``, ``v7i3`` and
an author's affiliation ``Porto1`` are no callouts, nor is ``name23@`` in an e-mail
address). A range gives one instance per number; each instance's offsets are its own
number's, the range's for the numbers inside.

>>> refs = [Reference(f"r{n}", ("X",), 2000, csl={"citation-number": str(n)}) for n in (1, 2, 3)]
>>> [(c.text, c.number) for c in find_callouts("as shown [1, 3] and [2-3].", refs)]
[('1', 1), ('3', 3), ('2', 2), ('3', 3)]
>>> by_number_or_title(Citation("3", 0, 1, (), "", number=3, kind="numeric"), refs).reference
'r3'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from kg.ingest.model import Citation, Reference, Resolution

__all__ = ["by_number_or_title", "find_callouts", "numbered"]

_BRACKET = re.compile(
    r"\[(?:(?:e\.\s?g\.|see(?:\s+also)?|cf\.)[,:]?\s+)?"
    r"(?P<body>\d{1,3}(?:\s*[-–,;]\s*\d{1,3})*)\]"
)
_SUPERSCRIPT = re.compile(
    r"(?P<word>[^\W\d_]{2,})(?P<punct>[.,;:)’”\"]?)"
    r"(?P<body>\d{1,3}(?:[-–,]\d{1,3})*)(?![\w@-])(?![.,]\d)"
)
_NUMBER = re.compile(r"\d{1,3}")


def numbered(references: Sequence[Reference]) -> dict[int, Reference]:
    """The entries of a numbered list by their number; empty when the list is not
    numbered (fewer than half its entries carry one)."""
    found: dict[int, Reference] = {}
    for reference in references:
        number = str(reference.csl.get("citation-number") or "")
        if number.isdigit():
            found.setdefault(int(number), reference)
    return found if len(found) * 2 >= len(references) > 0 else {}


def _instances(body: str, at: int, known: dict[int, Reference], group: tuple[int, int]):
    """One citation per number of a callout's ``body`` (which starts at ``at``), or none
    when a number is not in the list or a range runs backwards."""
    numbers = [(int(m[0]), at + m.start(), at + m.end()) for m in _NUMBER.finditer(body)]
    top = max(known)
    found: list[Citation] = []
    for k, (number, start, end) in enumerate(numbers):
        if not 1 <= number <= top:
            return []
        between = body[numbers[k - 1][2] - at : start - at] if k else ""
        if k and ("-" in between or "–" in between):
            low = numbers[k - 1][0]
            if not low < number <= low + 50:
                return []
            for inner in range(low + 1, number):
                found.append(_callout(str(inner), numbers[k - 1][1], end, inner, group))
        found.append(_callout(str(number), start, end, number, group))
    return found


def _callout(text: str, start: int, end: int, number: int, group: tuple[int, int]) -> Citation:
    return Citation(
        text, start, end, (), "", number=number, kind="numeric", group=group, narrative=False
    )


def _blank(text: str, exclude: Iterable[tuple[int, int]]) -> str:
    """``text`` with the ``exclude`` spans made spaces, offsets kept."""
    pieces: list[str] = []
    at = 0
    for a, b in sorted(exclude):
        a, b = max(a, at), min(b, len(text))
        if a < b:
            pieces += (text[at:a], " " * (b - a))
            at = b
    pieces.append(text[at:])
    return "".join(pieces)


def find_callouts(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    author_date: bool = False,
) -> list[Citation]:
    """The numeric callouts of ``text[start:end]`` that a numbered list in ``references``
    resolves (a number it lacks but below its highest is kept: an entry the list reader
    merged or missed); ``author_date`` says the text already has author-date citations
    (then no superscript-like numbers are read)."""
    known = numbered(references)
    if not known:
        return []
    stop = len(text) if end is None else min(end, len(text))
    view = _blank(text, exclude)
    found: list[Citation] = []
    for m in _BRACKET.finditer(view, start, stop):
        found += _instances(m.group("body"), m.start("body"), known, m.span())
    if found or author_date:
        return found
    for m in _SUPERSCRIPT.finditer(view, start, stop):
        word = m.group("word")
        if word.isupper() or (word[0].isupper() and not m.group("punct")):
            continue  # COVID19; a name with its affiliation's number (Porto1)
        found += _instances(m.group("body"), m.start("body"), known, m.span("body"))
    return found


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"\w+", text.casefold())


def _by_title(citation: Citation, references: Sequence[Reference]) -> Resolution:
    cited = _words(citation.surnames[0]) if citation.surnames else []
    best: tuple[float, Reference] | None = None
    for reference in references:
        title = _words(reference.title or reference.csl.get("title") or "")
        if not cited or not title:
            continue
        n = min(len(cited), len(title))
        if title[:n] != cited[:n] or n < min(len(cited), 3):
            continue
        score = 1.0 if str(reference.year) == citation.year[:4] else 0.7
        if best is None or score > best[0]:
            best = (score, reference)
    if best is None:
        return Resolution(None, 0.0, f"no work titled {citation.surnames[0]!r} in the bibliography")
    score, reference = best
    reason = "cited by the start of its title"
    if score < 1.0:
        reason += f"; cited year {citation.year}, published {reference.year}"
    return Resolution(reference.id, round(score * 0.9, 2), reason)


def by_number_or_title(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The resolution of a numeric callout or of a title cited as its author; None for a
    citation of any other kind, which :func:`kg.ingest.resolve.resolve` weighs by name."""
    if citation.kind == "title":
        return _by_title(citation, references)
    if citation.number is None:
        return None
    reference = numbered(references).get(citation.number)
    if reference is None:
        return Resolution(None, 0.0, f"no entry numbered {citation.number} in the list")
    return Resolution(reference.id, 1.0, f"entry {citation.number} of the numbered list")
