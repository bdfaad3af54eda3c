"""An ingested document read back for a reader: its units with the words the store keeps,
its citations with the works they resolve to, the concepts each sentence mentions, the
anchors into its text, and its reference list, in six named queries whatever its length
(never one per sentence): ``document-units``, ``document-citations``,
``document-mentions``, ``document-mention-labels``, ``document-anchors`` and
``document-references``. :mod:`kg.ingest.layout` lays them out.

Each record carries the fragment a page gives it, derived from its IRI, so that any page
can link into the reader without asking the store: sentence ``id/sentence/D/N`` is
``s-N``, citation ``id/citation/D/N`` is ``c-N``, footnote ``id/footnote/D/L`` is
``fn-L``, table ``id/table/D/N`` is ``t-N``, section ``id/section/D/SLUG`` is
``sec-SLUG``, the entry of work ``W`` in the reference list is ``ref-W``, and page ``N``
begins at ``p-N``.

>>> fragment("https://w3id.org/technocracy/id/sentence/kitchin2019smart/17")
's-17'
>>> fragment("https://w3id.org/technocracy/id/footnote/kitchin2019smart/2")
'fn-2'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from kg.ingest.documents import document_record
from kg.rdf import graphs
from kg.rdf.namespaces import ID, WORK
from kg.rdf.vocab import TECH
from kg.store import Store
from kg.store.base import Term
from kg.store.named import NamedQuery, load_queries, run_named_query

__all__ = ["FRAGMENTS", "QUERIES", "fragment", "read_document"]

#: The named queries a document is read back with, whatever its length.
QUERIES = (
    "document-units",
    "document-citations",
    "document-mentions",
    "document-mention-labels",
    "document-anchors",
    "document-references",
)

#: The fragment of each kind of unit, by the kind's segment of the IRI.
FRAGMENTS = {
    "sentence": "s",
    "citation": "c",
    "footnote": "fn",
    "table": "t",
    "section": "sec",
    "paragraph": "para",
}
_DOCO = "http://purl.org/spar/doco/"


def fragment(iri: str) -> str:
    """The fragment a page gives the unit ``iri`` (``id/{kind}/{doc}/{n}``): ``s-17``."""
    kind, _, rest = iri.removeprefix(str(ID)).partition("/")
    return f"{FRAGMENTS.get(kind, kind)}-{unquote(rest.rsplit('/', 1)[-1])}"


def _v(row: Mapping[str, Term | None], name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def _int(row: Mapping[str, Term | None], name: str) -> int:
    value = _v(row, name)
    try:
        return int(float(value)) if value is not None else 0
    except ValueError:
        return 0


#: The reader's queries read from the document's own graphs and the shared ones
#: (``kg.rdf.graphs.of_documents``), not the whole store: beside 100 papers these took
#: 0.9 s and 0.4 s over the whole store, 1 ms so. The others stay on the whole store,
#: which Oxigraph reads faster than a merge of five graphs (anchors: 30 ms against 190).
SCOPED = frozenset({"document-citations", "document-references"})


class _Rows:
    """The rows of the reader's named queries for one document (:data:`SCOPED`)."""

    def __init__(
        self, store: Store, doc: str, doc_iri: str, queries: Mapping[str, NamedQuery]
    ) -> None:
        self.store, self.doc_iri, self.queries = store, doc_iri, queries
        self.graphs = graphs.of_documents(doc)

    def __call__(self, name: str) -> list[dict[str, Term | None]]:
        scope = self.graphs if name in SCOPED else None
        query = self.queries[name]
        return run_named_query(self.store, query, {"doc": self.doc_iri}, graphs=scope).rows()


def _units(rows: list[dict[str, Term | None]]) -> list[dict[str, Any]]:
    units = []
    for row in rows:
        iri, kind = _v(row, "unit") or "", (_v(row, "kind") or "").removeprefix(_DOCO)
        units.append(
            {
                "kind": kind.lower(),
                "iri": iri,
                "id": fragment(iri),
                "parent": _v(row, "parent"),
                "start": _int(row, "start"),
                "end": _int(row, "end"),
                "page": _int(row, "page") or None,
                "title": _v(row, "title"),
                "words": _v(row, "words"),
            }
        )
    return units


def _slug(iri: str | None) -> str | None:
    return iri.removeprefix(str(WORK)) if iri and iri.startswith(str(WORK)) else None


def _citations(rows: list[dict[str, Term | None]]) -> list[dict[str, Any]]:
    return [
        {
            "iri": _v(row, "citation") or "",
            "id": fragment(_v(row, "citation") or ""),
            "text": _v(row, "text") or "",
            "key": _v(row, "key") or "",
            "page": _int(row, "page") or None,
            "start": _int(row, "start"),
            "end": _int(row, "end"),
            "context": _v(row, "context"),
            "work_iri": _v(row, "work"),
            "work": _slug(_v(row, "work")),
            "confidence": float(_v(row, "confidence") or 0),
            "reason": _v(row, "reason") or "",
        }
        for row in rows
    ]


def _concept(iri: str, label: str | None) -> dict[str, Any]:
    local = iri.removeprefix(str(TECH)) if iri.startswith(str(TECH)) else None
    return {"iri": iri, "label": label or local or iri, "slug": local}


def _anchor_kind(iri: str) -> str:
    if iri.startswith(str(TECH)):
        return "concept"
    if iri.startswith((f"{ID}claim/", f"{ID}argument/")):
        return "claim"
    return "resource"


def _anchors(rows: list[dict[str, Term | None]]) -> list[dict[str, Any]]:
    """One record per anchor and thing anchored (a row per label they have), labelled by
    its preferred label, else its title, else its label, else its IRI's last part."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        this = _v(row, "this") or ""
        key = (_v(row, "anchor") or "", this)
        label = _v(row, "prefLabel") or _v(row, "title") or _v(row, "label")
        if key in out:
            out[key]["label"] = out[key]["label"] or label
            continue
        out[key] = {
            "anchor": key[0],
            "iri": this,
            "kind": _anchor_kind(this),
            "label": label,
            "quote": _v(row, "quote") or "",
            "start": _int(row, "start"),
            "end": _int(row, "end"),
            "page": _int(row, "page") or None,
        }
    for record in out.values():
        record["label"] = record["label"] or record["iri"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return list(out.values())


def _authors(csl: Mapping[str, Any]) -> str:
    names = [
        person.get("family") or person.get("literal") or ""
        for person in csl.get("author") or csl.get("editor") or []
        if isinstance(person, dict)
    ]
    return "; ".join(n for n in names if n)


def _year(csl: Mapping[str, Any]) -> str:
    parts = (csl.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _references(rows: list[dict[str, Term | None]]) -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}  # a reference with two notes is two rows
    for row in rows:
        reference = _v(row, "reference") or ""
        if reference in entries:
            continue
        raw_csl = _v(row, "csl")
        try:
            csl = json.loads(raw_csl) if raw_csl else {}
        except json.JSONDecodeError:
            csl = {}
        work = _v(row, "work")
        entries[reference] = {
            "position": _int(row, "position"),
            "work_iri": work,
            "work": _slug(work) or (work or "").rsplit("/", 1)[-1],
            "id": f"ref-{_slug(work) or _int(row, 'position')}",
            "authors": _authors(csl) if isinstance(csl, dict) else "",
            "year": _year(csl) if isinstance(csl, dict) else "",
            "title": (csl.get("title") if isinstance(csl, dict) else None) or _v(row, "raw") or "",
            "confidence": _v(row, "confidence") or "",
            "keys": [k for k in (_v(row, "keys") or "").split("; ") if k],
            "citations": [],
        }
    return sorted(entries.values(), key=lambda e: e["position"])


def read_document(
    store: Store, doc: str, queries: Mapping[str, NamedQuery] | None = None
) -> dict[str, Any]:
    """What the store holds of the ingested document ``doc``, as records: ``document``
    (``kg.ingest.documents.document_record``), ``units`` (sections, paragraphs, sentences,
    footnotes, tables in text order), ``citations``, ``mentions`` (sentence IRI to the
    concepts it mentions), ``labels`` (term, label) to find them by, ``anchors`` and
    ``references``; ``NotFoundError`` for a document the store does not have. ``queries``
    holds the named queries already parsed (those of :data:`QUERIES`), else they are read."""
    record = document_record(store, doc)
    rows = _Rows(store, doc, record["iri"], queries if queries is not None else load_queries())
    concepts: dict[str, dict[str, Any]] = {}
    mentions: dict[str, list[dict[str, Any]]] = {}
    for row in rows("document-mentions"):
        term = _v(row, "term") or ""
        concept = concepts.setdefault(term, _concept(term, _v(row, "label")))
        held = mentions.setdefault(_v(row, "sentence") or "", [])
        if concept not in held:  # a concept with two English labels is two rows
            held.append(concept)
    labels = [
        (_v(row, "term") or "", _v(row, "label") or "") for row in rows("document-mention-labels")
    ]
    return {
        "document": record,
        "units": [u for u in _units(rows("document-units")) if u["kind"]],
        "citations": _citations(rows("document-citations")),
        "mentions": mentions,
        "labels": labels,
        "anchors": _anchors(rows("document-anchors")),
        "references": _references(rows("document-references")),
    }
