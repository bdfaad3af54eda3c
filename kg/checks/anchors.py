"""Anchors checked against the text they quote.

An anchor's quotation must be found verbatim at its offsets (whitespace runs
collapsed to one space), be at most 60 words, and sit on the page it names.
The texts are looked for in a folder (``TKG_CORPUS_DIR``) and the folders below it
(:mod:`.texts`); anchors into a text that is not at hand are skipped and counted, never
passed silently as checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.checks.texts import SourceTexts
from kg.rdf.namespaces import PREFIXES
from kg.store import Store, value_of
from kg.text.pages import page_of, page_starts

__all__ = ["AnchorCheck", "Finding", "check_anchors", "collapse"]

MAX_WORDS = 60

_ANCHORS = """
SELECT ?anchor ?text ?file ?exact ?start ?end ?page WHERE {
  ?anchor a tech:Anchor ; oa:hasSource ?text .
  OPTIONAL { ?text dct:identifier ?file }
  OPTIONAL { ?anchor oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact }
  OPTIONAL { ?anchor oa:hasSelector ?pos . ?pos a oa:TextPositionSelector ;
             oa:start ?start ; oa:end ?end }
  OPTIONAL { ?anchor tech:page ?page }
} ORDER BY ?anchor
"""
# the SHA-256s recorded for each text: which of several files of its name it is
_SHAS = """
SELECT ?text (GROUP_CONCAT(DISTINCT ?sha; separator=" ") AS ?shas) WHERE {
  ?text tech:sha256 ?sha .
} GROUP BY ?text
"""


def collapse(text: str) -> str:
    """Whitespace runs to one space.

    >>> collapse("a  b\\n\\n c")
    'a b c'
    """
    return " ".join(text.split())


@dataclass(frozen=True)
class Finding:
    """One problem: the rule broken, the node at fault, a message; its severity is
    ``violation`` (the default), ``warning`` or ``info`` (a note, not a failure)."""

    rule: str
    focus: str
    message: str
    severity: str = "violation"


@dataclass
class AnchorCheck:
    """The outcome of checking anchors."""

    checked: int = 0
    skipped: int = 0
    findings: list[Finding] = field(default_factory=list)
    missing_texts: set[str] = field(default_factory=set)


def check_anchors(store: Store, corpus_dir: Path | None) -> AnchorCheck:
    """Check every anchor in ``store`` against its text in ``corpus_dir``."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    result = AnchorCheck()
    texts: dict[tuple[str, str], tuple[str, list[int]] | None] = {}
    at_hand = SourceTexts(corpus_dir)
    shas = {
        value_of(row, "text"): value_of(row, "shas").split()
        for row in store.query(prologue + _SHAS).rows()
    }
    for row in store.query(prologue + _ANCHORS).rows():
        anchor = value_of(row, "anchor")
        if row["exact"] is None or row["start"] is None or row["end"] is None:
            result.findings.append(
                Finding(
                    "anchor-selectors", anchor, "needs a quote selector and a position selector"
                )
            )
            continue
        exact = row["exact"].value
        start, end = int(row["start"].value), int(row["end"].value)
        if len(exact.split()) > MAX_WORDS:
            result.findings.append(
                Finding(
                    "anchor-length",
                    anchor,
                    f"quotation of {len(exact.split())} words (max {MAX_WORDS})",
                )
            )
        name = row["file"].value if row["file"] is not None else None
        if name is None or corpus_dir is None:
            result.skipped += 1
            if name:
                result.missing_texts.add(name)
            continue
        text = value_of(row, "text")
        if (text, name) not in texts:
            raw = at_hand.find(name, shas.get(text, ()))
            content = raw.decode("utf-8") if raw is not None else None
            texts[text, name] = (content, page_starts(content)) if content is not None else None
        loaded = texts[text, name]
        if loaded is None:
            result.skipped += 1
            result.missing_texts.add(name)
            continue
        content, starts = loaded
        result.checked += 1
        if not 0 <= start < end <= len(content):
            result.findings.append(
                Finding(
                    "anchor-offsets",
                    anchor,
                    f"offsets {start}-{end} outside {name} ({len(content)} chars)",
                )
            )
            continue
        found = collapse(content[start:end])
        if found != exact:
            result.findings.append(
                Finding(
                    "anchor-verbatim",
                    anchor,
                    f"quotation not found at {start}-{end} of {name}: expected {exact[:60]!r}, "
                    f"the text has {found[:60]!r}",
                )
            )
        page = int(row["page"].value) if row["page"] is not None else None
        if page is not None and page != page_of(starts, start):
            result.findings.append(
                Finding(
                    "anchor-page",
                    anchor,
                    f"says page {page}, but offset {start} is on page {page_of(starts, start)}",
                )
            )
    return result
