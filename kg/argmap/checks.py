"""Checks of a whole map: references to elements never defined, and support cycles.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> support_cycles(parse_argdown("[A]: a\\n  + [B]: b\\n    + [A]\\n"))
[['[B]', '[A]', '[B]']]
"""

from __future__ import annotations

from kg.argmap.model import ArgMap, Ref, Statement
from kg.errors import CycleError, DanglingReferenceError

__all__ = ["check", "support_cycles"]


def support_cycles(m: ArgMap) -> list[list[str]]:
    """Support chains that come back to their start (each as titles, first repeated last).

    A premise supports its argument's conclusion; ``+`` relations support their target.
    """
    edges: dict[Ref, list[Ref]] = {}
    for r in m.relations:
        if r.kind == "support":
            edges.setdefault(r.source, []).append(r.target)
    for title, argument in m.arguments.items():
        for premise in argument.premises:
            edges.setdefault(("statement", premise), []).append(("argument", title))
        if argument.conclusion:
            edges.setdefault(("argument", title), []).append(("statement", argument.conclusion))
    cycles: list[list[str]] = []
    state: dict[Ref, int] = {}
    path: list[Ref] = []

    def visit(node: Ref) -> None:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                cycles.append([_show(r) for r in cycle])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node)
    return cycles


def _show(ref: Ref) -> str:
    return f"[{ref[1]}]" if ref[0] == "statement" else f"<{ref[1]}>"


def check(m: ArgMap, *, source: str | None = None, first_refs: dict | None = None) -> None:
    """Refuse a map with dangling references or support cycles."""
    dangling = []
    for ref in m.order:
        element = m.element(ref)
        if isinstance(element, Statement):
            ok = bool(element.texts)
        else:
            ok = bool(element.descriptions or element.pcs)
        if not ok:
            where = (first_refs or {}).get(ref)
            at = f" (line {where[0]}, column {where[1]})" if where else ""
            dangling.append(f"{_show(ref)}{at}")
    if dangling:
        raise DanglingReferenceError(
            f"{len(dangling)} reference(s) to elements never defined: "
            + ", ".join(dangling)
            + "; expected a definition '[Title]: text' or '<Title>: text' somewhere in the map",
            where=source,
        )
    cycles = support_cycles(m)
    if cycles:
        shown = " -> ".join(cycles[0])
        raise CycleError(
            f"support cycle: {shown} ({len(cycles)} cycle(s) in all); a claim cannot rest on "
            "itself",
            cycle=cycles[0],
            where=source,
        )
