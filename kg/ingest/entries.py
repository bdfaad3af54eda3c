"""An entry of an ingested document's reference list as N-Triples (a BiRO reference,
the work it refers to, its confidence, raw words and CSL-JSON item), for
:mod:`kg.ingest.rdf` and :mod:`kg.ingest.fix`."""

from __future__ import annotations

import json

from kg.ingest.model import Reference
from kg.ingest.references import reference_confidence
from kg.rdf.namespaces import BIRO, DCTERMS, FRBR, ID, RDF, SKOS, XSD
from kg.rdf.ntriples import iri, literal, typed
from kg.rdf.vocab import TECH

__all__ = ["reference_lines"]

_ID = str(ID)
_RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
_BIBLIOGRAPHIC_CITATION = iri(DCTERMS.bibliographicCitation)
# the terms written once (an rdflib namespace makes its terms anew each time)
_A, _REFERENCE, _REFERENCES = iri(RDF.type), iri(BIRO.BibliographicReference), iri(BIRO.references)
_PART_OF, _POSITION, _CONFIDENCE = (
    iri(FRBR.partOf),
    iri(TECH.referencePosition),
    iri(TECH.confidence),
)
_NOTE, _WARNING, _CSL = iri(SKOS.note), iri(TECH.readingWarning), iri(TECH.cslItem)
_INTEGER = str(XSD.integer)


def reference_lines(
    doc_id: str, n: int, reference: Reference, *, work: str | None = None
) -> list[str]:
    """The lines of entry ``n`` of a document's reference list (the keys citing it apart),
    each once, in order; ``work`` is the work it refers to, written as an IRI in N-Triples
    (by default the one its own key names; another when ingest found the work already in
    the store).

    >>> lines = reference_lines("d", 1, Reference("smith2001", ("Smith",), 2001))
    >>> lines[0].split()[2], lines[3].split()[2]
    ('<http://purl.org/spar/biro/BibliographicReference>', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    unit = iri(f"{_ID}reference/{doc_id}/{reference.id}")
    work = work or iri(f"{_ID}work/{reference.id}")
    said = [
        (_A, _REFERENCE),
        (_REFERENCES, work),
        (_PART_OF, iri(f"{_ID}reference/{doc_id}")),
        (_POSITION, typed(n, _INTEGER)),
        (_CONFIDENCE, literal(reference_confidence(reference))),
    ]
    if reference.raw:
        said.append((_BIBLIOGRAPHIC_CITATION, literal(reference.raw)))
    if reference.note:
        said.append((_NOTE, literal(reference.note)))
    said += [(_WARNING, literal(w)) for w in reference.warnings]
    lines = {f"{unit} {p} {o} .": None for p, o in said}  # an ordered set
    if reference.warnings and reference.raw:  # a raw reference: its work is its text
        lines[f"{work} {_BIBLIOGRAPHIC_CITATION} {literal(reference.raw)} ."] = None
    item = json.dumps({**reference.csl, "id": reference.id}, ensure_ascii=False, sort_keys=True)
    lines[f"{unit} {_CSL} {literal(item, datatype=_RDF_JSON)} ."] = None
    return list(lines)
