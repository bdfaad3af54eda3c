"""An ``ArgMap`` as Argdown text that reads back (``parse_argdown``) as the same map.

Sections become headings; each element is defined once, in its section, in the order it
first appeared, with its tags and ``{ }`` metadata; each relation is written under the
later of its two ends (so that no element is mentioned before the section it belongs to);
a reconstructed argument is followed by its premise-conclusion structure, whose statements
are defined in place when they appear there first.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> m = parse_argdown("[T]: A thesis. #main\\n  + <A>: Because. {cites: [x2019y]}\\n")
>>> print(write_argdown(m))
[T]: A thesis. #main
<BLANKLINE>
<A>: Because. {cites: [x2019y]}
  +> [T]
<BLANKLINE>
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kg.argmap.model import ArgMap, Argument, Ref, Relation, Section, Statement

__all__ = ["write_argdown"]

_OUT_SYMBOL = {"support": "+>", "attack": "->", "undercut": "_>", "contradiction": "><"}
_IN_SYMBOL = {"support": "<+", "attack": "<-", "undercut": "<_", "contradiction": "><"}
_PLAIN_TAG = re.compile(r"[\w][\w\-]*$")


def _flow(data: dict[str, Any]) -> str:
    text = yaml.safe_dump(
        data, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**9
    )
    return " ".join(text.split())


def _tag(tag: str) -> str:
    return f"#{tag}" if _PLAIN_TAG.match(tag) else f"#({tag})"


def _ref(ref: Ref) -> str:
    kind, title = ref
    return f"[{title}]" if kind == "statement" else f"<{title}>"


def _escape(text: str) -> str:
    """Text that reads back as itself: no line starting a relation, no stray tag or data."""
    text = " ".join(text.split())
    # a '#' that would read as a tag, or a '{' that would read as metadata, is kept out
    text = re.sub(r"(?:(?<=\s)|^)#(?=[\w(])", "＃", text)
    return text.replace("{", "｛") if text.rstrip().endswith("}") else text


class _Writer:
    def __init__(self, m: ArgMap) -> None:
        self.m = m
        self.lines: list[str] = []
        self.written: set[Ref] = set()
        self.deferred: set[str] = set()  # arguments whose structure is written later
        self.home: dict[Ref, str | None] = {}
        self.rank = {ref: i for i, ref in enumerate(self._order())}
        # each relation goes under the end that is written later
        self.placed: dict[Ref, list[Relation]] = {}
        for relation in m.relations:
            later = max(relation.source, relation.target, key=lambda r: self.rank[r])
            self.placed.setdefault(later, []).append(relation)
        self.extra: list[str] = []

    def _order(self) -> list[Ref]:
        """Elements by section (document order), then by first appearance. The statements
        that first appear in a premise-conclusion structure follow it; a structure whose
        statements belong to a later section than its argument is written there, as
        ``("pcs", title)``."""
        section_rank: dict[str | None, int] = {s.id: i for i, s in enumerate(self.m.sections)}
        position = {ref: i for i, ref in enumerate(self.m.order)}

        def rank_of(ref: Ref) -> int:
            return section_rank.get(self.m.element(ref).section, -1)

        order = sorted(self.m.order, key=rank_of)
        owner: dict[Ref, str] = {}  # statement first appearing in a structure -> argument
        for title, argument in self.m.arguments.items():
            for step in argument.pcs:
                sref = ("statement", step.title)
                if position[sref] > position[("argument", title)]:
                    owner.setdefault(sref, title)
        placed: list[Ref] = []
        seen: set[Ref] = set()

        def structure(title: str, rank: int) -> None:
            for step in self.m.arguments[title].pcs:
                sref = ("statement", step.title)
                if sref not in seen and owner.get(sref) == title and rank_of(sref) == rank:
                    placed.append(sref)
                    seen.add(sref)

        for ref in order:
            if ref in seen:
                continue
            if ref[0] == "statement" and ref in owner:
                title = owner[ref]
                if ("pcs", title) not in seen and ("argument", title) in seen:
                    self.deferred.add(title)
                    placed.append(("pcs", title))
                    seen.add(("pcs", title))
                    self.home[("pcs", title)] = self.m.element(ref).section
                    structure(title, rank_of(ref))
                    continue
            placed.append(ref)
            seen.add(ref)
            if ref[0] == "argument" and self.m.arguments[ref[1]].pcs:
                later = [
                    s
                    for s in self.m.arguments[ref[1]].pcs
                    if owner.get(("statement", s.title)) == ref[1]
                    and rank_of(("statement", s.title)) > rank_of(ref)
                ]
                if not later:
                    seen.add(("pcs", ref[1]))
                    structure(ref[1], rank_of(ref))
        return placed

    def definition(self, ref: Ref) -> str:
        element = self.m.element(ref)
        text = element.text
        parts = [f"{_ref(ref)}:" if text else _ref(ref)]
        if text:
            parts.append(_escape(text))
        parts.extend(_tag(t) for t in element.tags)
        if element.data:
            parts.append(_flow(element.data))
        self.written.add(ref)
        more = element.texts[1:] if isinstance(element, Statement) else element.descriptions[1:]
        self.extra.extend(f"{_ref(ref)}: {_escape(t)}" for t in more)
        return " ".join(parts)

    def relations_of(self, ref: Ref, indent: str) -> None:
        for relation in self.placed.pop(ref, []):
            if relation.source == ref:
                self.lines.append(f"{indent}{_OUT_SYMBOL[relation.kind]} {_ref(relation.target)}")
            else:
                self.lines.append(f"{indent}{_IN_SYMBOL[relation.kind]} {_ref(relation.source)}")

    def flush_extra(self) -> None:
        for line in self.extra:
            self.lines.extend([line, ""])
        self.extra = []

    def element(self, ref: Ref) -> None:
        if ref in self.written:
            return
        if ref[0] == "pcs":
            self.reconstruction(self.m.arguments[ref[1]], defined=True)
            return
        if ref[0] == "argument" and self.m.arguments[ref[1]].pcs and ref[1] not in self.deferred:
            self.reconstruction(self.m.arguments[ref[1]])
            return
        self.lines.append(self.definition(ref))
        self.relations_of(ref, "  ")
        self.lines.append("")
        self.flush_extra()

    def reconstruction(self, argument: Argument, *, defined: bool = False) -> None:
        ref = ("argument", argument.title)
        self.lines.extend([_ref(ref) if defined else self.definition(ref), ""])
        for number, step in enumerate(argument.pcs, start=1):
            if step.inference is not None:
                rules = ", ".join(step.inference.rules)
                if step.inference.data:
                    rules = f"{rules} {_flow(step.inference.data)}".strip()
                self.lines.extend(["--", rules, "--"] if rules else ["----"])
            sref = ("statement", step.title)
            head = _ref(sref) if sref in self.written else self.definition(sref)
            self.lines.append(f"({number}) {head}")
            self.relations_of(sref, "    ")
        self.lines.append("")
        if ref in self.placed:
            self.lines.append(_ref(ref))
            self.relations_of(ref, "  ")
            self.lines.append("")
        self.flush_extra()

    def heading(self, section: Section) -> None:
        self.lines.extend([f"{'#' * section.level} {_escape(section.title)}", ""])

    def run(self) -> str:
        if self.m.frontmatter:
            body = yaml.safe_dump(self.m.frontmatter, allow_unicode=True, sort_keys=False)
            self.lines.extend(["===", body.rstrip("\n"), "===", ""])
        by_section: dict[str | None, list[Ref]] = {}
        for ref in self.rank:
            home = self.home[ref] if ref[0] == "pcs" else self.m.element(ref).section
            by_section.setdefault(home, []).append(ref)
        for ref in by_section.get(None, []):
            self.element(ref)
        for section in self.m.sections:
            self.heading(section)
            for ref in by_section.get(section.id, []):
                self.element(ref)
        return "\n".join(self.lines).rstrip("\n") + "\n"


def write_argdown(m: ArgMap) -> str:
    """``m`` as Argdown text."""
    return _Writer(m).run()
