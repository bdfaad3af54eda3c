"""Where the shipped files are: in the checkout, or inside an installed wheel.

The wheel carries ``ontology/`` and ``queries/`` as ``kg/_data/...``; a checkout
has them at its top level. Either way callers ask here.

>>> ontology_file().name
'technocracy.ttl'
>>> (queries_dir() / "qc").is_dir()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "corpus_file",
    "ontology_dir",
    "ontology_file",
    "queries_dir",
    "shapes_file",
]

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing from this installation")


def ontology_dir() -> Path:
    """The folder with ``technocracy.ttl`` and ``shapes.ttl``."""
    return _shipped("ontology")


def ontology_file() -> Path:
    """The ontology, in Turtle."""
    return ontology_dir() / "technocracy.ttl"


def shapes_file() -> Path:
    """The SHACL shapes, in Turtle."""
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    """The named queries (``*.rq``) and the quality checks (``qc/*-violation.rq``)."""
    return _shipped("queries")


def corpus_file(name: str) -> Path:
    """A curated input of the default corpus, shipped in ``kg/corpus/``."""
    return _PACKAGE / "corpus" / name
