"""An argument map in memory: statements, arguments, relations, premise-conclusion structures.

The model follows Argdown's: a statement is an equivalence class of statement texts under
one title (untitled ones are numbered ``Untitled 1``, ``Untitled 2``...); an argument has
descriptions and, optionally, a premise-conclusion structure (``pcs``); relations join
statements and arguments. Tags and ``{ }`` metadata belong to the element they follow.

>>> m = ArgMap()
>>> m.statement("Thesis").texts.append("Cities are run by code.")
>>> m.argument("Code").descriptions.append("Software decides.")
>>> m.relate("support", ("argument", "Code"), ("statement", "Thesis"))
True
>>> m.relate("support", ("argument", "Code"), ("statement", "Thesis"))
False
>>> m.counts()
{'statements': 1, 'arguments': 1, 'relations': 1}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "KINDS",
    "ArgMap",
    "Argument",
    "Inference",
    "PcsStep",
    "Ref",
    "Relation",
    "Section",
    "Statement",
]

Kind = Literal["statement", "argument"]
#: An element of the map: ("statement" | "argument", title).
Ref = tuple[str, str]
#: The relation kinds: support (+), attack (-), contradiction (><), undercut (_>).
KINDS = ("support", "attack", "contradiction", "undercut")


@dataclass
class Statement:
    """A claim: its texts (one per definition, in order), tags, metadata, section."""

    title: str
    texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: str | None = None
    line: int = 0

    @property
    def text(self) -> str:
        """The first text given to the statement ("" when it is only referred to)."""
        return self.texts[0] if self.texts else ""


@dataclass
class Inference:
    """The inference line(s) of a premise-conclusion structure: rules and metadata."""

    rules: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class PcsStep:
    """One numbered statement of a premise-conclusion structure; ``inference`` is set on a
    conclusion (the inference that leads to it) and None on a premise."""

    title: str
    inference: Inference | None = None

    @property
    def is_conclusion(self) -> bool:
        return self.inference is not None


@dataclass
class Argument:
    """An argument: descriptions (gists), tags, metadata, section and its reconstruction."""

    title: str
    descriptions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: str | None = None
    pcs: list[PcsStep] = field(default_factory=list)
    line: int = 0

    @property
    def text(self) -> str:
        return self.descriptions[0] if self.descriptions else ""

    @property
    def premises(self) -> list[str]:
        return [step.title for step in self.pcs if not step.is_conclusion]

    @property
    def conclusion(self) -> str | None:
        """The main conclusion: the last statement of the structure."""
        return self.pcs[-1].title if self.pcs else None

    def role(self, index: int) -> str:
        """``premise``, ``intermediary-conclusion`` or ``main-conclusion`` (Argdown's names)."""
        step = self.pcs[index]
        if not step.is_conclusion:
            return "premise"
        return "main-conclusion" if index == len(self.pcs) - 1 else "intermediary-conclusion"


@dataclass(frozen=True)
class Relation:
    """``source`` supports, attacks, contradicts or undercuts ``target``."""

    kind: str
    source: Ref
    target: Ref

    def key(self) -> tuple:
        """Identity: a contradiction is symmetric, the others are directed."""
        if self.kind == "contradiction":
            return (self.kind, *sorted((self.source, self.target)))
        return (self.kind, self.source, self.target)


@dataclass
class Section:
    """A heading: ``id`` (s1, s2, ... in document order), level, title, parent id."""

    id: str
    title: str
    level: int
    parent: str | None = None


@dataclass
class ArgMap:
    """A whole map; ``frontmatter`` is the YAML block at the top of an Argdown file."""

    frontmatter: dict[str, Any] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    #: elements in the order they first appear
    order: list[Ref] = field(default_factory=list)
    #: where a metadata value naming a work or a concept was written (Argdown only):
    #: (element, key, value) -> (line, column); not part of what makes two maps the same
    positions: dict[tuple[Ref, str, str], tuple[int, int]] = field(default_factory=dict)

    def statement(self, title: str, *, section: str | None = None, line: int = 0) -> Statement:
        """The statement titled ``title``, created (and placed in ``section``) if new."""
        if title not in self.statements:
            self.statements[title] = Statement(title, section=section, line=line)
            self.order.append(("statement", title))
        return self.statements[title]

    def argument(self, title: str, *, section: str | None = None, line: int = 0) -> Argument:
        """The argument titled ``title``, created (and placed in ``section``) if new."""
        if title not in self.arguments:
            self.arguments[title] = Argument(title, section=section, line=line)
            self.order.append(("argument", title))
        return self.arguments[title]

    def element(self, ref: Ref) -> Statement | Argument:
        kind, title = ref
        return self.statements[title] if kind == "statement" else self.arguments[title]

    def has(self, ref: Ref) -> bool:
        kind, title = ref
        return title in (self.statements if kind == "statement" else self.arguments)

    def relate(self, kind: str, source: Ref, target: Ref) -> bool:
        """Add a relation unless the map has it already; True when added."""
        if kind not in KINDS:
            raise ValueError(f"unknown relation kind {kind!r}")
        relation = Relation(kind, source, target)
        if any(r.key() == relation.key() for r in self.relations):
            return False
        self.relations.append(relation)
        return True

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def counts(self) -> dict[str, int]:
        """How many statements, arguments and relations (as the Argdown CLI counts them)."""
        return {
            "statements": len(self.statements),
            "arguments": len(self.arguments),
            "relations": len(self.relations),
        }

    def canonical(self) -> dict[str, Any]:
        """Everything that makes two maps the same, order of first appearance aside."""
        return {
            "frontmatter": self.frontmatter,
            "statements": {
                t: (s.texts, sorted(s.tags), s.data, s.section) for t, s in self.statements.items()
            },
            "arguments": {
                t: (
                    a.descriptions,
                    sorted(a.tags),
                    a.data,
                    a.section,
                    [
                        (
                            p.title,
                            None if p.inference is None else (p.inference.rules, p.inference.data),
                        )
                        for p in a.pcs
                    ],
                )
                for t, a in self.arguments.items()
            },
            "relations": sorted(r.key() for r in self.relations),
            "sections": [(s.id, s.title, s.level, s.parent) for s in self.sections],
        }

    def same_as(self, other: ArgMap) -> bool:
        return self.canonical() == other.canonical()
