"""Lines of a page and the order to read them in.

Glyphs join into a line while they stand on one line (their boxes overlap vertically by
half the smaller height, so a raised footnote marker stays with its word), move
rightwards, and leave no gap wider than about a glyph's height: a wider gap is the
gutter between two columns, or between the cells of a table, and starts a new line. A
space goes in where the PDF drew one or where glyphs stand a quarter of their height
apart. Runs the PDF drew separately on one line are then joined the same way.

Reading order: a page in two columns has a *gutter*, a vertical strip near the middle
that almost no line crosses while many lines lie wholly to either side. Lines crossing
it (a title, an abstract, a figure's caption set across the page) cut the page into
bands; each band is read top to bottom, its left column before its right. A page
without a gutter is read top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.pdf.extract import Glyph

__all__ = ["Line", "build_runs", "find_gutter", "join_runs", "reading_order"]


@dataclass(slots=True)
class Line:
    """A run of text on one line of one column."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the usual height of its glyphs
    sizes: list[float] = field(default_factory=list, repr=False)
    column: int = 0  # 0 across the page or no columns, 1 left, 2 right
    band: int = 0  # which band of the page, top to bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return min(a_bottom, b_bottom) - max(a_top, b_top)


def _finish(line: Line) -> Line:
    sizes = sorted(line.sizes)
    line.size = sizes[len(sizes) // 2] if sizes else line.bottom - line.top
    return line


def _same_line(line: Line, top: float, bottom: float) -> bool:
    height = min(line.bottom - line.top, bottom - top)
    return _overlap(line.top, line.bottom, top, bottom) >= 0.5 * height


def build_runs(glyphs: Iterable[Glyph]) -> list[Line]:
    """Runs of glyphs drawn one after the other on one line, split at gaps wider than
    about a glyph's height (see the module docstring)."""
    runs: list[Line] = []
    current: Line | None = None
    last_x0 = 0.0
    space = False
    for g in glyphs:
        if g.text == " ":
            space = True
            continue
        height = g.bottom - g.top
        if height <= 0:
            continue
        if (
            current is not None
            and _same_line(current, g.top, g.bottom)
            and g.x0 >= last_x0 - 0.1 * height  # a ligature's letters share one box
            and g.x0 - current.x1 <= 0.9 * max(current.size, height)
        ):
            raised = g.bottom < current.bottom - 0.2 * current.size and g.text.isdigit()
            gap = g.x0 - current.x1
            if not raised and (space or gap > 0.25 * min(height, current.size)):
                current.text += " "
            current.text += g.text
            current.x1 = max(current.x1, g.x1)
            if not raised:
                current.top = min(current.top, g.top)
            current.bottom = max(current.bottom, g.bottom)
            current.sizes.append(height)
        else:
            if current is not None:
                runs.append(_finish(current))
            current = Line(g.text, g.x0, g.top, g.x1, g.bottom, height, [height])
        last_x0 = g.x0
        space = False
    if current is not None:
        runs.append(_finish(current))
    return runs


def join_runs(runs: list[Line], gutter: float | None) -> list[Line]:
    """Runs standing on one line joined into lines, left to right, where at most three
    glyph heights apart (justified text spaces words widely) and not across the gutter."""
    rows: list[list[Line]] = []
    bands: list[tuple[float, float, float]] = []  # top, bottom, size of each row
    for run in sorted(runs, key=lambda r: r.middle):
        if rows:
            top, bottom, size = bands[-1]
            height = min(bottom - top, run.bottom - run.top)
            if _overlap(top, bottom, run.top, run.bottom) >= 0.5 * height:
                rows[-1].append(run)
                if run.size > size:
                    bands[-1] = (run.top, run.bottom, run.size)
                continue
        rows.append([run])
        bands.append((run.top, run.bottom, run.size))
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        current = row[0]
        for run in row[1:]:
            gap = run.x0 - current.x1
            size = max(current.size, run.size)
            across = gutter is not None and current.x1 <= gutter <= run.x0
            if across or not -0.5 * size <= gap <= 3 * size:
                lines.append(current)
                current = run
                continue
            raised = run.bottom < current.bottom - 0.2 * current.size and run.text.isdigit()
            small = run.size < 0.8 * current.size and run.text.isdigit()
            sep = "" if (raised and gap < 0.25 * size) or (small and gap < 0) else " "
            current.text += sep + run.text
            current.x1 = max(current.x1, run.x1)
            if not raised:
                current.top = min(current.top, run.top)
            current.bottom = max(current.bottom, run.bottom)
            current.sizes.extend(run.sizes)
            _finish(current)
        lines.append(current)
    for line in lines:
        line.text = " ".join(line.text.split())
    return [line for line in lines if line.text]


def find_gutter(lines: list[Line], left: float, right: float) -> float | None:
    """The x of the gutter between two columns of ``lines``, or None (one column).

    >>> def line(x0, x1, top):
    ...     return Line("w", x0, top, x1, top + 10, 10)
    >>> cols = [line(50, 290, t) for t in range(0, 400, 12)]
    >>> cols += [line(310, 550, t) for t in range(0, 400, 12)]
    >>> find_gutter(cols, 50, 550)
    300.0
    >>> find_gutter([line(50, 550, t) for t in range(0, 400, 12)], 50, 550) is None
    True
    """
    if len(lines) < 6 or right - left < 100:
        return None
    lo, hi = int(left + 0.3 * (right - left)), int(left + 0.7 * (right - left))
    crossing = [0] * (hi - lo + 1)
    for line in lines:
        a, b = max(lo, int(line.x0) + 1), min(hi, int(line.x1))
        for x in range(a, b + 1):
            crossing[x - lo] += 1
    fewest = min(crossing)
    if fewest > 0.1 * len(lines):
        return None
    # the middle of the widest run of x with the fewest lines crossing
    best, start = (0, 0), None
    for x, count in enumerate([*crossing, fewest + 1]):
        if count == fewest and start is None:
            start = x
        elif count != fewest and start is not None:
            if x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    gutter = lo + (best[0] + best[1] - 1) / 2
    lefts = sum(1 for line in lines if line.x1 <= gutter)
    rights = sum(1 for line in lines if line.x0 >= gutter)
    if min(lefts, rights) < max(3, 0.2 * len(lines)):
        return None
    return gutter


def reading_order(runs: list[Line]) -> list[Line]:
    """The lines of a page's ``runs`` in reading order, each with its ``column`` and
    ``band`` set."""
    if not runs:
        return []
    left = min(run.x0 for run in runs)
    right = max(run.x1 for run in runs)
    gutter = find_gutter(runs, left, right)
    by_top = sorted(join_runs(runs, gutter), key=lambda line: (line.top, line.x0))
    if gutter is None:
        return _rows(by_top)
    ordered: list[Line] = []
    band: list[Line] = []
    number = 0

    def flush() -> None:
        nonlocal number
        columns = [
            [x for x in band if x.x1 <= gutter],  # type: ignore[operator]
            [x for x in band if x.x1 > gutter],  # type: ignore[operator]
        ]
        for k, column in enumerate(columns, start=1):
            for x in column:
                x.column, x.band = k, number
            ordered.extend(_rows(column))
        number += 1

    for line in by_top:
        if line.x0 < gutter < line.x1:
            if band:
                flush()
                band = []
            line.column, line.band = 0, number
            ordered.append(line)
            number += 1
        else:
            band.append(line)
    if band:
        flush()
    return ordered


def _rows(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines side by side (cells of a table) left to right."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda x: x.top):
        k = len(out)
        while (
            k > 0
            and _overlap(out[k - 1].top, out[k - 1].bottom, line.top, line.bottom)
            > (0.5 * min(line.bottom - line.top, out[k - 1].bottom - out[k - 1].top))
            and out[k - 1].x0 > line.x0
        ):
            k -= 1
        out.insert(k, line)
    return out
