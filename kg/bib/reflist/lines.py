"""The lines of a reference list, without the page furniture a PDF extraction put in.

Dropped: blank lines, the heading, bare page numbers (``12``, ``- 12 -``, ``Page 12``),
lines of bullets or rules, lines that repeat elsewhere in the text (running headers and
footers: a line inside the list that also stands, digits aside, on a line outside it, unless
the list repeats it more often than the rest of the text does: ``University Press.``),
and lines of a table or a figure turned on its side (mostly single lower-case letters).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.bib.reflist.sections import is_heading

__all__ = ["ListLine", "list_lines"]

_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?|(?:page|p\.|seite)\s*\d{1,4}(?:\s*(?:of|/)\s*\d+)?"
    r"|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[ivxlc]{1,6}",
    re.I,
)
_BULLET = re.compile(r"[-*+•▪◦●■·–][ \t]+(?=\S)")
_BULLETS = re.compile(r"\[\d{1,3}\]|[\s•·▪◦●■□\-–—=_*.o]+")


@dataclass(frozen=True)
class ListLine:
    """One line of the list: where its text starts and ends, the text, its indent."""

    start: int
    end: int
    text: str
    indent: int
    bullet: bool = False  # the line began with a bullet, now taken off


_DIGITS = re.compile(r"\d+")


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def _rotated(line: str) -> bool:
    """Text of a table or figure turned on its side: mostly single lower-case letters."""
    tokens = line.split()
    if len(tokens) < 6:
        return False
    single = sum(1 for t in tokens if len(t) == 1 and (t.islower() or not t.isalpha()))
    return single > 0.45 * len(tokens)


def _furniture(outside: int, inside: int, line: str) -> bool:
    """Whether a line of the list is a running header or footer: it stands outside the
    list too, as often as inside it or more; or less often, unless it can be an entry's
    last piece that the list repeats (a few words and a period: ``University Press.``).
    A long line is the list's own."""
    if not outside or len(line.split()) > 15:
        return False
    return outside >= inside or not (line.endswith(".") and len(line.split()) <= 4)


def list_lines(text: str, span: tuple[int, int]) -> list[ListLine]:
    """The content lines of the list at ``span`` in ``text`` (offsets into ``text``).

    >>> text = "Running head\\nBody.\\nReferences\\nA, B. (2000) X.\\n12\\nRunning head\\n"
    >>> [line.text for line in list_lines(text, (19, len(text)))]
    ['A, B. (2000) X.']
    """
    start, end = span
    outside = Counter(
        _key(line)
        for part in (text[:start], text[end:])
        for line in part.split("\n")
        if 0 < len(line.split(maxsplit=15)) <= 15  # a paragraph's line is not split whole
    )
    inside = Counter(_key(line.strip()) for line in text[start:end].split("\n"))
    found = []
    offset = start
    for number, raw in enumerate(text[start:end].split("\n")):
        here, offset = offset, offset + len(raw) + 1
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or _PAGE_NUMBER.fullmatch(stripped) or _BULLETS.fullmatch(stripped):
            continue
        if (number == 0 and is_heading(line)) or re.match(r"[ \t\f\v]*#{1,6}[ \t]", line):
            continue
        if _furniture(outside[_key(stripped)], inside[_key(stripped)], stripped):
            continue
        if _rotated(stripped):
            continue
        lead = len(line) - len(line.lstrip())
        indent = len(re.sub(r"[\f\v]", "", line[:lead]).expandtabs(4))  # a page's form feed
        bullet = _BULLET.match(stripped)
        if bullet:
            lead, stripped = lead + bullet.end(), stripped[bullet.end() :]
        end = here + len(line.rstrip())
        found.append(ListLine(here + lead, end, stripped, indent, bool(bullet)))
    return found
