"""The RDF and SPARQL-results formats we read and write, in one table each.

>>> rdf_format("ttl").media_type
'text/turtle'
>>> rdf_format_for_path("graph.nq").name
'nq'
>>> results_format("csv").media_type
'text/csv'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat

from kg.errors import UnsupportedFormatError

__all__ = [
    "RDF_FORMATS",
    "RESULTS_FORMATS",
    "Format",
    "rdf_format",
    "rdf_format_for_path",
    "results_format",
]


@dataclass(frozen=True)
class Format:
    """One format: short name, media type, the pyoxigraph format, aliases."""

    name: str
    media_type: str
    oxigraph: RdfFormat | QueryResultsFormat
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()

    @property
    def datasets(self) -> bool:
        """Whether the format can carry named graphs."""
        return isinstance(self.oxigraph, RdfFormat) and self.oxigraph.supports_datasets


RDF_FORMATS: tuple[Format, ...] = (
    Format("ttl", "text/turtle", RdfFormat.TURTLE, ("turtle",), (".ttl",)),
    Format("nt", "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "n-triples"), (".nt",)),
    Format("nq", "application/n-quads", RdfFormat.N_QUADS, ("nquads", "n-quads"), (".nq",)),
    Format("trig", "application/trig", RdfFormat.TRIG, (), (".trig",)),
    Format("jsonld", "application/ld+json", RdfFormat.JSON_LD, ("json-ld",), (".jsonld",)),
    Format(
        "rdfxml",
        "application/rdf+xml",
        RdfFormat.RDF_XML,
        ("xml", "rdf", "owl"),
        (".rdf", ".owl", ".xml"),
    ),
    Format("n3", "text/n3", RdfFormat.N3, (), (".n3",)),
)

RESULTS_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", QueryResultsFormat.JSON, ("srj",), (".srj",)),
    Format("xml", "application/sparql-results+xml", QueryResultsFormat.XML, ("srx",), (".srx",)),
    Format("csv", "text/csv", QueryResultsFormat.CSV, (), (".csv",)),
    Format("tsv", "text/tab-separated-values", QueryResultsFormat.TSV, (), (".tsv",)),
)


def _lookup(table: tuple[Format, ...], key: str, kind: str) -> Format:
    wanted = key.strip().lower()
    for fmt in table:
        if wanted in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    raise UnsupportedFormatError(f"unknown {kind} format {key!r}", offered=[f.name for f in table])


def rdf_format(key: str) -> Format:
    """An RDF format by short name, alias or media type."""
    return _lookup(RDF_FORMATS, key, "RDF")


def results_format(key: str) -> Format:
    """A SPARQL results format by short name, alias or media type."""
    return _lookup(RESULTS_FORMATS, key, "results")


def rdf_format_for_path(path: str | Path) -> Format:
    """The RDF format a file name implies (``.gz`` is looked through)."""
    suffixes = [s.lower() for s in Path(path).suffixes if s.lower() != ".gz"]
    if suffixes:
        for fmt in RDF_FORMATS:
            if suffixes[-1] in fmt.extensions:
                return fmt
    raise UnsupportedFormatError(
        f"cannot tell the RDF format of {Path(path).name!r} from its extension; give --format",
        offered=[f.name for f in RDF_FORMATS],
    )
