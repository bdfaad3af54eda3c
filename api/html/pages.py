"""The HTML pages, plain and small, written with the standard library.

Every value that goes into a page passes through ``html.escape``.

>>> "&lt;b&gt;" in layout("<b>", "")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.catalogue.describe import Description
from kg.rdf.namespaces import ID, ONTOLOGY_IRI, PREFIXES
from kg.rdf.vocab import TECH

__all__ = [
    "EXAMPLE_QUERY",
    "LINK_SCHEMES",
    "clickable",
    "compact",
    "home_page",
    "layout",
    "link",
    "local_href",
    "not_found_page",
    "resource_page",
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

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }
code, pre, textarea { font-family: ui-monospace, monospace; }
pre, textarea { background: #f6f6f6; padding: .75rem; border: 1px solid #ddd; }
textarea { width: 100%; box-sizing: border-box; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid #eee; }
td.n { text-align: right; }
"""


def layout(title: str, body: str, alternates: Mapping[str, str] | None = None) -> str:
    """A whole page around ``body`` (already HTML); ``title`` is text; ``alternates`` maps
    a media type to the URL of the same thing in it (``<link rel="alternate">``)."""
    links = "".join(
        f'<link rel="alternate" type="{escape(media)}" href="{escape(url)}">\n'
        for media, url in (alternates or {}).items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{links}<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def home_page(graphs: Sequence[tuple[str, int]], links: dict[str, str], example_url: str) -> str:
    """The home page: the named graphs with their sizes, where to go, an example query."""
    if graphs:
        rows = "\n".join(
            f'<tr><td><code>{escape(g)}</code></td><td class="n">{n:,}</td></tr>' for g, n in graphs
        )
        contents = f"<table>\n<tr><th>graph</th><th>triples</th></tr>\n{rows}\n</table>"
    else:
        contents = "<p>The store is empty: build it with <code>tkg build</code>.</p>"
    body = f"""
<p>A knowledge graph of the concepts of algorithmic technocracy and the works that
discuss them, queryable with SPARQL.</p>
<ul>
<li><a href="{escape(links["sparql"])}">SPARQL endpoint</a> (SPARQL 1.1 Protocol;
open it in a browser for a query form)</li>
<li><a href="{escape(links["docs"])}">API documentation</a> (OpenAPI)</li>
<li><a href="{escape(links["concepts"])}">Concepts</a>,
<a href="{escape(links["works"])}">works</a> and
<a href="{escape(links["search"])}">search</a></li>
</ul>
<h2>Named graphs</h2>
{contents}
<h2>Example query</h2>
<p>The pillars of technocracy, with their definitions:</p>
<pre>{escape(EXAMPLE_QUERY)}</pre>
<p><a href="{escape(example_url)}">Run it</a></p>"""
    return layout("Technocracy KG", body)


# -- linked data -----------------------------------------------------------------------------


def local_href(iri: str, base: str) -> str:
    """Where this server shows ``iri``: ``/id/...`` for data, ``/ontology/...`` for terms;
    any other IRI is its own link.

    >>> local_href("https://w3id.org/technocracy/id/work/x#a", "http://h")
    'http://h/id/work/x#a'
    >>> local_href("https://w3id.org/technocracy/ontology#Smartmentality", "")
    '/ontology/Smartmentality'
    >>> local_href("http://purl.org/dc/terms/title", "http://h")
    'http://purl.org/dc/terms/title'
    """
    if iri.startswith(str(ID)):
        return f"{base}/id/{quote(iri[len(ID) :], safe='/#-_.~:()')}"
    tech = str(TECH)
    if iri.startswith(tech) and len(iri) > len(tech):
        return f"{base}/ontology/{quote(iri[len(tech) :], safe='-_.~')}"
    if iri == ONTOLOGY_IRI:
        return f"{base}/ontology"
    return iri


#: The schemes a page makes clickable; any other IRI (``javascript:``, ``data:``, ``file:``,
#: a URN) is shown as text, since a click on it could run or open anything.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def clickable(href: str) -> bool:
    """Whether ``href`` may be a link: http(s), mailto, or relative to this server.

    >>> [clickable(h) for h in ("/id/x", "https://e.org/", "JavaScript:alert(1)", "urn:x:y")]
    [True, True, False, False]
    """
    scheme = urlsplit(href).scheme.lower()
    return scheme in LINK_SCHEMES if scheme else True


def link(iri: str, text: str, base: str, *, title: str | None = None) -> str:
    """``iri`` as a link where this server shows it, or as plain text if not clickable.

    >>> link("javascript:alert(1)", "x", "")
    '<span class="iri" title="javascript:alert(1)">x</span>'
    >>> link("https://w3id.org/technocracy/ontology#Actor", "Actor", "")
    '<a href="/ontology/Actor">Actor</a>'
    """
    href = local_href(iri, base)
    titled = f' title="{escape(title)}"' if title else ""
    if not clickable(href):
        return f'<span class="iri" title="{escape(iri)}">{escape(text)}</span>'
    return f'<a href="{escape(href)}"{titled}>{escape(text)}</a>'


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI.

    >>> compact("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    """
    best = max(
        ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def _term(term: object, label: str | None, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        return link(term.value, label or compact(term.value), base, title=term.value)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{escape(term.value)}</code>"
    if isinstance(term, ox.Literal):
        note = f' <small lang="en">@{escape(term.language)}</small>' if term.language else ""
        return f"{escape(term.value)}{note}"
    return escape(str(term))


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
    title = d.label or compact(d.iri)
    parts = [f"<p><code>{escape(d.iri)}</code></p>"]
    if d.types:
        types = ", ".join(_term(s.value, s.label, base) for s in d.types)
        parts.append(f"<p>A {types}.</p>")
    if d.definition:
        parts.append(
            f'<p class="definition"><strong>Definition.</strong> {escape(d.definition)}</p>'
        )
    if d.sources:
        items = "".join(f"<li>{_term(s.value, s.label, base)}</li>" for s in d.sources)
        parts.append(f"<h2>Sources</h2>\n<ul>{items}</ul>")
    if d.anchors:
        quotes = []
        for a in d.anchors:
            where = [f"page {a.page}"] if a.page is not None else []
            if a.start is not None and a.end is not None:
                where.append(f"characters {a.start}–{a.end}")
            anchor = link(a.iri, compact(a.iri), base)
            quotes.append(
                f"<li><blockquote>{escape(a.quote)}</blockquote>"
                f"<p>{escape(', '.join(where))} ({anchor})</p></li>"
            )
        parts.append(f"<h2>Anchors in the text</h2>\n<ul>{''.join(quotes)}</ul>")
    rows = "".join(
        f"<tr><td>{link(s.predicate, compact(s.predicate), base)}</td>"
        f"<td>{_term(s.value, s.label, base)}</td></tr>"
        for s in d.statements
    )
    parts.append(
        "<h2>Links out</h2>\n"
        + (
            f"<table>\n<tr><th>property</th><th>value</th></tr>\n{rows}\n</table>"
            if rows
            else "<p>None.</p>"
        )
    )
    rows = "".join(
        f"<tr><td>{_term(incoming.subject, incoming.label, base)}</td>"
        f"<td>{link(incoming.predicate, compact(incoming.predicate), base)}</td></tr>"
        for incoming in d.links_in
    )
    parts.append(
        "<h2>Links in</h2>\n"
        + (
            f"<table>\n<tr><th>resource</th><th>property</th></tr>\n{rows}\n</table>"
            if rows
            else "<p>None.</p>"
        )
    )
    links = " · ".join(
        f'<a href="{escape(url)}">{escape(name)}</a>' for name, url in formats.items()
    )
    parts.append(f"<p>This description as RDF: {links}</p>")
    return layout(title, "\n".join(parts), alternates)


def not_found_page(message: str) -> str:
    """The page of a 404."""
    return layout("Not found", f"<p>{escape(message)}</p>")
