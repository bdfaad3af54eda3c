"""Every unit of an ingested text within that text.

Sentences, paragraphs, sections, footnotes (and their markers), tables, citations,
concept mentions and the reference list each carry a ``oa:TextPositionSelector`` with
offsets into the text file they were read from. Where that file is at hand (in the corpus
folder, under the name ``dct:identifier`` records, and with the ``tech:sha256`` the graph
records), each span must be non-empty and lie inside the text. A text not at hand is
counted as skipped, never passed as checked. (Anchors are checked by :mod:`.anchors`.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.checks.anchors import Finding
from kg.rdf.namespaces import PREFIXES
from kg.store import Store, value_of

__all__ = ["SpanCheck", "check_spans"]

_TEXTS = """
SELECT ?text ?file (GROUP_CONCAT(DISTINCT ?sha; separator=" ") AS ?shas) WHERE {
  ?text frbr:realizationOf ?work ; dct:identifier ?file .
  OPTIONAL { ?text tech:sha256 ?sha }
} GROUP BY ?text ?file ORDER BY ?text
"""

# the units of one text (?text bound): parts of it, of its parts, and of the work it realises
_UNITS = """
SELECT DISTINCT ?text ?unit ?selector ?start ?end WHERE {
  { ?unit (frbr:partOf|dct:isPartOf|oa:hasSource)+ ?text }
  UNION { ?text frbr:realizationOf ?work . ?unit (frbr:partOf|dct:isPartOf)+ ?work }
  FILTER NOT EXISTS { ?unit a tech:Anchor }
  ?unit oa:hasSelector|tech:markedAt ?selector .
  ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
} ORDER BY ?unit ?selector
"""


@dataclass
class SpanCheck:
    """The outcome of checking the spans of ingested texts."""

    checked: int = 0
    texts: int = 0
    skipped_texts: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def _at_hand(corpus_dir: Path | None, name: str, shas: set[str]) -> str | None:
    """The text named ``name`` in ``corpus_dir`` if it is the one the graph records."""
    if corpus_dir is None or "/" in name or "\\" in name:
        return None
    path = corpus_dir / name
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if shas and hashlib.sha256(raw).hexdigest() not in shas:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def check_spans(store: Store, corpus_dir: Path | None) -> SpanCheck:
    """Check the offsets of every unit of every ingested text that is at hand."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    result = SpanCheck()
    for row in store.query(prologue + _TEXTS).rows():
        text_iri, name = value_of(row, "text"), value_of(row, "file")
        shas = set(value_of(row, "shas").split())
        content = _at_hand(corpus_dir, name, shas)
        if content is None:
            result.skipped_texts.add(name)
            continue
        result.texts += 1
        units = store.query(prologue + _UNITS, bindings={"text": ox.NamedNode(text_iri)})
        for unit_row in units.rows():
            result.checked += 1
            start, end = int(value_of(unit_row, "start")), int(value_of(unit_row, "end"))
            if not 0 <= start < end <= len(content):
                result.findings.append(
                    Finding(
                        "span-offsets",
                        value_of(unit_row, "unit"),
                        f"offsets {start}-{end} are not a span inside {name} "
                        f"({len(content)} characters)",
                    )
                )
    return result
