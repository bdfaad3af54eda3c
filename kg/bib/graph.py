"""The bibliography graph: a document, the works it cites, and how it cites them.

Input: CSL-JSON items, and a document description (``kg/corpus/{doc}.yaml``) that
says which item is the document, which text file it was read from, who its
authors were affiliated with, and which in-text key stands for which item.

Output (rdflib ``Graph``): FaBiO works with PRISM details, FOAF persons, ORG
affiliations, a BiRO reference list whose references carry the key as cited, the
mapping's confidence and every computed discrepancy, and ``cito:cites`` from the
document to each cited work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.bib.citekeys import compare, parse_key
from kg.bib.identity import work_keys
from kg.bib.types import BIB_TYPES, fabio_class, fabio_container
from kg.errors import InputError
from kg.rdf.namespaces import (
    BIBO,
    BIRO,
    CITO,
    DCTERMS,
    DISCREPANCY,
    FABIO,
    FOAF,
    FRBR,
    ORG,
    PERSON,
    PRISM,
    RDF,
    RDFS,
    REFERENCE,
    SKOS,
    TEXT,
    TKORG,
    VCARD,
    VENUE,
    WORK,
    XSD,
)
from kg.rdf.ntriples import TripleSink
from kg.rdf.slugs import person_slug, slugify
from kg.rdf.vocab import TECH

__all__ = ["Document", "add_work", "bibliography_graph", "confidence_of", "load_document"]

# CSL type -> FaBiO class of the work, and of the venue it is published in
FABIO_TYPES = {t.csl: FABIO[fabio_class(t.csl)] for t in BIB_TYPES}
CONTAINER_TYPES = {t.csl: FABIO[fabio_container(t.csl)] for t in BIB_TYPES}
_CONFIDENCE = re.compile(r"^\s*confidence:\s*(high|medium|low)\b[\s.;,:]*(.*)$", re.I | re.S)


@dataclass
class Document:
    """What the curated ``{doc}.yaml`` says about one document."""

    id: str
    citations: dict[str, str]
    book: str | None = None
    text: dict = field(default_factory=dict)
    affiliations: dict[str, dict] = field(default_factory=dict)
    authors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: dict, *, where: str = "document") -> Document:
        """Build from parsed YAML, saying what is missing."""
        if not isinstance(data, dict) or "document" not in data:
            raise InputError("needs a 'document' key naming the bibliography id", where=where)
        return cls(
            id=str(data["document"]),
            citations={str(k): str(v) for k, v in (data.get("citations") or {}).items()},
            book=data.get("book"),
            text=data.get("text") or {},
            affiliations=data.get("affiliations") or {},
            authors=data.get("authors") or {},
        )


def confidence_of(item: dict) -> tuple[str | None, str]:
    """The confidence level a CSL-JSON ``note`` states, and the rest of the note.

    >>> confidence_of({"note": "confidence: medium. Page range from memory."})
    ('medium', 'Page range from memory.')
    >>> confidence_of({})
    (None, '')
    """
    note = item.get("note") or ""
    found = _CONFIDENCE.match(note)
    if not found:
        return None, note.strip()
    return found.group(1).lower(), found.group(2).strip()


def _year_literal(parts: list) -> Literal:
    year, *rest = parts
    if len(rest) >= 2:
        return Literal(f"{year:04d}-{rest[0]:02d}-{rest[1]:02d}", datatype=XSD.date)
    if len(rest) == 1:
        return Literal(f"{year:04d}-{rest[0]:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _add_people(g: TripleSink, work: URIRef, people: list[dict], prop: URIRef, list_prop: URIRef):
    nodes = []
    for name in people:
        person = PERSON[person_slug(name)]
        nodes.append(person)
        g.add((work, prop, person))
        g.add((person, RDF.type, FOAF.Person))
        full = name.get("literal") or " ".join(
            p for p in (name.get("given"), name.get("family")) if p
        )
        g.add((person, FOAF.name, Literal(full)))
        g.add((person, RDFS.label, Literal(full)))
        if name.get("family"):
            g.add((person, FOAF.familyName, Literal(name["family"])))
        if name.get("given"):
            g.add((person, FOAF.givenName, Literal(name["given"])))
    if nodes:
        # an rdf:List with named cells (work IRI + fragment), so that a rebuild yields
        # the same triples, byte for byte, and no blank node needs matching
        cells = [URIRef(f"{work}#{list_prop.split('/')[-1]}-{n}") for n in range(1, len(nodes) + 1)]
        g.add((work, list_prop, cells[0]))
        for cell, person, rest in zip(cells, nodes, [*cells[1:], RDF.nil], strict=True):
            g.add((cell, RDF.first, person))
            g.add((cell, RDF.rest, rest))


def _add_pages(g: TripleSink, work: URIRef, pages: str) -> None:
    g.add((work, PRISM.pageRange, Literal(pages)))
    first, _, last = pages.replace("–", "-").partition("-")
    if first.strip():
        g.add((work, PRISM.startingPage, Literal(first.strip())))
    if last.strip():
        g.add((work, PRISM.endingPage, Literal(last.strip())))


def add_work(g: TripleSink, item: dict, titles: dict[str, URIRef] | None = None) -> URIRef:
    """Add a CSL-JSON item to ``g`` (a graph, or :class:`kg.rdf.ntriples.Lines` to have
    it written as N-Triples) as a FaBiO work with its people and details."""
    titles = titles or {}
    work = WORK[item["id"]]
    kind = item.get("type", "document")
    rdf_type = FABIO_TYPES.get(kind, FABIO.Expression)
    if kind == "report" and "working paper" in (item.get("collection-title") or "").lower():
        rdf_type = FABIO.WorkingPaper
    g.add((work, RDF.type, rdf_type))
    g.add((work, DCTERMS.identifier, Literal(item["id"])))
    for key in work_keys(item):  # how another document's reference finds it (kg.bib.identity)
        g.add((work, TECH.workKey, Literal(key)))
    if item.get("title"):
        g.add((work, DCTERMS.title, Literal(item["title"])))
        g.add((work, RDFS.label, Literal(item["title"])))
    _add_people(g, work, item.get("author") or [], DCTERMS.creator, BIBO.authorList)
    _add_people(g, work, item.get("editor") or [], BIBO.editor, BIBO.editorList)
    issued = (item.get("issued") or {}).get("date-parts") or []
    if issued and issued[0] and issued[0][0]:
        g.add((work, DCTERMS.issued, _year_literal(issued[0])))
        g.add((work, FABIO.hasPublicationYear, Literal(f"{issued[0][0]:04d}", datatype=XSD.gYear)))
    original = (item.get("original-date") or {}).get("date-parts") or []
    if original and original[0] and original[0][0]:
        g.add((work, TECH.firstPublished, _year_literal(original[0])))
    container = item.get("container-title")
    if container:
        target = titles.get(container.casefold()) or VENUE[slugify(container)]
        g.add((work, FRBR.partOf, target))
        if target not in titles.values():
            g.add((target, RDF.type, CONTAINER_TYPES.get(kind, FABIO.Expression)))
            g.add((target, DCTERMS.title, Literal(container)))
            g.add((target, RDFS.label, Literal(container)))
    series = item.get("collection-title")
    if series:
        node = VENUE[slugify(series)]
        g.add((work, FRBR.partOf, node))
        g.add((node, RDF.type, FABIO.Series))
        g.add((node, DCTERMS.title, Literal(series)))
        g.add((node, RDFS.label, Literal(series)))
        number = item.get("collection-number") or item.get("number")
        if number:
            g.add((work, FABIO.hasSequenceIdentifier, Literal(str(number))))
    for key, prop in (
        ("volume", PRISM.volume),
        ("issue", PRISM.issueIdentifier),
        ("edition", PRISM.edition),
    ):
        if item.get(key):
            g.add((work, prop, Literal(str(item[key]))))
    if item.get("page"):
        _add_pages(g, work, str(item["page"]))
    if item.get("DOI"):
        g.add((work, PRISM.doi, Literal(item["DOI"])))
    if item.get("ISBN"):
        g.add((work, PRISM.isbn, Literal(item["ISBN"])))
    if item.get("URL"):
        g.add((work, FABIO.hasURL, Literal(item["URL"], datatype=XSD.anyURI)))
    if item.get("publisher"):
        publisher = TKORG[slugify(item["publisher"])]
        g.add((work, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Organization))
        g.add((publisher, FOAF.name, Literal(item["publisher"])))
        g.add((publisher, RDFS.label, Literal(item["publisher"])))
    if item.get("publisher-place"):
        g.add((work, FABIO.hasPlaceOfPublication, Literal(item["publisher-place"])))
    level, rest = confidence_of(item)
    if level:
        g.add((work, TECH.confidence, Literal(level)))
    if rest:
        g.add((work, SKOS.note, Literal(rest)))
    return work


def _add_affiliations(g: Graph, doc: Document) -> None:
    for slug, info in doc.affiliations.items():
        org = TKORG[slug]
        g.add((org, RDF.type, ORG.Organization))
        g.add((org, RDFS.label, Literal(info["name"])))
        g.add((org, FOAF.name, Literal(info["name"])))
        if info.get("part_of"):
            g.add((org, ORG.subOrganizationOf, TKORG[info["part_of"]]))
        if info.get("place"):
            g.add((org, VCARD.locality, Literal(info["place"])))
    for person, slug in doc.authors.items():
        if slug not in doc.affiliations:
            raise InputError(f"author {person} names unknown affiliation {slug!r}", where=doc.id)
        g.add((PERSON[person], ORG.memberOf, TKORG[slug]))


def _add_text(g: Graph, doc: Document, work: URIRef) -> None:
    if not doc.text:
        return
    text = TEXT[doc.id]
    g.add((text, RDF.type, FABIO.Postprint))
    g.add((text, FRBR.realizationOf, work))
    g.add((text, RDFS.label, Literal(f"text file {doc.text['file']}")))
    g.add((text, DCTERMS.identifier, Literal(doc.text["file"])))
    if doc.text.get("sha256"):
        g.add((text, TECH.sha256, Literal(doc.text["sha256"])))
    if doc.text.get("version"):
        g.add((text, DCTERMS.description, Literal(doc.text["version"])))
    if doc.text.get("retrieved_from"):
        g.add((text, DCTERMS.source, URIRef(doc.text["retrieved_from"])))


def _add_references(g: Graph, doc: Document, items: dict[str, dict], work: URIRef) -> None:
    ref_list = REFERENCE[doc.id]
    g.add((ref_list, RDF.type, BIRO.ReferenceList))
    g.add((ref_list, RDFS.label, Literal(f"reference list of {doc.id}")))
    g.add((ref_list, FRBR.partOf, work))
    g.add((work, FRBR.part, ref_list))
    for key_text, target_id in sorted(doc.citations.items(), key=lambda kv: kv[1]):
        if target_id not in items:
            raise InputError(
                f"citation {key_text!r} names {target_id!r}, which the bibliography lacks",
                where=doc.id,
            )
        item = items[target_id]
        cited = WORK[target_id]
        ref = REFERENCE[f"{doc.id}/{target_id}"]
        g.add((work, CITO.cites, cited))
        g.add((ref, RDF.type, BIRO.BibliographicReference))
        g.add((ref, BIRO.references, cited))
        g.add((ref, FRBR.partOf, ref_list))
        g.add((ref_list, FRBR.part, ref))
        g.add((ref, TECH.citedAs, Literal(key_text)))
        g.add((ref, RDFS.label, Literal(f"{key_text} → {target_id}")))
        level, rest = confidence_of(item)
        if level:
            g.add((ref, TECH.confidence, Literal(level)))
        if rest:
            g.add((ref, SKOS.note, Literal(rest)))
        for found in compare(parse_key(key_text), item):
            node = DISCREPANCY[f"{doc.id}/{target_id}/{found.kind}"]
            g.add((ref, TECH.hasDiscrepancy, node))
            g.add((node, RDF.type, TECH.CitationDiscrepancy))
            g.add((node, TECH.discrepancyKind, Literal(found.kind)))
            g.add((node, TECH.citedValue, Literal(found.cited)))
            g.add((node, TECH.publishedValue, Literal(found.published)))
            g.add((node, RDFS.comment, Literal(found.explanation)))


def bibliography_graph(items: list[dict], doc: Document) -> Graph:
    """The bibliography of ``doc`` as RDF.

    >>> items = [{"id": "a2020x", "type": "book", "title": "X",
    ...           "author": [{"family": "A", "given": "B"}], "issued": {"date-parts": [[2020]]}},
    ...          {"id": "me2021y", "type": "article-journal", "title": "Y",
    ...           "author": [{"family": "Me", "given": "I"}], "issued": {"date-parts": [[2021]]}}]
    >>> g = bibliography_graph(items, Document("me2021y", citations={"A 2019": "a2020x"}))
    >>> sorted(str(o) for o in g.objects(predicate=CITO.cites))
    ['https://w3id.org/technocracy/id/work/a2020x']
    >>> sorted(str(o) for o in g.objects(predicate=TECH.discrepancyKind))
    ['year']
    """
    by_id: dict[str, dict] = {}
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("id"):
            raise InputError("a CSL-JSON item without an id", where=f"item {n + 1}")
        if item["id"] in by_id:
            raise InputError(f"duplicate CSL-JSON id {item['id']!r}", where=f"item {n + 1}")
        by_id[item["id"]] = item
    if doc.id not in by_id:
        raise InputError(f"the document {doc.id!r} is not in the bibliography", where=doc.id)
    g = Graph()
    books = {
        item["title"].casefold(): WORK[item["id"]]
        for item in items
        if item.get("type") == "book" and item.get("title")
    }
    for item in items:
        add_work(g, item, books)
    work = WORK[doc.id]
    _add_affiliations(g, doc)
    _add_text(g, doc, work)
    _add_references(g, doc, by_id, work)
    return g


def load_document(path: Path) -> Document:
    """Read a ``{doc}.yaml`` document description."""
    import yaml

    from kg.yamltext import safe_load

    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the document description: {exc}", where=str(path)) from exc
    return Document.from_mapping(data, where=str(path))
