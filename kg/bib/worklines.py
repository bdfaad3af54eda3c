"""A cited work's N-Triples lines made as strings: what :func:`kg.bib.graph.add_work`
writes into :class:`kg.rdf.ntriples.Lines`, without an rdflib term per triple (a fifth of
a synthetic paper's analysis went to the rdflib path). ``tests/ingest/test_fast_paths.py``
holds the two to the same lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.bib.graph import CONTAINER_TYPES, FABIO_TYPES, add_work, confidence_of
from kg.bib.identity import work_keys
from kg.rdf.namespaces import (
    BIBO,
    DCTERMS,
    FABIO,
    FOAF,
    FRBR,
    PERSON,
    PRISM,
    RDF,
    RDFS,
    SKOS,
    TKORG,
    VENUE,
    WORK,
    XSD,
)
from kg.rdf.ntriples import Lines, literal
from kg.rdf.slugs import slugify
from kg.rdf.vocab import TECH

__all__ = ["work_lines"]


def work_lines(item: dict) -> list[str]:
    """The N-Triples lines :func:`add_work` writes for ``item`` (no container titles
    shared), in its order, each once, made as strings: no rdflib term per triple (a
    fifth of a synthetic paper's analysis went to the rdflib path). An item it does not
    expect (a value that is not a string where one is written, an id an IRI cannot
    hold) goes the rdflib way, which says what is wrong with it.

    >>> lines = work_lines({"id": "a2020x", "type": "book", "title": "X"})
    >>> lines[:2]  # doctest: +NORMALIZE_WHITESPACE
    ['<https://w3id.org/technocracy/id/work/a2020x>
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/spar/fabio/Book> .',
     '<https://w3id.org/technocracy/id/work/a2020x> <http://purl.org/dc/terms/identifier>
      "a2020x" .']
    """
    try:
        return _work_lines(item)
    except (_Unusual, TypeError, ValueError, KeyError, AttributeError, IndexError):
        lines = Lines()
        add_work(lines, item, {})
        return list(lines)


class _Unusual(Exception):
    """An item :func:`work_lines` leaves to the rdflib path."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Unusual
    return literal(value)


_P = {name: f"<{uri}>" for name, uri in {
    "type": RDF.type, "identifier": DCTERMS.identifier, "workKey": TECH.workKey,
    "title": DCTERMS.title, "label": RDFS.label, "creator": DCTERMS.creator,
    "authorList": BIBO.authorList, "editor": BIBO.editor, "editorList": BIBO.editorList,
    "Person": FOAF.Person, "name": FOAF.name, "familyName": FOAF.familyName,
    "givenName": FOAF.givenName, "first": RDF.first, "rest": RDF.rest, "nil": RDF.nil,
    "issued": DCTERMS.issued, "year": FABIO.hasPublicationYear,
    "firstPublished": TECH.firstPublished, "partOf": FRBR.partOf, "Series": FABIO.Series,
    "sequence": FABIO.hasSequenceIdentifier, "volume": PRISM.volume,
    "issue": PRISM.issueIdentifier, "edition": PRISM.edition, "pageRange": PRISM.pageRange,
    "startingPage": PRISM.startingPage, "endingPage": PRISM.endingPage, "doi": PRISM.doi,
    "isbn": PRISM.isbn, "url": FABIO.hasURL, "publisher": DCTERMS.publisher,
    "Organization": FOAF.Organization, "place": FABIO.hasPlaceOfPublication,
    "confidence": TECH.confidence, "note": SKOS.note, "gYear": XSD.gYear,
    "gYearMonth": XSD.gYearMonth, "date": XSD.date, "anyURI": XSD.anyURI,
}.items()}  # fmt: skip
_FABIO_TYPES = {k: f"<{v}>" for k, v in FABIO_TYPES.items()}
_CONTAINER_TYPES = {k: f"<{v}>" for k, v in CONTAINER_TYPES.items()}
_EXPRESSION, _WORKING_PAPER = f"<{FABIO.Expression}>", f"<{FABIO.WorkingPaper}>"
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


#: slugs asked for again and again across a corpus (people, venues, publishers):
#: :func:`~kg.rdf.slugs.slugify` reads a character at a time
_slug = lru_cache(maxsize=1 << 16)(slugify)


def _person(name: dict) -> str:
    """What :func:`~kg.rdf.slugs.person_slug` makes a slug of, for a name with no literal."""
    return f"{name.get('family', '')} {name.get('given', '')}"


def _year_line(parts: list) -> str:
    year, *rest = parts
    if not all(type(part) is int for part in parts):
        raise _Unusual
    if len(rest) >= 2:
        return f'"{year:04d}-{rest[0]:02d}-{rest[1]:02d}"^^{_P["date"]}'
    if len(rest) == 1:
        return f'"{year:04d}-{rest[0]:02d}"^^{_P["gYearMonth"]}'
    return f'"{year:04d}"^^{_P["gYear"]}'


def _venue_lines(out: dict[str, None], work: str, name: object, kind: str) -> None:
    """A journal, book or series the work is part of: one node, its IRI a slug of ``name``."""
    node = f"<{VENUE}{_slug(_str(name))}>"
    out[f"{work} {_P['partOf']} {node} ."] = None
    out[f"{node} {_P['type']} {kind} ."] = None
    out[f"{node} {_P['title']} {_text(name)} ."] = None
    out[f"{node} {_P['label']} {_text(name)} ."] = None


def _people_lines(out: dict[str, None], work: str, people: list, prop: str, cells: str) -> None:
    p = _P
    nodes = []
    for name in people:
        slug = _slug(name["literal"] if name.get("literal") else _person(name))
        person = f"<{PERSON}{slug}>"
        nodes.append(person)
        out[f"{work} {prop} {person} ."] = None
        out[f"{person} {p['type']} {p['Person']} ."] = None
        full = name.get("literal") or " ".join(
            _str(x) for x in (name.get("given"), name.get("family")) if x
        )
        out[f"{person} {p['name']} {_text(full)} ."] = None
        out[f"{person} {p['label']} {_text(full)} ."] = None
        if name.get("family"):
            out[f"{person} {p['familyName']} {_text(name['family'])} ."] = None
        if name.get("given"):
            out[f"{person} {p['givenName']} {_text(name['given'])} ."] = None
    if nodes:
        names = [f"{work[:-1]}#{cells}-{n}>" for n in range(1, len(nodes) + 1)]
        out[f"{work} {p[cells]} {names[0]} ."] = None
        for cell, person, rest in zip(names, nodes, [*names[1:], p["nil"]], strict=True):
            out[f"{cell} {p['first']} {person} ."] = None
            out[f"{cell} {p['rest']} {rest} ."] = None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise _Unusual
    return value


def _work_lines(item: dict) -> list[str]:
    p = _P
    ident = _str(item["id"])
    work = f"<{WORK}{ident}>"
    if _NOT_IN_IRI.search(work[1:-1]):
        raise _Unusual
    out: dict[str, None] = {}
    kind = item.get("type", "document")
    rdf_type = _FABIO_TYPES.get(kind, _EXPRESSION)
    if kind == "report" and "working paper" in (item.get("collection-title") or "").lower():
        rdf_type = _WORKING_PAPER
    out[f"{work} {p['type']} {rdf_type} ."] = None
    out[f"{work} {p['identifier']} {literal(ident)} ."] = None
    for key in work_keys(item):
        out[f"{work} {p['workKey']} {_text(key)} ."] = None
    if item.get("title"):
        out[f"{work} {p['title']} {_text(item['title'])} ."] = None
        out[f"{work} {p['label']} {_text(item['title'])} ."] = None
    _people_lines(out, work, item.get("author") or [], p["creator"], "authorList")
    _people_lines(out, work, item.get("editor") or [], p["editor"], "editorList")
    issued = (item.get("issued") or {}).get("date-parts") or []
    if issued and issued[0] and issued[0][0]:
        out[f"{work} {p['issued']} {_year_line(issued[0])} ."] = None
        out[f'{work} {p["year"]} "{issued[0][0]:04d}"^^{p["gYear"]} .'] = None
    original = (item.get("original-date") or {}).get("date-parts") or []
    if original and original[0] and original[0][0]:
        out[f"{work} {p['firstPublished']} {_year_line(original[0])} ."] = None
    container = item.get("container-title")
    if container:
        _venue_lines(out, work, container, _CONTAINER_TYPES.get(kind, _EXPRESSION))
    series = item.get("collection-title")
    if series:
        _venue_lines(out, work, series, p["Series"])
        number = item.get("collection-number") or item.get("number")
        if number:
            out[f"{work} {p['sequence']} {literal(str(number))} ."] = None
    for key in ("volume", "issue", "edition"):
        if item.get(key):
            out[f"{work} {p[key]} {literal(str(item[key]))} ."] = None
    if item.get("page"):
        pages = str(item["page"])
        out[f"{work} {p['pageRange']} {literal(pages)} ."] = None
        first, _, last = pages.replace("–", "-").partition("-")
        if first.strip():
            out[f"{work} {p['startingPage']} {literal(first.strip())} ."] = None
        if last.strip():
            out[f"{work} {p['endingPage']} {literal(last.strip())} ."] = None
    if item.get("DOI"):
        out[f"{work} {p['doi']} {_text(item['DOI'])} ."] = None
    if item.get("ISBN"):
        out[f"{work} {p['isbn']} {_text(item['ISBN'])} ."] = None
    if item.get("URL"):
        out[f"{work} {p['url']} {literal(_str(item['URL']), datatype=str(XSD.anyURI))} ."] = None
    if item.get("publisher"):
        publisher = f"<{TKORG}{_slug(_str(item['publisher']))}>"
        out[f"{work} {p['publisher']} {publisher} ."] = None
        out[f"{publisher} {p['type']} {p['Organization']} ."] = None
        out[f"{publisher} {p['name']} {_text(item['publisher'])} ."] = None
        out[f"{publisher} {p['label']} {_text(item['publisher'])} ."] = None
    if item.get("publisher-place"):
        out[f"{work} {p['place']} {_text(item['publisher-place'])} ."] = None
    if item.get("note") is not None:
        _str(item["note"])
    level, rest = confidence_of(item)
    if level:
        out[f"{work} {p['confidence']} {literal(level)} ."] = None
    if rest:
        out[f"{work} {p['note']} {literal(rest)} ."] = None
    return list(out)
