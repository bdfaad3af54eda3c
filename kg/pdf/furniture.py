"""Page furniture: running headers and footers, and page numbers.

A line is furniture when it stands at the top or the foot of its page (in the first or
last two rows of text) and either reads as a page number (``12``, ``- 12 -``, ``xiv``,
``Page 3 of 10``) or repeats, digits aside, at the edges of other pages: on three pages,
or on two in a document of at most six (a journal's name and volume, the authors'
names, a short title, a repository's stamp). A number standing in the margin, beside
every line of text, is a line number (a manuscript's) and goes too.

>>> from kg.pdf.layout import Line
>>> def page(n):
...     return [Line("Journal of Things 12(3)", 50, 20, 300, 30, 10),
...             *(Line(f"{w} text.", 50, 60 + 12 * k, 500, 70 + 12 * k, 10) for k, w in
...               enumerate(["Alpha", "Beta", "Gamma", "Delta"][n - 1 : n + 1])),
...             Line(str(n + 40), 280, 800, 300, 810, 10)]
>>> kept = remove_furniture([page(1), page(2), page(3)])
>>> [line.text for line in kept[1]]
['Beta text.', 'Gamma text.']
"""

from __future__ import annotations

import re
from collections import defaultdict

from kg.pdf.layout import Line

__all__ = ["is_page_number", "margin_numbers", "remove_furniture"]

_PAGE_NUMBER = re.compile(
    r"(?:page\s+|p\.\s*)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-\u2013\u2014]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?",
    re.I,
)


def is_page_number(text: str) -> bool:
    """Whether ``text`` is nothing but a page number.

    >>> [is_page_number(t) for t in ("12", "- 3 -", "xiv", "Page 2 of 9", "12 cities")]
    [True, True, True, True, False]
    """
    return _PAGE_NUMBER.fullmatch(text.strip()) is not None


def _edges(lines: list[Line]) -> set[int]:
    """Indices of the lines in the first two and last two rows of a page."""
    if not lines:
        return set()
    rows = sorted({round(line.top) for line in lines})
    merged: list[int] = []
    for top in rows:
        if not merged or top - merged[-1] > 3:
            merged.append(top)
    depth = 2 if len(merged) > 4 else 1
    first, last = merged[:depth], merged[-depth:]

    def row(line: Line) -> int:
        return min(merged, key=lambda t: abs(t - round(line.top)))

    return {k for k, line in enumerate(lines) if row(line) in first or row(line) in last}


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def margin_numbers(lines: list[Line]) -> set[int]:
    """Indices of the numbers standing in a margin, beside the text (line numbers): to be
    taken out before the runs of a line are joined.

    >>> text = Line("A line of the text, long.", 60, 0, 500, 10, 10)
    >>> margin_numbers([Line("12", 30, 0, 40, 10, 10), text])
    {0}
    """
    text = [line for line in lines if len(line.text) >= 20]
    if not text:
        return set()
    left, right = min(line.x0 for line in text), max(line.x1 for line in text)
    return {
        k
        for k, line in enumerate(lines)
        if line.text.isdigit() and (line.x1 <= left or line.x0 >= right)
    }


def remove_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page's lines without its running headers, footers and page numbers."""
    edges = [_edges(lines) for lines in pages]
    seen: dict[str, set[int]] = defaultdict(set)
    for number, (lines, edge) in enumerate(zip(pages, edges, strict=True)):
        for k in edge:
            seen[_key(lines[k].text)].add(number)
    needed = 2 if len(pages) <= 6 else 3
    kept = []
    for lines, edge in zip(pages, edges, strict=True):
        kept.append(
            [
                line
                for k, line in enumerate(lines)
                if k not in edge
                or not (is_page_number(line.text) or len(seen[_key(line.text)]) >= needed)
            ]
        )
    return kept
