"""Descriptions of the service: the SPARQL 1.1 Service Description sent on a bare GET of
``/sparql`` (the VoID and DCAT description of the dataset is :mod:`kg.catalogue.dataset`'s).

>>> doc = service_description("http://localhost/sparql", ["http://example.org/g"], "nt")
>>> b"<http://www.w3.org/ns/sparql-service-description#SPARQL11Query>" in doc
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from api.negotiation import GRAPHS, RESULTS
from kg.rdf.namespaces import RDF
from kg.store import Store, serialize_rdf
from kg.store.formats import rdf_format

__all__ = [
    "GRAPH_SIZES",
    "SD",
    "VOID",
    "W3C_FORMATS",
    "graph_sizes",
    "named_graph_sizes",
    "service_description",
]

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

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


def service_description(
    endpoint: str, graphs: Iterable[str], fmt: str, *, updates: bool = False, union: bool = True
) -> bytes:
    """What the endpoint offers, in the RDF format ``fmt``: the languages (SPARQL Update
    only when ``updates``), the result formats, the union default graph (only with
    ``union``: ``TKG_DEFAULT_GRAPH=union``) and the named graphs."""
    service, dataset = ox.BlankNode(), ox.BlankNode()
    a = ox.NamedNode(str(RDF.type))

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        *([ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update"))] if updates else []),
        *([ox.Triple(service, sd("feature"), sd("UnionDefaultGraph"))] if union else []),
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
    return _serialize(triples, fmt, {"sd": SD})


def _serialize(triples: list[ox.Triple], fmt: str, prefixes: dict[str, str]) -> bytes:
    rdf = rdf_format(fmt)
    output = (
        [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        if rdf.datasets
        else triples
    )
    return serialize_rdf(output, rdf, prefixes=prefixes)


#: The number of triples in each named graph, and in their union (the default graph).
GRAPH_SIZES = """\
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""
UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def named_graph_sizes(store: Store) -> dict[str, int]:
    """The triples in each named graph, by graph IRI in order (blocking)."""
    return {
        row["g"].value: int(row["n"].value)
        for row in store.query(GRAPH_SIZES).rows()
        if row["g"] is not None and row["n"] is not None
    }


def graph_sizes(store: Store) -> tuple[dict[str, int], int]:
    """The triples in each named graph, and the distinct triples of their union (blocking).

    >>> from kg.store import open_store
    >>> store = open_store("memory")
    >>> _ = store.replace_graph("http://e/g", '<http://e/a> <http://e/p> "1" .', format="nt")
    >>> graph_sizes(store)
    ({'http://e/g': 1}, 1)
    """
    sizes = named_graph_sizes(store)
    # a store whose default graph is its own (TKG_DEFAULT_GRAPH=default) is told the union
    spelt = list(sizes) if getattr(store, "default_graph", "union") != "union" else None
    (total,) = store.query(UNION_SIZE, default_graphs=spelt).rows()
    return sizes, int(total["n"].value) if total["n"] is not None else 0
