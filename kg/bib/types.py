"""Kinds of work, named in CSL, BibTeX, RIS and FaBiO: one table, looked up both ways.

CSL-JSON is the common form, so every kind is a CSL type. For each format a record
says the name written for it, and the further names that are read as it. A name
read is looked up in table order, the first record that writes or reads it wins
(``article`` is written for magazine articles too, but reads as a journal article).
A kind a format has no name for is written as the generic one (``@misc``, ``GEN``,
``fabio:Expression``), and a name no record claims reads as ``document``.

>>> csl_type_of_bibtex("inproceedings"), bibtex_type("paper-conference")
('paper-conference', 'inproceedings')
>>> csl_type_of_ris("EDBOOK"), ris_type("book"), ris_type("dataset")
('book', 'BOOK', 'GEN')
>>> csl_type_of_fabio("WorkingPaper"), fabio_class("report"), fabio_container("chapter")
('report', 'Report', 'Book')
>>> csl_type_of_bibtex("patent"), bibtex_type("webpage")
('document', 'misc')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "BIB_TYPES",
    "GENERIC",
    "BibType",
    "bibtex_type",
    "csl_type_of_bibtex",
    "csl_type_of_fabio",
    "csl_type_of_ris",
    "fabio_class",
    "fabio_container",
    "ris_type",
]


@dataclass(frozen=True)
class BibType:
    """One kind of work: its CSL type and its names in BibTeX, RIS and FaBiO.

    ``bibtex``, ``ris`` and ``fabio`` are the names written (None: the generic
    name); ``container`` is the FaBiO class of what such a work is published in;
    the ``*_reads`` are further names read as this kind.
    """

    csl: str
    bibtex: str | None = None
    ris: str | None = None
    fabio: str | None = None
    container: str | None = None
    bibtex_reads: tuple[str, ...] = ()
    ris_reads: tuple[str, ...] = ()
    fabio_reads: tuple[str, ...] = ()


#: The kind of a work nothing more is known of, and the names written for it.
GENERIC = BibType("document", bibtex="misc", ris="GEN", fabio="Expression", container="Expression")

#: Every kind, in the order names are looked up in.
BIB_TYPES: tuple[BibType, ...] = (
    BibType(
        "article-journal",
        bibtex="article",
        ris="JOUR",
        fabio="JournalArticle",
        container="Journal",
        ris_reads=("EJOUR", "JFULL"),
    ),
    BibType(
        "article-magazine",
        bibtex="article",
        ris="MGZN",
        fabio="MagazineArticle",
        container="Magazine",
    ),
    BibType(
        "article-newspaper",
        bibtex="article",
        ris="NEWS",
        fabio="NewspaperArticle",
        container="Newspaper",
    ),
    BibType(
        "book",
        bibtex="book",
        ris="BOOK",
        fabio="Book",
        bibtex_reads=("mvbook", "collection", "proceedings"),
        ris_reads=("EBOOK", "EDBOOK"),
    ),
    BibType(
        "chapter",
        bibtex="incollection",
        ris="CHAP",
        fabio="BookChapter",
        container="Book",
        bibtex_reads=("inbook",),
        ris_reads=("ECHAP",),
    ),
    BibType(
        "entry-encyclopedia",
        bibtex="incollection",
        ris="ENCYC",
        fabio="ReferenceEntry",
        container="ReferenceBook",
        bibtex_reads=("inreference",),
    ),
    BibType(
        "entry-dictionary",
        fabio="ReferenceEntry",
        container="ReferenceBook",
        ris_reads=("DICT",),
    ),
    BibType(
        "paper-conference",
        bibtex="inproceedings",
        ris="CONF",
        fabio="ConferencePaper",
        container="ConferenceProceedings",
        bibtex_reads=("conference",),
        ris_reads=("CPAPER",),
    ),
    BibType(
        "report",
        bibtex="techreport",
        ris="RPRT",
        fabio="Report",
        bibtex_reads=("manual", "report"),
        ris_reads=("GOVDOC",),
        fabio_reads=("WorkingPaper",),
    ),
    BibType(
        "thesis",
        bibtex="phdthesis",
        ris="THES",
        fabio="Thesis",
        bibtex_reads=("mastersthesis", "thesis"),
    ),
    BibType(
        "webpage",
        ris="ELEC",
        fabio="WebPage",
        bibtex_reads=("online", "electronic", "www"),
    ),
    BibType("post-weblog", ris_reads=("BLOG",)),
    BibType("dataset", fabio="Dataset", bibtex_reads=("dataset",), ris_reads=("DATA",)),
    BibType("software", bibtex_reads=("software",), ris_reads=("COMP",)),
    BibType("manuscript", bibtex_reads=("unpublished",), ris_reads=("UNPB", "MANSCPT")),
    BibType("pamphlet", bibtex_reads=("booklet",), ris_reads=("PAMP",)),
    GENERIC,
)

_BY_CSL = {t.csl: t for t in BIB_TYPES}


def _reader(written: Callable[[BibType], str | None], read: Callable[[BibType], tuple]) -> dict:
    """Name -> CSL type, the first record that writes or reads a name winning."""
    found: dict[str, str] = {}
    for kind in BIB_TYPES:
        for name in (written(kind), *read(kind)):
            if name is not None:
                found.setdefault(name, kind.csl)
    return found


_FROM_BIBTEX = _reader(lambda t: t.bibtex, lambda t: t.bibtex_reads)
_FROM_RIS = _reader(lambda t: t.ris, lambda t: t.ris_reads)
_FROM_FABIO = _reader(lambda t: t.fabio, lambda t: t.fabio_reads)


def csl_type_of_bibtex(entry_type: str) -> str:
    """The CSL type of a BibTeX or biblatex entry type (lower case)."""
    return _FROM_BIBTEX.get(entry_type, GENERIC.csl)


def csl_type_of_ris(tag: str) -> str:
    """The CSL type of a RIS ``TY`` value."""
    return _FROM_RIS.get(tag, GENERIC.csl)


def csl_type_of_fabio(name: str) -> str:
    """The CSL type of a FaBiO class, by its local name (``JournalArticle``)."""
    return _FROM_FABIO.get(name, GENERIC.csl)


def bibtex_type(csl: str) -> str:
    """The BibTeX entry type written for a CSL type."""
    return _BY_CSL.get(csl, GENERIC).bibtex or str(GENERIC.bibtex)


def ris_type(csl: str) -> str:
    """The RIS ``TY`` written for a CSL type."""
    return _BY_CSL.get(csl, GENERIC).ris or str(GENERIC.ris)


def fabio_class(csl: str) -> str:
    """The local name of the FaBiO class of a work of a CSL type."""
    return _BY_CSL.get(csl, GENERIC).fabio or str(GENERIC.fabio)


def fabio_container(csl: str) -> str:
    """The local name of the FaBiO class of what a work of a CSL type is published in."""
    return _BY_CSL.get(csl, GENERIC).container or str(GENERIC.container)
