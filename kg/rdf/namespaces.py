"""Namespaces: the vocabularies we reuse and the IRIs of our own data and graphs, each
declared here once. The ontology's own terms are :data:`kg.rdf.vocab.TECH`, a closed
namespace."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

__all__ = [
    "ACTIVITY",
    "ANCHOR",
    "BASE",
    "BIBO",
    "BIRO",
    "C4O",
    "CITO",
    "DCTERMS",
    "DCTYPE",
    "DISCREPANCY",
    "DOCO",
    "FABIO",
    "FACT",
    "FOAF",
    "FRBR",
    "GRAPH",
    "ID",
    "NIF",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PERSON",
    "PREFIXES",
    "PRISM",
    "PROV",
    "RDF",
    "RDFS",
    "REFERENCE",
    "SKOS",
    "TEXT",
    "TKORG",
    "VANN",
    "VCARD",
    "VENUE",
    "WORK",
    "XSD",
]

BASE = "https://w3id.org/technocracy/"
ONTOLOGY_IRI = BASE + "ontology"
ID = Namespace(BASE + "id/")
WORK = Namespace(ID + "work/")
PERSON = Namespace(ID + "person/")
TKORG = Namespace(ID + "org/")
ANCHOR = Namespace(ID + "anchor/")
FACT = Namespace(ID + "fact/")
TEXT = Namespace(ID + "text/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
#: NIF 2.0 core: a unit's offsets into its text (nif:beginIndex, nif:endIndex)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
BIRO = Namespace("http://purl.org/spar/biro/")
C4O = Namespace("http://purl.org/spar/c4o/")
DOCO = Namespace("http://purl.org/spar/doco/")
FRBR = Namespace("http://purl.org/vocab/frbr/core#")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCTYPE = Namespace("http://purl.org/dc/dcmitype/")
VENUE = Namespace(ID + "venue/")
REFERENCE = Namespace(ID + "reference/")
DISCREPANCY = Namespace(ID + "discrepancy/")
ACTIVITY = Namespace(ID + "activity/")

#: Prefixes for SPARQL queries and serializations, in one place.
PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "vann": str(VANN),
    "oa": str(OA),
    "nif": str(NIF),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "biro": str(BIRO),
    "c4o": str(C4O),
    "doco": str(DOCO),
    "frbr": str(FRBR),
    "prism": str(PRISM),
    "bibo": str(BIBO),
    "vcard": str(VCARD),
    "tech": ONTOLOGY_IRI + "#",  # its terms: kg.rdf.vocab.TECH
    "tkid": str(ID),
    "work": str(WORK),
    "person": str(PERSON),
    "tkorg": str(TKORG),
    "anchor": str(ANCHOR),
    "fact": str(FACT),
    "text": str(TEXT),
    "graph": str(GRAPH),
}
