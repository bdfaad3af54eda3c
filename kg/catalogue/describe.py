"""What the graph says about one resource: its concise bounded description, and more.

The concise bounded description (CBD) of a resource is every triple with it as subject,
and, recursively, those of every blank node among their objects — here also those of
the resource's own hash IRIs (``...#position``, ``...#authorList-1``), which are part of
the same document when the resource is dereferenced. Linked-data pages show more than the
CBD: a label for every value, the links in, and the anchors with their quotations.

All of it comes from named queries (``resource-statements``, ``resource-links-in``,
``resource-anchors``), with the resource bound as a value, never pasted into the text.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://example.org/g", '''
...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...   <http://example.org/a> skos:prefLabel "a"@en ; skos:related [ skos:notation "1" ] .
... ''', format="ttl")
>>> d = describe(store, "http://example.org/a")
>>> d.label, len(d.triples)
('a', 3)
>>> describe(store, "http://example.org/nothing")
Traceback (most recent call last):
...
kg.errors.NotFoundError: nothing is known about <http://example.org/nothing>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import NotFoundError
from kg.rdf.namespaces import DCTERMS, FOAF, PREFIXES, RDF, RDFS, SKOS
from kg.rdf.vocab import TECH
from kg.store import Store, Term, serialize_rdf
from kg.store.formats import Format
from kg.store.named import NamedQuery, load_queries, run_named_query

__all__ = [
    "AnchorInfo",
    "Description",
    "LinkIn",
    "Statement",
    "describe",
    "node",
    "serialize_triples",
    "subclasses",
]

#: The most nodes (blank or hash) the closure of a CBD follows; a guard against odd data.
MAX_CLOSURE = 2000

_LABELS = (str(SKOS.prefLabel), str(DCTERMS.title), str(RDFS.label), str(FOAF.name))

#: Whether anything is known about a resource: one index lookup each way, so that a 404
#: costs no more than that on a store of millions of triples.
_KNOWN = "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }"
_DESCRIBED = "ASK { ?this ?p ?o }"
_HAS_ANCHOR = str(TECH.anchor)
_ANCHOR = ox.NamedNode(str(TECH.Anchor))


@dataclass(frozen=True)
class Statement:
    """One triple about the resource: predicate, value, and the value's label if any."""

    predicate: str
    value: Term
    label: str | None = None


@dataclass(frozen=True)
class LinkIn:
    """One triple pointing at the resource: subject (with its label) and predicate."""

    subject: Term
    predicate: str
    label: str | None = None


@dataclass(frozen=True)
class AnchorInfo:
    """A place in a text: the anchor's IRI, quotation, page and offsets."""

    iri: str
    quote: str
    page: int | None = None
    start: int | None = None
    end: int | None = None
    source: str | None = None


@dataclass
class Description:
    """What the graph says about ``iri``."""

    iri: str
    statements: list[Statement]
    triples: list[ox.Triple]
    links_in: list[LinkIn] = field(default_factory=list)
    anchors: list[AnchorInfo] = field(default_factory=list)

    def values(self, predicate: str) -> list[Statement]:
        """The statements with ``predicate``."""
        return [s for s in self.statements if s.predicate == predicate]

    def first_text(self, *predicates: str) -> str | None:
        """The first literal of the first predicate that has one, English preferred."""
        for predicate in predicates:
            literals = [s.value for s in self.values(predicate) if isinstance(s.value, ox.Literal)]
            if literals:
                english = [lit for lit in literals if (lit.language or "").startswith("en")]
                return (english or literals)[0].value
        return None

    @property
    def label(self) -> str | None:
        """skos:prefLabel, dct:title, rdfs:label or foaf:name, in that order."""
        return self.first_text(*_LABELS)

    @property
    def definition(self) -> str | None:
        """skos:definition, else rdfs:comment."""
        return self.first_text(str(SKOS.definition), str(RDFS.comment))

    @property
    def types(self) -> list[Statement]:
        """The classes of the resource."""
        return self.values(str(RDF.type))

    @property
    def sources(self) -> list[Statement]:
        """The works it comes from (dct:source), with their titles."""
        return self.values(str(DCTERMS.source))


def node(value: str) -> ox.NamedNode:
    """An IRI as a node; one that is not a valid IRI is simply not known here (404).

    >>> node("http://example.org/a b")
    Traceback (most recent call last):
    ...
    kg.errors.NotFoundError: not an IRI: 'http://example.org/a b'
    """
    if any(c.isspace() or c in '<>"{}|\\^`' for c in value):
        raise NotFoundError(f"not an IRI: {value!r}")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise NotFoundError(f"not an IRI: {value!r}") from exc


def _int(term: Term | None) -> int | None:
    if term is None:
        return None
    try:
        return int(term.value)
    except ValueError:
        return None


def _text(term: Term | None) -> str | None:
    return None if term is None else term.value


def describe(
    store: Store,
    iri: str,
    *,
    queries: Mapping[str, NamedQuery] | None = None,
    links_in: bool = True,
    incoming: bool = True,
) -> Description:
    """The CBD of ``iri`` with labels, and (unless ``links_in=False``) the links in and the
    anchors; ``incoming=False`` leaves the links in unread (a term's, beside 1,000 papers:
    every sentence that mentions it) but not the anchors. Raises ``NotFoundError`` when no
    triple has ``iri`` as subject or object."""
    queries = queries if queries is not None else load_queries()
    this = node(iri)
    if not store.query(_KNOWN if links_in else _DESCRIBED, bindings={"this": this}).boolean:
        if links_in:
            raise NotFoundError(f"nothing is known about <{iri}>")
        raise NotFoundError(f"nothing is described as <{iri}>")
    statements_query = queries["resource-statements"]
    rows = run_named_query(store, statements_query, {"this": iri}).rows()
    statements = [
        Statement(row["p"].value, row["o"], _text(row["oLabel"]))
        for row in rows
        if row["p"] is not None and row["o"] is not None
    ]
    triples = [ox.Triple(this, ox.NamedNode(s.predicate), s.value) for s in statements]
    triples += _closure(store, statements_query, iri, [s.value for s in statements])
    links: list[LinkIn] = []
    anchors: list[AnchorInfo] = []
    if links_in and incoming:
        links = [
            LinkIn(row["s"], row["p"].value, _text(row["sLabel"]))
            for row in run_named_query(store, queries["resource-links-in"], {"this": iri}).rows()
            if row["s"] is not None and row["p"] is not None
        ]
    if links_in:
        # the anchors are those of a resource with tech:anchor, or the resource itself if
        # it is a tech:Anchor: its statements say whether it has any (all of them, unless
        # the query's limit cut them short), and the query (all anchors of the store
        # joined, whatever the resource) runs only then
        anchored = (
            statements_query.limit is not None and len(rows) >= statements_query.limit
        ) or any(
            s.predicate == _HAS_ANCHOR or (s.predicate == str(RDF.type) and s.value == _ANCHOR)
            for s in statements
        )
        if anchored:
            anchors = [
                AnchorInfo(
                    iri=row["anchor"].value,
                    quote=row["quote"].value,
                    page=_int(row["page"]),
                    start=_int(row["start"]),
                    end=_int(row["end"]),
                    source=_text(row["source"]),
                )
                for row in run_named_query(store, queries["resource-anchors"], {"this": iri}).rows()
                if row["anchor"] is not None and row["quote"] is not None
            ]
        if not statements and incoming and not links:
            raise NotFoundError(f"nothing is known about <{iri}>")
    elif not statements:
        raise NotFoundError(f"nothing is described as <{iri}>")
    return Description(iri, statements, triples, links, anchors)


def _closure(store: Store, query: NamedQuery, iri: str, start: list[Term]) -> list[ox.Triple]:
    """The triples of the blank nodes and hash IRIs reachable from ``start`` through
    blank nodes and hash IRIs only."""
    hash_prefix = iri + "#"

    def owned(term: Term) -> bool:
        return isinstance(term, ox.BlankNode) or (
            isinstance(term, ox.NamedNode) and term.value.startswith(hash_prefix)
        )

    todo = [t for t in start if owned(t)]
    seen: set[Term] = set(todo)
    triples: list[ox.Triple] = []
    while todo and len(seen) <= MAX_CLOSURE:
        subject = todo.pop()
        # the subject is a term from the store (a blank node cannot be written as an IRI
        # parameter), so it is bound directly, as run_named_query binds its parameters
        for row in store.query(query.text, bindings={"this": subject}).rows():
            predicate, value = row["p"], row["o"]
            if not isinstance(predicate, ox.NamedNode) or value is None:
                continue
            if not isinstance(subject, ox.NamedNode | ox.BlankNode):
                continue
            triples.append(ox.Triple(subject, predicate, value))
            if owned(value) and value not in seen:
                seen.add(value)
                todo.append(value)
    return triples


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    """Triples written in an RDF format by pyoxigraph, with the project's prefixes."""
    return serialize_rdf(triples, fmt, prefixes=PREFIXES)


#: The subclasses of a resource, labelled as ``resource-links-in`` labels a link's subject,
#: in its order (the IRI written in, in N-Triples form).
_SUBCLASSES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?s
       (COALESCE(SAMPLE(?prefLabel), SAMPLE(?title), SAMPLE(?label), SAMPLE(?name)) AS ?sLabel)
WHERE {
  ?s rdfs:subClassOf %s .
  OPTIONAL { ?s skos:prefLabel ?prefLabel }
  OPTIONAL { ?s dct:title ?title }
  OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?s foaf:name ?name }
}
GROUP BY ?s
ORDER BY ?s"""


def subclasses(store: Store, iri: str) -> list[LinkIn]:
    """The links in of ``iri`` that are ``rdfs:subClassOf`` it, as ``describe`` gives them,
    read alone (a term's other links in, beside 1,000 papers, are thousands of sentences)."""
    return [
        LinkIn(row["s"], str(RDFS.subClassOf), _text(row["sLabel"]))
        for row in store.query(_SUBCLASSES % node(iri)).rows()
        if row["s"] is not None
    ]
