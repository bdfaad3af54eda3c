"""The order in which the zygote adds a snapshot's quads to its in-memory copy
(``ordered_quads``): the order its queries then walk them in memory.

Oxigraph's in-memory store links each quad to the quads added before it with the same
subject, predicate, object and graph, and a query walks those links: quads added one after
the other lie side by side in memory, and a query that visits them together reads fewer
cache lines. A RocksDB dump comes in the order of hashed term ids, which scatters what
belongs together; sorting its lines puts each subject's quads together, and subjects with
like IRIs (the works of a journal, the sentences of a document) near each other (SP2Bench
1M, CPU ms, measured when the copy was first made: q2 665 -> 530, q7 860 -> 700, q12a 400
-> 300 from the dump's order to the sorted one).

Sorting alone sends every blank node to the end, in the random order of the ids the store
gave them, far from the resource that introduced it, although a blank node is almost
always read from there (an author, a list, a selector of the quad that names it). So each
blank node's quads are placed right after the subject that first refers to it, nested ones
after their own referrer, as a Turtle writer nests ``[ ... ]``; blank nodes that nothing
refers to come last.

Measured on SP2Bench 1M (persons are blank nodes; CPU ms, median of 7, jemalloc, one
process, a forked worker owning its pages, the same machine in one sitting): sorted only,
q12a 202, q5b 468, q11 387, q2 518, q7 455; blank nodes after their referrer 167, 401,
350, 528, 446; SP2Bench's own file order (as Oxigraph's server is loaded) 162, 441, 359,
513, 489. q3a-c and q9 were within 3% of the sorted order (and 5-12% ahead of the file's).
"""

from __future__ import annotations

from bisect import bisect_left

__all__ = ["ordered_quads"]

#: how an object that is a blank node starts in an N-Quads line: after the predicate's ``>``
_BLANK_OBJECT = b"> _:"


def ordered_quads(nquads: bytes) -> list[bytes]:
    r"""The lines of an N-Quads document (one statement each: N-Quads escapes line breaks in
    literals) sorted as bytes, except that the lines of each blank node follow the lines of
    the subject that first refers to it. Every line comes out exactly once.

    >>> doc = (b'_:x <http://e/name> "Ann" .\n<http://e/b> <http://e/p> 2 .\n'
    ...        b'<http://e/a> <http://e/by> _:x .\n<http://e/a> <http://e/q> 1 .\n')
    >>> for line in ordered_quads(doc):
    ...     print(line.decode(), end="")
    <http://e/a> <http://e/by> _:x .
    <http://e/a> <http://e/q> 1 .
    _:x <http://e/name> "Ann" .
    <http://e/b> <http://e/p> 2 .
    """
    lines = nquads.splitlines(keepends=True)
    if lines and not lines[-1].endswith(b"\n"):  # the last statement may end the document
        lines[-1] += b"\n"
    lines.sort()
    blank = bisect_left(lines, b"_:")
    after = bisect_left(lines, b"_;", blank)  # the first line past the blank subjects
    spans = _blank_spans(lines, blank, after)
    if not spans:
        return lines
    out: list[bytes] = []
    done = 0  # the named subjects' lines before lines[done] are out
    for line in _naming_blanks(nquads):
        subject = line[: line.find(b" ")]
        # past the subject's last line: no line of another subject starts with it then "!"
        end = bisect_left(lines, subject + b"!", done, blank)
        out.extend(lines[done:end])
        done = max(done, end)
        _place(_object_blank(line), spans, lines, out)
    out.extend(lines[done:blank])
    for key in list(spans):  # referred to by nothing (or only by a blank placed since)
        _place(key, spans, lines, out)
    out.extend(lines[after:])
    return out


def _naming_blanks(nquads: bytes) -> list[bytes]:
    """The lines of ``nquads`` whose subject is named (not blank) and whose object is a
    blank node, sorted; found by searching the whole document (C speed), as most lines
    name none."""
    found = []
    at = nquads.find(_BLANK_OBJECT)
    while at >= 0:
        start = nquads.rfind(b"\n", 0, at) + 1
        end = nquads.find(b"\n", at)
        end = len(nquads) if end < 0 else end + 1
        if not nquads.startswith(b"_:", start):
            found.append(nquads[start:end])
        at = nquads.find(_BLANK_OBJECT, end)
    found.sort()
    return found


def _object_blank(line: bytes) -> bytes:
    """The blank node (``_:id``) that ``line``'s object names (a literal holding ``> _:``
    may give a false one: it only moves that blank node's lines, if it has any)."""
    start = line.find(_BLANK_OBJECT) + 2
    return line[start : line.find(b" ", start)]


def _blank_spans(lines: list[bytes], start: int, end: int) -> dict[bytes, tuple[int, int]]:
    """Where each blank subject's lines are in ``lines[start:end]`` (sorted), in order."""
    spans: dict[bytes, tuple[int, int]] = {}
    index = start
    while index < end:
        prefix = lines[index][: lines[index].find(b" ") + 1]  # the subject and its space
        stop = index + 1
        while stop < end and lines[stop].startswith(prefix):
            stop += 1
        spans[prefix[:-1]] = (index, stop)
        index = stop
    return spans


def _place(
    key: bytes, spans: dict[bytes, tuple[int, int]], lines: list[bytes], out: list[bytes]
) -> None:
    """Add blank node ``key``'s lines to ``out`` unless they are out already, each blank
    node they name after them, depth first."""
    span = spans.pop(key, None)
    stack = [span] if span is not None else []
    while stack:
        start, stop = stack.pop()
        chunk = lines[start:stop]
        out.extend(chunk)
        named = [spans.pop(_object_blank(line), None) for line in chunk if _BLANK_OBJECT in line]
        stack.extend(reversed([s for s in named if s is not None]))
