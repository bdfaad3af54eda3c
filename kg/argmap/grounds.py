"""The works and concepts an argument map names, checked against the graph.

A map grounds its elements in works (``cites`` in an element's metadata: citation keys,
the ``work/{key}`` IRIs) and in the ontology's concepts (``about``: term names, the
``tech:`` IRIs). A work that neither the bibliography nor any document's reference list
holds, or a term the ontology does not declare, is most often a typo
(``sadowski2017googel``, ``LivingLabb``): the import refuses it, saying where it was
written and the closest known name, unless asked only to warn (``unknown="warn"``).
Argdown's own references (``[Title]``, ``<Title>``) and tags name nothing in the graph and
are not checked here (undefined ``[Title]`` references are, by ``kg.argmap.checks``).

>>> from kg.store import OxigraphStore
>>> from kg.argmap.argdown_parse import parse_argdown
>>> m = parse_argdown("[T]: A thesis. {about: [Smartmentalty]}")
>>> [(u.kind, u.name, u.line, u.column) for u in unknown_grounds(OxigraphStore(), m)]
[('concept', 'Smartmentalty', 1, 25)]
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.argmap.model import ArgMap, Ref
from kg.argmap.rdf import term_of, work_of
from kg.errors import DanglingReferenceError, InputError
from kg.rdf import graphs
from kg.rdf.namespaces import WORK
from kg.rdf.vocab import TECH
from kg.store import Store

__all__ = ["UNKNOWN", "Unknown", "check_grounds", "unknown_grounds"]

#: what to do with an unknown work or concept
UNKNOWN = ("error", "warn")

_KNOWN_WORKS = (
    "SELECT DISTINCT ?x WHERE { {VALUES} "
    f"{{ GRAPH <{graphs.BIBLIOGRAPHY}> {{ ?x a ?kind }} }} UNION "
    "{ ?reference <http://purl.org/spar/biro/references> ?x } }"
)
_KNOWN_TERMS = (
    f"SELECT DISTINCT ?x WHERE {{ {{VALUES}} GRAPH <{graphs.ONTOLOGY}> {{ ?x a ?kind }} "
    f'FILTER (STRSTARTS(STR(?x), "{TECH}")) }}'
)


@dataclass(frozen=True)
class Unknown:
    """A work or concept a map names that the graph does not hold."""

    kind: str  # "work" or "concept"
    name: str
    element: Ref
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None

    def message(self, source: str | None) -> str:
        where = f"{source or 'input'}:{self.line}:{self.column}: " if self.line else ""
        shown = f"[{self.element[1]}]" if self.element[0] == "statement" else f"<{self.element[1]}>"
        holder = (
            "neither the bibliography nor any document's reference list holds"
            if self.kind == "work"
            else "the ontology does not declare"
        )
        key = "cites" if self.kind == "work" else "about"
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"{where}{shown} {key} {self.name!r}, a {self.kind} that {holder}{hint}"


def _known(store: Store, query: str, iris: Iterable[str]) -> set[str]:
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))
    if not values:
        return set()
    rows = store.query(query.replace("{VALUES}", "VALUES ?x { " + values + " }")).rows()
    return {row["x"].value for row in rows if row["x"] is not None}


def _names(store: Store, query: str, prefix: str) -> list[str]:
    rows = store.query(query.replace("{VALUES}", "")).rows()
    return [row["x"].value[len(prefix) :] for row in rows if row["x"] is not None]


def unknown_grounds(store: Store, m: ArgMap) -> list[Unknown]:
    """Each work and concept ``m`` names that ``store`` does not hold, in map order."""
    named: list[tuple[str, str, Ref, str]] = []  # kind, name, element, IRI
    for ref in m.order:
        data = m.element(ref).data
        for key, kind, iri_of in (("cites", "work", work_of), ("about", "concept", term_of)):
            value = data.get(key) if isinstance(data, dict) else None
            for name in value if isinstance(value, list | tuple) else [value]:
                if name is not None and not isinstance(name, dict | list):
                    named.append((kind, str(name), ref, str(iri_of(str(name)))))
    works = _known(store, _KNOWN_WORKS, (i for k, _n, _r, i in named if k == "work"))
    terms = _known(store, _KNOWN_TERMS, (i for k, _n, _r, i in named if k == "concept"))
    missing = [n for n in named if n[3] not in (works if n[0] == "work" else terms)]
    if not missing:
        return []
    candidates = {
        "work": _names(store, _KNOWN_WORKS, str(WORK)),
        "concept": _names(store, _KNOWN_TERMS, str(TECH)),
    }
    out = []
    for kind, name, ref, _iri in missing:
        where = m.positions.get((ref, "cites" if kind == "work" else "about", name))
        close = difflib.get_close_matches(name, candidates[kind], n=1, cutoff=0.8)
        out.append(
            Unknown(
                kind,
                name,
                ref,
                where[0] if where else None,
                where[1] if where else None,
                close[0] if close else None,
            )
        )
    return sorted(out, key=lambda u: (u.line or 0, u.column or 0))


def check_grounds(
    store: Store,
    m: ArgMap,
    *,
    source: str | None = None,
    unknown: str = "error",
    warn: Callable[[str], None] | None = None,
) -> list[str]:
    """Refuse ``m`` if it names unknown works or concepts (``unknown="error"``), or return
    (and pass to ``warn``) one message for each (``unknown="warn"``)."""
    if unknown not in UNKNOWN:
        raise InputError(
            f"unknown is one of {', '.join(UNKNOWN)}, not {unknown!r}", where="unknown"
        )
    messages = [u.message(source) for u in unknown_grounds(store, m)]
    if messages and unknown == "error":
        raise DanglingReferenceError(
            f"{len(messages)} unknown work(s) or concept(s): "
            + "; ".join(messages)
            + " (import with unknown=warn to load the map anyway)"
        )
    for message in messages:
        if warn is not None:
            warn(message)
    return messages
