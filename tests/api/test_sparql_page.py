"""The SPARQL page over HTTP: the editor's set-up, the plain form, and a query's results as
an HTML table (``format=html``, or a browser's Accept), escaped; other clients unchanged."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest

from api.html.sparql_page import results_table
from kg.rdf.namespaces import PREFIXES

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PILLARS = (
    "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?pillar ?label WHERE { ?pillar a tech:TechnocracyPillar ; skos:prefLabel ?label }\n"
    "ORDER BY ?label"
)


@pytest.fixture(scope="module")
def client(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=30) as c:
        yield c


def _config(page: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="sparql-editor-config">(.*?)</script>', page, re.S
    )
    assert found is not None
    return json.loads(found.group(1))


def _cells(page: str) -> list[list[str]]:
    body = page.split('<table class="results">', 1)[1].split("</table>", 1)[0]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1])
    ]


def test_the_page_sets_up_the_editor_from_static_files(client, live_server):
    page = client.get("/sparql", headers={"accept": BROWSER}).text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js" defer></script>' in page
    assert '<script src="/static/sparql-editor.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/vendor/yasgui/yasgui.min.css">' in page
    assert '<link rel="stylesheet" href="/static/sparql.css">' in page and "<style" not in page
    head = page.split("<body>")[0]
    # everything the page loads comes from this server (the frame's stylesheet by its public
    # URL), or is the empty icon
    assert all(
        url.startswith(("/static/", f"{live_server}/static/")) or url == "data:,"
        for url in re.findall(r'(?:src|href)="([^"]*)"', head)
    )
    config = _config(page)
    assert config["endpoint"] == f"{live_server}/sparql"
    assert config["prefixes"] == PREFIXES
    assert config["query"] is None
    examples = {e["name"]: e for e in config["examples"]}
    assert "pillars" in examples and "concepts-by-family" in examples
    assert examples["concepts-by-family"]["query"].startswith("# concepts-by-family: ")
    assert "?scheme: iri." in examples["concepts-by-family"]["query"]  # its parameter, noted
    script = client.get("/static/sparql-editor.js")
    assert script.status_code == 200 and "forkAutocompleter" in script.text
    assert script.headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_format_html_answers_the_page_with_a_table(client):
    r = client.get("/sparql", params={"query": PILLARS, "format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    page = r.text
    assert "<p>3 rows.</p>" in page
    assert _cells(page) == [
        ["tech:AbstractionPillar", "abstraction and codification @en"],
        ["tech:ImpositionPillar", "imposition @en"],
        ["tech:LegitimationPillar", "legitimation @en"],
    ]
    assert '<a href="' in page and '/ontology/ImpositionPillar" title="https://w3id.org/' in page
    assert _config(page)["query"] == PILLARS  # the editor opens with it
    assert f">{PILLARS.replace('<', '&lt;').replace('>', '&gt;')}</textarea>" in page


def test_a_browser_following_a_query_link_gets_the_page(client):
    r = client.get("/sparql", params={"query": PILLARS}, headers={"accept": BROWSER})
    assert r.headers["content-type"].startswith("text/html")
    assert "<p>3 rows.</p>" in r.text


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "application/sparql-results+json"),
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv, text/html;q=0.5", "text/csv"),
    ],
)
def test_other_clients_get_results_as_before(client, accept, expected):
    headers = {"accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": PILLARS}, headers=headers)
    assert r.headers["content-type"].split(";")[0] == expected


def test_a_construct_is_a_table_of_triples_and_an_ask_a_boolean(client):
    construct = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l FILTER(?l = 'imposition'@en) }"
    )
    page = client.get("/sparql", params={"query": construct, "format": "html"}).text
    assert "<th>subject</th><th>predicate</th><th>object</th>" in page
    assert _cells(page) == [["tech:ImpositionPillar", "skos:prefLabel", "imposition @en"]]
    page = client.get("/sparql", params={"query": "ASK {}", "format": "html"}).text
    assert '<p class="boolean">true</p>' in page


def test_values_and_the_query_are_escaped(client):
    query = (
        "SELECT ?x WHERE { VALUES ?x { \"<script>alert('x')</script>\" "
        "<javascript:alert(1)> } } # </script><script>alert(2)</script>"
    )
    page = client.get("/sparql", params={"query": query, "format": "html"}).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page  # shown, not linked
    assert _config(page)["query"] == query  # the JSON block holds it intact


def test_a_long_answer_shows_its_first_rows_and_says_how_many():
    body = json.dumps(
        {
            "head": {"vars": ["n"]},
            "results": {
                "bindings": [
                    {
                        "n": {
                            "type": "literal",
                            "value": str(i),
                            "datatype": PREFIXES["xsd"] + "integer",
                        }
                    }
                    for i in range(5)
                ]
            },
        }
    ).encode()
    table = results_table("application/sparql-results+json", body, "", limit=2)
    assert table.total == 5 and len(table.rows) == 2
    assert table.rows[0][0] is not None and table.rows[0][0].note == "xsd:integer"


def test_docs_load_swagger_ui_from_this_server(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "/static/vendor/swagger-ui/swagger-ui.css" in page
    assert "cdn." not in page and "fastapi.tiangolo.com" not in page
    assert '"validatorUrl": null' in page
    assert '<html lang="en">' in page and "/static/swagger-overrides.css" in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [
        '<script type="application/json" id="swagger-config">'
    ]  # no inline script: Swagger UI is started by /static/swagger-init.js
    assert client.get("/redoc").status_code == 404
