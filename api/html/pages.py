"""The site's own pages: home, the SPARQL form, a resource's description, not found.

Each function gathers what its template shows and renders it in the frame
(``api.templating``); every value is escaped by the template.

>>> "&lt;b&gt;" in not_found_page("<b>", base="")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from api.templating import compact, render
from kg.catalogue.describe import Description

__all__ = [
    "EXAMPLE_QUERY",
    "home_page",
    "not_found_page",
    "resource_page",
    "term_view",
]

#: The query the pages offer as an example: the pillars of technocracy and their definitions.
EXAMPLE_QUERY = """\
PREFIX tech: <https://w3id.org/technocracy/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?pillar ?label ?definition WHERE {
  ?pillar a tech:TechnocracyPillar ;
          skos:prefLabel ?label ;
          skos:definition ?definition .
}
ORDER BY ?pillar"""


def home_page(
    graphs: Sequence[tuple[str, int]], links: Mapping[str, str], example_url: str, *, base: str
) -> str:
    """The home page: where to go, the named graphs with their sizes, an example query."""
    return render(
        "home.html",
        base=base,
        title="Technocracy KG",
        crumbs=None,
        graphs=graphs,
        links=links,
        example=EXAMPLE_QUERY,
        example_url=example_url,
    )


def term_view(term: object, label: str | None = None) -> dict[str, Any]:
    """An RDF term as a template shows it: ``kind`` (iri, bnode, literal), ``value``,
    ``label`` and ``language``.

    >>> term_view(ox.Literal("x", language="en"))["language"]
    'en'
    """
    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", "value": term.value, "label": label, "language": None}
    if isinstance(term, ox.BlankNode):
        return {"kind": "bnode", "value": term.value, "label": None, "language": None}
    if isinstance(term, ox.Literal):
        return {"kind": "literal", "value": term.value, "label": None, "language": term.language}
    return {"kind": "literal", "value": str(term), "label": None, "language": None}


def _where(page: int | None, start: int | None, end: int | None) -> str:
    where = [f"page {page}"] if page is not None else []
    if start is not None and end is not None:
        where.append(f"characters {start}–{end}")
    return ", ".join(where)


def resource_page(
    d: Description,
    base: str,
    formats: dict[str, str],
    alternates: Mapping[str, str] | None = None,
) -> str:
    """The page of a resource: label, definition, sources, anchors, links out and in.

    ``formats`` maps a format's name to the URL of this description in it, linked in the
    text; ``alternates`` (media type -> URL) go in the head.
    """
    return render(
        "resource.html",
        base=base,
        title=d.label or compact(d.iri),
        crumbs=[],
        iri=d.iri,
        types=[term_view(s.value, s.label) for s in d.types],
        definition=d.definition,
        sources=[term_view(s.value, s.label) for s in d.sources],
        anchors=[
            {"iri": a.iri, "quote": a.quote, "where": _where(a.page, a.start, a.end)}
            for a in d.anchors
        ],
        statements=[(s.predicate, term_view(s.value, s.label)) for s in d.statements],
        links_in=[(term_view(i.subject, i.label), i.predicate) for i in d.links_in],
        formats=formats,
        alternates=alternates or {},
    )


def not_found_page(message: str, *, base: str) -> str:
    """The page of a 404."""
    return render("message.html", base=base, title="Not found", crumbs=[], message=message)
