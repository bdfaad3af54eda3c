"""A PDF's text as ``tkg ingest`` keeps it: pages, paragraphs, notes, words made whole.

The text is laid out the way the ingester reads an extraction (:mod:`kg.ingest.segment`):

- pages in the file's order, one form feed between two pages (page *n* of the text is
  page *n* of the file: :func:`kg.text.pages.page_starts` finds them);
- on each page, its lines in reading order (:mod:`kg.pdf.layout`) without the running
  headers, footers and page numbers (:mod:`kg.pdf.furniture`), not indented; a blank
  line where a paragraph ends (a gap wider than the
  usual line pitch, a change of type size, a short line ending a sentence, a first-line
  indent or a hanging one);
- the page's footnotes (:mod:`kg.pdf.notes`) at its foot, after a rule of underscores,
  each starting with its label: ``1 The note's text``; the marker stays in the body,
  glued to its word (``partners.1``);
- ligatures spelled out (``ﬁ`` → ``fi``); a word broken at a line end made whole on the
  first line, its hyphen kept or dropped by the rule the caller gives
  (:func:`kg.ingest.dehyphenate.keep_hyphen` in ``tkg ingest``).

Every offset the ingester records points into this text, which ``tkg ingest`` keeps
beside the graph, so anchors can be checked against it.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.pdf.extract import PageGlyphs, read_glyphs
from kg.pdf.furniture import margin_numbers, remove_furniture
from kg.pdf.layout import Line, build_runs, reading_order
from kg.pdf.notes import split_notes

__all__ = ["RULE", "KeepHyphen", "PdfText", "pdf_text"]

KeepHyphen = Callable[[str, str, Mapping[str, int]], bool]
RULE = "_" * 20
_SENTENCE_END = re.compile(r"[.!?:\u2026][’”\"')\]]*\d{0,3}$")
_BROKEN = re.compile(r"[^\W\d_]-$")
_WORD_START = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF, and where each of its pages is in it."""

    text: str
    pages: tuple[tuple[int, int], ...]  # (start, end) of page 1, 2, ...
    notes: int  # footnotes found

    def page_of(self, offset: int) -> int:
        """The page (from 1) holding ``offset``."""
        for number, (start, end) in enumerate(self.pages, start=1):
            if start <= offset < end or (offset == end and number == len(self.pages)):
                return number
        raise ValueError(f"offset {offset} is outside the text")


def _body_size(pages: list[list[Line]]) -> float:
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _pitch(pages: list[list[Line]], body: float) -> float:
    steps = []
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            same = (a.column, a.band) == (b.column, b.band) and abs(a.size - body) < 0.1 * body
            if same and abs(b.size - body) < 0.1 * body and 0.5 * body < b.top - a.top < 3 * body:
                steps.append(b.top - a.top)
    return statistics.median(steps) if steps else 1.2 * body


def _margins(lines: list[Line]) -> tuple[dict[int, float], dict[int, float], list[float]]:
    """Each column's left and right edge on the page, and each line's usual left edge
    among its neighbours in its column."""
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    for line in lines:
        left[line.column] = min(left.get(line.column, line.x0), line.x0)
        right[line.column] = max(right.get(line.column, line.x1), line.x1)
    usual = []
    for k, line in enumerate(lines):
        near = [
            round(o.x0)
            for o in lines[max(0, k - 6) : k + 7]
            if o.column == line.column and abs(o.size - line.size) < 0.15 * line.size
        ]
        usual.append(float(Counter(near).most_common(1)[0][0]) if near else line.x0)
    return left, right, usual


def _paragraph_ends(a: Line, b: Line, *, pitch: float, right: float, usual: float, new_page: bool):
    """Whether a paragraph ends between lines ``a`` and ``b`` (``usual``: b's usual left edge)."""
    size = max(a.size, b.size)
    if abs(a.size - b.size) > 0.12 * size:
        return True
    flowing = not new_page and (a.column, a.band) == (b.column, b.band)
    if flowing and b.top - a.top > 1.35 * pitch * (a.size / size):
        return True
    ends = _SENTENCE_END.search(a.text) is not None
    if ends and a.x1 < right - 2 * size:
        return True
    a_usual = abs(a.x0 - usual) < 0.3 * size
    if flowing and a_usual and ends and 0.7 * size < b.x0 - usual < 6 * size:
        return True  # a first-line indent
    return flowing and b.x0 < a.x0 - 0.7 * size and a_usual  # a hanging indent


def _page_rows(lines: list[Line], previous: Line | None, pitch: float) -> list[str]:
    """The rows of one page's body, blank rows between paragraphs. (No indents: the
    reference-list reader takes any indented line for a hanging indent.)"""
    _, right, usual = _margins(lines)
    rows: list[str] = []
    for k, line in enumerate(lines):
        before = lines[k - 1] if k else previous
        ends = before is not None and _paragraph_ends(
            before,
            line,
            pitch=pitch,
            right=right[before.column] if k else before.x1 + 3 * before.size,
            usual=usual[k],
            new_page=k == 0,
        )
        if ends:
            rows.append("")  # at the top of a page: the paragraph ended with the page before
        rows.append(line.text)
    return rows


def _repair(flows: list[list[list[str]]], keep: KeepHyphen | None, counts: Mapping[str, int]):
    """Words broken at a line end made whole on the first line, row lists edited in place.

    ``flows`` holds sequences of row lists read in a row (the body's pages; each note)."""
    if keep is None:
        return
    for flow in flows:
        places = [(rows, k) for rows in flow for k in range(len(rows))]
        for (rows, k), (next_rows, j) in itertools.pairwise(places):
            row, following = rows[k], next_rows[j]
            if not _BROKEN.search(row) or not _WORD_START.match(following.lstrip()):
                continue
            stripped = following.lstrip()
            word = stripped.split(" ", 1)[0]
            before = row.rsplit(" ", 1)[-1]
            joined = row + word if keep(before, word, counts) else row[:-1] + word
            rows[k] = joined
            rest = stripped[len(word) :].lstrip()
            next_rows[j] = following[: len(following) - len(stripped)] + rest if rest else ""


def pdf_text(
    source: Path | bytes,
    *,
    where: str = "<pdf>",
    password: str | None = None,
    keep_hyphen: KeepHyphen | None = None,
    word_counts: Callable[[str], Mapping[str, int]] | None = None,
    reader: Callable[..., Iterable[PageGlyphs]] = read_glyphs,
) -> PdfText:
    """The text of the PDF at ``source`` (see the module docstring).

    An ``InputError`` for a file that is not a PDF, is encrypted, or has no text layer.
    ``reader`` gives the glyphs (PDFium's by default; ``bench/pdf.py`` gives pdfminer's)."""
    pages = []
    for page in reader(source, where=where, password=password):
        runs = build_runs(page.glyphs)
        margin = margin_numbers(runs)
        pages.append(reading_order([r for k, r in enumerate(runs) if k not in margin]))
    if not any(pages):
        raise InputError(
            "the PDF has no text layer (a scanned document?): it needs OCR first", where=where
        )
    body = _body_size(pages)
    pages = remove_furniture([[x for x in lines if x.size >= 0.6 * body] for lines in pages])
    pitch = _pitch(pages, body)
    bodies: list[list[str]] = []
    notes: list[list[list[str]]] = []
    previous: Line | None = None
    for lines in pages:
        kept, found = split_notes(lines, body_size=body)
        bodies.append(_page_rows(kept, previous, pitch))
        previous = kept[-1] if kept else previous
        notes.append([[f"{label} {first}", *more] for label, (first, *more) in found])
    if keep_hyphen is not None:
        draft = "\n".join(
            row for rows in [*bodies, *(n for ns in notes for n in ns)] for row in rows
        )
        counts = word_counts(draft) if word_counts else {}
        _repair([bodies, *([n] for ns in notes for n in ns)], keep_hyphen, counts)
    texts = []
    for rows, page_notes in zip(bodies, notes, strict=True):
        rows = [r for k, r in enumerate(rows) if r or (k and rows[k - 1])]  # no blank runs
        if page_notes:
            rows += ["", RULE, *(row for note in page_notes for row in note if row)]
        texts.append("\n".join(row.rstrip() for row in rows))
    texts = [texts[0], *("\n" + page for page in texts[1:])]
    # a form feed ends each page but the last, on its last line: the next page's lines
    # start lines of their own, as a heading must
    text = "".join(page + "\f" for page in texts[:-1]) + texts[-1] + "\n"
    starts = [0] + [m.end() for m in re.finditer("\f", text)]
    spans = list(zip(starts, [*starts[1:], len(text)], strict=True))
    return PdfText(text, tuple(spans), sum(len(n) for n in notes))
