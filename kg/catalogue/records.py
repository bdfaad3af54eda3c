"""The concepts, the works and a search over them, as typed records built from named queries.

The REST surface (``/concepts``, ``/works``, ``/search``) is a thin shell over these
functions; each returns plain pydantic models and pages with ``limit`` and ``offset``.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://example.org/g", '''
...   @prefix tech: <https://w3id.org/technocracy/ontology#> .
...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...   tech:S skos:prefLabel "family"@en .
...   tech:A skos:inScheme tech:S ; skos:prefLabel "alpha"@en ; skos:definition "first."@en .
...   tech:B skos:inScheme tech:S ; skos:prefLabel "beta"@en ; skos:definition "second."@en .
... ''', format="ttl")
>>> page = concepts(store, limit=1, offset=1)
>>> page.total, [c.slug for c in page.items]
(2, ['B'])
>>> [hit.kind for hit in search(store, "alp").items]
['label']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.catalogue.describe import describe, node, subclasses
from kg.catalogue.work_pages import work_rows
from kg.errors import NotFoundError, ParameterError
from kg.rdf.namespaces import DCTERMS, FABIO, FRBR, PRISM, RDF, RDFS, SKOS, WORK
from kg.rdf.vocab import TECH
from kg.store import Store, Term
from kg.store.named import NamedQuery, count_named_query, load_queries, run_named_query

__all__ = [
    "AnchorRecord",
    "Citation",
    "CitingWork",
    "ConceptDetail",
    "ConceptSummary",
    "Link",
    "Listing",
    "SearchHit",
    "WorkDetail",
    "WorkSummary",
    "concept",
    "concepts",
    "search",
    "slug_iri",
    "work",
    "works",
]

T = TypeVar("T")

Rows = list[dict[str, Term | None]]


class Listing(BaseModel, Generic[T]):
    """One page of a longer list: its items, how many there are in all, where it starts."""

    items: list[T]
    total: int = Field(description="the number of items in the whole list")
    limit: int
    offset: int


class Link(BaseModel):
    """A resource and its label."""

    iri: str
    label: str | None = None


class ConceptSummary(BaseModel):
    """A term of the ontology, as listed."""

    slug: str = Field(description="the local name of the term, as in /concepts/{slug}")
    iri: str
    label: str
    definition: str
    scheme: Link
    alt_labels: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="source works, as titles")


class AnchorRecord(BaseModel):
    """A quotation from a text, where it is and what it anchors."""

    iri: str
    quote: str
    page: int | None = None
    start: int | None = None
    end: int | None = None
    source: str | None = None


class ConceptDetail(BaseModel):
    """A term of the ontology with everything the graph says about it."""

    slug: str
    iri: str
    label: str
    definition: str | None = None
    alt_labels: list[str] = Field(default_factory=list)
    types: list[Link] = Field(default_factory=list)
    schemes: list[Link] = Field(default_factory=list)
    sources: list[Link] = Field(default_factory=list)
    anchors: list[AnchorRecord] = Field(default_factory=list)
    broader: list[Link] = Field(default_factory=list)
    narrower: list[Link] = Field(default_factory=list)
    related: list[Link] = Field(default_factory=list)
    superclasses: list[Link] = Field(
        default_factory=list, description="the classes it is an rdfs:subClassOf"
    )
    subclasses: list[Link] = Field(
        default_factory=list, description="the terms of the ontology that are subclasses of it"
    )


class WorkSummary(BaseModel):
    """A work of the bibliography, as listed."""

    slug: str = Field(description="the work's identifier, as in /works/{slug}")
    iri: str
    title: str | None = None
    year: str | None = None
    types: list[str] = Field(default_factory=list)
    authors: list[str] = Field(default_factory=list, description="family names")
    cited_by: int = Field(description="documents that cite it")
    citations: int = Field(description="in-text citations that resolve to it")


class CitingWork(BaseModel):
    """A document that cites a work."""

    slug: str | None = None
    iri: str
    title: str | None = None
    year: str | None = None


class Citation(BaseModel):
    """One in-text citation of a work, in its sentence."""

    iri: str
    document: str
    document_title: str | None = None
    text: str = Field(description="the citation as written, e.g. Vanolo (2015)")
    cited_as: str | None = None
    cited_year: str | None = None
    page: int | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    context: str | None = Field(default=None, description="the sentence the citation is in")


class WorkDetail(BaseModel):
    """A work: its metadata, who cites it and in which sentences."""

    slug: str
    iri: str
    title: str | None = None
    year: str | None = None
    types: list[Link] = Field(default_factory=list)
    authors: list[Link] = Field(default_factory=list)
    doi: str | None = None
    venue: Link | None = None
    concepts: list[Link] = Field(default_factory=list, description="terms sourced from it")
    cited_by: list[CitingWork] = Field(
        default_factory=list, description="the documents that cite it (the first 1,000)"
    )
    cited_by_total: int = Field(default=0, description="how many documents cite it")
    citations: list[Citation] = Field(
        default_factory=list, description="its in-text citations: one page of them"
    )
    citations_total: int = Field(default=0, description="how many in-text citations it has")
    limit: int = Field(default=100, description="the most citations one page holds")
    offset: int = Field(default=0, description="the citations skipped before this page")


class SearchHit(BaseModel):
    """A resource whose label, title, definition or anchored quotation contains the text."""

    iri: str
    label: str | None = None
    kind: str = Field(description="label, altLabel, title, definition or quotation")
    text: str = Field(description="the text that matched")
    anchors: list[str] = Field(
        default_factory=list, description="for a quotation: the resources it anchors"
    )


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


def _i(term: Term | None) -> int | None:
    if term is None:
        return None
    try:
        return int(term.value)
    except ValueError:
        return None


def _split(term: Term | None, sep: str) -> list[str]:
    return [part for part in (_v(term) or "").split(sep) if part]


def _query(queries: Mapping[str, NamedQuery] | None, name: str) -> NamedQuery:
    return (queries if queries is not None else load_queries())[name]


def _listing(
    store: Store,
    queries: Mapping[str, NamedQuery] | None,
    name: str,
    make: Callable[[dict[str, Term | None]], T],
    *,
    limit: int,
    offset: int,
    values: Mapping[str, Any] | None = None,
) -> Listing[T]:
    """One page of a named query, paged by the store (``LIMIT``/``OFFSET``), with the whole
    list's length: counted by the store unless the page itself shows it (a short page)."""
    if limit < 1 or offset < 0:
        raise ParameterError("limit must be at least 1 and offset not negative", where=name)
    query = _query(queries, name)
    rows = run_named_query(store, query, values or {}, limit=limit, offset=offset).rows()
    if len(rows) < limit and (rows or not offset):
        total = offset + len(rows)
    else:
        total = count_named_query(store, query, values or {})
    return Listing[T](items=[make(row) for row in rows], total=total, limit=limit, offset=offset)


def slug_iri(namespace: str, slug: str) -> str:
    """The IRI of a slug in a namespace; a slug that cannot be part of one is not found.

    >>> slug_iri("https://w3id.org/technocracy/id/work/", "x y")
    Traceback (most recent call last):
    ...
    kg.errors.NotFoundError: no such slug: 'x y'
    """
    if not slug or not all(c.isalnum() or c in "-_.~" for c in slug) or not slug.isascii():
        raise NotFoundError(f"no such slug: {slug!r}")
    return node(namespace + slug).value


# -- concepts -----------------------------------------------------------------------------


def concepts(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    queries: Mapping[str, NamedQuery] | None = None,
) -> Listing[ConceptSummary]:
    """The terms of the ontology in every family, by family and label."""
    prefix = str(TECH)

    def make(row: dict[str, Term | None]) -> ConceptSummary:
        iri = _v(row["term"]) or ""
        return ConceptSummary(
            slug=iri[len(prefix) :],
            iri=iri,
            label=_v(row["label"]) or "",
            definition=_v(row["definition"]) or "",
            scheme=Link(iri=_v(row["scheme"]) or "", label=_v(row["schemeLabel"])),
            alt_labels=_split(row["altLabels"], "; "),
            sources=_split(row["sources"], "; "),
        )

    return _listing(store, queries, "concepts-by-family", make, limit=limit, offset=offset)


def _links(statements: Sequence[Any]) -> list[Link]:
    return [
        Link(iri=s.value.value, label=s.label)
        for s in statements
        if isinstance(s.value, ox.NamedNode)
    ]


def concept(
    store: Store, slug: str, *, queries: Mapping[str, NamedQuery] | None = None
) -> ConceptDetail:
    """One term of the ontology by its local name (``Smartmentality``)."""
    iri = slug_iri(str(TECH), slug)
    # the links in are every sentence that mentions the term (16 s beside 1,000 papers):
    # of them the page shows the subclasses, which one query of their own reads
    d = describe(store, iri, queries=queries, links_in=True, incoming=False)
    if d.label is None:
        raise NotFoundError(f"no concept {slug!r} in the ontology")
    return ConceptDetail(
        slug=slug,
        iri=iri,
        label=d.label,
        definition=d.definition,
        alt_labels=sorted({s.value.value for s in d.values(str(SKOS.altLabel))}),
        types=_links(d.types),
        schemes=_links(d.values(str(SKOS.inScheme))),
        sources=_links(d.sources),
        anchors=[AnchorRecord(**vars(a)) for a in d.anchors],
        broader=_links(d.values(str(SKOS.broader))),
        narrower=_links(d.values(str(SKOS.narrower))),
        related=_links(d.values(str(SKOS.related))),
        superclasses=_links(d.values(str(RDFS.subClassOf))),
        subclasses=[
            Link(iri=link.subject.value, label=link.label)
            for link in subclasses(store, iri)
            if isinstance(link.subject, ox.NamedNode) and link.subject.value.startswith(str(TECH))
        ],
    )


# -- works --------------------------------------------------------------------------------


def works(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    queries: Mapping[str, NamedQuery] | None = None,
    page: tuple[list[tuple[str, str]], int] | None = None,
) -> Listing[WorkSummary]:
    """The works of the bibliography, by identifier (``kg.catalogue.work_pages``)."""

    def make(row: dict[str, Term | None]) -> WorkSummary:
        return WorkSummary(
            slug=_v(row["id"]) or "",
            iri=_v(row["work"]) or "",
            title=_v(row["title"]),
            year=_v(row["year"]),
            types=_split(row["types"], " "),
            authors=_split(row["authors"], "; "),
            cited_by=_i(row["citedBy"]) or 0,
            citations=_i(row["citations"]) or 0,
        )

    rows, total = work_rows(store, _query(queries, "works"), limit=limit, offset=offset, page=page)
    return Listing(items=[*map(make, rows)], total=total, limit=limit, offset=offset)  # pickles


def work(
    store: Store,
    slug: str,
    *,
    limit: int = 100,
    offset: int = 0,
    queries: Mapping[str, NamedQuery] | None = None,
) -> WorkDetail:
    """One work by its identifier (``vanolo2014smartmentality``): metadata, who cites it,
    and its citations in their sentences, ``limit`` of them from ``offset`` on."""
    queries = queries if queries is not None else load_queries()  # read once for all three
    iri = slug_iri(str(WORK), slug)
    d = describe(store, iri, queries=queries, links_in=True)
    if not d.statements:
        raise NotFoundError(f"no work {slug!r} in the bibliography")
    year = d.first_text(str(FABIO.hasPublicationYear), str(DCTERMS.issued))
    venues = _links(d.values(str(FRBR.partOf)))
    concepts_from = [
        Link(iri=link.subject.value, label=link.label)
        for link in d.links_in
        if link.predicate == str(DCTERMS.source) and link.subject.value.startswith(str(TECH))
    ]
    cited_by = _listing(
        store,
        queries,
        "work-cited-by",
        lambda row: CitingWork(
            slug=_v(row["id"]),
            iri=_v(row["doc"]) or "",
            title=_v(row["title"]),
            year=_v(row["year"]),
        ),
        limit=1000,
        offset=0,
        values={"work": iri},
    )
    citations = _listing(
        store,
        queries,
        "work-citations",
        lambda row: Citation(
            iri=_v(row["citation"]) or "",
            document=_v(row["doc"]) or "",
            document_title=_v(row["docTitle"]),
            text=_v(row["text"]) or "",
            cited_as=_v(row["key"]),
            cited_year=_v(row["year"]),
            page=_i(row["page"]),
            start=_i(row["start"]),
            end=_i(row["end"]),
            sentence=_v(row["sentence"]),
            context=_v(row["context"]),
        ),
        limit=limit,
        offset=offset,
        values={"work": iri},
    )
    return WorkDetail(
        slug=slug,
        iri=iri,
        title=d.first_text(str(DCTERMS.title)),
        year=year,
        types=_links(d.values(str(RDF.type))),
        authors=_links(d.values(str(DCTERMS.creator))),
        doi=d.first_text(str(PRISM.doi)),
        venue=venues[0] if venues else None,
        concepts=concepts_from,
        cited_by=cited_by.items,
        cited_by_total=cited_by.total,
        citations=citations.items,
        citations_total=citations.total,
        limit=limit,
        offset=offset,
    )


# -- search -------------------------------------------------------------------------------


def search(
    store: Store,
    q: str,
    *,
    limit: int = 50,
    offset: int = 0,
    queries: Mapping[str, NamedQuery] | None = None,
) -> Listing[SearchHit]:
    """Resources whose labels, titles, definitions or anchored quotations contain ``q``."""

    def make(row: dict[str, Term | None]) -> SearchHit:
        return SearchHit(
            iri=_v(row["hit"]) or "",
            label=_v(row["label"]),
            kind=_v(row["kind"]) or "",
            text=_v(row["text"]) or "",
            anchors=_split(row["anchors"], " "),
        )

    return _listing(store, queries, "search", make, limit=limit, offset=offset, values={"q": q})
