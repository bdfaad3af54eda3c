"""One work, one IRI, across documents: a document's references matched, at ingest
time, to the works the store already holds and to each other.

Each reference of a document keeps its own IRI and key (``tkid:reference/D/KEY``); what
it points to is decided here. Its candidates are the works the store holds under its keys
(``queries/work-candidates.rq``: the first author's folded surname and year, and its DOI,
indexed as ``tech:workKey`` literals, so the lookup costs the same in a corpus of any
size), the document's own graph left out (it is being replaced), then the references of
the same list before it (a list that names one work twice). The rule is
:func:`kg.bib.identity.same_work`; of several candidates, a DOI match first, then the
closest title, then the curated bibliography, then the first IRI. A reference that
matches nothing gets a work of its own: ``work:KEY``, or ``work:KEY2``, ``KEY3``, … when
another work already has that IRI.

>>> from kg.store import OxigraphStore
>>> from kg.ingest.model import Reference
>>> refs = [Reference("a", ("Kitchin",), 2014, title="The real-time city?", csl={
...     "author": [{"family": "Kitchin"}], "issued": {"date-parts": [[2014]]}}),
...     Reference("b", ("Kitchin",), 2014, "b", title="The Real-Time City", csl={
...     "author": [{"family": "Kitchin"}], "issued": {"date-parts": [[2014]]}})]
>>> links = link_works(OxigraphStore(), "doc", refs)
>>> links.works, [(m.reference, m.work, m.source) for m in links.merged]
({'a': 'a', 'b': 'a'}, [('b', 'a', 'doc')])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from kg.bib.identity import Described, doi_key, same_work, work_keys
from kg.ingest.model import Reference
from kg.rdf import graphs
from kg.rdf.namespaces import WORK
from kg.store import Store
from kg.store.named import get_query
from kg.store.sparqltext import where_brace

__all__ = ["Merge", "StoreWorks", "WorkLinks", "WorkRow", "WorkSource", "described", "link_works"]

_WORK = str(WORK)


@dataclass(frozen=True)
class Merge:
    """A reference that points to a work described elsewhere: in ``source`` (a graph of
    the store, or the document itself for a duplicate in its list), under ``title``."""

    reference: str
    work: str
    reason: str
    source: str
    title: str | None
    twin: str | None = None  # for a duplicate in the list: the key of its first entry


@dataclass
class WorkLinks:
    """Reference id → work id (the slug of ``work:``), and the references merged."""

    works: dict[str, str] = field(default_factory=dict)
    merged: list[Merge] = field(default_factory=list)


def described(reference: Reference) -> Described:
    """What matching needs of a reference."""
    item = {**reference.csl, "DOI": reference.doi} if reference.doi else reference.csl
    keys = tuple(k for k in work_keys(item) if not k.startswith("doi:"))
    titles = (reference.title,) if reference.title else ()
    return Described(keys, doi_key(reference.doi), titles, raw=bool(reference.warnings))


@dataclass
class _Candidate:
    work: str  # the slug
    graphs: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    dois: set[str] = field(default_factory=set)
    raw: bool = False

    def described(self) -> Described:
        keys = tuple(sorted(k for k in self.keys if not k.startswith("doi:")))
        doi = min(self.dois) if self.dois else None
        return Described(keys, doi, tuple(sorted(self.titles)), raw=self.raw and not self.titles)


#: One row of ``queries/work-candidates.rq``: key, work IRI, graph, title, DOI, raw words
#: (the last three ``None`` where the graph says nothing of them).
WorkRow = tuple[str, str, str, str | None, str | None, str | None]


@runtime_checkable
class WorkSource(Protocol):
    """Where a document's references look for the works they may be: the store
    (:class:`StoreWorks`), or the works a corpus run holds (:mod:`kg.ingest.worktable`)."""

    def rows(self, keys: set[str], own: str) -> list[WorkRow]:
        """The rows of the works under ``keys``, from every graph but ``own``."""
        ...

    def taken(self, slugs: set[str], own: str) -> set[str]:
        """Those of ``slugs`` that name a work (a subject) in a graph other than ``own``."""
        ...


def _values(name: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}"


@cache
def _candidates_query() -> tuple[str, int]:
    """The text of ``work-candidates`` and its ``WHERE`` brace, read once: reading every
    named query's header again for each document was a quarter of an ingest's time."""
    text = get_query("work-candidates").text
    return text, where_brace(text)


@dataclass(frozen=True)
class StoreWorks:
    """The works ``store`` holds, the graphs of ``left_out`` apart (in a corpus run, the
    graphs being written: :mod:`kg.ingest.worktable` answers for them)."""

    store: Store
    left_out: frozenset[str] = frozenset()

    def rows(self, keys: set[str], own: str) -> list[WorkRow]:
        if not keys:
            return []
        text, brace = _candidates_query()
        values = _values("key", (ox.Literal(k) for k in sorted(keys)))
        found: list[WorkRow] = []
        for row in self.store.query(f"{text[: brace + 1]} {values}{text[brace + 1 :]}").rows():
            key, work, graph = row["key"], row["work"], row["graph"]
            if key is None or work is None or graph is None:
                continue
            if graph.value == own or graph.value in self.left_out:
                continue
            found.append((key.value, work.value, graph.value, *_values_of(row)))
        return found

    def taken(self, slugs: set[str], own: str) -> set[str]:
        wanted = sorted(slugs)
        if not wanted:
            return set()
        values = _values("work", (ox.NamedNode(_WORK + s) for s in wanted))
        query = f"SELECT DISTINCT ?work ?g WHERE {{ {values} GRAPH ?g {{ ?work ?p ?o }} }}"
        return {
            row["work"].value[len(_WORK) :]
            for row in self.store.query(query).rows()
            if row["work"] is not None
            and row["g"] is not None
            and row["g"].value != own
            and row["g"].value not in self.left_out
        }


def _values_of(row) -> tuple[str | None, str | None, str | None]:
    """The title, DOI and raw words of a row of ``work-candidates`` (``None`` if unbound)."""
    title, doi, raw = (None if row[n] is None else row[n].value for n in ("title", "doi", "raw"))
    return title, doi, raw


def _candidates(source: WorkSource, keys: set[str], own: str) -> dict[str, _Candidate]:
    """The works under ``keys``, from every graph but ``own``."""
    found: dict[str, _Candidate] = {}
    for key, work, graph, title, doi, raw in source.rows(keys, own):
        if not work.startswith(_WORK):
            continue
        one = found.setdefault(work[len(_WORK) :], _Candidate(work[len(_WORK) :]))
        one.graphs.add(graph)
        one.keys.add(key)
        if title is not None:
            one.titles.add(title)
        if doi is not None and (folded := doi_key(doi)):
            one.dois.add(folded)
        one.raw = one.raw or raw is not None
    return found


def _rank(reason: str, candidate: _Candidate, preferred: str) -> tuple:
    similarity = float(reason.rsplit(" ", 1)[-1].rstrip(")")) if "similarity" in reason else 2.0
    return (-similarity, preferred not in candidate.graphs, candidate.work)


def link_works(
    works: Store | WorkSource | None, doc_id: str, references: Sequence[Reference]
) -> WorkLinks:
    """The work each of ``references`` points to (module docstring), among the works
    ``works`` holds (a store, or a :class:`WorkSource`); without it, duplicates within
    the list only."""
    own = graphs.corpus(doc_id)
    store = works if works is None or isinstance(works, WorkSource) else StoreWorks(works)
    mine = {r.id: described(r) for r in references}
    keys = {k for d in mine.values() for k in (*d.keys, *([d.doi] if d.doi else []))}
    stored = _candidates(store, keys, own) if store is not None else {}
    by_key: dict[str, list[_Candidate]] = {}
    for candidate in stored.values():
        for key in candidate.keys:
            by_key.setdefault(key, []).append(candidate)
    links = WorkLinks()
    earlier: list[tuple[Reference, Described]] = []
    # the earlier entries by their keys and DOIs: one work shares one or the other
    earlier_by: dict[str, list[int]] = {}
    fresh: list[Reference] = []
    twins: list[tuple[Reference, Reference, str]] = []
    for ref in references:
        me = mine[ref.id]
        pool = {c.work: c for k in (*me.keys, me.doi) if k for c in by_key.get(k, ())}
        matches = [(r, c) for c in pool.values() if (r := same_work(me, c.described()))]
        if matches:
            reason, best = min(matches, key=lambda m: _rank(m[0], m[1], graphs.BIBLIOGRAPHY))
            links.works[ref.id] = best.work
            title = min(best.titles) if best.titles else None
            graph = graphs.BIBLIOGRAPHY if graphs.BIBLIOGRAPHY in best.graphs else min(best.graphs)
            links.merged.append(Merge(ref.id, best.work, reason, graph, title))
        else:
            near = sorted({k for key in _twin_keys(me) for k in earlier_by.get(key, ())})
            twin = next(
                (
                    (o, r)
                    for o, d in (earlier[k] for k in near)
                    if _apart(o, ref) and (r := same_work(me, d))
                ),
                None,
            )
            if twin is not None:
                twins.append((ref, *twin))
            else:
                fresh.append(ref)
        for key in _twin_keys(me):
            earlier_by.setdefault(key, []).append(len(earlier))
        earlier.append((ref, me))
    _mint(store, own, fresh, links)
    for ref, other, reason in twins:  # duplicates in the list: their first entry's work
        links.works[ref.id] = links.works[other.id]
        links.merged.append(
            Merge(ref.id, links.works[ref.id], reason, doc_id, other.title, other.id)
        )
    return links


def _twin_keys(me: Described) -> list[str]:
    """What two descriptions of one work share (:func:`~kg.bib.identity.same_work`): a
    ``surname year`` key, or the DOI (told apart from keys by a prefix)."""
    return [*me.keys, *([f"doi {me.doi}"] if me.doi else [])]


def _apart(one: Reference, two: Reference) -> bool:
    """Whether two entries of one list may be one work: not when the list prints them
    with different letters after the year (``2016a``, ``2016b``)."""
    printed = [r.year_suffix for r in (one, two) if r.year_suffix and not r.note]
    return len(printed) < 2 or printed[0] == printed[1]


def _mint(store: WorkSource | None, own: str, fresh: list[Reference], links: WorkLinks) -> None:
    """A work of its own for each reference in ``fresh``: its key, numbered if taken."""
    used = set(links.works.values()) | {r.id for r in fresh}
    wanted = {r.id: r.id for r in fresh}
    taken = store.taken(set(wanted.values()), own) if store is not None else set()
    for ref in fresh:
        slug, n = ref.id, 1
        while slug in taken or (slug != ref.id and slug in used):
            n += 1
            slug = f"{ref.id}{n}"
            if store is not None and slug not in taken and store.taken({slug}, own):
                taken.add(slug)
        used.add(slug)
        links.works[ref.id] = slug
