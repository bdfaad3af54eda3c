"""Footnotes: the notes at the foot of a page, apart from its text.

A footnote is set smaller than the body text, below every line of body text in its
column, and starts with its marker (a number up to 999, or ``*``, ``†``, ``‡``, ``§``),
perhaps raised, perhaps followed by a stop. A run of such lines at the foot of a column
is a block of notes when its first line starts with a marker that the page's body text
carries too, glued to a word (``partners.1``: a reference list set small, numbered
``1.``, is no footnote); each marker in the run (the next number, or a symbol) starts a
note, and other lines go on with the note before.
Small lines that start with no marker (a table's source, a figure's note) stay with the
text.

>>> from kg.pdf.layout import Line
>>> lines = [Line("Body text, cited.1", 50, 100, 500, 110, 10),
...          Line("1 A note that goes on", 50, 700, 480, 708, 8),
...          Line("over two lines.", 50, 709, 200, 717, 8)]
>>> body, notes = split_notes(lines, body_size=10)
>>> [line.text for line in body], notes
(['Body text, cited.1'], [('1', ['A note that goes on', 'over two lines.'])])
"""

from __future__ import annotations

import re

from kg.pdf.layout import Line

__all__ = ["split_notes"]

_MARKER = re.compile(r"(\d{1,3}|[*\u2020\u2021\u00a7]{1,3})\.?\s*(?=\S)")


def _below_body(line: Line, body: list[Line]) -> bool:
    return not any(
        other.top > line.top and other.x0 < line.x1 and line.x0 < other.x1 for other in body
    )


def _marked(label: str, body: list[Line]) -> bool:
    """Whether the body text carries the marker ``label``, glued to what it follows."""
    glued = re.compile(rf"[^\W\d]{{2}}[.,;:’”\"')\]]*{re.escape(label)}(?!\d)")
    return any(glued.search(line.text) for line in body)


def split_notes(
    lines: list[Line], *, body_size: float
) -> tuple[list[Line], list[tuple[str, list[str]]]]:
    """A page's lines (in reading order) without its footnotes, and the notes as
    ``(label, lines)``, the marker taken off the first line."""
    small = [line.size < 0.92 * body_size for line in lines]
    body = [line for line, s in zip(lines, small, strict=True) if not s]
    candidate = [s and _below_body(line, body) for line, s in zip(lines, small, strict=True)]
    keep: list[Line] = []
    notes: list[tuple[str, list[str]]] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and candidate[end]:
            end += 1
        first = _MARKER.match(lines[k].text) if end > k else None
        if first is None or not _marked(first.group(1), body):
            keep.append(lines[k])
            k += 1
            continue
        for line in lines[k:end]:  # a run of small lines at the foot, starting with a marker
            marker = _MARKER.match(line.text)
            if marker and _starts_note(marker.group(1), notes):
                notes.append((marker.group(1), [line.text[marker.end() :]]))
            else:
                notes[-1][1].append(line.text)
        k = end
    return keep, notes


def _starts_note(label: str, notes: list[tuple[str, list[str]]]) -> bool:
    if not label.isdigit() or not notes or not notes[-1][0].isdigit():
        return True
    return int(label) == int(notes[-1][0]) + 1
