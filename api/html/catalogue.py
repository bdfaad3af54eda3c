"""The catalogue as pages for people: lists of concepts and works, a work with its
citations in their sentences (search results are ``api.html.search``'s). Each list is one
page of the JSON's, with the same ``next`` and ``prev`` links; every value is escaped by its
template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from api.html.harvest import coins, highwire_tags
from api.templating import render
from kg.catalogue.concept_view import ConceptView, WorkRef, sentence_place
from kg.catalogue.records import (
    ConceptSummary,
    Listing,
    WorkDetail,
    WorkSummary,
)

__all__ = [
    "DOWNLOADS",
    "DOWNLOADS_MEDIA",
    "claim_href",
    "concept_href",
    "concept_page",
    "concepts_page",
    "reader_href",
    "work_page",
    "works_page",
]

Links = Mapping[str, str | None]

#: The bibliography files a work or a list offers, by ``format=`` name, with their labels
#: and media types (those of ``api.routes.works``).
DOWNLOADS = {"bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}
DOWNLOADS_MEDIA = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl": "application/vnd.citationstyles.csl+json",
}


def concepts_page(listing: Listing[ConceptSummary], *, base: str, links: Links) -> str:
    """The terms of the ontology, by family: label, family, definition, sources."""
    return render(
        "concepts.html", base=base, title="Concepts", crumbs=[], listing=listing, links=links
    )


def works_page(
    listing: Listing[WorkSummary],
    *,
    base: str,
    links: Links,
    downloads: Mapping[str, str] | None = None,
) -> str:
    """The works of the bibliography: identifier, authors, year, title, how often cited;
    ``downloads`` are the URLs of this page's works as BibTeX, RIS and CSL-JSON, by
    ``format=`` name."""
    return render(
        "works.html",
        base=base,
        title="Works",
        crumbs=[],
        listing=listing,
        links=links,
        downloads=[(DOWNLOADS[name], url) for name, url in (downloads or {}).items()],
    )


def work_page(
    work: WorkDetail,
    *,
    base: str,
    links: Links,
    document: Mapping[str, Any] | None = None,
    item: Mapping[str, Any] | None = None,
) -> str:
    """A work: its metadata, who cites it, and one page of its in-text citations, each in
    its sentence and linked into the reader; the terms it is the source of folded away.
    ``document`` is what the store holds of it as an ingested text (its page, reference
    list, argument and maps); ``item``, its CSL-JSON item, gives the ``citation_*`` meta
    tags and the COinS span reference managers read, and the venue's details."""
    url = f"{base}/works/{quote(work.slug, safe='')}"
    if document is not None:
        cited = f"{base}/litmaps/citation?doc={quote(work.slug, safe='')}&format="
        bibliography = {
            "bibtex": cited + "bibtex",
            "ris": cited + "ris",
            "csl": f"{document['references']}?format=csl",
        }
        document = {**document, "bibliography": bibliography}
    citations = []
    for c in work.citations:  # each linked to its sentence in the reader
        doc, number = sentence_place(c.sentence or "")
        href = reader_href(base, doc, number) if doc and number else None
        citations.append({**c.model_dump(), "href": href})
    return render(
        "work.html",
        base=base,
        title=work.title or work.slug,
        crumbs=[("Works", f"{base}/works")],
        work=work,
        links=links,
        document=document,
        item=item or {},
        meta=highwire_tags(dict(item)) if item else [],
        coins=coins(dict(item)) if item else None,
        downloads=[(name, f"{url}?format={name}") for name in DOWNLOADS],
        media_types=DOWNLOADS_MEDIA,
        labels=DOWNLOADS,
        citations=citations,
        authors=_in_order(work, item),
        concepts=[
            {"iri": c.iri, "label": c.label or c.iri, "href": concept_href(base, c.iri)}
            for c in work.concepts
        ],
    )


def _in_order(work: WorkDetail, item: Mapping[str, Any] | None) -> list[dict[str, str | None]]:
    """The authors in the order of the author list (the CSL item's), each linked to its
    page where the graph names a person so; the graph's order (by name) without an item."""
    links = {(a.label or "").casefold(): a.iri for a in work.authors}
    if not item or not item.get("author"):
        return [{"label": a.label or a.iri, "iri": a.iri} for a in work.authors]
    ordered = []
    for person in item["author"]:
        name = " ".join(p for p in (person.get("given"), person.get("family")) if p)
        name = name or str(person.get("literal") or "")
        ordered.append({"label": name, "iri": links.get(name.casefold())})
    return ordered


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


def concept_page(
    view: ConceptView,
    *,
    base: str,
    json_url: str,
    describe_url: str,
    links: Mapping[str, str | None] | None = None,
) -> str:
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
        links=links or {},
    )
