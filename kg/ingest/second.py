"""A second look at a citation no reference matched by its parsed fields, for
:mod:`kg.ingest.resolve`: the entries' raw text (an entry parsed with the wrong year or
names), the only work by the cited authors a few years off, and which of two entries
prints both years of a citation such as ``1998/2000``.

>>> refs = [Reference("velde", ("Velde",), 2014, raw="Velde, M. Ports. N.p., 3 May 2011.")]
>>> in_raw(Citation("Velde 2011", 0, 10, ("Velde",), "2011"), refs).reference
'velde'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.ingest.model import Citation, Reference, Resolution
from kg.ingest.surnames import fold, name_words, names_match, opens_with, who

__all__ = ["in_raw", "only_work", "prints_both"]

_MARK = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)])\s*")
_RAW_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
RAW_CONFIDENCE = 0.6  # names and year read in an entry's raw text, not its parsed fields
ONLY_WORK_CONFIDENCE = 0.4  # the only work by exactly the cited authors, another year
ONLY_WORK_GAP = 5


def in_raw(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The one entry whose raw text opens with the cited first surname (its first author)
    and names every cited surname before the cited year, whatever its parsed fields say
    (an entry read with the wrong year or names: ``Velde, Mara, ... 3 May 2011``)."""
    year = citation.year[:4]
    if not year.isdigit() or not citation.surnames:
        return None
    wanted = [name_words(name)[-1:] for name in citation.surnames]
    if not all(wanted):
        return None
    found = []
    for ref in references:
        raw = _MARK.sub("", ref.raw or "", count=1)
        at = re.search(rf"(?<!\d){year}(?!\d)", raw)
        if at is None:
            continue
        words = [fold(w) for w in _RAW_WORD.findall(raw[: at.start()])]
        if opens_with(words, citation.surnames[0]) and all(w[0] in words for w in wanted):
            found.append(ref)
    if len(found) != 1:
        return None
    said = f"{who(citation)} and {year} read in the entry's raw text (parsed as "
    said += f"{' and '.join(found[0].surnames) or 'no names'}, {found[0].year or 'no year'})"
    return Resolution(found[0].id, RAW_CONFIDENCE, said)


def only_work(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The only work the cited names stand for in the whole list, when the cited year is
    a few years off its year (a misprint, another edition): linked with low confidence.
    Not when the names stand for another work too, whatever its year, nor for a work
    with other authors or spelt otherwise."""
    year = citation.year[:4]
    if not year.isdigit():
        return None
    named = [(ref, found) for ref in references if (found := names_match(citation, ref.surnames))]
    if len(named) != 1 or named[0][1][0] < 1.0:
        return None
    ref = named[0][0]
    if ref.year is None or abs(int(year) - ref.year) > ONLY_WORK_GAP:
        return None
    said = f"the only work by {who(citation)}, cited as {citation.year}, published {ref.year}"
    return Resolution(ref.id, ONLY_WORK_CONFIDENCE, said)


def prints_both(reference: Reference, citation: Citation) -> bool:
    """Whether an entry's raw text pairs the citation's two years: ``1998/2000``,
    ``2000 [1998]``, either way round."""
    one, two = citation.year[:4], citation.other_year or ""
    raw = reference.raw or ""
    return any(
        re.search(rf"(?<!\d){a}\s*(?:/|\[)\s*{b}(?!\d)", raw) for a, b in ((one, two), (two, one))
    )
