"""PROV-O records: which inputs and which version of the code made a graph.

The record lives inside the graph it describes, so replacing the graph replaces
its provenance in the same transaction. It holds no clock time: a rebuild from
the same inputs by the same code yields the same triples.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.rdf.namespaces import ACTIVITY, DCTERMS, ID, PROV, RDF, RDFS
from kg.rdf.ntriples import TripleSink
from kg.rdf.vocab import TECH
from kg.version import __version__

__all__ = ["Input", "add_provenance", "software_agent"]


@dataclass(frozen=True)
class Input:
    """One input of a graph: a name for people and its bytes (for the checksum)."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def software_agent() -> URIRef:
    """The IRI of this version of the software."""
    return ID[f"software/technocracy-kg/{__version__}"]


def add_provenance(
    g: TripleSink,
    graph_iri: str,
    inputs: list[Input],
    *,
    activity: str,
    describe_agent: bool = False,
) -> None:
    """Add to ``g`` (a graph, or :class:`kg.rdf.ntriples.Lines`) a PROV-O record saying
    ``inputs`` made ``graph_iri`` by ``activity``.

    >>> from rdflib import Graph
    >>> g = Graph()
    >>> add_provenance(g, "http://example.org/g", [Input("a.ttl", b"")], activity="build")
    >>> sorted(str(o) for o in g.objects(None, PROV.used))  # doctest: +ELLIPSIS
    ['https://w3id.org/technocracy/id/file/e3b0c44298fc...']
    """
    digest = hashlib.sha256("".join(i.sha256 for i in inputs).encode()).hexdigest()[:16]
    graph = URIRef(graph_iri)
    act = ACTIVITY[f"{activity}-{digest}"]
    agent = software_agent()
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasGeneratedBy, act))
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, RDFS.label, Literal(f"{activity} of <{graph_iri}>")))
    g.add((act, PROV.wasAssociatedWith, agent))
    if describe_agent:  # once, in one graph: a triple should live in one graph only
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"technocracy-kg {__version__}")))
    for item in inputs:
        entity = ID[f"file/{item.sha256}"]
        g.add((graph, PROV.wasDerivedFrom, entity))
        g.add((act, PROV.used, entity))
        g.add((entity, RDF.type, PROV.Entity))
        g.add((entity, DCTERMS.identifier, Literal(item.name)))
        g.add((entity, TECH.sha256, Literal(item.sha256)))
