"""The IRIs of the named graphs.

>>> corpus("kitchin2019smart")
'https://w3id.org/technocracy/graph/corpus/kitchin2019smart'
"""

from __future__ import annotations

from kg.rdf.namespaces import GRAPH

__all__ = [
    "BIBLIOGRAPHY",
    "INFERRED",
    "ONTOLOGY",
    "SHARED",
    "argmap",
    "corpus",
    "loaded",
    "of_documents",
]

ONTOLOGY = str(GRAPH["ontology"])
BIBLIOGRAPHY = str(GRAPH["bibliography"])
INFERRED = str(GRAPH["inferred"])


def corpus(doc: str) -> str:
    """The graph of what one document says."""
    return str(GRAPH[f"corpus/{doc}"])


def argmap(doc: str) -> str:
    """The graph of one document's argument map."""
    return str(GRAPH[f"argmap/{doc}"])


def loaded(path) -> str:
    """The graph that ``tkg load FILE`` fills with a file's triples when none is named."""
    from pathlib import Path

    from kg.rdf.slugs import slugify

    return str(GRAPH[f"load/{slugify(Path(path).stem) or 'file'}"])


#: The graphs every document's pages read beside its own: the ontology (terms, labels,
#: its anchors), the bibliography (the chapter's works, its text and reference list) and
#: HermiT's inferences.
SHARED = (ONTOLOGY, BIBLIOGRAPHY, INFERRED)


def of_documents(*docs: str) -> list[str]:
    """The graphs a page about ``docs`` reads: each one's corpus and argument-map graphs, and
    the :data:`SHARED` ones; what other documents say is in none of them, so a document's
    page reads as much of the store however many papers are ingested beside it.

    >>> [g.rsplit("/", 2)[-2:] for g in of_documents("d")][:2]
    [['corpus', 'd'], ['argmap', 'd']]
    """
    own = [graph for doc in dict.fromkeys(docs) for graph in (corpus(doc), argmap(doc))]
    return [*own, *SHARED]
