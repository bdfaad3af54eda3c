"""Linked data: every /id/... IRI and every ontology term dereferences, HTML or RDF by Accept."""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SKOS

from api import create_app
from kg.rdf.namespaces import ANCHOR, OA, ORG, PERSON, TKORG, WORK
from kg.rdf.vocab import TECH
from kg.settings import Settings

VANOLO = WORK.vanolo2014smartmentality


def _get(url: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(url, headers=headers, params=params, timeout=60)


def _turtle(url: str) -> Graph:
    response = _get(url, "text/turtle")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    assert "Accept" in response.headers["vary"]
    return Graph().parse(data=response.text, format="turtle")


def test_a_work_in_html_has_title_authors_concepts_and_citers(built_server):
    r = _get(f"{built_server}/id/work/vanolo2014smartmentality", "text/html")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<title>Smartmentality: The smart city as disciplinary strategy</title>" in page
    assert f'href="{built_server}/id/person/vanolo-alberto"' in page
    assert ">Alberto Vanolo</a>" in page
    assert "10.1177/0042098013494427" in page
    # links in: the term it is the source of, the chapter that cites it
    assert f'href="{built_server}/ontology/Smartmentality"' in page
    assert f'href="{built_server}/id/work/kitchin2019smart"' in page
    assert ">cito:cites</a>" in page


def test_a_work_in_turtle_is_its_concise_bounded_description(built_server):
    g = _turtle(f"{built_server}/id/work/vanolo2014smartmentality")
    assert (URIRef(VANOLO), DCTERMS.title, None) in g
    assert str(g.value(URIRef(VANOLO), DCTERMS.title)) == (
        "Smartmentality: The smart city as disciplinary strategy"
    )
    assert (URIRef(VANOLO), DCTERMS.creator, URIRef(PERSON["vanolo-alberto"])) in g
    # a CBD holds what the work says, not what is said about it
    assert (None, None, URIRef(VANOLO)) not in g
    assert {s for s in g.subjects() if not isinstance(s, BNode)} <= {
        URIRef(VANOLO),
        *(s for s in g.subjects() if str(s).startswith(str(VANOLO) + "#")),
    }


def test_a_person_in_html_and_turtle(built_server):
    page = _get(f"{built_server}/id/person/vanolo-alberto", "text/html").text
    assert "<h1>Alberto Vanolo</h1>" in page
    assert f'href="{built_server}/id/work/vanolo2014smartmentality"' in page  # a link in
    g = _turtle(f"{built_server}/id/person/vanolo-alberto")
    person = URIRef(PERSON["vanolo-alberto"])
    assert (person, RDF.type, FOAF.Person) in g
    assert (person, FOAF.familyName, Literal("Vanolo")) in g


def test_an_organisation_in_html_and_turtle(built_server):
    page = _get(f"{built_server}/id/org/smart-city-council", "text/html").text
    assert "<h1>Smart City Council</h1>" in page
    assert "Anchors in the text" in page and "<blockquote>" in page
    assert f'href="{built_server}/id/org/cisco"' in page
    g = _turtle(f"{built_server}/id/org/smart-city-council")
    council = URIRef(TKORG["smart-city-council"])
    assert (council, ORG.hasMember, URIRef(TKORG.cisco)) in g
    assert (council, SKOS.altLabel, Literal("SCC", lang="en")) in g


def test_an_anchor_carries_its_blank_node_selectors(built_server):
    page = _get(f"{built_server}/id/anchor/smartmentality", "text/html").text
    assert "what Vanolo (2015) terms ‘smartmentality’" in page
    assert "page 4, characters 10467–10508" in page
    assert f'href="{built_server}/ontology/Smartmentality"' in page  # what it anchors
    g = _turtle(f"{built_server}/id/anchor/smartmentality")
    anchor = URIRef(ANCHOR.smartmentality)
    selectors = set(g.objects(anchor, URIRef(OA.hasSelector)))
    assert len(selectors) == 2 and all(isinstance(s, BNode) for s in selectors)
    exact = {str(o) for s in selectors for o in g.objects(s, URIRef(OA.exact))}
    assert exact == {"what Vanolo (2015) terms ‘smartmentality’"}
    starts = {int(str(o)) for s in selectors for o in g.objects(s, URIRef(OA.start))}
    assert starts == {10467}


def test_a_concept_in_html_and_turtle(built_server):
    page = _get(f"{built_server}/ontology/Smartmentality", "text/html").text
    assert "<h1>smartmentality</h1>" in page
    assert "moves regulation away from surveillance and discipline" in page  # definition
    assert "<h2>Sources</h2>" in page
    assert ">Smartmentality: The smart city as disciplinary strategy</a>" in page
    assert "what Vanolo (2015) terms ‘smartmentality’" in page
    g = _turtle(f"{built_server}/ontology/Smartmentality")
    term = URIRef(TECH.Smartmentality)
    assert (term, DCTERMS.source, URIRef(VANOLO)) in g
    assert (term, SKOS.prefLabel, Literal("smartmentality", lang="en")) in g


def _triples(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    """The triples of a document, parsed by pyoxigraph (rdflib's JSON-LD parser warns)."""
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(body, format=fmt)}


@pytest.mark.parametrize(
    ("fmt", "media_type", "parser"),
    [
        ("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_other_rdf_formats_by_accept_and_by_format(built_server, fmt, media_type, parser):
    url = f"{built_server}/id/work/vanolo2014smartmentality"
    creator = (f"<{VANOLO}>", f"<{DCTERMS.creator}>", f"<{PERSON['vanolo-alberto']}>")
    for response in (_get(url, media_type), _get(url, format=fmt)):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        assert creator in _triples(response.content, parser)


def test_an_unknown_iri_is_404_in_json_or_html(built_server):
    r = _get(f"{built_server}/id/work/no-such-work", "application/json")
    assert r.status_code == 404
    assert r.json()["error"] == "not-found"
    assert "no-such-work" in r.json()["message"]
    r = _get(f"{built_server}/id/work/no-such-work", "text/html")
    assert r.status_code == 404
    assert "<title>Not found</title>" in r.text
    assert _get(f"{built_server}/ontology/NoSuchTerm", "text/turtle").status_code == 404
    assert _get(f"{built_server}/id/work/a%20b", "text/turtle").status_code == 404


def test_links_follow_the_configured_base_url(built_store, serve_app):
    settings = Settings(store="memory", base_url="https://kg.example.org/tkg/")
    with serve_app(create_app(settings, built_store)) as url:
        page = _get(f"{url}/id/work/vanolo2014smartmentality", "text/html").text
        # the path still names the persistent IRI; the links use the public URL
        assert "https://w3id.org/technocracy/id/work/vanolo2014smartmentality" in page
        assert 'href="https://kg.example.org/tkg/id/person/vanolo-alberto"' in page
        assert (
            'href="https://kg.example.org/tkg/id/work/vanolo2014smartmentality?format=ttl"' in page
        )


def test_the_ontology_as_pylode_html_and_as_rdf(built_server):
    r = _get(f"{built_server}/ontology", "text/html")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="Smartmentality"' in r.text
    for label in ("smartmentality", "human-in-the-loop system", "epistemic community"):
        assert label in r.text
    g = _turtle(f"{built_server}/ontology")
    assert (URIRef(TECH.Smartmentality), RDF.type, OWL.Class) in g
    assert (URIRef(str(TECH)[:-1]), RDF.type, OWL.Ontology) in g
    jsonld = _get(f"{built_server}/ontology", "application/ld+json")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert (f"<{TECH.Smartmentality}>", f"<{RDF.type}>", f"<{OWL.Class}>") in _triples(
        jsonld.content, ox.RdfFormat.JSON_LD
    )


# -- representations: Content-Location, Link alternates, <link rel="alternate"> ---------------


def _links(header: str) -> dict[str, str]:
    """type -> URL of each rel="alternate" of a Link header."""
    found = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', header)
    return {media: url for url, media in found}


@pytest.mark.parametrize(
    ("accept", "name", "media"),
    [("text/turtle", "ttl", "text/turtle"), ("text/html", "html", "text/html")],
)
def test_a_resource_names_its_representation_and_links_the_others(
    built_server, accept, name, media
):
    url = f"{built_server}/id/work/vanolo2014smartmentality"
    r = _get(url, accept)
    assert r.status_code == 200
    assert r.headers["content-location"] == f"{url}?format={name}"
    assert "Accept" in r.headers["vary"]
    alternates = _links(r.headers["link"])
    assert media not in alternates
    expected = {"text/html", "text/turtle", "application/ld+json", "application/rdf+xml"}
    assert expected - {media} <= set(alternates)
    # each alternate is what it says it is
    for other, link in alternates.items():
        answer = httpx.get(link, timeout=60)
        assert answer.status_code == 200, link
        assert answer.headers["content-type"].startswith(other), link
        assert answer.headers["content-location"] == link


def test_the_page_of_a_resource_has_alternate_links_in_its_head(built_server):
    url = f"{built_server}/id/work/vanolo2014smartmentality"
    page = _get(url, "text/html").text
    head = page[: page.index("</head>")]
    assert f'<link rel="alternate" type="text/turtle" href="{url}?format=ttl">' in head
    assert f'<link rel="alternate" type="application/ld+json" href="{url}?format=jsonld">' in head
