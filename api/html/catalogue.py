"""The catalogue as pages for people: lists of concepts and works, search results, a work
with its citations in their sentences. Each list is one page of the JSON's, with the same
``next`` and ``prev`` links; every value is escaped by its template.

>>> from kg.catalogue.records import Listing, SearchHit
>>> hits = Listing[SearchHit](items=[SearchHit(iri="https://e/<x>", kind="label", text="<b>")],
...                           total=1, limit=10, offset=0)
>>> page = search_page("<b>", hits, base="", links={"next": None, "prev": None})
>>> "&lt;b&gt;" in page and "<b>" not in page.split("<body>")[1]
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.templating import render
from kg.catalogue.records import (
    ConceptSummary,
    Listing,
    SearchHit,
    WorkDetail,
    WorkSummary,
)

__all__ = ["concepts_page", "search_page", "work_page", "works_page"]

Links = Mapping[str, str | None]


def concepts_page(listing: Listing[ConceptSummary], *, base: str, links: Links) -> str:
    """The terms of the ontology, by family: label, family, definition, sources."""
    return render(
        "concepts.html", base=base, title="Concepts", crumbs=[], listing=listing, links=links
    )


def works_page(listing: Listing[WorkSummary], *, base: str, links: Links) -> str:
    """The works of the bibliography: identifier, authors, year, title, how often cited."""
    return render("works.html", base=base, title="Works", crumbs=[], listing=listing, links=links)


def search_page(q: str, listing: Listing[SearchHit], *, base: str, links: Links) -> str:
    """A search form, and the hits: what matched, in which kind of text, and what it anchors."""
    return render(
        "search.html", base=base, title=f"Search: {q}", crumbs=[], q=q, listing=listing, links=links
    )


def work_page(
    work: WorkDetail, *, base: str, links: Links, document: Mapping[str, Any] | None = None
) -> str:
    """A work: its metadata, who cites it, and one page of its in-text citations, each in
    its sentence; the terms it is the source of folded away. ``document`` is what the
    store holds of it as an ingested text (its page, reference list, argument and maps)."""
    return render(
        "work.html",
        base=base,
        title=work.title or work.slug,
        crumbs=[("Works", f"{base}/works")],
        work=work,
        links=links,
        document=document,
    )
