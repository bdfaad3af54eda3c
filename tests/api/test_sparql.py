"""/sparql over a real HTTP server on 127.0.0.1: the SPARQL 1.1 Protocol query operation."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from SPARQLWrapper import CSV, GET, JSON, POST, RDFXML, TSV, TURTLE, SPARQLWrapper

from api import create_app
from api.html.pages import EXAMPLE_QUERY
from kg.rdf.namespaces import GRAPH
from kg.settings import Settings
from kg.store import QueryResult, Store

ONTOLOGY_GRAPH = str(GRAPH.ontology)
BIBLIOGRAPHY_GRAPH = str(GRAPH.bibliography)
TECH = Namespace("https://w3id.org/technocracy/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
PREFIXES = (
    "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
)
LABELS = ["abstraction and codification", "imposition", "legitimation"]  # ORDER BY ?pillar
CONSTRUCT = PREFIXES + (
    "CONSTRUCT { ?p skos:prefLabel ?label } WHERE { ?p a tech:TechnocracyPillar ; "
    "skos:prefLabel ?label }"
)
EXPECTED_TRIPLES = {
    (TECH[f"{name}Pillar"], SKOS.prefLabel, Literal(label, lang="en"))
    for name, label in [
        ("Abstraction", "abstraction and codification"),
        ("Legitimation", "legitimation"),
        ("Imposition", "imposition"),
    ]
}
TITLES = PREFIXES + "SELECT ?title WHERE { ?work dct:title ?title } ORDER BY ?title"
GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.fixture(scope="module")
def client(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=10) as c:
        yield c


# -- the three ways to send a query -------------------------------------------------------


def via_get(client: httpx.Client, query: str, params=None, headers=None) -> httpx.Response:
    return client.get("/sparql", params={"query": query, **(params or {})}, headers=headers)


def via_form(client: httpx.Client, query: str, params=None, headers=None) -> httpx.Response:
    return client.post("/sparql", data={"query": query, **(params or {})}, headers=headers)


def via_direct(client: httpx.Client, query: str, params=None, headers=None) -> httpx.Response:
    headers = {"content-type": "application/sparql-query", **(headers or {})}
    return client.post("/sparql", content=query.encode(), params=params, headers=headers)


SENDERS = pytest.mark.parametrize(
    "send", [via_get, via_form, via_direct], ids=["get", "form", "direct"]
)


# -- reading results back -----------------------------------------------------------------


def labels_from(fmt: str, body: str) -> list[str]:
    """The ?label column of SELECT results, parsed from each results format."""
    if fmt == "json":
        return [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if fmt == "xml":
        root = ET.fromstring(body)
        return [
            binding.find(f"{SRX}literal").text
            for binding in root.iter(f"{SRX}binding")
            if binding.get("name") == "label"
        ]
    if fmt == "csv":
        return [row["label"] for row in csv.DictReader(io.StringIO(body))]
    rows = [line.split("\t") for line in body.splitlines()]  # tsv: terms in Turtle syntax
    column = rows[0].index("?label")
    return [re.fullmatch(r'"(.*)"@en', row[column]).group(1) for row in rows[1:]]


RDFLIB_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "n3": "n3",
    "nq": "nquads",
    "trig": "trig",
}


def triples_from(fmt: str, body: str) -> set:
    """The triples of an RDF document, parsed by rdflib.

    rdflib 7.6's own parsers of JSON-LD, N3, TriG and N-Quads call its deprecated
    ConjunctiveGraph API; those warnings (from rdflib's modules only) are not ours to fix.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        if fmt in ("nq", "trig"):
            dataset = Dataset()
            dataset.parse(data=body, format=RDFLIB_FORMATS[fmt])
            return {(s, p, o) for s, p, o, _ in dataset.quads()}
        return set(Graph().parse(data=body, format=RDFLIB_FORMATS[fmt]))


# -- SELECT, ASK, CONSTRUCT, DESCRIBE -----------------------------------------------------


@SENDERS
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_select_in_each_results_format(client, send, accept, fmt):
    response = send(client, EXAMPLE_QUERY, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in response.headers["vary"].replace(" ", "").split(",")
    assert labels_from(fmt, response.text) == LABELS


def test_select_json_has_the_variables_and_typed_terms(client):
    body = via_get(client, EXAMPLE_QUERY).json()  # httpx sends Accept: */*
    assert body["head"]["vars"] == ["pillar", "label", "definition"]
    first = body["results"]["bindings"][0]
    assert first["pillar"] == {"type": "uri", "value": str(TECH.AbstractionPillar)}
    assert first["label"] == {
        "type": "literal",
        "value": "abstraction and codification",
        "xml:lang": "en",
    }


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "srj"])
def test_format_parameter_picks_the_results_format(client, fmt):
    response = via_get(client, EXAMPLE_QUERY, params={"format": fmt})
    assert response.status_code == 200
    assert labels_from("json" if fmt == "srj" else fmt, response.text) == LABELS


@SENDERS
@pytest.mark.parametrize(
    ("accept", "parse"),
    [
        ("application/sparql-results+json", lambda text: json.loads(text)["boolean"]),
        (
            "application/sparql-results+xml",
            lambda text: ET.fromstring(text).find(f"{SRX}boolean").text == "true",
        ),
    ],
    ids=["json", "xml"],
)
def test_ask(client, send, accept, parse):
    yes = send(client, PREFIXES + "ASK { ?p a tech:TechnocracyPillar }", headers={"accept": accept})
    no = send(client, PREFIXES + "ASK { ?p a tech:Nothing }", headers={"accept": accept})
    assert (yes.status_code, no.status_code) == (200, 200)
    assert parse(yes.text) is True
    assert parse(no.text) is False


@SENDERS
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "ttl"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdfxml"),
        ("application/n-quads", "nq"),
        ("application/trig", "trig"),
        ("text/n3", "n3"),
    ],
)
def test_construct_in_each_rdf_format(client, send, accept, fmt):
    response = send(client, CONSTRUCT, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    assert triples_from(fmt, response.text) == EXPECTED_TRIPLES


def test_construct_defaults_to_turtle(client):
    response = via_get(client, CONSTRUCT)
    assert response.headers["content-type"].startswith("text/turtle")
    assert triples_from("ttl", response.text) == EXPECTED_TRIPLES


def test_describe(client):
    response = via_get(client, PREFIXES + "DESCRIBE tech:ImpositionPillar")
    graph = Graph().parse(data=response.text, format="turtle")
    assert graph.value(TECH.ImpositionPillar, SKOS.prefLabel) == Literal("imposition", lang="en")
    assert "imposed on the normative processes" in str(
        graph.value(TECH.ImpositionPillar, SKOS.definition)
    )


# -- the dataset: default-graph-uri and named-graph-uri -----------------------------------


def titles(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["title"]["value"] for b in response.json()["results"]["bindings"]]


@SENDERS
def test_default_graph_is_the_union_unless_named(client, send):
    assert titles(send(client, TITLES)) == ["Planning and Knowledge", "Smart Cities"]
    only_ontology = send(client, TITLES, params={"default-graph-uri": ONTOLOGY_GRAPH})
    assert titles(only_ontology) == []
    both = send(client, TITLES, params={"default-graph-uri": [ONTOLOGY_GRAPH, BIBLIOGRAPHY_GRAPH]})
    assert titles(both) == ["Planning and Knowledge", "Smart Cities"]


@SENDERS
def test_named_graph_uri_limits_the_named_graphs(client, send):
    def graphs(params=None) -> list[str]:
        response = send(client, GRAPH_NAMES, params=params)
        return [b["g"]["value"] for b in response.json()["results"]["bindings"]]

    assert graphs() == [BIBLIOGRAPHY_GRAPH, ONTOLOGY_GRAPH]
    assert graphs({"named-graph-uri": BIBLIOGRAPHY_GRAPH}) == [BIBLIOGRAPHY_GRAPH]


COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@SENDERS
def test_from_is_the_default_graph(client, send):
    """The sample store: 9 triples in the ontology graph, 2 in the bibliography graph."""
    assert count(send(client, COUNT.format(""))) == 11
    assert count(send(client, COUNT.format("FROM <urn:x:nothing>"))) == 0
    assert count(send(client, COUNT.format(f"FROM <{BIBLIOGRAPHY_GRAPH}>"))) == 2
    both = f"FROM <{BIBLIOGRAPHY_GRAPH}> FROM <{ONTOLOGY_GRAPH}>"
    assert count(send(client, COUNT.format(both))) == 11


@SENDERS
def test_from_named_is_the_named_graphs_and_leaves_the_default_graph_empty(client, send):
    from_named = GRAPH_NAMES.replace("WHERE", f"FROM NAMED <{ONTOLOGY_GRAPH}> WHERE")
    response = send(client, from_named)
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [ONTOLOGY_GRAPH]
    assert count(send(client, COUNT.format(f"FROM NAMED <{ONTOLOGY_GRAPH}>"))) == 0


@SENDERS
def test_protocol_graphs_override_the_querys_dataset(client, send):
    """SPARQL 1.1 Protocol 2.1.4: the dataset of the request wins over FROM / FROM NAMED."""
    nothing = COUNT.format("FROM <urn:x:nothing>")
    assert count(send(client, nothing, params={"default-graph-uri": BIBLIOGRAPHY_GRAPH})) == 2
    from_named = GRAPH_NAMES.replace("WHERE", f"FROM NAMED <{ONTOLOGY_GRAPH}> WHERE")
    response = send(client, from_named, params={"named-graph-uri": BIBLIOGRAPHY_GRAPH})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [BIBLIOGRAPHY_GRAPH]


def test_form_post_takes_graphs_from_the_url_too(client):
    response = client.post(
        "/sparql", params={"default-graph-uri": ONTOLOGY_GRAPH}, data={"query": TITLES}
    )
    assert titles(response) == []


# -- errors ---------------------------------------------------------------------------------


@SENDERS
def test_malformed_query_is_400_with_line_and_column(client, send):
    response = send(client, PREFIXES + "SELECT ?x WHERE {\n  ?x skos:prefLabel \n}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad-sparql"
    assert body["where"] == "query"
    assert re.search(r"\b6:\d+\b", body["message"]), body["message"]  # line 6 of the query


def test_malformed_query_is_plain_text_for_a_client_that_asked_for_text(client):
    response = via_get(client, "SELECT ?x WHERE { ?x }", headers={"accept": "text/csv"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert re.match(r"400 bad-sparql: error at 1:\d+: ", response.text), response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"default-graph-uri": ONTOLOGY_GRAPH}},
        {"method": "POST", "data": {"query": "  "}},
        {"method": "POST", "content": b"", "headers": {"content-type": "application/sparql-query"}},
        {
            "method": "GET",
            "params": {"default-graph-uri": ONTOLOGY_GRAPH},
            "headers": {"accept": "application/sparql-results+json"},
        },
    ],
    ids=["form-without-query", "form-blank-query", "direct-empty", "get-for-results"],
)
def test_missing_query_is_400(client, request_kwargs):
    response = client.request(url="/sparql", **request_kwargs)
    assert response.status_code == 400
    assert response.json()["error"] == "bad-input"
    assert response.json()["where"] == "query"
    assert "no query" in response.json()["message"]


def test_two_queries_are_400(client):
    response = client.get("/sparql", params={"query": ["ASK {}", "SELECT * {}"]})
    assert response.status_code == 400
    assert response.json()["message"] == "give one query= parameter, not 2"


@pytest.mark.parametrize(
    ("query", "accept", "offered"),
    [
        (EXAMPLE_QUERY, "image/png", "text/tab-separated-values"),
        (EXAMPLE_QUERY, "application/n-triples", "application/sparql-results+json"),
        (CONSTRUCT, "application/sparql-results+json", "application/ld+json"),
    ],
)
def test_not_acceptable_is_406_listing_the_offered_types(client, query, accept, offered):
    response = via_get(client, query, headers={"accept": accept})
    assert response.status_code == 406
    body = response.json()
    assert body["error"] == "not-acceptable"
    assert offered in body["offered"]
    assert accept in body["message"]


def test_not_acceptable_to_a_text_client_is_said_in_text(client):
    response = via_get(client, CONSTRUCT, headers={"accept": "text/csv"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("406 not-acceptable: nothing offered here matches Accept")
    assert "text/turtle, application/n-triples, application/ld+json" in response.text


def test_unknown_format_parameter_is_406(client):
    response = via_get(client, EXAMPLE_QUERY, params={"format": "png"})
    assert response.status_code == 406
    assert response.json()["offered"] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b"ASK {}"),
        (None, b"query=ASK%20%7B%7D"),
        ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16")),
    ],
    ids=["text-plain", "no-content-type", "utf-16"],
)
def test_unreadable_body_type_is_415(client, content_type, body):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported-media-type"


def test_body_that_is_not_utf8_is_400(client):
    headers = {"content-type": "application/sparql-query"}
    response = client.post("/sparql", content="ASK {}".encode("utf-16"), headers=headers)
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["message"]


def test_other_methods_are_405_in_the_same_error_shape(client):
    response = client.put("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405
    assert response.json()["error"] == "method-not-allowed"


# -- updates are refused --------------------------------------------------------------------


INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> <http://c> } }"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": INSERT}},
        {"content": INSERT.encode(), "headers": {"content-type": "application/sparql-update"}},
    ],
    ids=["form", "direct"],
)
def test_update_is_403_and_changes_nothing(client, request_kwargs):
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert response.json()["error"] == "updates-disabled"
    assert "TKG_UPDATE_TOKEN" in response.json()["message"]
    assert "read-only" in response.json()["message"]
    graphs = via_get(client, GRAPH_NAMES).json()["results"]["bindings"]
    assert [b["g"]["value"] for b in graphs] == [BIBLIOGRAPHY_GRAPH, ONTOLOGY_GRAPH]


def test_update_by_get_is_400(client):
    response = client.get("/sparql", params={"update": INSERT})
    assert response.status_code == 400
    assert "POST" in response.json()["message"]


def test_update_with_a_token_configured_but_not_sent_is_401(serve_app, sample_store):
    app = create_app(Settings(store="memory", update_token="s3cret"), sample_store)
    with serve_app(app) as url:
        response = httpx.post(f"{url}/sparql", data={"update": INSERT})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["message"]


# -- limits ---------------------------------------------------------------------------------


def test_body_over_the_limit_is_413(serve_app, sample_store):
    app = create_app(Settings(store="memory", max_body_bytes=1000), sample_store)
    padded = "# padding\n" * 150 + "SELECT * WHERE { ?s ?p ?o }"  # 1527 bytes
    direct = {"content-type": "application/sparql-query"}
    with serve_app(app) as url, httpx.Client(base_url=url) as c:
        declared = c.post("/sparql", content=padded.encode(), headers=direct)
        chunked = c.post("/sparql", content=iter([padded.encode()[:600]] * 2), headers=direct)
        form = c.post("/sparql", data={"query": padded})
        small = c.post("/sparql", content=padded[-527:].encode(), headers=direct)
    for response in (declared, chunked, form):
        assert response.status_code == 413
        assert response.json()["error"] == "body-too-large"
        assert "1000" in response.json()["message"]
    assert declared.request.headers["content-length"] == "1527"
    assert chunked.request.headers["transfer-encoding"] == "chunked"
    assert small.status_code == 200
    assert len(small.json()["results"]["bindings"]) == 11


class GatedStore:
    """A store whose queries containing ``# wait`` block until the test opens the gate."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.entered = threading.Event()
        self.gate = threading.Event()

    def query(self, sparql: str, **kwargs) -> QueryResult:
        if "# wait" in sparql:
            self.entered.set()
            self.gate.wait(timeout=120)  # opened by the test: at most, it gives up
        return self.store.query(sparql, **kwargs)

    def graphs(self) -> list[str]:
        return self.store.graphs()


def test_queries_run_in_worker_threads_not_on_the_event_loop(serve_app, sample_store):
    gated = GatedStore(sample_store)
    app = create_app(Settings(store="memory"), gated)  # type: ignore[arg-type]
    with serve_app(app) as url, ThreadPoolExecutor(1) as pool:
        wait = {"query": TITLES + "# wait"}
        blocked = pool.submit(httpx.get, f"{url}/sparql", params=wait, timeout=60)
        assert gated.entered.wait(timeout=60)
        meanwhile = httpx.get(f"{url}/sparql", params={"query": TITLES}, timeout=60)
        assert titles(meanwhile) == ["Planning and Knowledge", "Smart Cities"]
        assert not blocked.done()
        gated.gate.set()
        assert titles(blocked.result(timeout=60)) == ["Planning and Knowledge", "Smart Cities"]


def test_query_over_the_time_limit_is_503(serve_app, sample_store):
    gated = GatedStore(sample_store)
    app = create_app(Settings(store="memory", query_timeout=0.2), gated)  # type: ignore[arg-type]
    try:
        with serve_app(app) as url:
            wait = {"query": TITLES + "# wait"}
            response = httpx.get(f"{url}/sparql", params=wait, timeout=60)
    finally:
        gated.gate.set()
    assert response.status_code == 503
    assert response.json()["error"] == "query-timeout"
    assert "TKG_QUERY_TIMEOUT" in response.json()["message"]


# -- a bare GET: the service description, or a form -----------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("*/*", "ttl"), ("application/ld+json", "jsonld"), ("application/n-quads", "nq")],
)
def test_bare_get_describes_the_service(client, live_server, accept, fmt):
    response = client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 200
    graph = Graph()
    for triple in triples_from(fmt, response.text):
        graph.add(triple)
    service = graph.value(predicate=SD.endpoint, object=URIRef(f"{live_server}/sparql"))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (
        service,
        SD.resultFormat,
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    ) in graph
    names = set(graph.objects(predicate=SD.name))
    assert names == {URIRef(ONTOLOGY_GRAPH), URIRef(BIBLIOGRAPHY_GRAPH)}


def test_bare_get_from_a_browser_is_a_query_form(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<form method="get"' in page
    assert '<textarea name="query"' in page
    assert "SELECT ?pillar ?label ?definition WHERE {" in page
    assert "PREFIX tech: &lt;https://w3id.org/technocracy/ontology#&gt;" in page  # escaped
    assert '<option value="csv">text/csv</option>' in page


# -- SPARQLWrapper, as linked-data tools use the endpoint -----------------------------------


@pytest.fixture
def wrapper(live_server: str) -> SPARQLWrapper:
    return SPARQLWrapper(f"{live_server}/sparql")


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_json(wrapper, method):
    wrapper.setMethod(method)
    wrapper.setQuery(EXAMPLE_QUERY)
    wrapper.setReturnFormat(JSON)
    result = wrapper.queryAndConvert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == LABELS


@pytest.mark.parametrize(("fmt", "name"), [(CSV, "csv"), (TSV, "tsv")])
def test_sparqlwrapper_select_csv_and_tsv(wrapper, fmt, name):
    wrapper.setQuery(EXAMPLE_QUERY)
    wrapper.setReturnFormat(fmt)
    assert labels_from(name, wrapper.queryAndConvert().decode()) == LABELS


def test_sparqlwrapper_ask(wrapper):
    wrapper.setQuery(PREFIXES + "ASK { tech:ImpositionPillar a tech:TechnocracyPillar }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct_into_rdflib(wrapper):
    wrapper.setQuery(CONSTRUCT)
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.queryAndConvert(), format="turtle")
    assert set(graph) == EXPECTED_TRIPLES
    wrapper.setReturnFormat(RDFXML)
    graph = Graph().parse(data=wrapper.query().response.read(), format="xml")
    assert set(graph) == EXPECTED_TRIPLES
