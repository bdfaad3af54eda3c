"""Every unit of an ingested text within that text.

Sentences, paragraphs, sections, footnotes, tables, citations and the reference list each
carry their offsets into the text file they were read from (``nif:beginIndex``,
``nif:endIndex``); concept mentions (their targets) and footnote markers a
``oa:TextPositionSelector``. Where that file is at hand (in the corpus
folder or a folder below it, under the name ``dct:identifier`` records, and with the
``tech:sha256`` the graph records: :mod:`.texts`), each span must be non-empty and lie
inside the text. A text not at hand is counted as skipped, never passed as checked.
(Anchors are checked by :mod:`.anchors`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.checks.anchors import Finding
from kg.checks.texts import SourceTexts
from kg.rdf.namespaces import PREFIXES
from kg.store import Store, value_of
from kg.store.sparqltext import where_brace

__all__ = ["SpanCheck", "check_spans"]

_TEXTS = """
SELECT ?text ?file (GROUP_CONCAT(DISTINCT ?sha; separator=" ") AS ?shas) WHERE {
  ?text frbr:realizationOf ?work ; dct:identifier ?file .
  OPTIONAL { ?text tech:sha256 ?sha }
} GROUP BY ?text ?file ORDER BY ?text
"""

# the units of the texts in the VALUES block (put after the brace): parts of each, of its
# parts, and of the work it realises. The texts go in as VALUES, not as a bound variable:
# Oxigraph then follows the paths up from each text's own units, and a text costs what its
# units do (a store of the chapter and 60 papers: 0.06 s a text, where one query for each
# text with ?text bound by substitution took 3-8 s, the paths tried from every selector)
_UNITS = """
SELECT DISTINCT ?text ?unit ?start ?end WHERE {
  { ?unit (frbr:partOf|dct:isPartOf|oa:hasSource)+ ?text }
  UNION { ?text frbr:realizationOf ?work . ?unit (frbr:partOf|dct:isPartOf)+ ?work }
  FILTER NOT EXISTS { ?unit a tech:Anchor }
  %s
}
"""
#: the two ways a unit carries its offsets, each a query of its own: a UNION of them joined
#: to the units was read whole for every unit of the store (beside five papers, 13.7 s
#: against 0.1 s)
_OFFSETS = (
    "?unit nif:beginIndex ?start ; nif:endIndex ?end .",
    "?unit oa:hasSelector|tech:markedAt ?selector .\n"
    "  ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .",
)
#: texts per query: the rows of a query are held at once, a few hundred per text
BATCH = 50


@dataclass
class SpanCheck:
    """The outcome of checking the spans of ingested texts."""

    checked: int = 0
    texts: int = 0
    skipped_texts: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def _at_hand(texts: SourceTexts, name: str, shas: set[str]) -> str | None:
    """The text named ``name`` if it is at hand and the one the graph records."""
    raw = texts.find(name, shas)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def check_spans(store: Store, corpus_dir: Path | None) -> SpanCheck:
    """Check the offsets of every unit of every ingested text that is at hand."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    result = SpanCheck()
    at_hand: dict[str, tuple[str, str]] = {}  # text IRI -> its file's name and content
    texts = SourceTexts(corpus_dir)
    for row in store.query(prologue + _TEXTS).rows():
        text_iri, name = value_of(row, "text"), value_of(row, "file")
        shas = set(value_of(row, "shas").split())
        content = _at_hand(texts, name, shas)
        if content is None:
            result.skipped_texts.add(name)
        else:
            at_hand[text_iri] = (name, content)
    result.texts = len(at_hand)
    iris = sorted(at_hand)
    found: list[tuple[str, str, int, int]] = []
    for first in range(0, len(iris), BATCH):
        values = " ".join(str(ox.NamedNode(i)) for i in iris[first : first + BATCH])
        for offsets in _OFFSETS:
            units = _UNITS % offsets
            brace = where_brace(units)
            query = f"{units[: brace + 1]} VALUES ?text {{ {values} }}{units[brace + 1 :]}"
            for row in store.query(prologue + query).rows():
                start, end = int(value_of(row, "start")), int(value_of(row, "end"))
                found.append((value_of(row, "text"), value_of(row, "unit"), start, end))
    for text_iri, unit, start, end in sorted(found):
        result.checked += 1
        name, content = at_hand[text_iri]
        if not 0 <= start < end <= len(content):
            result.findings.append(
                Finding(
                    "span-offsets",
                    unit,
                    f"offsets {start}-{end} are not a span inside {name} "
                    f"({len(content)} characters)",
                )
            )
    return result
