"""The HTML pages, plain and small, written with the standard library.

Every value that goes into a page passes through ``html.escape``.

>>> "&lt;b&gt;" in layout("<b>", "")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .negotiation import GRAPHS, RESULTS

__all__ = ["EXAMPLE_QUERY", "home_page", "layout", "query_form_page"]

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


def layout(title: str, body: str) -> str:
    """A whole page around ``body`` (already HTML); ``title`` is text."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
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
</ul>
<h2>Named graphs</h2>
{contents}
<h2>Example query</h2>
<p>The pillars of technocracy, with their definitions:</p>
<pre>{escape(EXAMPLE_QUERY)}</pre>
<p><a href="{escape(example_url)}">Run it</a></p>"""
    return layout("Technocracy KG", body)


def query_form_page(endpoint: str) -> str:
    """A form that sends a query to the endpoint by GET, with a choice of result format."""
    results = "".join(f'<option value="{o.name}">{escape(o.media_type)}</option>' for o in RESULTS)
    graphs = "".join(f'<option value="{o.name}">{escape(o.media_type)}</option>' for o in GRAPHS)
    body = f"""
<p>SPARQL 1.1 query endpoint: <code>{escape(endpoint)}</code>.
Send <code>query=</code> by GET or POST; pick the format by <code>Accept</code> or
<code>format=</code>.</p>
<form method="get" action="{escape(endpoint)}">
<p><textarea name="query" rows="12" cols="80">{escape(EXAMPLE_QUERY)}</textarea></p>
<p><label>Format
<select name="format">
<option value="application/json" selected>JSON results or JSON-LD graphs</option>
<option value="">by Accept header</option>
<optgroup label="SELECT and ASK">{results}</optgroup>
<optgroup label="CONSTRUCT and DESCRIBE">{graphs}</optgroup>
</select></label>
<button type="submit">Run query</button></p>
</form>"""
    return layout("SPARQL query", body)
