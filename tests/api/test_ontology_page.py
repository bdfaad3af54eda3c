"""``/ontology`` as HTML: pyLODE's page is the ontology's, not one of its concept schemes'."""

from __future__ import annotations

import re

import httpx

from kg.rdf.namespaces import ONTOLOGY_IRI


def test_the_documentation_is_titled_with_the_ontology_s_title_and_iri(live_server):
    r = httpx.get(f"{live_server}/ontology", headers={"Accept": "text/html"}, timeout=180)
    assert r.status_code == 200
    page = r.text
    assert re.search(r"<title>(.*?)</title>", page).group(1) == "Technocracy ontology"
    metadata = page[page.index('id="metadata"') :]
    assert re.search(r"<h1>(.*?)</h1>", metadata).group(1) == "Technocracy ontology"
    iri = re.search(r"<strong>IRI</strong>.*?<code>(.*?)</code>", metadata, re.DOTALL)
    assert iri.group(1) == ONTOLOGY_IRI
    assert "InfrastructureScheme</code>" not in page


def test_the_documentation_says_its_language_and_landmarks(live_server):
    page = httpx.get(f"{live_server}/ontology", headers={"Accept": "text/html"}).text
    assert page.count('<html lang="en">') == 1
    assert page.count('<div id="content" role="main">') == 1
    assert page.count('<div id="toc" role="navigation" aria-label="Table of contents">') == 1
    assert page.index('<style id="tkg-accessible">') < page.index("</head>")
    jump = page.index('<p class="tkg-jump"><a href="#toc">Table of contents</a></p>')
    assert page.index('<div id="content" role="main">') < jump < page.index('id="metadata"')
