"""Lines of a page and the order to read them in.

Glyphs join into a line while they stand on one line (their boxes overlap vertically by
half the smaller height, so a raised footnote marker stays with its word), move
rightwards, and leave no gap wider than about a glyph's height: a wider gap is the
gutter between two columns, or between the cells of a table, and starts a new line. A
space goes in where the PDF drew one or where glyphs stand a quarter of their height
apart. Runs the PDF drew separately on one line are then joined the same way.

Reading order: a page in two columns has a *gutter*, a vertical strip near the middle
that almost no line crosses while many lines lie wholly to either side. The page is cut
across at every gap no line stands in; consecutive slabs with the same gutter (or none,
and no line across the gutter of the slabs around) make a section, and a slab whose
lines cross it (a title, an abstract, a figure's caption set across the page) starts a
new one. A section with a gutter is read left part first, then right part, each part in
turn the same way (a reference list in three columns under text in two); one without
is read top to bottom.
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


def join_runs(runs: list[Line], gutter: float | None, widest: float = 3) -> list[Line]:
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
            if across or not -0.5 * size <= gap <= widest * size:
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
    300.5
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
    """The lines of a page's ``runs`` in reading order, each with its ``column`` (the
    block of text it is read in) set: the blocks are found among the runs, and the runs
    of one block standing on one line are joined."""
    ordered: list[Line] = []
    _order(runs, ordered, [0])
    return ordered


def _slabs(lines: list[Line]) -> list[list[Line]]:
    """``lines`` cut across at every gap wider than about half a line in which no line
    stands (top to bottom)."""
    slabs: list[list[Line]] = []
    bottom = None
    for line in sorted(lines, key=lambda x: x.top):
        if bottom is None or line.top > bottom + 0.5 * line.size:
            slabs.append([])
        slabs[-1].append(line)
        bottom = line.bottom if bottom is None else max(bottom, line.bottom)
    return slabs


def _sections(lines: list[Line], left: float, right: float):
    """Slabs of ``lines`` joined while their column structure holds: (gutter, lines)."""
    sections: list[tuple[float | None, list[Line]]] = []
    for slab in _slabs(lines):
        gutter = find_gutter(slab, left, right)
        if sections:
            known, held = sections[-1]
            if known is None:
                merged = held + slab
                found = find_gutter(merged, left, right)
                if gutter is None and found is None:
                    held.extend(slab)
                    continue
                if found is not None and not any(x.x0 < found < x.x1 for x in merged):
                    sections[-1] = (found, merged)
                    continue
            elif (gutter is None and _goes_on(slab, held, known)) or (
                gutter is not None and abs(gutter - known) < 12
            ):
                held.extend(slab)
                continue
        sections.append((gutter, list(slab)))
    return sections


def _goes_on(slab: list[Line], held: list[Line], gutter: float) -> bool:
    """Whether a slab without a gutter of its own belongs to the columns above it: no
    line of it crosses their gutter, and one in the left column has the right column
    beside it still (a heading under both columns starts what follows them)."""
    if any(x.x0 < gutter < x.x1 for x in slab):
        return False
    if all(x.x0 >= gutter for x in slab):
        return True
    top = min(x.top for x in slab)
    return any(x.x0 >= gutter and x.bottom > top for x in held)


def _order(lines: list[Line], out: list[Line], block: list[int]) -> None:
    """Append the lines of ``lines`` (runs) to ``out`` in reading order: cut into slabs
    across, slabs of one column structure joined into a section, a section with a gutter
    read left part then right part (each in turn the same way), one without top to
    bottom, its runs on one line joined."""
    if not lines:
        return
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    sections = _sections(lines, left, right)
    for gutter, held in sections:
        sides = (
            [[x for x in held if x.x1 <= gutter], [x for x in held if x.x0 >= gutter]]
            if gutter is not None
            else []
        )
        if gutter is None or any(len(side) == len(lines) for side in sides):
            joined = join_runs(held, None, widest=10)
            for line in joined:
                line.column = line.band = block[0]
            out.extend(_rows(joined))
            block[0] += 1
            continue
        for side in sides:
            _order(side, out, block)


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
