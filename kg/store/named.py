"""Named queries: ``queries/NAME.rq`` files with a ``#+`` YAML header.

The header says what the query is for and which parameters it takes::

    #+ summary: Concepts of one family, with definitions and sources
    #+ tags: [concepts]
    #+ params:
    #+   scheme: {type: iri, required: true, description: the family's concept scheme}
    #+ limit: 200

A parameter is a variable of the query (``?scheme``) that the SELECT projects;
its value is parsed by type into an RDF term and reaches the query only as a
binding, never as text. The file name is the operation id.

>>> q = parse_named_query("demo", '''#+ summary: Demo
... #+ params:
... #+   n: {type: integer}
... SELECT ?n WHERE {}''')
>>> q.params["n"].to_term("3")
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import InputError, NotFoundError, ParameterError
from kg.resources import queries_dir
from kg.store import QueryResult, Store
from kg.store.sparqltext import form_start, inlined, query_form, with_values
from kg.yamltext import safe_load

__all__ = [
    "NamedQuery",
    "Param",
    "answer_named_query",
    "count_named_query",
    "counting_query",
    "get_query",
    "load_queries",
    "parse_named_query",
    "run_named_query",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
ParamType = Literal["iri", "string", "integer", "decimal", "boolean", "date", "year", "langstring"]
_DATATYPES = {
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "boolean": XSD + "boolean",
    "date": XSD + "date",
    "year": XSD + "gYear",
}
_CHECKS = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "decimal": re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$"),
    "boolean": re.compile(r"^(true|false)$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "year": re.compile(r"^-?\d{4}$"),
}
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


class Param(BaseModel):
    """One typed parameter of a named query."""

    model_config = ConfigDict(extra="forbid")

    type: ParamType = "string"
    description: str = ""
    required: bool = False
    default: str | int | float | bool | None = None
    enum: list[str] | None = None
    lang: str = "en"

    def to_term(self, value: Any, *, name: str = "value") -> ox.NamedNode | ox.Literal:
        """Parse ``value`` into an RDF term of this parameter's type."""
        text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
        if self.enum is not None and text not in self.enum:
            raise ParameterError(f"must be one of {', '.join(self.enum)}, not {text!r}", where=name)
        if self.type == "iri":
            if not _IRI.match(text):
                raise ParameterError(f"not an absolute IRI: {text!r}", where=name)
            try:
                return ox.NamedNode(text)
            except ValueError as exc:  # a code point no IRI may hold: a 400, never a 500
                raise ParameterError(f"not an IRI: {text!r} ({exc})", where=name) from exc
        if self.type == "string":
            return ox.Literal(str(value))
        if self.type == "langstring":
            return ox.Literal(str(value), language=self.lang)
        if not _CHECKS[self.type].match(text):
            raise ParameterError(f"not a valid {self.type}: {text!r}", where=name)
        return ox.Literal(text, datatype=ox.NamedNode(_DATATYPES[self.type]))


class NamedQuery(BaseModel):
    """A query file, parsed: its header and its text."""

    model_config = ConfigDict(extra="forbid")

    name: str
    summary: str
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    params: dict[str, Param] = Field(default_factory=dict)
    limit: int | None = 1000
    text: str

    def bindings(self, values: Mapping[str, Any]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Typed bindings for ``values``; unknown or missing parameters are errors."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise ParameterError(
                f"unknown parameter(s) {', '.join(unknown)}; this query takes "
                f"{', '.join(self.params) or 'none'}",
                where=self.name,
            )
        out: dict[str, ox.NamedNode | ox.Literal] = {}
        for name, param in self.params.items():
            value = values.get(name, param.default)
            if value is None or value == "":
                if param.required:
                    raise ParameterError("is required", where=f"{self.name}: {name}")
                continue
            out[name] = param.to_term(value, name=f"{self.name}: {name}")
        return out


def parse_named_query(name: str, source: str) -> NamedQuery:
    """Parse a query file's text; a header that does not parse is an error."""
    header = "\n".join(
        line[3:] if line.startswith("#+ ") else line[2:]
        for line in source.splitlines()
        if line.startswith("#+")
    )
    try:
        meta = safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the #+ header is not YAML: {exc}", where=f"queries/{name}.rq") from exc
    if not isinstance(meta, dict):
        raise InputError("the #+ header must be a mapping", where=f"queries/{name}.rq")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#+"))
    try:
        return NamedQuery(name=name, text=body.strip() + "\n", **meta)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InputError(f"bad #+ header: {problems}", where=f"queries/{name}.rq") from exc


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries in ``folder`` (default: the shipped ``queries/``), by name."""
    folder = folder or queries_dir()
    return {
        path.stem: parse_named_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.rq"))
    }


def run_named_query(
    store: Store,
    query: NamedQuery,
    values: Mapping[str, Any] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    graphs: Sequence[str] | None = None,
) -> QueryResult:
    """Run ``query`` with typed bindings, paged by ``limit`` and ``offset``; over the merge
    of ``graphs`` when given (the graphs of one document, say: what a page about it reads,
    however large the rest of the store), else over the store's default graph."""
    bindings = query.bindings(values or {})
    text = query.text
    limit = query.limit if limit is None else limit
    if limit is not None:
        if limit < 0 or offset < 0:
            raise ParameterError("limit and offset must not be negative", where=query.name)
        text = f"{text}LIMIT {int(limit)}\n"
    if offset:
        text = f"{text}OFFSET {int(offset)}\n"
    body = _COMMENT.sub("", query.text)
    if bindings and len(_SELECT.findall(body)) == 1 and not _UNION.search(body):
        # no sub-select, no UNION: the values as a VALUES block opening the WHERE group, as
        # a remote store gets them; Oxigraph plans its joins knowing those are bound, and
        # not pyoxigraph's substitutions (a work's citations beside 100 papers: 37 s from
        # every citation, 1 ms from the work). A sub-select or a UNION's branch would not
        # see a VALUES block of the outer group, and would run for every value
        # (concept-works: 8 s, not 0.1 s; concept-family beside 480 papers: seconds)
        return store.query(with_values(text, bindings), default_graphs=graphs or None)
    if bindings and len(_SELECT.findall(body)) == 1:
        # a UNION, no sub-select: the values written into each branch (inlined) where that
        # keeps the query's meaning; a concept's anchors beside 100 papers: 2.4 s -> 1 ms
        written = inlined(text, bindings)
        if written is not None:
            return store.query(written, default_graphs=graphs or None)
    return store.query(text, bindings=bindings, default_graphs=graphs or None)


_SELECT = re.compile(r"\bSELECT\b")
_UNION = re.compile(r"\bUNION\b")
_COMMENT = re.compile(r"^\s*#[^\n]*", re.MULTILINE)


#: The count's own variable, named so as not to meet one of the query's.
_COUNT = "tkgRowCount"


def counting_query(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """A query that counts the rows of the SELECT ``text`` with ``bindings``, on the server.

    The SELECT becomes a sub-select under the query's own prologue, and the bindings a
    ``VALUES`` block opening its ``WHERE`` group, typed terms as for a remote store: the
    same text then counts on every store (pyoxigraph's substitutions do not reach into a
    sub-select whose variable the outer query does not project).

    >>> print(counting_query("PREFIX e: <http://e/>\\nSELECT ?s WHERE { ?s e:p ?o } ORDER BY ?s",
    ...                      {"o": ox.Literal("x")}))
    PREFIX e: <http://e/>
    SELECT (COUNT(*) AS ?tkgRowCount) WHERE {
    SELECT ?s WHERE { VALUES (?o) { ("x") } ?s e:p ?o } ORDER BY ?s
    }
    """
    if query_form(text) != "SELECT":
        raise ParameterError("only the rows of a SELECT query can be counted", where="query")
    start = form_start(text)
    inner = with_values(text[start:], bindings)
    return f"{text[:start]}SELECT (COUNT(*) AS ?{_COUNT}) WHERE {{\n{inner}\n}}"


def count_named_query(
    store: Store, query: NamedQuery, values: Mapping[str, Any] | None = None
) -> int:
    """How many rows ``query`` gives for ``values`` (without its limit), counted by the
    store: no row leaves it."""
    rows = store.query(counting_query(query.text, query.bindings(values or {}))).rows()
    term = rows[0][_COUNT] if rows else None
    return int(term.value) if term is not None else 0


def answer_named_query(
    store: Store,
    query: NamedQuery,
    values: Mapping[str, Any],
    limit: int | None,
    offset: int,
    format: str,
) -> bytes:
    """The answer of ``query`` serialized in ``format`` (a results format's name): small
    and picklable, as a query worker (``kg.store.executor``) returns it."""
    return run_named_query(store, query, values, limit=limit, offset=offset).serialize(format)


def get_query(name: str, queries: Mapping[str, NamedQuery] | None = None) -> NamedQuery:
    """One named query by name."""
    queries = queries if queries is not None else load_queries()
    if name not in queries:
        raise NotFoundError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]
