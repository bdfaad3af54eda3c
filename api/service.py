"""The SPARQL 1.1 Service Description of the endpoint, sent on a bare GET of ``/sparql``.

>>> doc = service_description("http://localhost/sparql", ["http://example.org/g"], "nt")
>>> b"<http://www.w3.org/ns/sparql-service-description#SPARQL11Query>" in doc
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.formats import rdf_format
from kg.namespaces import RDF

from .negotiation import GRAPHS, RESULTS

__all__ = ["SD", "W3C_FORMATS", "service_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"

#: The W3C's IRI for each format offered (https://www.w3.org/ns/formats/).
W3C_FORMATS: dict[str, str] = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "nq": "N-Quads",
    "trig": "TriG",
    "n3": "N3",
}


def service_description(endpoint: str, graphs: Iterable[str], fmt: str) -> bytes:
    """What the endpoint offers, in the RDF format ``fmt``: the language, the result
    formats, the union default graph and the named graphs."""
    service, dataset = ox.BlankNode(), ox.BlankNode()
    a = ox.NamedNode(str(RDF.type))

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        *(
            ox.Triple(
                service,
                sd("resultFormat"),
                ox.NamedNode("http://www.w3.org/ns/formats/" + W3C_FORMATS[offer.name]),
            )
            for offer in (*RESULTS, *GRAPHS)
        ),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
    ]
    for graph in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, a, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    rdf = rdf_format(fmt)
    output = (
        [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        if rdf.datasets
        else triples
    )
    return ox.serialize(output, format=rdf.oxigraph, prefixes={"sd": SD})
