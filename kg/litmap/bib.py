"""The works of a map as CSL-JSON items, made from what the graph says of them.

The items are what :mod:`kg.bib` writes: CSL-JSON (:func:`~kg.bib.csl.to_csl_json`),
BibTeX, RIS, or a reference list in a citation style (:mod:`kg.bib.styles`).

>>> from kg.bib.styles import reference_list
>>> from .extract import Author, WorkInfo
>>> w = WorkInfo("https://w3id.org/technocracy/id/work/townsend2013smart", title="Smart cities",
...              type="http://purl.org/spar/fabio/Book", issued="2013", year=2013,
...              publisher="W. W. Norton", place="New York",
...              authors=[Author("", 1, "p", "Townsend", "Anthony M.", None)])
>>> print(reference_list([csl_item(w)], "apa").strip())
Townsend, A. M. (2013). Smart cities. W. W. Norton.
"""

from __future__ import annotations

from kg.bib.types import csl_type_of_fabio
from kg.litmap.extract import Author, WorkInfo, short_id

__all__ = ["csl_item"]


def _date(issued: str | None) -> dict | None:
    if not issued:
        return None
    parts = [int(p) for p in issued.split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def _names(people: list[Author]) -> list[dict]:
    """CSL name objects: family and given names, or the literal name of a body."""
    names = []
    for a in people:
        if a.family:
            names.append({"family": a.family, **({"given": a.given} if a.given else {})})
        elif a.name:
            names.append({"literal": a.name})
    return names


def csl_item(work: WorkInfo) -> dict:
    """A CSL-JSON item for ``work``, as far as the graph describes it: its authors and
    editors (of an edited book, or of the book a chapter is in), the container and the
    series with its number, volume, issue, pages, edition, identifiers and publisher."""
    fabio = (work.type or "").rsplit("/", 1)[-1]
    kind = csl_type_of_fabio(fabio)
    item: dict = {"id": short_id(work.iri), "type": kind}
    for role, people in (("author", work.authors), ("editor", work.editors)):
        if names := _names(people):
            item[role] = names
    fields = {
        "title": work.title,
        "container-title": work.container,
        "collection-title": work.series,
        "number" if kind == "report" else "collection-number": work.number,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages,
        "edition": work.edition,
        "DOI": work.doi,
        "ISBN": work.isbn,
        "URL": work.url,
        "publisher": work.publisher,
        "publisher-place": work.place,
    }
    item.update({k: v for k, v in fields.items() if v})
    issued = _date(work.issued) or ({"date-parts": [[work.year]]} if work.year else None)
    if issued:
        item["issued"] = issued
    return item
