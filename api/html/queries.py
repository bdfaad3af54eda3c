"""The named queries as pages: the list, and each query as a form made from its typed
parameters, with its results as a table (IRIs as links) and its SPARQL shown.

>>> from kg.store.named import parse_named_query
>>> q = parse_named_query("q", "#+ summary: <S>\\nSELECT * WHERE { ?s ?p ?o }\\n")
>>> page = query_page(q, {}, None, None, base="")
>>> "&lt;S&gt;" in page and "<S>" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from api.templating import render
from kg.store.named import NamedQuery

__all__ = ["Results", "queries_page", "query_page", "results_table"]

#: A SELECT's results as the page shows them: the variables, then one row of cells each
#: (a cell: ``{"type": "uri" | "literal" | "bnode", "value": ..., "xml:lang": ...}`` or None).
Results = tuple[list[str], list[list[dict[str, Any] | None]]]


def results_table(body: Mapping[str, Any]) -> Results:
    """SPARQL 1.1 Query Results JSON as a table; an ASK's answer as one cell.

    >>> results_table({"head": {"vars": ["x"]},
    ...                "results": {"bindings": [{"x": {"type": "uri", "value": "http://e"}}]}})
    (['x'], [[{'type': 'uri', 'value': 'http://e'}]])
    >>> results_table({"head": {}, "boolean": True})
    (['boolean'], [[{'type': 'literal', 'value': 'true'}]])
    """
    if "boolean" in body:
        return ["boolean"], [[{"type": "literal", "value": str(body["boolean"]).lower()}]]
    names = list(body.get("head", {}).get("vars", []))
    rows = [[b.get(v) for v in names] for b in body.get("results", {}).get("bindings", [])]
    return names, rows


def queries_page(queries: Sequence[NamedQuery], *, base: str) -> str:
    """Every named query: its name (a link to its form), summary, tags and parameters."""
    return render("queries.html", base=base, title="Named queries", crumbs=[], queries=queries)


def query_page(
    query: NamedQuery,
    values: Mapping[str, str],
    results: Results | None,
    error: str | None,
    *,
    base: str,
) -> str:
    """One named query: a form of its parameters (filled with ``values``), then its
    results (if it ran) or what was wrong with the values (``error``), and its SPARQL."""
    fields = [
        {
            "name": name,
            "type": p.type,
            "required": p.required,
            "description": p.description,
            "enum": p.enum or (["true", "false"] if p.type == "boolean" else None),
            "value": values.get(name, ""),
            "default": "" if p.default is None else str(p.default),
        }
        for name, p in query.params.items()
    ]
    return render(
        "query.html",
        base=base,
        title=query.name,
        crumbs=[("Queries", f"{base}/queries")],
        query=query,
        fields=fields,
        results=results,
        error=error,
    )
