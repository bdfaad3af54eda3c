"""The catalogue as pages for people: lists of concepts and works, a work with its
citations in their sentences (search results are ``api.html.search``'s). Each list is one
page of the JSON's, with the same ``next`` and ``prev`` links; every value is escaped by its
template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.templating import render
from kg.catalogue.records import (
    ConceptSummary,
    Listing,
    WorkDetail,
    WorkSummary,
)

__all__ = ["concepts_page", "work_page", "works_page"]

Links = Mapping[str, str | None]


def concepts_page(listing: Listing[ConceptSummary], *, base: str, links: Links) -> str:
    """The terms of the ontology, by family: label, family, definition, sources."""
    return render(
        "concepts.html", base=base, title="Concepts", crumbs=[], listing=listing, links=links
    )


def works_page(listing: Listing[WorkSummary], *, base: str, links: Links) -> str:
    """The works of the bibliography: identifier, authors, year, title, how often cited."""
    return render("works.html", base=base, title="Works", crumbs=[], listing=listing, links=links)


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
