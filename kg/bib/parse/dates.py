"""Years as references write them: ``(2014)``, ``2014a.``, ``(n.d.-b)``, ``(forthcoming)``,
``(2003/2008)``, ``(1973 [1942])`` and ``([1974] 1991)`` (with the original's year), and a
year at the end (Chicago notes-bibliography, MLA, Vancouver, IEEE)."""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import MONTHS

__all__ = ["YEAR", "YEAR_PATTERN", "last_year", "set_year"]

YEAR_PATTERN = r"(?:1[5-9]\d\d|20[0-4]\d)"  # a publication year in running text
# a month or season before the year: "(December 1998)", "(Fall 2011)", "(May 4, 2010)"
_MONTH = MONTHS
YEAR = re.compile(
    rf"""\(\s*(?:{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?)?(?:\[(?P<orig>{YEAR_PATTERN})\]\s*)?(?P<py>{YEAR_PATTERN})(?P<ps>[a-z])?
            (?:\s*\[(?P<porig>{YEAR_PATTERN})\])?(?:\s*[,/;-][^)]{{0,40}}|\s+[A-Za-z][^)]{{0,30}})?\s*\)
            (?:\s*\[(?P<after>{YEAR_PATTERN})\])?  # "(2010) [2009]": the first edition's
      | \(\s*(?P<pnd>(?i:n\.\s?d\.?|no\ date|undated|forthcoming|in\ press|o\.\s?J\.))
            (?:\s*-?\s*(?P<pnds>[a-z]))?\s*\)
      | (?<![\w/.\-–])(?P<by>{YEAR_PATTERN})(?P<bs>[a-z])?(?:\s*\[(?P<borig>{YEAR_PATTERN})\])?
            (?:/\d{{1,4}})?(?=[.,:;)]?(?:\s|$)|\.(?=[A-ZÀ-Ö]))  # "2003/2008", "2006/7"
      | (?<!\w)(?P<bnd>[nN]\.\s?d\.|o\.\s?J\.)(?:-?(?P<bnds>[a-z])(?!\w))?
    """,
    re.X,
)
_LAST = re.compile(
    rf"(?<![\w/.\-–])\(?(?P<year>{YEAR_PATTERN})(?P<suffix>[a-z])?\)?(?=[.,;:)\]]*(?:\s|$)|[,.]?;)"
    r"(?:\s+[A-Z][a-z]{2,3}\.?(?:[-/][A-Z][a-z]{2,3}\.?)?(?:\s+\d{1,2})?(?=[;.:]))?"
)


def set_year(found: re.Match, item: dict) -> None:
    """``issued``, ``original-date``, ``year-suffix`` or ``status`` from a match of YEAR."""
    year = found.group("py") or found.group("by")
    suffix = found.group("ps") or found.group("bs") or found.group("pnds") or found.group("bnds")
    if year:
        item["issued"] = {"date-parts": [[int(year)]]}
        original = next(
            (found.group(g) for g in ("orig", "porig", "after", "borig") if found.group(g)), None
        )
        if original:  # Lefebvre ([1974] 1991), Merton (1973 [1942])
            item["original-date"] = {"date-parts": [[int(original)]]}
    else:
        status = (found.group("pnd") or "").lower()
        if status in {"forthcoming", "in press"}:
            item["status"] = status
    if suffix:
        item["year-suffix"] = suffix


def last_year(text: str, item: dict) -> str:
    """Take the year of a reference that ends with it (``Venue, 2016.``, ``Press; 2008.``,
    ``ACM (1998)``): the last year standing alone; ``text`` without it."""
    found = next(reversed(list(_LAST.finditer(text))), None)
    if found is None:
        nd = re.search(r"(?<!\w)(?i:n\.\s?d\.)", text)
        return text[: nd.start()] + text[nd.end() :] if nd else text
    item["issued"] = {"date-parts": [[int(found.group("year"))]]}
    if found.group("suffix"):
        item["year-suffix"] = found.group("suffix")
    rest = text[: found.start()].rstrip() + " " + text[found.end() :].lstrip()
    return re.sub(r"\s*[.,;:]\s*[.,;:]+\s*", ". ", rest).strip(" ,;:")
