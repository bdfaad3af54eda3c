"""A map as an outline from its thesis down: what supports and what attacks each element,
level by level, as Kialo and Argdown's preview let readers unfold an argument.

A *root* is an element that supports or attacks nothing (nor is the premise of an argument):
the map's thesis or theses. Roots come thesis first: those tagged ``#thesis`` or
``#conclusion`` (or named by the front matter's ``conclusion``), then the one with the most
beneath it. Beneath each element are what supports it (supports, the premises of an
argument, the argument for a conclusion) and then what attacks it (attacks, undercuts,
contradictions). An element that several others rest on is unfolded once, where it is
reached first going level by level from the theses; elsewhere it is a reference to that
place. So the outline has one full entry per element, whatever the shape of the map (chains,
shared premises, attack cycles, an AIF import without a declared thesis).

>>> from kg.argmap.argdown_parse import parse_argdown
>>> m = parse_argdown(
...     "[T]: Thesis.\\n  + [R]: Reason.\\n    - [O]: Objection.\\n  - [R2]: Rebuttal.\\n"
... )
>>> [(b.ref[1], [(c.ref[1], c.relation) for c in b.children]) for b in outline(m)]
[('T', [('R', 'support'), ('R2', 'attack')])]
>>> outline(m)[0].children[0].children[0].relation, count(outline(m))
('attack', 4)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from kg.argmap.model import ArgMap, Ref

__all__ = [
    "ATTACKING",
    "Branch",
    "count",
    "edges",
    "outline",
    "roots",
    "supporters",
    "theses",
]

#: The kinds by which a child attacks its parent; the others (support, premise) support it.
ATTACKING = frozenset({"attack", "undercut", "contradiction"})


@dataclass
class Branch:
    """One place of an element in the outline: how it relates to the element above
    (``relation``: support, premise, attack, undercut, contradiction; None for a root), what
    is beneath it, and whether it is unfolded elsewhere (``repeat``: then it has no
    children here)."""

    ref: Ref
    relation: str | None = None
    children: list[Branch] = field(default_factory=list)
    repeat: bool = False


def edges(m: ArgMap) -> list[tuple[str, Ref, Ref]]:
    """(kind, child, parent) for every relation and every step of a premise-conclusion
    structure: a premise is beneath its argument, an argument beneath its conclusion."""
    out = [(r.kind, r.source, r.target) for r in m.relations]
    said = {(r.source, r.target) for r in m.relations}
    for title, argument in m.arguments.items():
        node = ("argument", title)
        for premise in argument.premises:
            if (("statement", premise), node) not in said:
                out.append(("premise", ("statement", premise), node))
        if argument.conclusion:
            conclusion = ("statement", argument.conclusion)
            if (node, conclusion) not in said:
                out.append(("support", node, conclusion))
    return out


def _beneath(m: ArgMap) -> dict[Ref, list[tuple[str, Ref]]]:
    """Each element's children, supporting ones first, each group in the map's order."""
    place = {ref: i for i, ref in enumerate(m.order)}
    under: dict[Ref, list[tuple[str, Ref]]] = {}
    for kind, child, parent in edges(m):
        if child != parent:
            under.setdefault(parent, []).append((kind, child))
    for children in under.values():
        children.sort(key=lambda kc: (kc[0] in ATTACKING, place.get(kc[1], len(place))))
    return under


def _size(start: Ref, under: dict[Ref, list[tuple[str, Ref]]]) -> int:
    """How many elements are beneath ``start``, at any depth."""
    seen, todo = {start}, [start]
    while todo:
        for _kind, child in under.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return len(seen) - 1


def theses(m: ArgMap) -> set[Ref]:
    """The theses the map names: its front matter's ``conclusion``, anything tagged #thesis or
    #conclusion."""
    named = m.frontmatter.get("conclusion")
    titles = named if isinstance(named, list) else [named] if named else []
    out = {("statement", str(t)) for t in titles if str(t) in m.statements}
    out.update(ref for ref in m.order if {"thesis", "conclusion"} & set(m.element(ref).tags))
    return out


def roots(m: ArgMap) -> list[Ref]:
    """The elements that support or attack nothing, thesis first: the declared theses, then
    the one with the most beneath it, then the map's order; elements related to nothing at
    all come last."""
    under = _beneath(m)
    above = {child for _kind, child, _parent in edges(m)}
    declared = theses(m)
    place = {ref: i for i, ref in enumerate(m.order)}
    found = [ref for ref in m.order if ref not in above]
    size = {ref: _size(ref, under) for ref in found}
    return sorted(found, key=lambda r: (size[r] == 0, r not in declared, -size[r], place[r]))


def outline(m: ArgMap) -> list[Branch]:
    """The map from its roots down; each element unfolded at its first place level by level
    (see the module's docstring). Elements no root leads to (they attack one another in a
    cycle) come last, from the first of them in the map's order."""
    under = _beneath(m)
    top = [Branch(ref) for ref in roots(m)]
    seen = {b.ref for b in top}
    queue = deque(top)
    while True:
        while queue:
            branch = queue.popleft()
            for kind, child in under.get(branch.ref, []):
                twig = Branch(child, kind, repeat=child in seen)
                branch.children.append(twig)
                if not twig.repeat:
                    seen.add(child)
                    queue.append(twig)
        # elements that only attack one another (a cycle) have no root: the first one
        # in the map's order stands for its cycle
        rest = next((ref for ref in m.order if ref not in seen), None)
        if rest is None:
            return top
        top.append(Branch(rest))
        seen.add(rest)
        queue.append(top[-1])


def count(branches: list[Branch]) -> int:
    """How many places the outline has (every branch and twig)."""
    return sum(1 + count(b.children) for b in branches)


def supporters(m: ArgMap, ref: Ref) -> list[Ref]:
    """What ``ref`` rests on: everything beneath it by support or premise, at any depth
    (attacks, and what supports an attack, are not its grounds).

    >>> from kg.argmap.argdown_parse import parse_argdown
    >>> m = parse_argdown("[T]: T.\\n  + [R]: R.\\n    + [S]: S.\\n  - [O]: O.\\n")
    >>> [title for _kind, title in supporters(m, ("statement", "T"))]
    ['R', 'S']
    """
    under = _beneath(m)
    seen, todo, out = {ref}, [ref], []
    while todo:
        for kind, child in under.get(todo.pop(0), []):
            if kind not in ATTACKING and child not in seen:
                seen.add(child)
                out.append(child)
                todo.append(child)
    return out
