"""The IRIs of the named graphs.

>>> corpus("kitchin2019smart")
'https://w3id.org/technocracy/graph/corpus/kitchin2019smart'
"""

from __future__ import annotations

from kg.rdf.namespaces import GRAPH

__all__ = ["BIBLIOGRAPHY", "INFERRED", "ONTOLOGY", "argmap", "corpus", "loaded"]

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
