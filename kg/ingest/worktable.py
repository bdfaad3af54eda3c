"""The works of a corpus run's documents, in memory, for the documents after them to link
to: the same links whatever process analysed a document and whenever the store wrote it.

A corpus run (:mod:`kg.ingest.corpus`) links each document's references
(:func:`kg.ingest.works.link_works`) to the works of the store, the graphs of the run's
own documents left out, and to the works of the run's documents before it in the order
of the files, which this table holds. A document's works are read from the N-Triples its
analysis wrote (:func:`graph_works`): what ``queries/work-candidates.rq`` would find in its
graph once stored (work keys, titles, DOIs, raw words), and the works it describes.

>>> from kg.store import OxigraphStore
>>> table = WorkTable(StoreWorks(OxigraphStore()))
>>> w = "https://w3id.org/technocracy/id/work/kitchin2014"
>>> table.add(GraphWorks("https://w3id.org/technocracy/graph/corpus/a",
...     [("kitchin 2014", w, "https://w3id.org/technocracy/graph/corpus/a", "The real-time city?",
...       None, None)], {"kitchin2014"}))
>>> [row[1] for row in table.rows({"kitchin 2014"}, "https://w3id.org/technocracy/graph/corpus/b")]
['https://w3id.org/technocracy/id/work/kitchin2014']
>>> table.taken({"kitchin2014", "other"}, "https://w3id.org/technocracy/graph/corpus/a")
set()
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.ingest.works import StoreWorks, WorkRow
from kg.rdf.namespaces import DCTERMS, PRISM, WORK
from kg.rdf.vocab import TECH

__all__ = ["GraphWorks", "WorkTable", "graph_works"]

_WORK = str(WORK)
_START = b"<" + _WORK.encode()  # a line about a work starts so
_NEXT = b"\n" + _START
_FIELDS = {
    str(TECH.workKey): "keys",
    str(DCTERMS.title): "titles",
    str(PRISM.doi): "dois",
    str(DCTERMS.bibliographicCitation): "raws",
}
_FIELD_TERMS = frozenset(f"<{p}>".encode() for p in _FIELDS)


@dataclass
class GraphWorks:
    """What one document's graph says of works: its rows of ``work-candidates``, and the
    slugs of the works it describes (``work:SLUG`` as a subject)."""

    graph: str
    rows: list[WorkRow] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)


def graph_works(body: Path, graph: str) -> GraphWorks:
    """The works of the N-Triples file ``body``, the content of ``graph``."""
    subjects, lines = _work_lines(body.read_bytes())
    said: dict[str, dict[str, set[str]]] = {
        work: {name: set() for name in _FIELDS.values()} for work in subjects
    }
    for triple in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES):
        said[triple.subject.value][_FIELDS[triple.predicate.value]].add(triple.object.value)
    found = GraphWorks(graph, subjects={w[len(_WORK) :] for w in said})
    for work, fields in sorted(said.items()):
        optional: list[list[str | None]] = [
            [*sorted(fields[n])] or [None] for n in ("titles", "dois", "raws")
        ]
        for key in sorted(fields["keys"]):  # a row per combination, as the query's OPTIONALs
            for title, doi, raw in itertools.product(*optional):
                found.rows.append((key, work, graph, title, doi, raw))
    return found


def _work_lines(data: bytes) -> tuple[set[str], bytes]:
    """The works that are subjects of lines of N-Triples ``data`` (``work:SLUG``, no
    ``#``), and those lines of theirs whose predicate is one of :data:`_FIELDS`, found
    by searching for where they start (a regular expression tried at every line takes
    ten times longer; parsing every line of a work, several times longer).

    >>> w = "<https://w3id.org/technocracy/id/work/"
    >>> t = "<http://purl.org/dc/terms/title>"
    >>> data = f'{w}a> <p> "1" .\\n<x> <p> {w}a> .\\n{w}a#n> {t} "2" .\\n{w}b> {t} "3" .\\n'
    >>> subjects, lines = _work_lines(data.encode())
    >>> sorted(subjects), lines.decode().count(" .\\n")
    (['https://w3id.org/technocracy/id/work/a', 'https://w3id.org/technocracy/id/work/b'], 1)
    """
    subjects: set[bytes] = set()
    found = []
    at = 0 if data.startswith(_START) else data.find(_NEXT) + 1 or -1
    while at != -1:
        end = data.find(b"\n", at)
        if end == -1:
            break
        close = data.find(b">", at, end)
        if close != -1 and data.find(b"#", at, close) == -1 and data[close + 1 : close + 2] == b" ":
            subjects.add(data[at + 1 : close])
            said = data.find(b">", close + 2, end)
            if data[close + 2 : said + 1] in _FIELD_TERMS:
                found.append(data[at : end + 1])
        at = data.find(_NEXT, end) + 1 or -1
    return {s.decode("utf-8") for s in subjects}, b"".join(found)


class WorkTable:
    """The works of ``stored`` (the store, the run's graphs left out) and of the
    documents added so far; a :class:`kg.ingest.works.WorkSource`.

    What the store answers for a document of the run does not change during the run
    (only the run's graphs, left out, are written meanwhile), so it is asked once per
    key and per slug: asked again, a store holding more and more of the run's graphs
    found them only to have them left out, ever longer as the run went on."""

    def __init__(self, stored: StoreWorks) -> None:
        self.stored = stored
        self._by_key: dict[str, list[WorkRow]] = {}
        self._described: dict[str, set[str]] = {}  # slug -> the graphs describing it
        self._stored_rows: dict[str, list[WorkRow]] = {}  # key -> the store's rows
        self._stored_taken: dict[str, bool] = {}  # slug -> whether the store describes it

    def add(self, works: GraphWorks) -> None:
        """Add a document's works (its graph is written, or about to be)."""
        for row in works.rows:
            self._by_key.setdefault(row[0], []).append(row)
        for slug in works.subjects:
            self._described.setdefault(slug, set()).add(works.graph)

    def rows(self, keys: set[str], own: str) -> list[WorkRow]:
        """The rows under ``keys``, from every graph but ``own``."""
        mine = [row for key in sorted(keys) for row in self._by_key.get(key, ()) if row[2] != own]
        if own not in self.stored.left_out:  # not one of the run's: the store as it is
            return self.stored.rows(keys, own) + mine
        if missing := keys - self._stored_rows.keys():
            for key in missing:
                self._stored_rows[key] = []
            for row in self.stored.rows(missing, own):
                self._stored_rows.setdefault(row[0], []).append(row)
        return [row for key in sorted(keys) for row in self._stored_rows[key]] + mine

    def taken(self, slugs: set[str], own: str) -> set[str]:
        """Those of ``slugs`` that name a work in a graph other than ``own``."""
        mine = {s for s in slugs if self._described.get(s, set()) - {own}}
        if own not in self.stored.left_out:
            return self.stored.taken(slugs, own) | mine
        if missing := slugs - self._stored_taken.keys():
            found = self.stored.taken(missing, own)
            self._stored_taken.update((slug, slug in found) for slug in missing)
        return {s for s in slugs if self._stored_taken[s]} | mine
