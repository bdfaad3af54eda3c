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
from kg.litmap.extract import WorkInfo, short_id

__all__ = ["csl_item"]


def _date(issued: str | None) -> dict | None:
    if not issued:
        return None
    parts = [int(p) for p in issued.split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def csl_item(work: WorkInfo) -> dict:
    """A CSL-JSON item for ``work``, as far as the graph describes it."""
    fabio = (work.type or "").rsplit("/", 1)[-1]
    item: dict = {"id": short_id(work.iri), "type": csl_type_of_fabio(fabio)}
    authors = []
    for a in work.authors:
        if a.family:
            authors.append({"family": a.family, **({"given": a.given} if a.given else {})})
        elif a.name:
            authors.append({"literal": a.name})
    if authors:
        item["author"] = authors
    fields = {
        "title": work.title,
        "container-title": work.container,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages,
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
