"""Citation instances matched to bibliography references, each with a confidence and why.

A citation is compared with every reference: surnames (folded for case, diacritics
and spacing, as :func:`kg.bib.citekeys.fold` does), then year. Each kind of agreement
has a weight, and the weights multiply:

=================================================  ======  ===============================
agreement                                          weight  the reason says
=================================================  ======  ===============================
surnames and year as published                     1.00    surnames and year match
a letter the bibliography prints (``2016b``)       1.00    (as above)
the first (online) year, CSL ``original-date``     0.90    cited by its first year 2016; ...
a letter assigned by title order                   0.85    b of 2 Kitchin 2016 works by ...
cited with a letter, the work has none             0.90    cited 2019a; the bibliography ...
cited without a letter among lettered works        0.90    cited without a letter; ...
part of a compound surname (``Criado``)            0.95    Criado for Sánchez Criado (...)
given name with surname (``Elinor Ostrom``)        0.95    Elinor Ostrom for Ostrom (...)
a corporate author's acronym (``OECD``)            0.90    OECD as the acronym of ...
fewer surnames than authors, no ``et al.``         0.80    cited 1 of 3 authors
authors in another order                           0.85    cited as Raco and Savini, ...
a misspelling (difflib ratio >= 0.8, 4+ letters)   0.80    Lobato read as Lodato (...)
the year off by one                                0.75    cited year 2015, published 2014
``in press``, ``forthcoming``; ``n.d.`` if dated   0.70    cited as forthcoming, ...
the year off by two or three, two or more names    0.55    cited year 2016, published 2019
=================================================  ======  ===============================

A work cited as ``unpublished`` is weighed as one cited ``n.d.``. A best candidate with
more authors than cited (no ``et al.``) and another year is not linked: two faults.

The best candidate wins. When it is the only reference by those authors the
reason says so ("only candidate for Vanolo"); when another comes within 10% of it,
its confidence drops by a fifth and the reason names the other; when two tie, a
bare year among lettered works goes to the one no other citation claims by its
letter (``Kitchin 2016`` beside ``Kitchin 2016b``), confidence again down by a
fifth, and otherwise the citation stays unresolved with both named. A citation
nothing matches stays unresolved with the reason; none is dropped or forced.

Letters: a ``Reference.year_suffix`` is used as it comes; with a ``note`` (the
readers say there how they assigned it) it counts as assigned, without one as
printed. Works a citation cannot tell apart (the same surnames, or the same first
author from three authors on, and the same year) that have no letters at all get
them here by title order as the author-date styles sort (a leading article ignored,
:func:`kg.ingest.references.title_order`, the one place that rule lives):
``The ethics…`` = a, ``Getting smarter…`` = b.

Last, the entry's own doubt caps the confidence: a CSL ``note`` that says
``confidence: medium`` caps it at 0.8, ``low`` at 0.4 (read with
:func:`kg.bib.graph.confidence_of`), and a placeholder entry, whose title
starts ``[Unresolved``, at 0.3. Such a placeholder is still linked: the citation
does stand for that entry of the bibliography, and the entry carries what is
known of the doubt; the low confidence says the work itself is unidentified.

>>> refs = [Reference("vanolo2014", ("Vanolo",), 2014, title="Smartmentality")]
>>> cited = Citation("Vanolo (2015)", 0, 13, ("Vanolo",), "2015", narrative=True)
>>> resolve([cited], refs)[0]  # doctest: +NORMALIZE_WHITESPACE
Resolution(reference='vanolo2014', confidence=0.75,
           reason='cited year 2015, published 2014; only candidate for Vanolo')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.bib.graph import confidence_of
from kg.ingest.citations_mla import resolve_page
from kg.ingest.keyed import resolve_key
from kg.ingest.model import Citation, Reference, Resolution
from kg.ingest.numeric import by_number_or_title
from kg.ingest.references import title_order
from kg.ingest.second import in_raw, only_work, prints_both
from kg.ingest.surnames import fold, names_match, who

__all__ = ["resolve"]

#: How much each entry-level doubt caps a resolution's confidence.
ENTRY_CAPS = {"high": 1.0, "medium": 0.8, "low": 0.4}
PLACEHOLDER_CAP = 0.3
CLOSE = 0.9  # a runner-up within this fraction of the best makes the match doubtful
DOUBT = 0.8  # what a doubtful or tie-broken match keeps of its confidence

_YEAR = re.compile(r"^(?P<year>\d{4})(?P<suffix>[a-z]?)$")

Letter = tuple[str, bool]  # the letter, and whether it was assigned rather than printed


@dataclass(frozen=True)
class _Match:
    reference: Reference
    score: float
    reasons: tuple[str, ...]
    letter: str  # the letter the cited year named and this reference carries, or ""


def _original_year(reference: Reference) -> int | None:
    parts = (reference.csl.get("original-date") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts and parts[0] else None


def _label(surnames: Sequence[str]) -> str:
    return " and ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."


def _year(
    citation: Citation, reference: Reference, letter: Letter, group: int
) -> tuple[float, list[str], str] | None:
    """The year's weight and notes and the letter matched, or None when it rules out."""
    cited = citation.year
    found = _YEAR.match(cited)
    if found is None:  # n.d., in press, forthcoming, unpublished
        if reference.year is None:
            status = str(reference.csl.get("status") or "").casefold()
            if cited in ("n.d.", "unpublished") or cited == status:
                return 1.0, [], ""
            if status in ("", "in press", "forthcoming") and cited in ("in press", "forthcoming"):
                return 0.9, [f"cited as {cited}, the work has no year"], ""
            return None
        return 0.7, [f"cited as {cited}, published {reference.year}"], ""
    if reference.year is None:
        return None
    year, cited_suffix = int(found.group("year")), found.group("suffix")
    gap = abs(year - reference.year)
    if gap == 0:
        score, notes = 1.0, []
    elif _original_year(reference) == year:
        score, notes = 0.9, [f"cited by its first year {year}; in print {reference.year}"]
    elif gap == 1:
        score, notes = 0.75, [f"cited year {year}, published {reference.year}"]
    elif gap <= 3 and (len(citation.surnames) > 1 or citation.et_al):
        score, notes = 0.55, [f"cited year {year}, published {reference.year}"]
    else:
        return None
    suffix, assigned = letter
    if cited_suffix and suffix:
        if cited_suffix != suffix:
            return None
        if assigned:
            score *= 0.85
            notes.append(
                f"{suffix} of {group} {_label(reference.surnames)} {reference.year} works "
                "by title order (the bibliography gives no letters)"
            )
        return score, notes, suffix
    if cited_suffix:
        score *= 0.9
        notes.append(f"cited {cited}; the bibliography gives the work no letter")
    elif suffix and group > 1:
        score *= 0.9
        notes.append(f"cited without a letter; this work is {reference.year}{suffix}")
    return score, notes, ""


def _group_key(reference: Reference) -> tuple:
    names = reference.surnames if len(reference.surnames) <= 2 else reference.surnames[:1]
    return (tuple(fold(s) for s in names), len(reference.surnames) > 2, reference.year)


def _letters(references: Sequence[Reference]) -> tuple[dict[str, Letter], dict[str, int]]:
    """Each reference's year letter and the size of its group of works a citation
    cannot tell apart; groups without any letter get them here by title order."""
    groups: dict[tuple, list[Reference]] = defaultdict(list)
    for ref in references:
        groups[_group_key(ref)].append(ref)
    letters: dict[str, Letter] = {}
    sizes: dict[str, int] = {}
    for members in groups.values():
        assign = len(members) > 1 and members[0].year is not None
        assign = assign and not any(r.year_suffix for r in members)
        ordered = sorted(members, key=lambda r: (title_order(r.title), r.id))
        for n, ref in enumerate(ordered):
            sizes[ref.id] = len(members)
            if assign:
                letters[ref.id] = (chr(ord("a") + n) if n < 26 else "", True)
            else:
                letters[ref.id] = (ref.year_suffix, bool(ref.year_suffix and ref.note))
    return letters, sizes


def _candidates(
    citation: Citation,
    references: Sequence[Reference],
    letters: dict[str, Letter],
    sizes: dict[str, int],
) -> tuple[list[_Match], int]:
    """Every reference the citation may stand for, best first, and how many references
    its surnames match whatever the year."""
    matches: list[_Match] = []
    by_name = 0
    for ref in references:
        names = names_match(citation, ref.surnames)
        if names is None:
            continue
        by_name += 1
        year = _year(citation, ref, letters.get(ref.id, ("", False)), sizes.get(ref.id, 1))
        if year is None:
            continue
        reasons = names[1] + year[1]
        if not reasons:
            reasons = ["surnames and year match"]
        elif not year[1]:
            reasons.append("year matches")
        matches.append(_Match(ref, names[0] * year[0], tuple(reasons), year[2]))
    matches.sort(key=lambda m: -m.score)
    return matches, by_name


def _resolution(match: _Match, confidence: float, reasons: list[str]) -> Resolution:
    """The resolution to ``match``, its confidence capped by the entry's own doubt."""
    reference = match.reference
    title = reference.title or reference.csl.get("title") or ""
    level, _ = confidence_of(reference.csl)
    cap = ENTRY_CAPS.get(level or "high", 1.0)
    if title.startswith("[Unresolved"):
        cap = min(cap, PLACEHOLDER_CAP)
        reasons.append("the entry is a placeholder for an unidentified work")
    if level and level != "high":
        reasons.append(f"the entry's own confidence is {level}")
    return Resolution(reference.id, round(min(confidence, cap), 2), "; ".join(reasons))


def _by_page(citation: Citation) -> bool:
    """An author-page or author-title citation, or an ``ibid.`` after one: no year."""
    return citation.kind == "page" or (
        citation.kind == "ibid" and not citation.year and bool(citation.surnames)
    )


def _own_list(tied: list[_Match], line: int) -> _Match | None:
    """Of entries that are one work listed twice (a text holding two papers' lists: the
    same names, year and title start), the one in the first list after the citation's
    ``line``, else in the last before it; None when they are different works."""
    titles = {tuple(re.findall(r"\w+", (m.reference.title or "").casefold())[:3]) for m in tied}
    if len(titles) != 1 or () in titles or any(m.reference.line is None for m in tied):
        return None
    after = [m for m in tied if (m.reference.line or 0) > line]
    if after:
        return min(after, key=lambda m: m.reference.line or 0)
    return max(tied, key=lambda m: m.reference.line or 0)


def _two_faults(citation: Citation, reference: Reference) -> bool:
    """Whether a citation leaves out authors of a work (no ``et al.``) and gives another
    year than its own or its first: two faults, too many to link it."""
    found = _YEAR.match(citation.year)
    if found is None or reference.year is None or citation.et_al:
        return False
    year = int(found.group("year"))
    fewer = len(reference.surnames) > len(citation.surnames)
    return fewer and year not in (reference.year, _original_year(reference))


def _decide(
    citation: Citation,
    matches: list[_Match],
    by_name: int,
    claimed: set[str],
    text: str | None = None,
) -> Resolution:
    cited = who(citation)
    if not matches:
        if by_name:
            return Resolution(None, 0.0, f"no work by {cited} of {citation.year} or near it")
        return Resolution(None, 0.0, f"no work by {cited} in the bibliography")
    best = matches[0]
    if _two_faults(citation, best.reference):  # most likely a work the list lacks
        said = f"{best.reference.id} has more authors and another year"
        return Resolution(None, 0.0, f"no work by {cited} of {citation.year}; {said}")
    tied = [m for m in matches if abs(m.score - best.score) < 1e-9]
    if len(tied) > 1 and citation.other_year:  # "1998/2000": the entry printing both
        both = [m for m in tied if prints_both(m.reference, citation)]
        if len(both) == 1:
            said = f"the entry prints both years {citation.year}/{citation.other_year}"
            return _resolution(both[0], both[0].score, [*both[0].reasons, said])
    line = text.count("\n", 0, citation.start) + 1 if text is not None and len(tied) > 1 else 0
    if len(tied) > 1 and line and (own := _own_list(tied, line)) is not None:
        said = "the same work is listed twice; this entry in the list that follows the citation"
        return _resolution(own, own.score, [*own.reasons, said])
    if len(tied) > 1:
        free = [m for m in tied if m.reference.id not in claimed]
        if len(free) == 1:
            others = ", ".join(m.reference.id for m in tied if m is not free[0])
            reasons = [
                *free[0].reasons,
                f"{others}, the other of {len(tied)} equal candidates, is cited elsewhere "
                "by its letter",
            ]
            return _resolution(free[0], free[0].score * DOUBT, reasons)
        names = ", ".join(m.reference.id for m in tied)
        return Resolution(None, 0.0, f"{cited} {citation.year} fits {names} equally")
    reasons = list(best.reasons)
    confidence = best.score
    runner = matches[1] if len(matches) > 1 else None
    if runner and runner.score >= CLOSE * best.score:
        confidence *= DOUBT
        reasons.append(f"{runner.reference.id} fits almost as well")
    elif best.score < 1.0 and by_name == 1:
        reasons.append(f"only candidate for {cited}")
    elif best.score < 1.0 and runner is None:
        reasons.append(f"the only one of {by_name} works by {cited} that fits")
    elif best.score < 1.0 and runner and runner.score >= 0.7 * best.score:
        reasons.append(f"next best {runner.reference.id} ({runner.score:.2f})")
    return _resolution(best, confidence, reasons)


def _initials_index(references: Sequence[Reference]) -> dict[str, list[Reference]]:
    """References by the first letter of every word of their surnames (folded), so a
    citation is weighed against the few that could match, not the whole list."""
    index: dict[str, list[Reference]] = defaultdict(list)
    for ref in references:
        letters = {
            fold(word)[:1] for name in ref.surnames for word in name.replace("-", " ").split()
        }
        for letter in letters - {""}:
            index[letter].append(ref)
    return index


def _pool(
    citation: Citation, references: Sequence[Reference], index: dict[str, list[Reference]]
) -> Sequence[Reference]:
    """The references that share an initial with the citation's first surname; every name
    rule above (exact, compound part, particle, acronym, misspelling of 4+ letters that
    keeps its first letter) needs one. All of them when none does, so nothing is missed
    that a slower pass would find."""
    first = citation.surnames[0] if citation.surnames else ""
    letters = {fold(word)[:1] for word in first.replace("-", " ").split()} - {""}
    seen: dict[str, Reference] = {}
    for letter in letters:
        for ref in index.get(letter, ()):
            seen[ref.id] = ref
    if not seen:
        return references
    return [ref for ref in references if ref.id in seen]  # keep the bibliography's order


def _rescue(
    citation: Citation,
    references: Sequence[Reference],
    letters: dict[str, Letter],
    sizes: dict[str, int],
) -> Resolution | None:
    """A second look at a citation no reference matched, most certain reading first:
    all references (a misspelling that changes the first letter: ``Stumpf`` for
    ``Tumpf``), the names as one corporate name (``Ontario Ministry of Health and
    Long-Term Care``), without names read in front of them (``in Germany, Smith 2005``),
    the entries' raw text, the only work by those authors."""
    tries: list[tuple[Citation, float, str]] = [(citation, 1.0, "")]
    names = citation.surnames
    if len(names) > 1:
        tries.append((replace(citation, surnames=(" and ".join(names),)), 1.0, "as one name"))
        authors = {fold(name) for ref in references for name in ref.surnames}
        for k in range(1, len(names)):  # names no entry has, read in front: "Germany"
            if any(fold(name) in authors for name in names[:k]):
                break
            dropped = " and ".join(names[:k])
            tries.append((replace(citation, surnames=names[k:]), 0.9, f"read without {dropped}"))
    for attempt, weight, note in tries:
        matches, by_name = _candidates(attempt, references, letters, sizes)
        if not matches:
            continue
        decided = _decide(attempt, matches, by_name, set())
        if note == "as one name" and "(given name and surname)" in decided.reason:
            continue  # "Nigeria and Okafor" is no given name of Okafor's
        if note.startswith("read without") and decided.confidence < 0.9:
            continue  # what is left must fit well: names and year
        if decided.reference is not None:
            reason = f"{decided.reason}; {note}" if note else decided.reason
            return replace(decided, confidence=round(decided.confidence * weight, 2), reason=reason)
        return None  # a tie stays a tie
    return in_raw(citation, references) or only_work(citation, references)


def resolve(
    citations: Sequence[Citation], references: Sequence[Reference], text: str | None = None
) -> list[Resolution]:
    """One :class:`Resolution` per citation, in the same order. With the ``text`` the
    citations are in (and entries read from it, with their lines), a work listed twice
    resolves to its entry in the list that follows the citation.

    >>> refs = [Reference("kitchin2016getting", ("Kitchin",), 2016, title="Getting smarter"),
    ...         Reference("kitchin2016ethics", ("Kitchin",), 2016, title="The ethics")]
    >>> cites = [Citation("Kitchin 2016", 0, 12, ("Kitchin",), "2016"),
    ...          Citation("Kitchin 2016b", 20, 33, ("Kitchin",), "2016b"),
    ...          Citation("Cullen 2016", 40, 51, ("Cullen",), "2016")]
    >>> [(r.reference, r.confidence) for r in resolve(cites, refs)]
    [('kitchin2016ethics', 0.72), ('kitchin2016getting', 0.85), (None, 0.0)]
    """
    letters, sizes = _letters(references)
    initials = _initials_index(references)
    # a text cites the same key many times: weigh each distinct key once
    by_key: dict[tuple, tuple[list[_Match], int]] = {}
    found: list[tuple[list[_Match], int]] = []
    for citation in citations:
        key = (citation.surnames, citation.et_al, citation.year)
        if _by_page(citation) or citation.kind in ("key", "label"):  # "(Jacobs 45)", "[@k]"
            found.append(([], 0))
            continue
        if key not in by_key:
            pool = _pool(citation, references, initials)
            by_key[key] = _candidates(citation, pool, letters, sizes)
        found.append(by_key[key])
    claimed = {
        matches[0].reference.id
        for matches, _ in found
        if matches
        and matches[0].letter
        and (len(matches) == 1 or matches[1].score < matches[0].score)
    }
    decided = [
        _decide(citation, matches, by_name, claimed, text)
        for citation, (matches, by_name) in zip(citations, found, strict=True)
    ]
    rescued: dict[tuple, Resolution | None] = {}
    for n, (citation, (matches, _)) in enumerate(zip(citations, found, strict=True)):
        if matches or citation.kind in ("numeric", "title", "key", "label") or not citation.year:
            continue
        key = (citation.surnames, citation.et_al, citation.year)
        if key not in rescued:
            rescued[key] = _rescue(citation, references, letters, sizes)
        second = rescued[key]
        if second is not None:
            decided[n] = second
    pages: dict[str, Resolution] = {}  # the last author-page citation's, by first author
    for n, citation in enumerate(citations):
        special = resolve_key(citation, references) or by_number_or_title(citation, references)
        first = fold(citation.surnames[0]) if citation.surnames else ""
        if citation.kind == "ibid" and _by_page(citation) and first in pages:
            decided[n] = pages[first]  # the work of the note before it ("Ibid.", "op. cit.")
        elif _by_page(citation):
            decided[n] = pages[first] = resolve_page(citation, references)
        elif special is not None:
            decided[n] = special
        elif citation.other_year:
            # "2003/2008", "1990 [1972]": the work of either year, the one that fits better
            other = resolve(
                [replace(citation, year=citation.other_year, other_year=None)], references
            )
            if other[0].reference is not None and (
                decided[n].reference is None or other[0].confidence > decided[n].confidence
            ):
                said = f"cited as {citation.year}/{citation.other_year}, by the second year"
                decided[n] = Resolution(
                    other[0].reference,
                    other[0].confidence,
                    f"{said}; {other[0].reason}".rstrip("; "),
                )
    return decided
