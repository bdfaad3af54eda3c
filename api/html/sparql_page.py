"""The SPARQL page (``api/templates/sparql.html``): the YASGUI editor over a plain form, and a
query's results as a table.

YASGUI runs from ``/static`` (``make web-assets`` installs it), configured by
``/static/sparql-editor.js`` from a JSON block of the page: the endpoint, the project's
prefixes, the named queries as examples. The form below it works without scripts; it asks for
``format=html``, which answers this page again with the results in a table.

>>> table = results_table("application/sparql-results+json",
...     b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal",'
...     b' "value": "<b>", "xml:lang": "en"}}]}}', "")
>>> page = sparql_page("/sparql", {}, query="SELECT * {}", table=table)
>>> "<td>&lt;b&gt; <small>@en</small></td>" in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from api.html.pages import EXAMPLE_QUERY
from api.negotiation import GRAPHS, RESULTS
from api.templating import clickable, compact, local_href, render
from kg.rdf.namespaces import PREFIXES
from kg.store.named import NamedQuery

__all__ = ["MAX_ROWS", "Cell", "ResultsTable", "results_table", "sparql_page"]


#: The rows a results page shows; the count says how many there were.
MAX_ROWS = 1000

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Cell:
    """One RDF term as the page shows it: its text, a link (``href``) where this server or
    the web shows it, the full IRI as a tooltip, and a note (language or datatype)."""

    text: str
    href: str | None = None
    title: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ResultsTable:
    """A query's results: a boolean (ASK), or columns and rows (SELECT; a graph's triples)."""

    columns: Sequence[str] = ()
    rows: Sequence[Sequence[Cell | None]] = ()
    total: int = 0
    boolean: bool | None = None


def _cell(term: object, base: str) -> Cell | None:
    if isinstance(term, ox.NamedNode):
        href = local_href(term.value, base)
        return Cell(compact(term.value), href if clickable(href) else None, term.value)
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    if isinstance(term, ox.Literal):
        if term.language:
            return Cell(term.value, note=f"@{term.language}")
        datatype = term.datatype.value
        return Cell(term.value, note=None if datatype == _XSD_STRING else compact(datatype))
    if isinstance(term, ox.Triple):
        return Cell(f"<< {term} >>")
    return None


def results_table(media_type: str, body: bytes, base: str, limit: int = MAX_ROWS) -> ResultsTable:
    """The table of a query's answer, read from SPARQL JSON results or N-Triples (what the
    endpoint answers with ``format=application/sparql-results+json,application/n-triples``);
    the first ``limit`` rows of it, and how many there were. Links are made against ``base``,
    the server's URL."""
    if media_type == "application/n-triples":
        rows: list[list[Cell | None]] = []
        total = 0
        for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            total += 1
            if total <= limit:
                rows.append(
                    [_cell(t, base) for t in (triple.subject, triple.predicate, triple.object)]
                )
        return ResultsTable(("subject", "predicate", "object"), rows, total)
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return ResultsTable(boolean=bool(parsed))
    columns = [v.value for v in parsed.variables]
    rows, total = [], 0
    for solution in parsed:
        total += 1
        if total <= limit:
            rows.append([_cell(solution[name], base) for name in columns])
    return ResultsTable(columns, rows, total)


def _line(text: str) -> str:
    """``text`` on one line, to stay within a SPARQL comment.

    >>> _line("two\\n  lines")
    'two lines'
    """
    return " ".join(text.split())


def _example(query: NamedQuery) -> dict[str, str]:
    """A named query as the editor offers it: its summary and parameters as comments."""
    lines = [_line(f"# {query.name}: {query.summary}")]
    if query.params:
        lines.append(f"# parameters, unbound here (/queries/{query.name} takes them):")
        lines += [
            "#   " + _line(f"?{name}: {p.type}. {p.description}")
            for name, p in query.params.items()
        ]
    return {"name": query.name, "summary": query.summary, "query": "\n".join([*lines, query.text])}


def sparql_page(
    endpoint: str,
    queries: Mapping[str, NamedQuery],
    *,
    query: str | None = None,
    table: ResultsTable | None = None,
    static: str | None = None,
) -> str:
    """The page: the editor for ``endpoint`` with ``query`` in it (else the example query),
    the named ``queries`` as examples, and ``table`` under it when a query was run."""
    examples = [_example(q) for q in queries.values()]
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "example": EXAMPLE_QUERY,
        "query": query,
        "examples": examples,
    }
    base = endpoint.removesuffix("/sparql")
    static = static or f"{base}/static"  # this server's, as every link of the frame
    return render(
        "sparql.html",
        base=base,
        title="SPARQL query",
        crumbs=[],
        static=static,
        config=config,
        query=query if query is not None else EXAMPLE_QUERY,
        examples=examples,
        results_formats=RESULTS,
        graph_formats=GRAPHS,
        table=table,
    )
