"""When two descriptions name one work: the keys a work is found by, and the rule.

Every work carries its keys (``tech:workKey``): its first author's (or editor's) surname
folded (no case, accents, spaces or punctuation) with its year, the year's letter left
out (``kitchin 2014``), and its DOI in lower case (``doi:10.1007/s10708-013-9516-8``).
Another document's reference finds its candidates by these keys, and is the same work
(:func:`same_work`) when

- both have a DOI, and it is the same one (two different DOIs never merge);
- else both have a title, the same first surname and year (they share a key), the same
  numbers in their titles (``Part 1`` is not ``Part 2``), and titles at least
  :data:`CLOSE` alike (:func:`title_similarity`: words in any order, or one the other's
  main title); a reference kept as raw text (low confidence) only at :data:`RAW_CLOSE`.

False merges are worse than missed ones: a title left unparsed, a first author read
differently, a year off by one all keep two works apart.

>>> work_keys({"author": [{"family": "Krivý"}], "issued": {"date-parts": [[2016]]},
...            "DOI": "https://doi.org/10.1177/1473095216645631"})
['krivy 2016', 'doi:10.1177/1473095216645631']
>>> kitchin = Described(("kitchin 2014",), None, ("The real-time city? Big data and more",))
>>> same_work(kitchin, Described(("kitchin 2014",), None, ("The real time city",)))
'same first author, year and title (similarity 1.00)'
>>> same_work(kitchin, Described(("kitchin 2014",), None, ("Code/space",))) is None
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from kg.bib.citekeys import fold
from kg.bib.csl import year_and_suffix
from kg.bib.names import surname

__all__ = [
    "CLOSE",
    "RAW_CLOSE",
    "Described",
    "doi_key",
    "same_work",
    "title_similarity",
    "work_keys",
]

CLOSE = 0.9  # the least title similarity of one work described twice
RAW_CLOSE = 0.97  # the same, when one side is a reference kept as raw text
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_BOUNDARY = re.compile(r"[:?.!,;(\[]")


def doi_key(doi: str | None) -> str | None:
    """The key of a DOI: ``doi:`` and the DOI without resolver prefix, in lower case.

    >>> doi_key("https://doi.org/10.1068/D4313."), doi_key(""), doi_key("not a doi")
    ('doi:10.1068/d4313', None, None)
    """
    if not doi:
        return None
    bare = _DOI.sub("", doi.strip()).rstrip(".,;").casefold()
    return f"doi:{bare}" if bare.startswith("10.") and "/" in bare else None


def work_keys(item: dict) -> list[str]:
    """The keys of a CSL-JSON item: ``surname year`` (when it has both) and its DOI's."""
    keys = []
    people = item.get("author") or item.get("editor") or []
    first = fold(people[0].get("family") or surname(people[0])) if people else ""
    year, _ = year_and_suffix(item)
    if first and year:
        keys.append(f"{first} {year}")
    doi = doi_key(item.get("DOI"))
    if doi:
        keys.append(doi)
    return keys


@dataclass(frozen=True)
class Described:
    """One description of a work, as far as matching goes: its ``surname year`` keys, its
    DOI key, its titles (one per source), and whether it is a raw, unparsed reference."""

    keys: tuple[str, ...]
    doi: str | None
    titles: tuple[str, ...]
    raw: bool = False


def _tokens(title: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", title.casefold())
    return [
        w for w in re.split(r"[\W_]+", "".join(c for c in plain if c.isascii() or c.isalnum())) if w
    ]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


#: the same two titles are weighed again and again across a corpus (a work cited by
#: many papers meets the same candidates): each pair once per process
@lru_cache(maxsize=1 << 15)
def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, from 0 to 1: the ``difflib`` ratio of their words sorted
    (rapidfuzz's ``token_sort_ratio``), without case, accents or punctuation; 1.0 when one
    is the other cut at a colon, question mark, full stop, comma or parenthesis (a main
    title without its subtitle; a title a parser ran on into the place). A token-set
    ratio is too lenient: it takes "Postponement of childbearing and low fertility in
    Europe" for "Is lowest-low fertility in Europe explained by the postponement of
    childbearing?" (0.96), two works of one author and year.

    >>> title_similarity("The Real-Time City?", "the real time city? Big data and smart urbanism")
    1.0
    >>> title_similarity("Smart cities", "Smart cities and the ethics of code") < 0.9
    True
    >>> title_similarity("Les récits de vie", "Les recits de vie, Paris")
    1.0
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    shorter, longer = (ta, b) if len(ta) <= len(tb) else (tb, a)
    if any(shorter == _tokens(longer[: m.start()]) for m in _BOUNDARY.finditer(longer)):
        return 1.0
    return _ratio(" ".join(sorted(ta)), " ".join(sorted(tb)))


@lru_cache(maxsize=1 << 15)
def _numbers(title: str) -> frozenset[str]:
    return frozenset(t for t in _tokens(title) if t.isdigit())


def same_work(a: Described, b: Described) -> str | None:
    """Why ``a`` and ``b`` are one work, or None when they may not be (module docstring)."""
    if a.doi and b.doi:
        return "same DOI" if a.doi == b.doi else None
    if not set(a.keys) & set(b.keys):
        return None
    best = 0.0
    for one in a.titles:
        for two in b.titles:
            if _numbers(one) == _numbers(two):
                best = max(best, title_similarity(one, two))
    if best >= (RAW_CLOSE if a.raw or b.raw else CLOSE):
        return f"same first author, year and title (similarity {best:.2f})"
    return None
