"""The dataset described for catalogues and crawlers: VoID and DCAT in one description.

One node, ``{base}/.well-known/void#dataset``, is both a ``void:Dataset`` and a
``dcat:Dataset``: title, description, licence and creators (the licence and creators are
the ontology's own, read from its header), ``void:uriSpace``, the vocabularies its triples
use (``void:vocabulary``), a few ``void:exampleResource`` s, one ``void:subset`` per named
graph with its ``void:triples`` and its own dump (``/store?graph=...``), the SPARQL endpoint,
and the whole-dataset dumps, also as ``dcat:distribution`` s; the endpoint is a
``dcat:DataService`` that serves the dataset.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://e/g", '''
...   <https://w3id.org/technocracy/id/work/a> <http://purl.org/dc/terms/title> "A" .''',
...   format="ttl")
>>> facts = dataset_facts(store)
>>> facts.sizes, facts.total, facts.vocabularies, facts.examples
({'http://e/g': 1}, 1, ['http://purl.org/dc/terms/'], ['https://w3id.org/technocracy/id/work/a'])
>>> b"void:uriSpace" in describe_dataset("http://h", facts, "ttl")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from kg.rdf.namespaces import ID, ONTOLOGY_IRI, PREFIXES
from kg.resources import ontology_file
from kg.store import Store, serialize_rdf
from kg.store.formats import rdf_format

__all__ = [
    "DESCRIPTION",
    "DUMPS",
    "TITLE",
    "DatasetFacts",
    "Licensing",
    "dataset_facts",
    "describe_dataset",
    "licensing",
]

TITLE = "Technocracy KG"
DESCRIPTION = (
    "A bibliographic knowledge graph of the concepts of algorithmic technocracy: an OWL "
    "ontology, the works cited by Kitchin, Coletta, Evans, Heaphy and Mac Donncha (2019), "
    "their citations in context with anchors into the text, and argument maps."
)
SD_NAME = "http://www.w3.org/ns/sparql-service-description#name"

#: The whole-dataset dumps the server sends (path under the base URL, media type).
DUMPS: tuple[tuple[str, str], ...] = (
    ("/dumps/dataset.nq.gz", "application/n-quads"),
    ("/dumps/dataset.trig", "application/trig"),
)
_EXAMPLES = 3

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
#: The predicates and classes used: their namespaces are the vocabularies.
_TERMS = "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }"
#: A few resources of our own that dereference (no hash IRIs: they are parts of a page).
_EXAMPLE_QUERY = f"""SELECT DISTINCT ?s WHERE {{
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && !CONTAINS(STR(?s), "#"))
}} LIMIT {_EXAMPLES}"""


@dataclass(frozen=True)
class DatasetFacts:
    """What the store holds, counted: triples per named graph, distinct triples in all,
    the namespaces of the vocabularies used, a few example resources."""

    sizes: dict[str, int]
    total: int
    vocabularies: list[str]
    examples: list[str]


@dataclass(frozen=True)
class Licensing:
    """The licence and creators of the ontology, which the data shares."""

    license: str | None
    creators: tuple[str, ...]


def dataset_facts(store: Store) -> DatasetFacts:
    """Count what ``store`` holds (blocking: a few queries over the whole store)."""
    sizes = {
        row["g"].value: int(row["n"].value)
        for row in store.query(_GRAPH_SIZES).rows()
        if row["g"] is not None and row["n"] is not None
    }
    # the whole dataset, whatever the store's default graph is (TKG_DEFAULT_GRAPH=default
    # would count its own default graph only): every named graph, spelt out
    whole = list(sizes) if getattr(store, "default_graph", "union") != "union" else None
    (total,) = store.query(_UNION_SIZE, default_graphs=whole).rows()
    used = {
        row["t"].value
        for row in store.query(_TERMS, default_graphs=whole).rows()
        if row["t"] is not None
    }
    # our own: the ontology is named by its IRI (always listed), the data is not a vocabulary
    ours = (str(ID), ONTOLOGY_IRI)
    vocabularies = [
        ns
        for ns in sorted({str(ns) for ns in PREFIXES.values()})
        if not ns.startswith(ours) and any(term.startswith(ns) for term in used)
    ]
    examples = [
        row["s"].value
        for row in store.query(_EXAMPLE_QUERY, default_graphs=whole).rows()
        if row["s"]
    ]
    return DatasetFacts(
        sizes, int(total["n"].value) if total["n"] is not None else 0, vocabularies, examples
    )


@lru_cache(maxsize=4)
def licensing(path: Path | None = None) -> Licensing:
    """The ``dct:license`` and ``dct:creator`` of the ``owl:Ontology`` in its file.

    >>> licensing().license
    'https://creativecommons.org/licenses/by/4.0/'
    """
    quads = ox.parse((path or ontology_file()).read_bytes(), format=ox.RdfFormat.TURTLE)
    header = [q for q in quads if q.subject == ox.NamedNode(ONTOLOGY_IRI)]
    licences = [q.object.value for q in header if q.predicate.value == str(DCTERMS.license)]
    creators = tuple(q.object.value for q in header if q.predicate.value == str(DCTERMS.creator))
    return Licensing(licences[0] if licences else None, creators)


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD.integer))


def describe_dataset(base: str, facts: DatasetFacts, fmt: str) -> bytes:
    """The VoID and DCAT description of the dataset served at ``base``, in ``fmt``."""
    dataset = ox.NamedNode(f"{base}/.well-known/void#dataset")
    service = ox.NamedNode(f"{base}/sparql#service")
    endpoint = ox.NamedNode(f"{base}/sparql")
    a = _n(RDF.type)
    t = [
        ox.Triple(dataset, a, _n(VOID.Dataset)),
        ox.Triple(dataset, a, _n(DCAT.Dataset)),
        ox.Triple(dataset, _n(DCTERMS.title), ox.Literal(TITLE, language="en")),
        ox.Triple(dataset, _n(DCTERMS.description), ox.Literal(DESCRIPTION, language="en")),
        ox.Triple(dataset, _n(VOID.uriSpace), ox.Literal(str(ID))),
        ox.Triple(dataset, _n(VOID.triples), _count(facts.total)),
        ox.Triple(dataset, _n(VOID.rootResource), ox.NamedNode(f"{base}/")),
        ox.Triple(dataset, _n(DCAT.landingPage), ox.NamedNode(f"{base}/")),
        ox.Triple(dataset, _n(VOID.sparqlEndpoint), endpoint),
        ox.Triple(dataset, _n(VOID.vocabulary), ox.NamedNode(ONTOLOGY_IRI)),
    ]
    terms = licensing()
    if terms.license:
        t.append(ox.Triple(dataset, _n(DCTERMS.license), ox.NamedNode(terms.license)))
    for name in terms.creators:
        creator = ox.BlankNode()
        t += [
            ox.Triple(dataset, _n(DCTERMS.creator), creator),
            ox.Triple(creator, a, _n(FOAF.Agent)),
            ox.Triple(creator, _n(FOAF.name), ox.Literal(name)),
        ]
    t += [ox.Triple(dataset, _n(VOID.vocabulary), ox.NamedNode(v)) for v in facts.vocabularies]
    t += [ox.Triple(dataset, _n(VOID.exampleResource), ox.NamedNode(e)) for e in facts.examples]
    for path, media_type in DUMPS:
        dump = ox.NamedNode(base + path)
        distribution = ox.BlankNode()
        t += [
            ox.Triple(dataset, _n(VOID.dataDump), dump),
            ox.Triple(dataset, _n(DCAT.distribution), distribution),
            ox.Triple(distribution, a, _n(DCAT.Distribution)),
            ox.Triple(distribution, _n(DCAT.downloadURL), dump),
            ox.Triple(distribution, _n(DCAT.mediaType), _media(media_type)),
        ]
        if path.endswith(".gz"):
            t.append(ox.Triple(distribution, _n(DCAT.compressFormat), _media("application/gzip")))
    by_service = ox.BlankNode()
    t += [
        ox.Triple(dataset, _n(DCAT.distribution), by_service),
        ox.Triple(by_service, a, _n(DCAT.Distribution)),
        ox.Triple(by_service, _n(DCAT.accessURL), endpoint),
        ox.Triple(by_service, _n(DCAT.accessService), service),
        ox.Triple(service, a, _n(DCAT.DataService)),
        ox.Triple(service, _n(DCAT.endpointURL), endpoint),
        ox.Triple(service, _n(DCAT.servesDataset), dataset),
        ox.Triple(
            service,
            _n(DCTERMS.conformsTo),
            ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/"),
        ),
    ]
    for graph, n in sorted(facts.sizes.items()):
        subset = ox.BlankNode()
        t += [
            ox.Triple(dataset, _n(VOID.subset), subset),
            ox.Triple(subset, a, _n(VOID.Dataset)),
            ox.Triple(subset, _n(SD_NAME), ox.NamedNode(graph)),
            ox.Triple(subset, _n(VOID.triples), _count(n)),
            ox.Triple(
                subset, _n(VOID.dataDump), ox.NamedNode(f"{base}/store?graph={quote(graph, '')}")
            ),
        ]
    prefixes = {
        "void": str(VOID),
        "dcat": str(DCAT),
        "dct": str(DCTERMS),
        "foaf": str(FOAF),
        "sd": SD_NAME.removesuffix("name"),
        "xsd": str(XSD),
    }
    return serialize_rdf(t, rdf_format(fmt), prefixes=prefixes)


def _media(media_type: str) -> ox.NamedNode:
    """A media type as DCAT names it: its IANA registry IRI."""
    return ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media_type}")
