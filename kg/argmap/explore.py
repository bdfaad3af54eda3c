"""What the argument explorer shows of a map, gathered in a few queries: the map read once
(``storage.read_map``), the outline from its thesis down (``kg.argmap.outline``), the works
its elements cite (title, year, authors: one query), the concepts they are about (one
query), and the sentence of the text each quotation is in (one query), so that a page links
into the document reader; and, for one concept, the claims about it with the works that
support and attack them.

Everything returned is plain data (dicts, lists, strings), ready for a template or JSON,
and small enough to come back from a query worker.

>>> from kg.store import OxigraphStore
>>> from kg.argmap.storage import load_map, read_text
>>> store = OxigraphStore()
>>> m = read_text("[T]: Thesis.\\n  + [R]: Reason. {about: [City]}\\n", "d.argdown")
>>> _ = load_map(store, m, "d", unknown="warn")
>>> view = explorer(store, "d")
>>> [(e["title"], [c["title"] for c in e["children"]]) for e in view["outline"]]
[('T', ['R'])]
>>> about = concept_claims(store, "d", "https://w3id.org/technocracy/ontology#City")
>>> [c["title"] for c in about["claims"]]
['R']
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Any

from kg.argmap.model import ArgMap, Ref
from kg.argmap.outline import ATTACKING, Branch, edges, outline, supporters, theses
from kg.argmap.rdf import from_graph, map_iri, slugs, term_of, work_of
from kg.argmap.storage import read_map
from kg.errors import NotFoundError
from kg.rdf import graphs
from kg.rdf.slugs import slugify
from kg.resources import queries_dir
from kg.store import Store
from kg.store.named import NamedQuery, parse_named_query, run_named_query

__all__ = [
    "concept_claims",
    "concept_iri",
    "element",
    "element_by_slug",
    "explorer",
    "map_concepts",
    "named_query",
    "read_map_cached",
]

_TEXT = "https://w3id.org/technocracy/id/text/"


#: What a map's id may be (as ``storage`` checks it): anything else names no graph.
_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")

#: Maps read lately, by id and the SHA-256 of their graph's N-Triples: a page reads its map
#: whole, and parsing the chapter's 3,800 triples is most of a page's time; the dump is cheap.
_MAPS: OrderedDict[tuple[str, bytes], ArgMap] = OrderedDict()


def read_map_cached(store: Store, ident: str) -> ArgMap:
    """``storage.read_map``, parsed again only when the map's graph has changed (the same
    object is returned while it has not: do not change it)."""
    graph = graphs.argmap(ident) if _IDENT.fullmatch(ident) else None
    if graph is None or not store.has_graph(graph):
        return read_map(store, ident)  # the NotFoundError that names the maps there are
    data = store.dump_graph(graph, format="nt")
    key = (ident, hashlib.sha256(data).digest())
    if key not in _MAPS:
        _MAPS[key] = from_graph(_rdflib_graph(data), ident)
        while len(_MAPS) > 8:
            _MAPS.popitem(last=False)
    _MAPS.move_to_end(key)
    return _MAPS[key]


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_graph(data: bytes) -> Any:
    """The N-Triples ``data`` as an rdflib graph, parsed by Oxigraph and its terms made
    rdflib's (each node once): half the CPU of rdflib's own parser on the chapter's map
    (0.1 against 0.2 s), the same graph (a plain literal stays one without a datatype).

    >>> from rdflib import Graph
    >>> from rdflib.compare import isomorphic
    >>> nt = ('<http://e/a> <http://e/p> "x" .\\n_:b <http://e/p> "y"@en .\\n'
    ...       '<http://e/a> <http://e/q> "1"^^<http://e/t> .\\n')
    >>> isomorphic(_rdflib_graph(nt.encode()), Graph().parse(data=nt, format="nt"))
    True
    """
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    nodes: dict[Any, Any] = {}

    def node(term: Any) -> Any:
        made = nodes.get(term)
        if made is None:
            made = nodes[term] = (
                URIRef(term.value) if isinstance(term, ox.NamedNode) else BNode(term.value)
            )
        return made

    def value(term: Any) -> Any:
        if not isinstance(term, ox.Literal):
            return node(term)
        if term.language:
            return Literal(term.value, lang=term.language)
        kind = term.datatype.value
        return Literal(term.value, datatype=None if kind == _XSD_STRING else URIRef(kind))

    graph = Graph()
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        graph.add((node(triple.subject), node(triple.predicate), value(triple.object)))
    return graph


def concept_iri(value: str) -> str:
    """A concept given as an IRI, or as the name of a term of the ontology.

    >>> concept_iri("HumanOffTheLoopSystem")
    'https://w3id.org/technocracy/ontology#HumanOffTheLoopSystem'
    >>> concept_iri("javascript:x")
    Traceback (most recent call last):
    ...
    kg.errors.NotFoundError: no concept 'javascript:x': give a term's IRI or its name
    """
    value = value.strip()
    if value.startswith(("http://", "https://")) and " " not in value:
        return value
    if value and value.isascii() and all(c.isalnum() or c in "-_." for c in value):
        return str(term_of(value))
    raise NotFoundError(f"no concept {value!r}: give a term's IRI or its name")


@cache
def named_query(name: str) -> NamedQuery:
    """One named query, read once (``get_query`` reads every file of ``queries/``)."""
    return parse_named_query(name, (queries_dir() / f"{name}.rq").read_text(encoding="utf-8"))


def _rows(
    store: Store, name: str, scope: Sequence[str] | None = None, **params: str
) -> list[dict[str, str | None]]:
    """The rows of a named query, over the graphs ``scope`` (those of the map and its
    document: the rest of the store says nothing of them) or else the whole store."""
    result = run_named_query(store, named_query(name), params, graphs=scope)
    return [{k: (v.value if v is not None else None) for k, v in r.items()} for r in result.rows()]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _works(store: Store, ident: str) -> dict[str, dict[str, Any]]:
    """Each cited work by IRI: title, year, authors' family names in order."""
    out: dict[str, dict[str, Any]] = {}
    authors: dict[str, dict[int, str]] = {}
    scope = graphs.of_documents(ident)
    for row in _rows(store, "argmap-works", scope, map=str(map_iri(ident))):
        work = str(row["work"])
        out.setdefault(work, {"iri": work, "title": row["title"], "year": row["year"]})
        cell = row["cell"] or ""
        position = cell.rpartition("-")[2]
        if cell and position.isdigit():
            authors.setdefault(work, {})[int(position)] = str(row["family"] or row["name"] or "")
    for work, names in authors.items():
        out[work]["authors"] = [names[i] for i in sorted(names) if names[i]]
    for record in out.values():
        record.setdefault("authors", [])
    return out


def _sentences(store: Store, m: ArgMap, ident: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The map's document id and its sentences: (start, end, number), by start."""
    doc = slugify(str(m.frontmatter.get("doc") or ident)) or ident
    found = []
    for row in _rows(store, "document-sentences", graphs.of_documents(doc), text=_TEXT + doc):
        number = str(row["sentence"]).rpartition("/")[2]
        found.append((int(str(row["start"])), int(str(row["end"])), number))
    return doc, sorted(found)


def _sentence_at(sentences: list[tuple[int, int, str]], offset: Any) -> str | None:
    """The number of the sentence holding character ``offset``, if one does."""
    if not isinstance(offset, int):
        return None
    i = bisect.bisect_right(sentences, (offset, float("inf"), "")) - 1
    if i >= 0 and sentences[i][0] <= offset < sentences[i][1]:
        return sentences[i][2]
    return None


def _data(m: ArgMap, ref: Ref) -> dict[str, Any]:
    data = m.element(ref).data
    return data if isinstance(data, dict) else {}


def element(
    m: ArgMap,
    ref: Ref,
    slug: dict[Ref, str],
    works: dict[str, dict[str, Any]],
    sentences: list[tuple[int, int, str]],
) -> dict[str, Any]:
    """One element as the explorer shows it: kind, slug, title, text, tags, section, its
    quotation (page, offsets, the sentence it is in) and the works it cites."""
    item = m.element(ref)
    data: dict[str, Any] = item.data if isinstance(item.data, dict) else {}
    section = m.section(item.section)
    quote = " ".join(str(data["quote"]).split()) if data.get("quote") else None
    cited = [str(work_of(w)) for w in _list(data.get("cites"))]
    return {
        "kind": "claim" if ref[0] == "statement" else "argument",
        "slug": slug[ref],
        "title": item.title,
        "text": item.text,
        "tags": list(item.tags),
        "section": section.title if section else None,
        "quote": quote,
        "page": data.get("page"),
        "start": data.get("start"),
        "end": data.get("end"),
        "sentence": _sentence_at(sentences, data.get("start")) if quote else None,
        "works": [
            works.get(w) or {"iri": w, "title": None, "year": None, "authors": []} for w in cited
        ],
        "about": [str(term_of(t)) for t in _list(data.get("about"))],
    }


def element_by_slug(
    store: Store, ident: str, cid: str, m: ArgMap | None = None
) -> tuple[dict[str, Any], str | None]:
    """The claim (or else the argument) ``cid`` of map ``ident`` (``m`` if it is read
    already) as the explorer shows it, and the map's document when its text is ingested (a
    claim page's links)."""
    m = m if m is not None else read_map_cached(store, ident)
    slug = slugs(m)
    found = [ref for ref, s in slug.items() if s == cid]
    if not found:
        raise NotFoundError(f"no claim or argument {cid!r} in the argument map {ident!r}")
    ref = min(found, key=lambda r: r[0] != "statement")
    doc, sentences = _sentences(store, m, ident)
    return element(m, ref, slug, _works(store, ident), sentences), doc if sentences else None


def explorer(store: Store, ident: str) -> dict[str, Any]:
    """The map ``ident`` for the explorer: title, counts, document, the outline (each place
    an element with ``relation``, ``repeat``, ``children`` and ``thesis``: whether the map
    declares it a thesis) and the concepts its elements are about (for the filter)."""
    m = read_map_cached(store, ident)
    slug = slugs(m)
    works = _works(store, ident)
    doc, sentences = _sentences(store, m, ident)
    shown: dict[Ref, dict[str, Any]] = {}
    declared = theses(m)

    def place(branch: Branch) -> dict[str, Any]:
        if branch.ref not in shown:
            shown[branch.ref] = element(m, branch.ref, slug, works, sentences)
        return {
            **shown[branch.ref],
            "thesis": branch.ref in declared,
            "relation": branch.relation,
            "repeat": branch.repeat,
            "children": [place(child) for child in branch.children],
        }

    tree = [place(branch) for branch in outline(m)]
    return {
        "id": ident,
        "title": str(m.frontmatter.get("title") or ident),
        "counts": m.counts(),
        "document": doc if sentences else None,
        "outline": tree,
        "concepts": map_concepts(store, ident),
    }


def map_concepts(store: Store, ident: str) -> list[dict[str, Any]]:
    """The concepts the map's elements are about: IRI, label, how many elements."""
    return [
        {
            "iri": str(row["concept"]),
            "label": row["label"] or str(row["concept"]).rpartition("#")[2],
            "elements": int(str(row["elements"] or 0)),
        }
        for row in _rows(store, "argmap-concepts", map=str(map_iri(ident)))
    ]


def concept_claims(store: Store, ident: str, concept: str) -> dict[str, Any]:
    """The elements of map ``ident`` about ``concept`` (an ontology IRI) or anything within
    it (a subclass, a member), then those about a broader class that takes it in (what is
    said of automated management systems holds of human-off-the-loop ones); each with the
    works it rests on (its own and those of what supports it, at any depth) and the works
    of what attacks it (cited by an attacker or by what supports one). ``works`` gathers the
    answer to "which works support claims about X?": each supporting work with the claims
    it supports."""
    m = read_map_cached(store, ident)
    slug = slugs(m)
    works = _works(store, ident)
    doc, sentences = _sentences(store, m, ident)
    family = _rows(store, "concept-family", concept=concept)
    named = {str(term_of(t)) for ref in m.order for t in _list(_data(m, ref).get("about"))}
    if concept not in named and not any(r["label"] or r["term"] != concept for r in family):
        raise NotFoundError(f"no concept {concept!r} in the ontology or the map")
    labels = {str(r["term"]): r["label"] or str(r["term"]).rpartition("#")[2] for r in family}
    within = {str(r["term"]) for r in family if r["relation"] == "within"} | {concept}
    broader = {str(r["term"]) for r in family if r["relation"] == "broader"} - within
    under: dict[Ref, list[tuple[str, Ref]]] = {}
    for kind, child, parent in edges(m):
        under.setdefault(parent, []).append((kind, child))

    def grounds(ref: Ref) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for part in [ref, *supporters(m, ref)]:
            for work in element(m, part, slug, works, sentences)["works"]:
                seen.setdefault(work["iri"], {**work, "direct": part == ref})
        return list(seen.values())

    claims = []
    for via, terms in (("within", within), ("broader", broader)):
        for ref in m.order:
            item = element(m, ref, slug, works, sentences)
            matched = terms & set(item["about"])
            if not matched or (via == "broader" and within & set(item["about"])):
                continue
            attackers = [child for kind, child in under.get(ref, []) if kind in ATTACKING]
            attacking: dict[str, dict[str, Any]] = {}
            for attacker in attackers:
                for work in grounds(attacker):
                    attacking.setdefault(work["iri"], work)
            claims.append(
                {
                    **item,
                    "via": via,
                    "matched": sorted(labels.get(t) or t for t in matched),
                    "supported_by": grounds(ref),
                    "attacked_by": list(attacking.values()),
                    "attackers": [element(m, a, slug, works, sentences) for a in attackers],
                }
            )
    answer: dict[str, dict[str, Any]] = {}
    for claim in claims:
        for work in claim["supported_by"]:
            entry = answer.setdefault(work["iri"], {**work, "claims": [], "via": claim["via"]})
            entry["claims"].append(
                {"slug": claim["slug"], "title": claim["title"], "kind": claim["kind"]}
            )
            if claim["via"] == "within":
                entry["via"] = "within"
    return {
        "id": ident,
        "title": str(m.frontmatter.get("title") or ident),
        "document": doc if sentences else None,
        "concept": {"iri": concept, "label": labels.get(concept) or concept.rpartition("#")[2]},
        "narrower": sorted(labels.get(t) or t for t in within - {concept}),
        "broader": sorted(labels.get(t) or t for t in broader),
        "claims": claims,
        "works": sorted(answer.values(), key=lambda w: (w["via"] != "within", w["iri"])),
        "concepts": map_concepts(store, ident),
    }
