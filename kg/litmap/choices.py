"""The names a map request chooses among: kinds, co-citation grains, map formats and
bibliography formats. Kept apart from the code that computes and writes maps (networkx,
numpy, the writers) so that the command line can offer them without importing it: every
``tkg`` command, ``tkg build`` included, starts about 0.3 s sooner.
``tests/litmap/test_choices.py`` holds the names to the writers that serve them."""

from __future__ import annotations

__all__ = ["BIB_FORMATS", "GRAINS", "KINDS", "MAP_FORMAT_NAMES"]

KINDS: dict[str, str] = {
    "citation": "documents and the works they cite, weighted by in-text citations",
    "cocitation": "works cited together in one document, paragraph or sentence",
    "coupling": "ingested documents linked by the works they both cite",
    "concept-work": "ontology terms and the works that ground them",
    "author-cocitation": "authors whose works are cited together",
}
GRAINS = ("document", "paragraph", "sentence")
BIB_FORMATS = ("csl", "bibtex", "ris", "apa", "harvard", "chicago")
#: the names of ``kg.litmap.formats.MAP_FORMATS``, in its order
MAP_FORMAT_NAMES = (
    "json",
    "graphml",
    "gexf",
    "vosviewer",
    "vosviewer-map",
    "cytoscape",
    "csv",
    "svg",
    "png",
    "html",
    *BIB_FORMATS,
    "vosviewer-network",
)
