"""What an output format is, once for all of them; and the RDF and SPARQL-results formats.

A ``Format`` names a format (``name``, its ``aliases``), says how it is sent (``media_type``,
and ``also``: other media types that ask for it) and saved (``extensions``), and carries its
``codec``: what reads or writes it. The RDF and results tables below hold pyoxigraph's
formats as codecs; the argument-map and literature-map tables (``kg.argmap.export``,
``kg.litmap.formats``) hold their writers; the API's pages hold none. The CLI's choices
and the API's content negotiation (``api.negotiation``) are made from these tables.

>>> rdf_format("ttl").media_type
'text/turtle'
>>> rdf_format_for_path("graph.nq").name
'nq'
>>> results_format("srj").name, results_format("csv").extension
('json', 'csv')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pyoxigraph import QueryResultsFormat, RdfFormat

from kg.errors import UnsupportedFormatError

__all__ = [
    "RDF_FORMATS",
    "RESULTS_FORMATS",
    "Format",
    "find_format",
    "format_names",
    "rdf_format",
    "rdf_format_for_path",
    "results_format",
]

C = TypeVar("C")


@dataclass(frozen=True)
class Format(Generic[C]):
    """One output format.

    ``name`` is what a user types (``--format``, ``format=``); ``aliases`` are other names
    for it. ``media_type`` is sent as Content-Type; ``also`` lists other media types with
    which clients ask for the same thing in an Accept header. ``extensions`` are file name
    extensions without the dot, the usual one first. ``codec`` reads or writes it.

    >>> page = Format("html", "text/html", None, extensions=("html", "htm"))
    >>> page.extension, page.media_types, page.names
    ('html', ('text/html',), ('html',))
    """

    name: str
    media_type: str
    codec: C
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    summary: str = ""

    def __hash__(self) -> int:
        # Negotiation remembers its choices by table of formats and hashes the table at each
        # request: name and media type are enough to tell formats apart, and quick to hash.
        return hash((self.name, self.media_type))

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type that asks for this format, its own first."""
        return (self.media_type, *self.also)

    @property
    def extension(self) -> str:
        """The usual file name extension (without the dot); the name if none is given."""
        return self.extensions[0] if self.extensions else self.name

    @property
    def oxigraph(self) -> RdfFormat | QueryResultsFormat:
        """The pyoxigraph format that reads and writes this one (RDF and results only)."""
        if isinstance(self.codec, RdfFormat | QueryResultsFormat):
            return self.codec
        raise UnsupportedFormatError(
            f"{self.name} is not an RDF or SPARQL results format", offered=[self.name]
        )

    @property
    def datasets(self) -> bool:
        """Whether the format can carry named graphs."""
        return isinstance(self.codec, RdfFormat) and self.codec.supports_datasets


RDF_FORMATS: tuple[Format[RdfFormat], ...] = (
    Format(
        "ttl",
        "text/turtle",
        RdfFormat.TURTLE,
        ("turtle",),
        ("ttl",),
        ("application/x-turtle", "application/turtle"),
    ),
    Format("nt", "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "n-triples"), ("nt",)),
    Format("nq", "application/n-quads", RdfFormat.N_QUADS, ("nquads", "n-quads"), ("nq",)),
    Format("trig", "application/trig", RdfFormat.TRIG, (), ("trig",)),
    Format(
        "jsonld",
        "application/ld+json",
        RdfFormat.JSON_LD,
        ("json-ld",),
        ("jsonld",),
        ("application/json",),
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        RdfFormat.RDF_XML,
        ("xml", "rdf", "owl"),
        ("rdf", "owl", "xml"),
        ("application/xml", "text/xml"),
    ),
    Format("n3", "text/n3", RdfFormat.N3, (), ("n3",)),
)

RESULTS_FORMATS: tuple[Format[QueryResultsFormat], ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        QueryResultsFormat.JSON,
        ("srj",),
        ("srj",),
        ("application/json",),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        QueryResultsFormat.XML,
        ("srx",),
        ("srx",),
        ("application/xml", "text/xml"),
    ),
    Format("csv", "text/csv", QueryResultsFormat.CSV, (), ("csv",)),
    Format("tsv", "text/tab-separated-values", QueryResultsFormat.TSV, (), ("tsv",)),
)

F = TypeVar("F", bound=Format[Any])


def format_names(table: Iterable[Format[Any]]) -> list[str]:
    """The names of a table's formats, in its order (the choices a user has).

    >>> format_names(RESULTS_FORMATS)
    ['json', 'xml', 'csv', 'tsv']
    """
    return [fmt.name for fmt in table]


def find_format(table: tuple[F, ...], key: str, kind: str) -> F:
    """The format of ``table`` called ``key`` (a name, an alias or its media type, in any
    case); ``UnsupportedFormatError`` names the ``kind`` of format and lists the table.

    >>> find_format(RDF_FORMATS, "Application/RDF+XML", "RDF").name
    'rdfxml'
    """
    wanted = key.strip().lower()
    for fmt in table:
        if wanted == fmt.media_type or wanted in fmt.names:
            return fmt
    raise UnsupportedFormatError(f"unknown {kind} format {key!r}", offered=format_names(table))


def rdf_format(key: str) -> Format[RdfFormat]:
    """An RDF format by short name, alias or media type."""
    return find_format(RDF_FORMATS, key, "RDF")


def results_format(key: str) -> Format[QueryResultsFormat]:
    """A SPARQL results format by short name, alias or media type."""
    return find_format(RESULTS_FORMATS, key, "results")


def rdf_format_for_path(path: str | Path) -> Format[RdfFormat]:
    """The RDF format a file name implies (``.gz`` is looked through)."""
    suffixes = [s.lower().lstrip(".") for s in Path(path).suffixes if s.lower() != ".gz"]
    if suffixes:
        for fmt in RDF_FORMATS:
            if suffixes[-1] in fmt.extensions:
                return fmt
    raise UnsupportedFormatError(
        f"cannot tell the RDF format of {Path(path).name!r} from its extension; give --format",
        offered=format_names(RDF_FORMATS),
    )
