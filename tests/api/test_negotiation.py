"""Content negotiation: Accept header (or format=) -> the format sent, from one table."""

from __future__ import annotations

import pytest

from api.negotiation import (
    _MEMO_HEADER,
    ERROR_BODIES,
    GRAPHS,
    PAGES,
    RESULTS,
    NotAcceptableError,
    _choose,
    negotiate,
    parse_accept,
)
from kg.store.formats import RDF_FORMATS, RESULTS_FORMATS

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQLWRAPPER_JSON = (
    "application/sparql-results+json,application/json,text/javascript,application/javascript"
)

RESULTS_CASES = [
    # (Accept, format name)
    (None, "json"),
    ("", "json"),
    ("*/*", "json"),
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    (SPARQLWRAPPER_JSON, "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("TEXT/CSV", "csv"),
    ("text/csv; charset=utf-8", "csv"),
    ("text/*", "csv"),
    ("text/csv;q=0.5, application/sparql-results+xml", "xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "tsv"),
    ("text/csv, application/sparql-results+json", "csv"),  # equal q: the client's order
    ("*/*, text/csv", "csv"),  # equal q: the more specific range
    ("text/csv;q=0, */*", "json"),  # q=0 refuses csv only
    ("*/*;q=0.1, text/*;q=0.5, text/tab-separated-values;q=0.2", "csv"),
    ("image/png, */*;q=0.01", "json"),
    ("nonsense, text/csv", "csv"),  # a malformed range is skipped
    ("text/csv;q=high, application/sparql-results+xml", "xml"),  # so is a bad q
    (BROWSER, "xml"),
]

GRAPHS_CASES = [
    (None, "ttl"),
    ("*/*", "ttl"),
    ("text/turtle", "ttl"),
    ("application/turtle,text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/n-quads", "nq"),
    ("application/trig", "trig"),
    ("text/n3", "n3"),
    ("application/n-triples;q=0.5, application/ld+json;q=0.8", "jsonld"),
    ("text/*", "ttl"),
    ("application/*", "nt"),
    (BROWSER, "rdfxml"),
]

NOT_ACCEPTABLE = [
    (RESULTS, "image/png"),
    (RESULTS, "text/turtle"),
    (RESULTS, "text/csv;q=0"),
    (RESULTS, "*/*;q=0"),
    (GRAPHS, "text/csv"),
    (GRAPHS, "application/sparql-results+json"),
    (PAGES, "text/csv"),
]


@pytest.mark.parametrize(("accept", "name"), RESULTS_CASES)
def test_results_by_accept(accept, name):
    assert negotiate(accept, RESULTS).name == name


@pytest.mark.parametrize(("accept", "name"), GRAPHS_CASES)
def test_graphs_by_accept(accept, name):
    assert negotiate(accept, GRAPHS).name == name


@pytest.mark.parametrize(
    ("accept", "name"),
    [(None, "html"), ("*/*", "html"), (BROWSER, "html"), ("application/json", "json")],
)
def test_pages_by_accept(accept, name):
    assert negotiate(accept, PAGES).name == name


@pytest.mark.parametrize(
    ("accept", "name"),
    [
        (None, "json"),
        ("*/*", "json"),
        (SPARQLWRAPPER_JSON, "json"),
        ("application/ld+json", "json"),
        ("text/csv", "text"),
        ("text/plain", "text"),
        (BROWSER, "text"),
    ],
)
def test_error_bodies_by_accept(accept, name):
    assert negotiate(accept, ERROR_BODIES).name == name


@pytest.mark.parametrize(("offers", "accept"), NOT_ACCEPTABLE)
def test_nothing_acceptable_is_406_listing_what_is_offered(offers, accept):
    with pytest.raises(NotAcceptableError) as caught:
        negotiate(accept, offers)
    assert caught.value.offered == [offer.media_type for offer in offers]
    assert accept in str(caught.value)
    assert offers[0].media_type in str(caught.value)


@pytest.mark.parametrize(
    ("offers", "formats", "accept", "name"),
    [
        (RESULTS, ["csv"], "application/sparql-results+json", "csv"),  # format= wins
        (RESULTS, ["application/sparql-results+xml"], None, "xml"),
        (RESULTS, ["SRJ"], None, "json"),  # an alias from kg.store.formats
        (RESULTS, ["tsv", "text/tab-separated-values"], None, "tsv"),  # as SPARQLWrapper sends
        (RESULTS, [""], "text/csv", "csv"),  # an empty format= is no format=
        (GRAPHS, ["turtle"], None, "ttl"),
        (GRAPHS, ["rdf+xml", "application/rdf+xml"], None, "rdfxml"),
        (GRAPHS, ["json-ld"], None, "jsonld"),
        (GRAPHS, ["xml"], None, "rdfxml"),
        (PAGES, ["json"], BROWSER, "json"),
    ],
)
def test_format_parameter(offers, formats, accept, name):
    assert negotiate(accept, offers, formats=formats).name == name


def test_unknown_format_parameter_is_406():
    with pytest.raises(NotAcceptableError, match="format=png is not offered") as caught:
        negotiate("*/*", RESULTS, formats=["png"])
    assert "text/csv" in caught.value.offered


def test_every_format_of_the_library_is_offered():
    assert [o.name for o in RESULTS] == [f.name for f in RESULTS_FORMATS]
    assert {o.name for o in GRAPHS} == {f.name for f in RDF_FORMATS}
    assert GRAPHS[0].name == "ttl"


def test_parse_accept_keeps_order_and_q():
    ranges = parse_accept("text/html;level=1;q=0.4, */*;q=0.1, application/json")
    assert [(r.type, r.subtype, r.q, r.position) for r in ranges] == [
        ("text", "html", 0.4, 0),
        ("*", "*", 0.1, 1),
        ("application", "json", 1.0, 2),
    ]
    assert parse_accept("*/json, text/, /csv, text/csv;q=2") == []


@pytest.mark.parametrize(("accept", "name"), RESULTS_CASES)
def test_remembered_choices_are_the_computed_ones(accept, name):
    """``negotiate`` remembers what it chose for an Accept header; asked again, it chooses
    the same as when it works it out afresh."""
    first, again = negotiate(accept, RESULTS), negotiate(accept, RESULTS)
    assert first is again
    assert first == _choose.__wrapped__(accept, RESULTS, ())
    assert first.name == name


def test_a_refusal_is_not_remembered_as_a_choice():
    for _ in range(2):
        with pytest.raises(NotAcceptableError, match="image/png"):
            negotiate("image/png", RESULTS)


def test_long_accept_headers_are_chosen_for_but_not_remembered():
    long = ", ".join(f"application/x-type-{i};q=0.1" for i in range(60)) + ", text/csv"
    assert len(long) > _MEMO_HEADER
    before = _choose.cache_info().currsize
    assert negotiate(long, RESULTS).name == "csv"
    assert _choose.cache_info().currsize == before
