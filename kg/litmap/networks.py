"""The five literature maps as networkx graphs, with weights and publication years on every
node, and the measures of ``kg.litmap.measures`` (degree, PageRank, communities).

=================  ==========================  ===========================================
kind               nodes                       an edge and its weight
=================  ==========================  ===========================================
citation           documents and works         document cites work; in-text citations
cocitation         works                       cited in the same unit (document, paragraph
                                               or sentence: ``grain``); units
coupling           citing documents            works both cite; works shared
concept-work       ontology terms and works    the term names the work as its source
                                               and/or they meet in sentences; 1 + sentences
author-cocitation  authors                     their works cited in the same unit; units
=================  ==========================  ===========================================

>>> from kg.store import open_store
>>> from .extract import EXAMPLE_NT
>>> store = open_store("memory")
>>> _ = store.load(EXAMPLE_NT.encode(), format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> m = build_map(store, "citation")
>>> sorted(m.graph.nodes), m.graph.nodes["townsend2013smart"]["year"]
(['d', 'townsend2013smart'], 2013)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np

from kg.errors import EmptyMapError, InputError
from kg.litmap import arrays, extract
from kg.litmap.building import add_nodes, add_weighted_edges, collector_paused
from kg.litmap.choices import GRAINS, KINDS
from kg.litmap.extract import Pointer, WorkInfo, short_id
from kg.litmap.labels import disambiguate, work_label
from kg.litmap.measures import measure
from kg.rdf.namespaces import WORK
from kg.rdf.vocab import tech_iri
from kg.store import Store

__all__ = [
    "GRAINS",
    "KINDS",
    "EmptyMapError",
    "Filters",
    "LitMap",
    "build_map",
    "cooccurrence",
]


@dataclass(frozen=True)
class Filters:
    """What to keep: edges of at least ``min_weight``; citations in ``doc`` (a work id or
    IRI); in sentences that mention ``concept`` (a term's local name or IRI); works (for
    coupling, documents) published in ``year_from``..``year_to``; in a co-citation map,
    the ``top`` works cited in the most units (``None`` or 0: all)."""

    min_weight: float = 1
    doc: str | None = None
    concept: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    grain: str = "sentence"
    top: int | None = None

    def __post_init__(self) -> None:
        if self.grain not in GRAINS:
            raise InputError(
                f"unknown grain {self.grain!r}; one of {', '.join(GRAINS)}", where="grain"
            )
        if self.min_weight < 0:
            raise InputError("must not be negative", where="min_weight")
        if self.top is not None and self.top < 0:
            raise InputError("must not be negative", where="top")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise InputError(
                f"year_from {self.year_from} is after year_to {self.year_to}", where="years"
            )

    @property
    def doc_iri(self) -> str | None:
        """The document as a work IRI."""
        if not self.doc:
            return None
        return self.doc if "://" in self.doc else str(WORK[self.doc])

    @property
    def concept_iri(self) -> str | None:
        """The concept as an ontology IRI."""
        if not self.concept:
            return None
        return self.concept if "://" in self.concept else str(tech_iri(self.concept))

    def in_years(self, year: int | None) -> bool:
        """Whether ``year`` passes the year range (an unknown year passes no range)."""
        if self.year_from is None and self.year_to is None:
            return True
        if year is None:
            return False
        return (self.year_from or year) <= year <= (self.year_to or year)

    def described(self) -> dict[str, object]:
        """The filters that were set, for a map's metadata and for messages."""
        out: dict[str, object] = {}
        for name in ("min_weight", "doc", "concept", "year_from", "year_to", "top"):
            value = getattr(self, name)
            if value is None or (name, value) in (("min_weight", 1), ("top", 0)):
                continue
            out[name] = value
        return out


@dataclass
class LitMap:
    """A computed map: the graph, its kind, and the works' details (for reference lists)."""

    kind: str
    graph: nx.Graph
    filters: Filters
    works: dict[str, WorkInfo] = field(default_factory=dict)
    #: the keys the texts cite each work by (``Kitchin 2016b``), by work IRI
    cited: dict[str, set[str]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """A short heading for the map: ``co-citation map, sentence grain``."""
        name = {"cocitation": "co-citation", "author-cocitation": "author co-citation"}.get(
            self.kind, self.kind
        )
        grain = f", {self.filters.grain} grain" if self.kind.endswith("cocitation") else ""
        said = "; ".join(f"{k} {v}" for k, v in self.filters.described().items())
        return f"{name} map{grain}" + (f" ({said})" if said else "")

    def work_items(self) -> list[WorkInfo]:
        """The works of the map: its work nodes, or the works behind its authors."""
        iris = {d["iri"] for _, d in self.graph.nodes(data=True) if d.get("type") == "work"}
        if self.kind == "author-cocitation":
            iris = {w for _, d in self.graph.nodes(data=True) for w in d.get("works", "").split()}
        if self.kind == "coupling":
            iris = {d["iri"] for _, d in self.graph.nodes(data=True)}
        return sorted((self.works[i] for i in iris if i in self.works), key=lambda w: w.iri)


def cooccurrence(groups: Iterable[Iterable[str]]) -> Counter[tuple[str, str]]:
    """Count, for each pair of items, the groups that hold both.

    >>> sorted(cooccurrence([["a", "b", "c"], ["a", "b"], ["c"]]).items())
    [(('a', 'b'), 2), (('a', 'c'), 1), (('b', 'c'), 1)]
    """
    counts: Counter[tuple[str, str]] = Counter()
    for group in groups:
        members = sorted(set(group))
        if len(members) > 1:
            counts.update(combinations(members, 2))
    return counts


def _unit(p: Pointer, grain: str) -> str | None:
    if grain == "document":
        return p.doc
    if grain == "paragraph":
        return p.paragraph or p.sentence
    return p.sentence


def _groups(rows: Iterable[Pointer], grain: str) -> dict[str, set[str]]:
    units: dict[str, set[str]] = defaultdict(set)
    for p in rows:
        unit = _unit(p, grain)
        if unit is not None:
            units[unit].add(p.work)
    return units


def _pointers(store: Store, f: Filters, kind: str) -> list[Pointer]:
    if kind.endswith("cocitation") and f.grain == "sentence":
        rows = extract.sentence_works(store, doc=f.doc_iri)
    else:
        rows = extract.pointers(store, doc=f.doc_iri)
    if f.concept_iri:
        sentences = _mention_sentences(store, f)
        rows = [p for p in rows if p.sentence in sentences]
    return rows


def _add_work(g: nx.Graph, iri: str, info: WorkInfo | None, **extra: object) -> str:
    node, attributes = _work_node(iri, info, **extra)
    g.add_node(node, **attributes)
    return node


def _work_node(iri: str, info: WorkInfo | None, **extra: object) -> tuple[str, dict]:
    """A work's node name and attributes."""
    return short_id(iri), {
        "label": work_label(info, iri),
        "type": "work",
        "iri": iri,
        "title": (info.title if info else None) or "",
        "year": info.year if info else None,
        **extra,
    }


def _citation(rows: list[Pointer], works: dict[str, WorkInfo], f: Filters) -> nx.DiGraph:
    g = nx.DiGraph()
    counts = Counter((p.doc, p.work) for p in rows if f.in_years(_year(works, p.work)))
    cited: Counter[str] = Counter()
    for (doc, work), n in counts.items():
        d = _add_work(g, doc, works.get(doc))
        g.nodes[d]["type"] = "document"
        w = _add_work(g, work, works.get(work))
        g.add_edge(d, w, weight=n)
        cited[w] += n
    for node, n in cited.items():
        g.nodes[node]["citations"] = n
    return g


def _year(works: dict[str, WorkInfo], iri: str) -> int | None:
    info = works.get(iri)
    return info.year if info else None


def _cocitation(store: Store, f: Filters) -> tuple:
    """The co-citation graph, its edges as arrays (for the measures), whether any citation
    was found, and the works' details; counted over integer codes (``arrays``), the numbers
    that ``cooccurrence`` over the rows would give, nodes in IRI order, edges sorted by
    them. The details are read of the works drawn alone (by name, when few: the 300 of a
    map's page), unless a year filter needs every work's year."""
    works = extract.works(store) if f.year_from or f.year_to else {}
    if f.grain == "sentence":
        found = extract.sentence_units(store, doc=f.doc_iri)
    else:
        found = _encode(_pointers(store, f, "cocitation"), f.grain)
    units, items = found.units, found.works
    if f.year_from is None and f.year_to is None:
        keep = np.ones(items.size, dtype=bool)
    else:
        keep = np.array([f.in_years(_year(works, w)) for w in found.work_iris], dtype=bool)[items]
    if f.grain == "sentence" and f.concept_iri:
        said = _mention_sentences(store, f)
        keep &= np.array([u in said for u in found.unit_names], dtype=bool)[units]
    had_rows = bool(keep.size) if not f.concept_iri else bool(keep.any())
    order = sorted(range(len(found.work_iris)), key=found.work_iris.__getitem__)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    e = arrays.cocitation_edges(units[keep], rank[items[keep]], len(order), min_weight=f.min_weight)
    paired = int(e.nodes.size)
    if f.top:
        e = arrays.most_cited(e, f.top)
    g = nx.Graph(paired=paired)  # how many works are in a pair, the map cut to ``top`` or not
    citing = e.citing.tolist()
    if not works:
        works = extract.works(store, {found.work_iris[order[r]] for r in e.nodes.tolist()})
    nodes = []
    for r in e.nodes.tolist():
        iri = found.work_iris[order[r]]
        nodes.append(_work_node(iri, works.get(iri), citations=citing[r]))
    add_nodes(g, nodes)
    names = [name for name, _ in nodes]
    same = len(set(names)) == len(names)  # else two IRIs share a node name: measure the graph
    if same:
        add_weighted_edges(g, names, e.a, e.b, e.weight)
    else:
        ends = zip(*(([names[i] for i in side.tolist()]) for side in (e.a, e.b)), strict=True)
        weights = e.weight.tolist()
        g.add_weighted_edges_from((x, y, w) for (x, y), w in zip(ends, weights, strict=True))
    return g, e if same else None, had_rows, works


def _encode(rows: Iterable[Pointer], grain: str) -> extract.Units:
    """Pointers as (unit, work) integer codes at ``grain`` (rows without a unit dropped)."""
    names: dict[str, int] = {}
    iris: dict[str, int] = {}
    units, items = [], []
    for p in rows:
        unit = _unit(p, grain)
        if unit is not None:
            units.append(names.setdefault(unit, len(names)))
            items.append(iris.setdefault(p.work, len(iris)))
    as_array = np.array(units, dtype=np.int64), np.array(items, dtype=np.int64)
    return extract.Units(*as_array, list(names), list(iris))


def _mention_sentences(store: Store, f: Filters) -> set[str | None]:
    return {
        link.sentence
        for link in extract.concept_links(store, concept=f.concept_iri)
        if link.way == "mention"
    }


def _coupling(rows: list[Pointer], works: dict[str, WorkInfo], f: Filters) -> nx.Graph:
    by_work: dict[str, set[str]] = defaultdict(set)
    for p in rows:
        if f.in_years(_year(works, p.doc)):
            by_work[p.work].add(p.doc)
    g = nx.Graph()
    refs = Counter(doc for docs in by_work.values() for doc in docs)
    for (a, b), n in cooccurrence(by_work.values()).items():
        na = _add_work(g, a, works.get(a), references=refs[a])
        nb = _add_work(g, b, works.get(b), references=refs[b])
        g.nodes[na]["type"] = g.nodes[nb]["type"] = "document"
        g.add_edge(na, nb, weight=n)
    return g


def _authors(rows: list[Pointer], works: dict[str, WorkInfo], f: Filters) -> nx.Graph:
    kept = [p for p in rows if f.in_years(_year(works, p.work))]
    groups = _groups(kept, f.grain)
    people: dict[str, dict] = {}
    for info in works.values():
        for author in info.authors:
            entry = people.setdefault(
                author.person,
                {"label": author.family or author.name or short_id(author.person), "works": set()},
            )
            entry["works"].add(info.iri)
    by_work: dict[str, set[str]] = defaultdict(set)
    for iri, info in works.items():
        by_work[iri] = {author.person for author in info.authors}
    author_groups = [set().union(*(by_work[w] for w in members)) for members in groups.values()]
    g = nx.Graph()
    citing = Counter(a for members in author_groups for a in members)
    for (a, b), n in cooccurrence(author_groups).items():
        for person in (a, b):
            cited = sorted(people[person]["works"] & {p.work for p in kept})
            years = [y for y in (_year(works, w) for w in cited) if y]
            g.add_node(
                short_id(person),
                label=people[person]["label"],
                type="author",
                iri=person,
                year=min(years) if years else None,
                last_year=max(years) if years else None,
                works=" ".join(cited),
                citations=citing[person],
            )
        g.add_edge(short_id(a), short_id(b), weight=n)
    return g


def _concepts(store: Store, works: dict[str, WorkInfo], f: Filters) -> nx.Graph:
    links = extract.concept_links(store, concept=f.concept_iri)
    citing = {p.doc for p in extract.pointers(store)}  # a text's own terms are not literature
    doc_rows = {p.sentence for p in extract.pointers(store, doc=f.doc_iri)} if f.doc else None
    sources: set[tuple[str, str]] = set()
    mentions: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for link in links:
        if not f.in_years(_year(works, link.work)):
            continue
        labels[link.concept] = link.label or short_id(link.concept)
        if link.way == "source":
            if doc_rows is None and link.work not in citing:
                sources.add((link.concept, link.work))
        elif doc_rows is None or link.sentence in doc_rows:
            mentions[(link.concept, link.work)].add(link.sentence or "")
    g = nx.Graph()
    for pair in sources | set(mentions):
        concept, work = pair
        c = short_id(concept)
        g.add_node(c, label=labels[concept], type="concept", iri=concept, year=None)
        w = _add_work(g, work, works.get(work))
        source, sentences = pair in sources, len(mentions.get(pair, ()))
        way = "source and mention" if source and sentences else "source" if source else "mention"
        g.add_edge(c, w, weight=int(source) + sentences, relation=way, sentences=sentences)
    for node, data in g.nodes(data=True):  # a term's year: the earliest of its works
        if data["type"] == "concept":
            years = [g.nodes[n]["year"] for n in g.neighbors(node) if g.nodes[n]["year"]]
            data["year"] = min(years) if years else None
    return g


def build_map(store: Store, kind: str, filters: Filters | None = None) -> LitMap:
    """Compute one map from the graph in ``store``; raises ``EmptyMapError`` when nothing
    is left after the filters, ``InputError`` for an unknown kind."""
    f = filters or Filters()
    if kind not in KINDS:
        raise InputError(f"unknown map kind {kind!r}; one of {', '.join(KINDS)}", where="kind")
    if f.top and kind != "cocitation":
        raise InputError("only a co-citation map keeps its most-cited works", where="top")
    with collector_paused():  # millions of rows, dicts and lists, none of them garbage
        return _build(store, kind, f)


def _build(store: Store, kind: str, f: Filters) -> LitMap:
    rows = [] if kind in ("concept-work", "cocitation") else _pointers(store, f, kind)
    works = {} if kind == "cocitation" else extract.works(store)
    edges, had_rows = None, bool(rows) or kind == "concept-work"
    if kind == "citation":
        g: nx.Graph = _citation(rows, works, f)
    elif kind == "cocitation":  # weights and lone nodes already filtered
        g, edges, had_rows, works = _cocitation(store, f)
    elif kind == "coupling":
        g = _coupling(rows, works, f)
    elif kind == "author-cocitation":
        g = _authors(rows, works, f)
    else:
        g = _concepts(store, works, f)
    if kind != "cocitation":
        g.remove_edges_from([(a, b) for a, b, w in g.edges(data="weight") if w < f.min_weight])
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if (g.number_of_edges() if edges is None else edges.a.size) == 0:
        raise EmptyMapError(_empty_message(kind, f, had_rows))
    # the keys the texts cite the map's works by (a co-citation map's of its works alone:
    # its page draws 300 of thousands)
    drawn = {d["iri"] for _, d in g.nodes(data=True)} if kind == "cocitation" else None
    cited = extract.cited_as(store, drawn)
    disambiguate(g, works, cited)
    measure(g, edges)
    return LitMap(kind, g, f, works, cited)


def _empty_message(kind: str, f: Filters, had_rows: bool) -> str:
    said = ", ".join(f"{k}={v}" for k, v in f.described().items())
    if kind == "coupling" and not f.described():
        return "the coupling map needs two or more ingested documents citing a shared work"
    if not had_rows and not said:
        return f"the graph holds no resolved citations to draw a {kind} map from"
    grain = f" at {f.grain} grain" if kind.endswith("cocitation") else ""
    return (
        f"the {kind} map{grain} is empty"
        + (f" with {said}" if said else "")
        + ("; nothing matches these filters" if said else "; no two items share a unit")
    )
