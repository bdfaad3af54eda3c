"""A search's answer: hits with their snippet in pieces, the page each hit opens, and the
reader's words turned into an FTS5 query that cannot be read as FTS5 syntax.

A snippet is a list of segments, each plain text with a flag for the hit, so that whoever
shows it escapes the text and marks the hit (the web page with ``<mark>``) and no text from
the graph is ever taken as markup.

>>> [(s.text, s.hit) for s in segments("a \\ue000b\\ue001 c", "\\ue000", "\\ue001")]
[('a ', False), ('b', True), (' c', False)]
>>> match_expression('Sidewalk "Labs" AND')
'"sidewalk" "labs" "and"'
>>> href_of("https://w3id.org/technocracy/id/sentence/smith2020/12")
'/documents/smith2020#s-12'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import BaseModel, Field

from kg.search.building import Building

__all__ = ["KIND_BOOST", "Found", "Hit", "Segment", "href_of", "match_expression", "segments"]

#: How much a hit counts by what matched: a label above a title, a definition, a quotation,
#: a reference and a sentence that mentions the word (BM25 is multiplied by it).
KIND_BOOST = {
    "label": 10.0,
    "altLabel": 6.0,
    "title": 5.0,
    "claim": 3.0,
    "definition": 3.0,
    "quotation": 2.0,
    "reference": 2.0,
    "sentence": 1.0,
}

_ID = "https://w3id.org/technocracy/id/"
_ONTOLOGY = "https://w3id.org/technocracy/ontology#"
_WORD = re.compile(r"\w+", re.UNICODE)


class Segment(BaseModel):
    """A piece of a snippet: plain text, and whether it is the hit."""

    text: str
    hit: bool = False


class Hit(BaseModel):
    """A text that matched: whose (IRI and label), what kind, where to read it, and the
    words around the hit."""

    iri: str
    kind: str = Field(description=", ".join(KIND_BOOST))
    label: str = ""
    href: str = Field(description="the page of this server that shows it (a path)")
    text: str = Field(description="the words around the hit, as plain text")
    snippet: list[Segment] = Field(description="the same words, the hits marked")
    anchors: list[str] = Field(
        default_factory=list, description="for a quotation: the resources it anchors"
    )
    score: float = Field(description="BM25 times the kind's weight; higher is better")


class Found(BaseModel):
    """One page of hits."""

    q: str
    total: int
    offset: int
    limit: int
    items: list[Hit]
    source: str = Field(default="index", description="index, or fallback (no index)")
    building: Building | None = Field(
        default=None,
        description="a build of the index under way: the hits are from what it has indexed so far",
    )


def segments(snippet: str, open_mark: str, close_mark: str) -> list[Segment]:
    """A snippet with its marks as segments (a mark left open runs to the end)."""
    out: list[Segment] = []
    hit = False
    for part in re.split(f"({re.escape(open_mark)}|{re.escape(close_mark)})", snippet):
        if part in (open_mark, close_mark):
            hit = part == open_mark
        elif part:
            out.append(Segment(text=part, hit=hit))
    return out


def match_expression(q: str) -> str | None:
    """The words of ``q``, each quoted (so that ``AND``, ``NEAR``, ``*`` or a column name
    are words, not syntax), all required; None for no word."""
    words = [w.lower() for w in _WORD.findall(q)]
    return " ".join(f'"{w}"' for w in words) if words else None


def href_of(iri: str) -> str:
    """The page that shows a hit: a sentence in the reader (``#s-N``), a reference in its
    document's list, a work's, a term's, a claim's page, else the IRI's own description.

    >>> href_of("https://w3id.org/technocracy/ontology#Smartmentality")
    '/ontology/Smartmentality'
    >>> href_of("https://w3id.org/technocracy/id/claim/m/c-1")
    '/argmaps/m/claims/c-1'
    """
    if iri.startswith(_ONTOLOGY):
        return f"/ontology/{quote(iri.removeprefix(_ONTOLOGY), safe='')}"
    if not iri.startswith(_ID):
        return f"/id?iri={quote(iri, safe='')}" if "://" in iri else iri
    kind, _, rest = iri.removeprefix(_ID).partition("/")
    parts = rest.split("/")
    if kind == "sentence" and len(parts) == 2:
        return f"/documents/{quote(parts[0], safe='')}#s-{quote(parts[1], safe='')}"
    if kind == "reference" and parts:
        return f"/documents/{quote(parts[0], safe='')}/references"
    if kind == "work" and len(parts) == 1:
        return f"/works/{quote(parts[0], safe='')}"
    if kind in ("claim", "argument") and len(parts) == 2:
        return f"/argmaps/{quote(parts[0], safe='')}/claims/{quote(parts[1], safe='')}"
    return f"/id/{quote(iri.removeprefix(_ID), safe='/-_.~')}"
