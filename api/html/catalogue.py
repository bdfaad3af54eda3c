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
from urllib.parse import quote

from api.templating import render
from kg.catalogue.concept_view import ConceptView, WorkRef
from kg.catalogue.records import (
    ConceptSummary,
    Listing,
    SearchHit,
    WorkDetail,
    WorkSummary,
)

__all__ = [
    "claim_href",
    "concept_href",
    "concept_page",
    "concepts_page",
    "reader_href",
    "search_page",
    "work_page",
    "works_page",
]

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


def reader_href(base: str, doc: str, number: str) -> str:
    """Where the document reader shows sentence ``number`` of ``doc``: its page, at the
    fragment ``#s-{number}`` (the sentence's IRI ends in ``/{doc}/{number}``).

    >>> reader_href("http://h", "kitchin2019smart", "26")
    'http://h/documents/kitchin2019smart#s-26'
    """
    return f"{base}/documents/{quote(doc, safe='')}#s-{quote(number, safe='')}"


def claim_href(base: str, iri: str) -> str | None:
    """The argument explorer's page of a claim or argument
    (``.../id/claim/{map}/{cid}`` or ``.../id/argument/{map}/{cid}``); None for another IRI.

    >>> claim_href("", "https://w3id.org/technocracy/id/claim/kitchin2019smart/people-removed")
    '/argmaps/kitchin2019smart/claims/people-removed'
    """
    for kind in ("claim/", "argument/"):
        prefix = "https://w3id.org/technocracy/id/" + kind
        ident, slash, cid = iri.removeprefix(prefix).partition("/")
        if iri.startswith(prefix) and slash and ident and cid and "/" not in cid:
            return f"{base}/argmaps/{quote(ident, safe='')}/claims/{quote(cid, safe='')}"
    return None


def concept_href(base: str, iri: str) -> str | None:
    """The page of a term of the ontology (``/concepts/{slug}``); None for another IRI.

    >>> concept_href("", "https://w3id.org/technocracy/ontology#Governmentality")
    '/concepts/Governmentality'
    """
    prefix = "https://w3id.org/technocracy/ontology#"
    slug = iri.removeprefix(prefix)
    return f"{base}/concepts/{quote(slug, safe='')}" if iri.startswith(prefix) and slug else None


def concept_page(view: ConceptView, *, base: str, json_url: str, describe_url: str) -> str:
    """A term of the ontology on one page: definition, who coined it (authors and year),
    its neighbours, where the texts discuss it (each sentence linked into the reader, with
    the works it cites), the claims about it with the works grounding them."""
    c = view.concept

    def works(iris: list[str]) -> list[WorkRef]:
        return [view.works[i] for i in iris if i in view.works]

    def linked(links: list[Any]) -> list[dict[str, str | None]]:
        return [
            {"label": link.label or link.iri, "href": concept_href(base, link.iri), "iri": link.iri}
            for link in links
        ]

    neighbours = [
        (title, linked(items))
        for title, items in (
            ("Broader", c.broader),
            ("Narrower", c.narrower),
            ("Related", c.related),
            ("Subclass of", c.superclasses),
            ("Subclasses", c.subclasses),
        )
        if items
    ]
    discussions = [
        {
            **d.model_dump(),
            "href": reader_href(base, d.doc, d.number) if d.doc and d.number else None,
            "works": works(d.works),
        }
        for d in view.discussions
    ]
    claims = [
        {**claim.model_dump(), "href": claim_href(base, claim.iri), "grounds": works(claim.grounds)}
        for claim in view.claims
    ]
    return render(
        "concept.html",
        base=base,
        title=c.label,
        crumbs=[("Concepts", f"{base}/concepts")],
        view=view,
        neighbours=neighbours,
        discussions=discussions,
        claims=claims,
        json_url=json_url,
        describe_url=describe_url,
    )
