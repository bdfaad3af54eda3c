"""What the full-text index holds, read out of the store one graph at a time.

Labels, alternative labels, titles, definitions, claims, references (as cited, with their
work's title) and anchored quotations come from the graph (``queries/search-index-
entries.rq``). Sentences too, but the graph keeps the words of citing sentences only
(``kg.ingest.rdf``): every sentence's words are read from its text file instead, sliced by
the offsets the graph records (``queries/search-index-sentences.rq``), when the file is at
hand with the SHA-256 the graph records for it. A text is at hand when the index was told
where it is (``tkg ingest`` tells it) or when it is in the corpus folder under its name.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> _ = store.load(b'<https://w3id.org/technocracy/id/x> '
...     b'<http://www.w3.org/2004/02/skos/core#prefLabel> "Sidewalk" .',
...     format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> graph_counts(store)
{'https://w3id.org/technocracy/graph/t': 1}
>>> [(e.kind, e.text) for e in graph_entries(store, "https://w3id.org/technocracy/graph/t", {})]
[('label', 'Sidewalk')]
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

from kg.store import Store
from kg.store.named import NamedQuery, load_queries, run_named_query

#: provenance records (``prov:Activity``, named after the graph they made): not for readers
_ACTIVITY = "https://w3id.org/technocracy/id/activity/"

__all__ = ["Entry", "graph_counts", "graph_entries", "text_at_hand"]


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
def _queries() -> Mapping[str, NamedQuery]:
    return load_queries()


def graph_counts(store: Store) -> dict[str, int]:
    """Each graph with text in it, and how many text and offset triples it holds: what the
    index compares to tell a changed graph (an ingest, a delete, an update) from one it has."""
    rows = run_named_query(store, _queries()["search-index-graphs"]).rows()
    return {r["g"].value: int(r["n"].value) for r in rows if r["g"] and r["n"]}


def text_at_hand(path: Path | None, sha: str | None) -> str | None:
    """The text of ``path`` if it is there and is the one the graph records (its SHA-256,
    when the graph records one)."""
    if path is None or not path.is_file():
        return None
    data = path.read_bytes()
    if sha and hashlib.sha256(data).hexdigest() != sha:
        return None
    return data.decode("utf-8", errors="replace")


def _str(term: object) -> str:
    """A bound term's value, or "" for an unbound one."""
    return str(getattr(term, "value", "")) if term is not None else ""


def _doc_of(sentence: str) -> str:
    """A sentence's document id (``.../sentence/{doc}/{n}``): its label when the document
    has no title."""
    return sentence.rstrip("/").rsplit("/", 2)[-2]


def _sentences(
    store: Store, graph: str, texts: Mapping[str, Path], own: Path | None
) -> list[Entry]:
    rows = run_named_query(store, _queries()["search-index-sentences"], {"g": graph}).rows()
    if not rows:
        return []
    first = rows[0]
    name = first["file"].value if first["file"] else ""
    sha = first["sha"].value if first["sha"] else None
    content = text_at_hand(own, sha) or text_at_hand(texts.get(name), sha)
    if content is None:
        return []
    out = []
    for r in rows:
        if not (r["sentence"] and r["start"] and r["end"]):
            continue
        words = " ".join(content[int(r["start"].value) : int(r["end"].value)].split())
        if words:
            title = r["title"].value if r["title"] else _doc_of(r["sentence"].value)
            out.append(Entry(graph, r["sentence"].value, "sentence", words, title))
    return out


def graph_entries(
    store: Store, graph: str, texts: Mapping[str, Path], own: Path | None = None
) -> list[Entry]:
    """Every text of ``graph`` the index holds. ``own`` is where the graph's text file is
    (when known), ``texts`` maps a file's name (its ``dct:identifier``) to where one is;
    the sentences read from it replace the graph's shortened ones."""
    sentences = _sentences(store, graph, texts, own)
    have = {e.iri for e in sentences}
    rows = run_named_query(store, _queries()["search-index-entries"], {"g": graph}).rows()
    out = list(sentences)
    for r in rows:
        iri, kind, text = (_str(r[k]) for k in ("iri", "kind", "text"))
        if not text or (kind == "sentence" and iri in have) or iri.startswith(_ACTIVITY):
            continue
        if kind == "reference" and r["workTitle"]:
            text = f"{text}: {r['workTitle'].value}"
        label = r["label"].value if r["label"] else ""
        if kind == "sentence" and not label:
            label = _doc_of(iri)
        anchors = r["anchors"].value if r["anchors"] else ""
        out.append(Entry(graph, iri, kind, text, label, anchors))
    return out
