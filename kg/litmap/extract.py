"""Rows out of the graph for the literature maps: SPARQL (``queries/litmap-*.rq``) to tuples.

Each function runs one named query with typed bindings and returns plain tuples of strings,
so that a map of a million citations costs no more Python objects than it must.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.load(EXAMPLE_NT.encode(), format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> [p.work for p in pointers(store)]
['https://w3id.org/technocracy/id/work/townsend2013smart']
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from kg.rdf.namespaces import WORK
from kg.store import QueryResult, Store
from kg.store.named import NamedQuery, load_queries, run_named_query

if TYPE_CHECKING:  # numpy is imported where the maps need it: not by a page's start
    import numpy as np

__all__ = [
    "EXAMPLE_NT",
    "NAMED_WORKS",
    "Author",
    "ConceptLink",
    "Pointer",
    "Units",
    "WorkInfo",
    "authors",
    "cited_as",
    "concept_links",
    "editors",
    "naming_works",
    "pointers",
    "sentence_units",
    "sentence_works",
    "short_id",
    "works",
]

WORK_NS = str(WORK)

_T = "https://w3id.org/technocracy/id/"
_EXAMPLE = (
    ("citation/d/1", "http://purl.org/spar/c4o/denotes", "<{t}reference/d/t>"),
    ("citation/d/1", "http://purl.org/dc/terms/isPartOf", "<{t}text/d>"),
    ("citation/d/1", "http://purl.org/spar/c4o/hasContext", "<{t}sentence/d/1>"),
    ("reference/d/t", "http://purl.org/spar/biro/references", "<{t}work/townsend2013smart>"),
    ("text/d", "http://purl.org/vocab/frbr/core#realizationOf", "<{t}work/d>"),
    (
        "work/townsend2013smart",
        "http://purl.org/spar/fabio/hasPublicationYear",
        '"2013"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    ),
)
EXAMPLE_NT = "".join(f"<{_T}{s}> <{p}> {o.format(t=_T)} .\n" for s, p, o in _EXAMPLE)
"""A citing document, a sentence and one pointer in it, as N-Triples (for examples)."""


class Pointer(NamedTuple):
    """One resolved in-text citation: who cites, what, and where (IRIs; None if unknown)."""

    citation: str
    doc: str
    work: str
    sentence: str | None
    paragraph: str | None


class Author(NamedTuple):
    """One author (or editor) of a work, in order (1-based)."""

    work: str
    position: int
    person: str
    family: str | None
    given: str | None
    name: str | None


class ConceptLink(NamedTuple):
    """A term grounded in a work: ``way`` is ``source`` (dct:source) or ``mention``."""

    concept: str
    label: str | None
    work: str
    way: str
    sentence: str | None


@dataclass
class WorkInfo:
    """What a node and a reference list need to know of a work."""

    iri: str
    title: str | None = None
    type: str | None = None
    issued: str | None = None
    year: int | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    series: str | None = None
    number: str | None = None
    doi: str | None = None
    isbn: str | None = None
    url: str | None = None
    publisher: str | None = None
    place: str | None = None
    authors: list[Author] = field(default_factory=list)
    editors: list[Author] = field(default_factory=list)


def short_id(iri: str) -> str:
    """A work's slug, or the IRI's last segment for anything else.

    >>> short_id("https://w3id.org/technocracy/id/work/vanolo2014smartmentality")
    'vanolo2014smartmentality'
    >>> short_id("https://w3id.org/technocracy/ontology#Smartmentality")
    'Smartmentality'
    """
    if iri.startswith(WORK_NS):
        return iri[len(WORK_NS) :]
    return iri.rstrip("/").replace("#", "/").rsplit("/", 1)[-1]


@cache
def _queries() -> Mapping[str, NamedQuery]:
    return {k: v for k, v in load_queries().items() if k.startswith("litmap-")}


def _run(
    store: Store, name: str, values: Mapping[str, str | None], named: Collection[str] | None
) -> QueryResult:
    """A ``litmap-*`` query with typed bindings, or over the works ``named`` alone."""
    if named is not None:
        return store.query(naming_works(_queries()[name].text, named))
    return run_named_query(store, _queries()[name], {k: v for k, v in values.items() if v})


def naming_works(text: str, iris: Collection[str]) -> str:
    r"""The query ``text`` over the works ``iris`` alone: a ``VALUES ?work`` block opening
    its ``WHERE`` group, or each branch of a ``UNION`` (a block of the outer group would
    reach no branch, each of which would read every work's rows), in a sub-select too.
    The branches of ``litmap-works`` each start from the work; so a map of its 300
    most-cited works reads their details, not those of thousands.

    >>> print(naming_works("SELECT * WHERE {\n  { ?work a ?t } UNION { ?work ?p ?o }\n}", ["w:a"]))
    SELECT * WHERE {
      { VALUES ?work { <w:a> }
     ?work a ?t } UNION { VALUES ?work { <w:a> }
     ?work ?p ?o }
    }
    """
    block = "VALUES ?work { " + " ".join(f"<{iri}>" for iri in iris) + " }\n"
    if _UNION.search(text):
        return _BRANCH.sub(lambda m: f"{m.group()} {block}", text)
    return _WHERE.sub(lambda m: f"{m.group()} {block}", text, count=1)


_UNION = re.compile(r"\bUNION\b")
_BRANCH = re.compile(r"(?:\bWHERE\s*\{\s*\{|\bUNION\s*\{)(?!\s*SELECT\b)")
_WHERE = re.compile(r"\bWHERE\s*\{")


def _solutions(
    store: Store,
    name: str,
    values: Mapping[str, str | None],
    named: Collection[str] | None = None,
) -> Iterator[tuple]:
    result = _run(store, name, values, named)
    solutions = result._solutions
    if solutions is None:  # pragma: no cover - a SELECT always has solutions
        return iter(())
    if len(result.variables) == 3:  # by position, not by name: twice as fast on big answers
        return (
            (
                None if (a := s[0]) is None else a.value,
                None if (b := s[1]) is None else b.value,
                None if (c := s[2]) is None else c.value,
            )
            for s in solutions
        )
    columns = range(len(result.variables))
    return (tuple(None if (t := s[i]) is None else t.value for i in columns) for s in solutions)


def _csv_rows(
    store: Store,
    name: str,
    values: Mapping[str, str | None],
    named: Collection[str] | None = None,
) -> Iterator[list[str]]:
    """The rows of a query whose every variable is bound in every row, as the strings a
    term's ``value`` gives: Oxigraph writes the answer as SPARQL CSV (an IRI or a literal's
    lexical form per cell), read by the ``csv`` module in C, not a Python term per cell."""
    result = _run(store, name, values, named)
    if result._solutions is None:  # pragma: no cover - a SELECT always has solutions
        return iter(())
    table = result._solutions.serialize(format=ox.QueryResultsFormat.CSV) or b""
    rows = csv.reader(io.StringIO(table.decode(), newline=""))
    next(rows, None)  # the header
    return rows


class Units(NamedTuple):
    """Rows of (unit, work) as integer codes: ``units[i]`` holds ``works[i]``; the codes
    index ``unit_names`` and ``work_iris`` (each in order of first appearance)."""

    units: np.ndarray
    works: np.ndarray
    unit_names: list[str]
    work_iris: list[str]


def sentence_units(store: Store, *, doc: str | None = None) -> Units:
    """The (sentence, work) rows of resolved citations as integer codes, without a Python
    object per row: ``litmap-sentence-pairs`` (of ``doc`` alone when given: the rows of
    ``litmap-sentence-works``), whose answer Oxigraph writes as TSV, split in bulk, each
    distinct IRI decoded once (sentence-level co-citation over a million citations). An
    answer that is not all IRIs is read term by term.

    >>> from kg.store import open_store
    >>> store = open_store("memory")
    >>> _ = store.load(EXAMPLE_NT.encode(), format="nt", graph="https://w3id.org/technocracy/graph/t")
    >>> u = sentence_units(store)
    >>> u.units.tolist(), u.works.tolist(), [short_id(w) for w in u.work_iris]
    ([0], [0], ['townsend2013smart'])
    """
    # a store on disk (or a server's) joins the patterns in hash tables, one in memory by
    # lookups in its indexes: each the faster where it runs
    pairs = "litmap-sentence-pairs" + ("" if _in_memory(store) else "-on-disk")
    name, values = ("litmap-sentence-works", {"doc": doc}) if doc else (pairs, {})
    result = run_named_query(store, _queries()[name], values)
    if result._solutions is None:  # pragma: no cover - a SELECT always has solutions
        return Units(*_codes([], []))
    table = result._solutions.serialize(format=ox.QueryResultsFormat.TSV) or b""
    width = len(result.variables)
    # one cell after another: TSV escapes tabs, newlines and spaces cannot be in an IRI, and
    # a literal holding a space splits into cells that are not all IRIs (read term by term)
    cells = table.split()[width:]  # no header
    del table
    if len(cells) % width == 0:
        units, works, names, iris = _codes(cells[0::width], cells[1::width])
        del cells
        unit_names, work_iris = _iris(names), _iris(iris)
        if unit_names is not None and work_iris is not None:
            return Units(units, works, unit_names, work_iris)
    rows = list(_solutions(store, name, values))
    return Units(*_codes([r[0] for r in rows], [r[1] for r in rows]))


def _in_memory(store: Store) -> bool:
    """Whether ``store`` is an embedded store held in memory (no path on disk)."""
    return hasattr(store, "path") and store.path is None


def _codes(units: list, works: list) -> tuple[np.ndarray, np.ndarray, list, list]:
    """Two columns as integer codes over their distinct values, each in order of first
    appearance (``dict.fromkeys`` and ``map`` do the per-row work in C), and the values."""
    import numpy as np

    out: list = []
    for column in (units, works):
        distinct = list(dict.fromkeys(column))
        code = dict(zip(distinct, range(len(distinct)), strict=True))
        out.append((np.fromiter(map(code.__getitem__, column), np.int64, len(column)), distinct))
    return out[0][0], out[1][0], out[0][1], out[1][1]


def _iris(cells: list[bytes]) -> list[str] | None:
    """TSV cells written ``<iri>`` as the IRIs, decoded at once; None if any is not one."""
    if not cells:
        return []
    joined = b"\n".join(cells)  # no cell holds a newline: <a>\n<b>\n<c>
    if joined[:1] != b"<" or joined.count(b"\n<") != len(cells) - 1 or joined[-1:] != b">":
        return None  # a literal or a blank node: TSV writes neither starting with <
    return joined[1:-1].decode().split(">\n<")


def pointers(store: Store, *, doc: str | None = None) -> list[Pointer]:
    """Every resolved in-text citation (of ``doc`` alone when given, a work IRI)."""
    return [Pointer(*row) for row in _solutions(store, "litmap-pointers", {"doc": doc})]


def sentence_works(store: Store, *, doc: str | None = None) -> list[Pointer]:
    """The (sentence, work) pairs of resolved citations, as pointers without a citation or
    paragraph: the lean rows of sentence-level co-citation."""
    return [
        Pointer("", d, w, s, None)
        for s, w, d in _solutions(store, "litmap-sentence-works", {"doc": doc})
    ]


def _year(text: str | None) -> int | None:
    if not text:
        return None
    head = text.lstrip("-")[:4]
    return int(head) if head.isdigit() else None


#: Up to how many works ``works`` and ``cited_as`` read by name (their IRIs in the queries):
#: beyond, every work's rows are read and those not wanted dropped.
NAMED_WORKS = 2000


def _named(wanted: Collection[str] | None) -> list[str] | None:
    """The works to read by name, in a fixed order; None to read every work's rows."""
    if wanted is None or len(wanted) > NAMED_WORKS:
        return None
    return sorted(wanted)


def works(store: Store, wanted: Collection[str] | None = None) -> dict[str, WorkInfo]:
    """The details of every work (or of those in ``wanted``), with authors and editors in
    order. Up to ``NAMED_WORKS`` wanted works are read by name (the 300 works of a map
    beside 1,000 papers: their rows, not those of every work in the store)."""
    found: dict[str, WorkInfo] = {}
    named = _named(wanted)
    for iri, name, value in _csv_rows(store, "litmap-works", {}, named):
        if wanted is not None and iri not in wanted:
            continue
        info = found.get(iri)
        if info is None:
            info = found[iri] = WorkInfo(iri)
        if name == "year":
            info.year = _year(value)
        elif getattr(info, name) is None or value < getattr(info, name):
            setattr(info, name, value)  # the least of several values, as MIN would
    for info in found.values():
        if info.year is None:
            info.year = _year(info.issued)
    if named is not None:  # none found: none of their people to read (not every work's)
        people = _named_people(store, list(found)) if found else {"author": [], "editor": []}
        for author in people["author"]:
            found[author.work].authors.append(author)
        for editor in people["editor"]:
            found[editor.work].editors.append(editor)
    else:
        for author in authors(store):
            if author.work in found:
                found[author.work].authors.append(author)
        for editor in editors(store):
            if editor.work in found:
                found[editor.work].editors.append(editor)
    for info in found.values():
        info.authors.sort(key=lambda a: a.position)
        info.editors.sort(key=lambda a: a.position)
    return found


def authors(store: Store, *, work: str | None = None) -> list[Author]:
    """The authors of every work (or of ``work``), by position in the author list."""
    if work is not None:
        return _named_people(store, [work])["author"]
    return _people(_solutions(store, "litmap-authors", {}))


def editors(store: Store, *, work: str | None = None) -> list[Author]:
    """The editors of every work (or of ``work``), by position in the editor list."""
    if work is not None:
        return _named_people(store, [work])["editor"]
    return _people(_solutions(store, "litmap-editors", {}))


def _named_people(store: Store, named: list[str]) -> dict[str, list[Author]]:
    """The authors and editors of the works ``named``: their own query, which starts from
    the works."""
    rows = list(_solutions(store, "litmap-work-people", {}, named))
    return {
        role: _people(row[:1] + row[2:] for row in rows if row[1] == role)
        for role in ("author", "editor")
    }


def _people(rows: Iterator[tuple]) -> list[Author]:
    out = []
    for w, cell, person, family, given, name in rows:
        tail = cell.rsplit("-", 1)[-1]
        out.append(Author(w, int(tail) if tail.isdigit() else 0, person, family, given, name))
    return out


def cited_as(store: Store, wanted: Collection[str] | None = None) -> dict[str, set[str]]:
    """The keys the texts cite each work by (``Kitchin 2016b``), by work IRI (of the works
    in ``wanted`` alone when given)."""
    found: dict[str, set[str]] = {}
    for work, key in _solutions(store, "litmap-cited-as", {}, _named(wanted)):
        if wanted is None or work in wanted:
            found.setdefault(work, set()).add(key)
    return found


def concept_links(store: Store, *, concept: str | None = None) -> list[ConceptLink]:
    """Terms grounded in works: their sources, and sentences where term and citation meet."""
    rows = _solutions(store, "litmap-concept-works", {"concept": concept})
    return [ConceptLink(c, label, w, way, s) for c, label, w, way, s in rows]
