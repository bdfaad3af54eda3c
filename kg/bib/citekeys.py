"""In-text citation keys ("Raco and Savini 2018") and how they differ from the work.

A key names surnames and a year as a text writes them. Compared with the
bibliography entry it stands for, it may show a different year (online-first vs
print, a forthcoming work), a misspelled or shortened surname, a dropped
diacritic, or the authors in another order. Each difference is data.

>>> key = parse_key("Shelton and Lobato 2016")
>>> key.surnames, key.year, key.suffix
(('Shelton', 'Lobato'), 2016, '')
>>> item = {"author": [{"family": "Shelton"}, {"family": "Lodato"}],
...         "issued": {"date-parts": [[2019]]}}
>>> [(d.kind, d.cited, d.published) for d in compare(key, item)]
[('year', '2016', '2019'), ('misspelled-name', 'Lobato', 'Lodato')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.errors import InputError

__all__ = [
    "CitedKey",
    "Discrepancy",
    "compare",
    "fold",
    "item_families",
    "item_year",
    "parse_key",
    "year_suffixes",
]

_KEY = re.compile(
    r"^(?P<names>.+?),?\s+(?P<year>\d{4})(?P<suffix>[a-z]?)$|^(?P<nd_names>.+?),?\s+n\.\s?d\.$"
)
_ET_AL = re.compile(r"\s+(?:et\s+al\.?|and\s+others)$", re.IGNORECASE)


@dataclass(frozen=True)
class CitedKey:
    """Surnames, year and year suffix as a text cites them."""

    text: str
    surnames: tuple[str, ...]
    year: int | None
    suffix: str = ""
    et_al: bool = False


@dataclass(frozen=True)
class Discrepancy:
    """One way a citation differs from the work: ``kind``, what was cited, what was published."""

    kind: str
    cited: str
    published: str
    explanation: str


def fold(name: str) -> str:
    """A surname without diacritics, case, spaces or punctuation.

    >>> fold("Sánchez Criado"), fold("Mac Donncha"), fold("Krivý")
    ('sanchezcriado', 'macdonncha', 'krivy')
    """
    if name.isascii():  # its own decomposition; ASCII letters and digits are alphanumeric
        return _NOT_ALNUM.sub("", name).lower()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).lower()


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def parse_key(text: str) -> CitedKey:
    """Parse ``Surname [and|&] Surname [et al.] YEAR[suffix]`` (or ``n.d.``)."""
    cleaned = " ".join(text.split())
    found = _KEY.match(cleaned)
    if not found:
        raise InputError(f"not a citation key (surnames then a year): {text!r}")
    names = found.group("names") or found.group("nd_names")
    year = int(found.group("year")) if found.group("year") else None
    et_al = bool(_ET_AL.search(names))
    names = _ET_AL.sub("", names)
    surnames = tuple(
        part.strip() for part in re.split(r",\s*|\s+(?:and|&)\s+", names) if part.strip()
    )
    return CitedKey(cleaned, surnames, year, found.group("suffix") or "", et_al)


def item_year(item: dict) -> int | None:
    """The publication year of a CSL-JSON item."""
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts and parts[0] else None


def item_families(item: dict) -> list[str]:
    """The surnames of a CSL-JSON item's authors, else its editors."""
    people = item.get("author") or item.get("editor") or []
    return [p.get("family") or p.get("literal") or "" for p in people]


def _original_year(item: dict) -> int | None:
    parts = (item.get("original-date") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts and parts[0] else None


def _name_discrepancy(cited: str, published: list[str]) -> Discrepancy | None:
    target = fold(cited)
    if any(fold(p) == target for p in published):
        exact = next(p for p in published if fold(p) == target)
        if exact != cited:
            return Discrepancy(
                "diacritics", cited, exact, f"cited as {cited}, published as {exact}"
            )
        return None
    for p in published:
        if fold(p).endswith(target) or fold(p).startswith(target):
            return Discrepancy(
                "shortened-name", cited, p, f"cited by part of the compound surname {p}"
            )
    best = max(published, key=lambda p: SequenceMatcher(None, fold(p), target).ratio(), default="")
    if best and SequenceMatcher(None, fold(best), target).ratio() >= 0.75:
        return Discrepancy("misspelled-name", cited, best, f"{cited} is a misspelling of {best}")
    return Discrepancy("unknown-name", cited, ", ".join(published), f"{cited} is not an author")


def compare(key: CitedKey, item: dict) -> list[Discrepancy]:
    """Every way ``key`` differs from the CSL-JSON ``item`` it stands for."""
    found: list[Discrepancy] = []
    published_year = item_year(item)
    if key.year is not None and published_year is not None and key.year != published_year:
        original = _original_year(item)
        why = (
            f"cited by its online-first year {original}; in print {published_year}"
            if original == key.year
            else f"cited as {key.year}, published {published_year}"
        )
        found.append(Discrepancy("year", str(key.year), str(published_year), why))
    families = item_families(item)
    if not families:
        return found
    matched: list[str] = []
    for surname in key.surnames:
        issue = _name_discrepancy(surname, families)
        if issue:
            found.append(issue)
        matched.append(issue.published if issue and issue.kind != "unknown-name" else surname)
    order = [fold(f) for f in families]
    positions = [order.index(fold(m)) for m in matched if fold(m) in order]
    if positions != sorted(positions):
        cited_order = " and ".join(key.surnames)
        published_order = " and ".join(families)
        found.append(
            Discrepancy(
                "author-order",
                cited_order,
                published_order,
                f"cited as {cited_order}, published as {published_order}",
            )
        )
    return found


def year_suffixes(items: list[dict], cited_as: dict[str, set[str]] | None = None) -> dict[str, str]:
    """The letters that tell apart works with the same authors (else editors) and year, by
    item id: ``2016a``, ``2016b``. A letter that the texts citing a work give it (``cited_as``:
    id -> the keys they cite it by, ``Kitchin 2016b``) is kept; the other works of the group
    take the letters left, in title order (as author-date styles sort them). A work cited
    with two different letters keeps neither.

    >>> items = [{"id": "k16e", "title": "The ethics of smart cities",
    ...           "author": [{"family": "Kitchin"}], "issued": {"date-parts": [[2016]]}},
    ...          {"id": "k16g", "title": "Getting smarter about smart cities",
    ...           "author": [{"family": "Kitchin"}], "issued": {"date-parts": [[2016]]}}]
    >>> sorted(year_suffixes(items).items())
    [('k16e', 'b'), ('k16g', 'a')]
    >>> sorted(year_suffixes(items, {"k16e": {"Kitchin 2016a"}, "k16g": {"Kitchin 2016"}}).items())
    [('k16e', 'a'), ('k16g', 'b')]
    """
    groups: dict[tuple, list[dict]] = {}
    for item in items:
        year = item_year(item)
        families = tuple(fold(f) for f in item_families(item))
        if year is not None and families:
            groups.setdefault((families, year), []).append(item)
    letters: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        taken: dict[str, str] = {}
        for item in group:
            given = {_suffix(key) for key in (cited_as or {}).get(item["id"], ())} - {""}
            if len(given) == 1 and (letter := given.pop()) not in taken.values():
                taken[item["id"]] = letter
        free = (c for c in "abcdefghijklmnopqrstuvwxyz" if c not in taken.values())
        for item in sorted(group, key=lambda i: (str(i.get("title") or "").casefold(), i["id"])):
            letters[item["id"]] = taken.get(item["id"]) or next(free, "")
    return letters


def _suffix(key: str) -> str:
    try:
        return parse_key(key).suffix
    except InputError:
        return ""
