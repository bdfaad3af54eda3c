"""What the full-text index holds, read out of the store a batch of graphs at a time.

Labels, alternative labels, titles, definitions, claims, references (as cited, with their
work's title) and anchored quotations come from the graph (``queries/search-index-
entries.rq``, the quotations' anchors from ``search-index-anchors.rq``). Sentences too, but
the graph keeps the words of citing sentences only (``kg.ingest.rdf``): every sentence's
words are read from its text file instead, sliced by the offsets the graph records
(``queries/search-index-sentences.rq``), when the file is at hand with the SHA-256 the graph
records for it. A text is at hand when the index was told where it is (``tkg ingest`` tells
it) or when it is in the corpus folder under its name.

Each query runs once for a whole batch of graphs (a ``VALUES ?g`` block where the query
says ``# VALUES ?g``), not once per graph or per sentence: three queries read a hundred
papers.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> _ = store.load(b'<https://w3id.org/technocracy/id/x> '
...     b'<http://www.w3.org/2004/02/skos/core#prefLabel> "Sidewalk" .',
...     format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> fingerprints(store)
{'https://w3id.org/technocracy/graph/t': (1, 8)}
>>> found = batch_entries(store, ["https://w3id.org/technocracy/graph/t"], {}, {})
>>> [(e.kind, e.text) for e in found["https://w3id.org/technocracy/graph/t"]]
[('label', 'Sidewalk')]
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.store import Store
from kg.store.named import load_queries

#: provenance records (``prov:Activity``, named after the graph they made): not for readers
_ACTIVITY = "https://w3id.org/technocracy/id/activity/"
#: where a query takes the batch's graphs
_MARK = "# VALUES ?g"

__all__ = ["Entry", "batch_entries", "fingerprints", "text_at_hand"]


class Entry(NamedTuple):
    """One indexed text: where it is (graph), whose it is (IRI), what kind, and a label."""

    graph: str
    iri: str
    kind: str
    text: str
    label: str
    #: for a quotation, the resources it anchors (space-separated IRIs)
    anchors: str = ""


@cache
def _text(name: str) -> str:
    return load_queries()[name].text


def _batch_query(name: str, graphs: Iterable[str] | None) -> str:
    """The named query ``name`` over ``graphs`` (all graphs for ``None``)."""
    text = _text(name)
    if graphs is None:
        return text
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    return text.replace(_MARK, f"VALUES ?g {{ {values} }}")


def _rows(store: Store, name: str, graphs: Iterable[str] | None) -> list:
    return store.query(_batch_query(name, graphs)).rows()


def _str(term: object) -> str:
    """A bound term's value, or "" for an unbound one."""
    return str(getattr(term, "value", "")) if term is not None else ""


def fingerprints(store: Store, graphs: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
    """Each graph with text in it (of ``graphs``, or all): how many text and offset triples
    it holds and their length, what the index compares to tell a changed graph (an ingest, a
    delete, an update) from one it has. One query, a scan of those triples."""
    rows = _rows(store, "search-index-graphs", graphs)
    return {
        r["g"].value: (int(r["n"].value), int(_str(r["length"]) or 0))
        for r in rows
        if r["g"] and r["n"]
    }


def text_at_hand(path: Path | None, sha: str | None) -> str | None:
    """The text of ``path`` if it is there and is the one the graph records (its SHA-256,
    when the graph records one)."""
    if path is None or not path.is_file():
        return None
    data = path.read_bytes()
    if sha and hashlib.sha256(data).hexdigest() != sha:
        return None
    return data.decode("utf-8", errors="replace")


def _doc_of(sentence: str) -> str:
    """A sentence's document id (``.../sentence/{doc}/{n}``): its label when the document
    has no title."""
    return sentence.rstrip("/").rsplit("/", 2)[-2]


def _sentences(
    rows: list, texts: Mapping[str, Path], own: Mapping[str, Path]
) -> tuple[dict[str, list[Entry]], dict[str, str]]:
    """The sentences read from their files, by graph; and each graph's document title."""
    by_graph: dict[str, list] = defaultdict(list)
    for r in rows:
        by_graph[r["g"].value].append(r)
    out: dict[str, list[Entry]] = {}
    titles: dict[str, str] = {}
    for graph, group in by_graph.items():
        first = group[0]
        titles[graph] = _str(first["title"])
        name, sha = _str(first["file"]), _str(first["sha"]) or None
        content = text_at_hand(own.get(graph), sha) or (
            text_at_hand(texts.get(name), sha) if name else None
        )
        if content is None:
            continue
        entries = []
        for r in sorted(group, key=lambda r: int(r["start"].value)):
            words = " ".join(content[int(r["start"].value) : int(r["end"].value)].split())
            if words:
                iri = r["sentence"].value
                entries.append(Entry(graph, iri, "sentence", words, titles[graph] or _doc_of(iri)))
        out[graph] = entries
    return out, titles


def batch_entries(
    store: Store, graphs: list[str], texts: Mapping[str, Path], own: Mapping[str, Path]
) -> dict[str, list[Entry]]:
    """Every text of each of ``graphs`` the index holds, by graph (each graph given is a
    key, with no entries when it has no text now). ``own`` maps a graph to where its text
    file is (when known), ``texts`` a file's name (its ``dct:identifier``) to where one is;
    the sentences read from it replace the graph's shortened ones."""
    sentences, titles = _sentences(_rows(store, "search-index-sentences", graphs), texts, own)
    anchors = {
        r["iri"].value: (_str(r["anchors"]), _str(r["label"]))
        for r in _rows(store, "search-index-anchors", graphs)
    }
    out: dict[str, list[Entry]] = {g: list(sentences.get(g, ())) for g in graphs}
    have = {e.iri for found in sentences.values() for e in found}
    for r in _rows(store, "search-index-entries", graphs):
        graph, iri, kind, text = (_str(r[k]) for k in ("g", "iri", "kind", "text"))
        if not text or (kind == "sentence" and iri in have) or iri.startswith(_ACTIVITY):
            continue
        if kind == "reference" and r["workTitle"]:
            text = f"{text}: {r['workTitle'].value}"
        label = _str(r["label"])
        anchored, anchor_label = anchors.get(iri, ("", ""))
        if kind == "quotation" and anchor_label:
            label = min(label, anchor_label) if label else anchor_label
        if kind == "sentence" and not label:
            label = titles.get(graph) or _doc_of(iri)
        out.setdefault(graph, []).append(Entry(graph, iri, kind, text, label, anchored))
    return out
