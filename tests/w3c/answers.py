"""Answers to W3C tests, read and made comparable: a boolean, solutions, triples or an
error, each an ``Answer``; ``same`` says whether two are the same answer.

Blank nodes are compared up to renaming (solutions by a search for a one-to-one renaming,
graphs by rdflib's ``isomorphic``); solutions are compared in order only when the query
orders them at its top level, and as a set for a test that allows any cardinality
(``mf:LaxCardinality``). Terms are compared in their N-Triples form: literals keep their
lexical form (``"01"`` is not ``"1"``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic

from kg.store.sparqltext import query_form

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
#: The results formats pyoxigraph reads, by file suffix.
RESULTS_FILES = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}
#: The RDF formats of data and expected graphs, by file suffix.
RDF_FILES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".nt": ox.RdfFormat.N_TRIPLES,
}

Row = Mapping[str, object]  # variable -> pyoxigraph term, or a CSV cell


def ordered(query: str) -> bool:
    """Whether the query orders its solutions: an ``ORDER BY`` outside every group (a
    sub-select's does not order the answer)."""
    text = re.sub(
        r"\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"
        r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*",
        " ",
        query,
    )
    depth = 0
    for token in re.finditer(r"[{}]|\border\s+by\b", text, re.IGNORECASE):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
        elif depth == 0:
            return True
    return False


@dataclass(frozen=True)
class Answer:
    """One answer, made comparable: ``kind`` is ``boolean``, ``solutions``, ``graph`` or
    ``error``; ``rows`` are solutions as sorted (variable, term) pairs, or triples, each term
    in N-Triples form (a CSV cell as ``csv TEXT``, a blank node as ``_:label``)."""

    kind: str
    rows: tuple[tuple[tuple[str, str], ...], ...] = ()
    in_order: bool = False
    value: str = ""


def _term(term: object) -> str:
    if isinstance(term, str):  # a CSV cell: a blank node label, or any other text
        return term if term.startswith("_:") else f"csv {term}"
    return str(term)


def _blank(text: str) -> bool:
    return text.startswith("_:")


def solutions_answer(rows: Iterable[Row], *, in_order: bool, lax: bool) -> Answer:
    """Solutions (unbound variables left out) as an ``Answer``."""
    made = [tuple(sorted((k, _term(v)) for k, v in row.items())) for row in rows]
    if lax:  # as a set: each distinct solution once
        made = list(dict.fromkeys(made))
    return Answer("solutions", tuple(made), in_order=in_order)


def triples_answer(triples: Iterable[ox.Triple]) -> Answer:
    """A graph as an ``Answer``."""
    rows = {
        (("s", _term(t.subject)), ("p", _term(t.predicate)), ("o", _term(t.object)))
        for t in triples
    }
    return Answer("graph", tuple(sorted(rows)))


def boolean_answer(value: bool) -> Answer:
    """The answer of an ASK query."""
    return Answer("boolean", value=str(value).lower())


def error_answer(kind: str) -> Answer:
    """A failure, by its kind (``syntax error``, or the class of the error)."""
    return Answer("error", value=kind)


def raw_answer(raw: object, *, in_order: bool, lax: bool) -> Answer:
    """What pyoxigraph returned (solutions, a boolean, triples) as an ``Answer``."""
    if isinstance(raw, ox.QueryBoolean):
        return boolean_answer(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        names = [v.value for v in raw.variables]
        rows = [{n: s[n] for n in names if s[n] is not None} for s in raw]
        return solutions_answer(rows, in_order=in_order, lax=lax)
    if isinstance(raw, ox.QueryTriples):
        return triples_answer(raw)
    raise TypeError(f"not a pyoxigraph answer: {type(raw).__name__}")


def difference(expected: Answer, got: Answer) -> str:
    """How ``got`` differs from ``expected``, in a line: what a failure's reason shows."""
    if expected.kind != got.kind or expected.value != got.value:
        return (
            f"expected {expected.kind} {expected.value}".rstrip()
            + f", got {got.kind} {got.value}".rstrip()
        )
    missing = sorted(set(expected.rows) - set(got.rows))
    extra = sorted(set(got.rows) - set(expected.rows))
    shown = "; ".join(
        f"{label} {' '.join(f'{k}={v}' for k, v in rows[0])}"
        for label, rows in (("missing", missing), ("unexpected", extra))
        if rows
    )
    counts = f"{len(expected.rows)} {expected.kind} expected, {len(got.rows)} got"
    return f"{counts}; {shown or 'the same rows in another order, or blank nodes shared otherwise'}"


def same(one: Answer, other: Answer) -> bool:
    """Whether two answers are the same, blank nodes up to renaming."""
    if (one.kind, one.value, len(one.rows)) != (other.kind, other.value, len(other.rows)):
        return False
    blanks = any(_blank(v) for row in (*one.rows, *other.rows) for _, v in row)
    if one.kind == "graph":
        return one.rows == other.rows if not blanks else _isomorphic(one.rows, other.rows)
    if not blanks:
        ordered_too = one.in_order and other.in_order
        return one.rows == other.rows if ordered_too else sorted(one.rows) == sorted(other.rows)
    return _renaming(one.rows, other.rows, in_order=one.in_order and other.in_order)


def _isomorphic(one: Sequence[tuple], other: Sequence[tuple]) -> bool:
    def graph(rows: Sequence[tuple]) -> Graph:
        made = Graph()
        for row in rows:
            s, p, o = (BNode(v[2:]) if _blank(v) else Literal(v) for _, v in row)
            made.add((s, p, o))
        return made

    return isomorphic(graph(one), graph(other))


def _shape(row: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, "_:" if _blank(v) else v) for k, v in row)


def _renaming(one: Sequence[tuple], other: Sequence[tuple], *, in_order: bool) -> bool:
    """Whether a one-to-one renaming of blank nodes makes ``one`` into ``other``: row by row
    in order, or as multisets (a backtracking search over the rows of the same shape)."""
    if not in_order and Counter(map(_shape, one)) != Counter(map(_shape, other)):
        return False
    forward: dict[str, str] = {}
    backward: dict[str, str] = {}
    used = [False] * len(other)

    def bind(mine: tuple, theirs: tuple) -> list[str] | None:
        added: list[str] = []
        for (k1, v1), (k2, v2) in zip(mine, theirs, strict=True):
            if k1 != k2 or _blank(v1) != _blank(v2) or (not _blank(v1) and v1 != v2):
                break
            if _blank(v1):
                if forward.get(v1, v2) != v2 or backward.get(v2, v1) != v1:
                    break
                if v1 not in forward:
                    forward[v1], backward[v2] = v2, v1
                    added.append(v1)
        else:
            return added
        for v in added:
            del backward[forward.pop(v)]
        return None

    def match(i: int) -> bool:
        if i == len(one):
            return True
        choices = [i] if in_order else range(len(other))
        for j in choices:
            if used[j] or len(other[j]) != len(one[i]) or _shape(other[j]) != _shape(one[i]):
                continue
            added = bind(one[i], other[j])
            if added is None:
                continue
            used[j] = True
            if match(i + 1):
                return True
            used[j] = False
            for v in added:
                del backward[forward.pop(v)]
        return False

    return match(0)


def csv_answer(data: bytes, *, in_order: bool) -> Answer:
    """A CSV answer: its cells as text (CSV keeps no types), blank nodes up to renaming."""
    reader = csv.reader(io.StringIO(data.decode("utf-8")))
    header, *body = list(reader)
    rows = [{k: v for k, v in zip(header, cells, strict=True) if v != ""} for cells in body]
    return solutions_answer(rows, in_order=in_order, lax=False)


def _result_set(triples: list[ox.Triple], *, in_order: bool, lax: bool) -> Answer:
    """A result set written in the results vocabulary (``rs:``), as in SPARQL 1.0's tests."""
    by_subject: dict[object, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    for t in triples:
        if t.predicate.value == RS + "boolean":
            return boolean_answer(t.object.value == "true")
    indexed: list[tuple[int, Row]] = []
    for t in triples:
        if t.predicate.value != RS + "solution":
            continue
        row: dict[str, object] = {}
        index = len(indexed)
        for s in by_subject.get(t.object, []):
            if s.predicate.value == RS + "index":
                index = int(s.object.value)
            elif s.predicate.value == RS + "binding":
                parts = {b.predicate.value: b.object for b in by_subject.get(s.object, [])}
                row[parts[RS + "variable"].value] = parts[RS + "value"]
        indexed.append((index, row))
    rows = [row for _, row in sorted(indexed, key=lambda pair: pair[0])]
    return solutions_answer(rows, in_order=in_order, lax=lax)


def expected_answer(result: Path, query: str, *, lax: bool) -> Answer:
    """A test's expected answer, read from its file."""
    in_order = ordered(query)
    suffix = result.suffix
    if suffix == ".csv":
        return csv_answer(result.read_bytes(), in_order=in_order)
    if suffix in RESULTS_FILES:
        raw = ox.parse_query_results(path=str(result), format=RESULTS_FILES[suffix])
        return raw_answer(raw, in_order=in_order, lax=lax)
    triples = [
        q.triple
        for q in ox.parse(path=str(result), format=RDF_FILES[suffix], base_iri=result.as_uri())
    ]
    if query_form(query) in ("SELECT", "ASK"):
        return _result_set(triples, in_order=in_order, lax=lax)
    return triples_answer(triples)
