"""RDF/XML entities: plain declarations, as ontologies write them, load; a billion laughs
(nested entities that would expand a kilobyte into gigabytes) is refused before the parser
expands it, quickly and in little memory, with the line where the expansion goes too far."""

from __future__ import annotations

import io
import resource
import time
from pathlib import Path

import httpx
import owlready2
import pytest

from api import create_app
from kg.errors import RdfSyntaxError
from kg.settings import Settings
from kg.store import OxigraphStore, parse_rdf
from kg.store.rdfio import check_entity_expansion

G = "http://example.org/graph/owl"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL = "http://www.w3.org/2002/07/owl#"

#: an ontology as Protégé writes it: entities for the namespaces, used in attributes
PROTEGE = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
    <!ENTITY owl "{OWL}" >
    <!ENTITY rdf "{RDF}" >
    <!ENTITY tech "https://w3id.org/technocracy/ontology#" >
]>
<rdf:RDF xmlns:rdf="&rdf;" xmlns:owl="&owl;">
    <owl:Class rdf:about="&tech;TechnocracyPillar"/>
    <owl:Class rdf:about="&tech;Work"/>
    <rdf:Description rdf:about="&tech;AbstractionPillar">
        <rdf:type rdf:resource="&tech;TechnocracyPillar"/>
    </rdf:Description>
</rdf:RDF>
""".encode()


def laughs(levels: int, refs: int = 1) -> bytes:
    """The billion laughs: each entity ten of the one before, the last one used ``refs``
    times; ``levels`` 9 is 3 GB."""
    entities = '<!ENTITY lol0 "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, levels + 1)
    )
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
{entities}]>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><ex:p>{f"&lol{levels};" * refs}</ex:p></rdf:Description>
</rdf:RDF>
""".encode()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_plain_entities_of_an_ontology_load():
    quads = parse_rdf(PROTEGE, format="rdfxml", graph=G)
    assert len(quads) == 3
    subjects = {q.subject.value for q in quads}
    assert "https://w3id.org/technocracy/ontology#AbstractionPillar" in subjects
    assert {q.object.value for q in quads} == {
        f"{OWL}Class",
        "https://w3id.org/technocracy/ontology#TechnocracyPillar",
    }


def test_a_published_owl_file_with_entities_loads():
    # owlready2's own ontology, RDF/XML with <!ENTITY owl "..."> declarations
    path = Path(owlready2.__file__).parent / "ontos" / "owlready_ontology.owl"
    assert b"<!ENTITY owl" in path.read_bytes()
    store = OxigraphStore()
    count = store.load(path, format="rdfxml", graph=G)
    assert count > 5
    answer = store.query(f"ASK {{ GRAPH <{G}> {{ ?c a <{OWL}AnnotationProperty> }} }}")
    assert answer.boolean is True
    store.load_stream(path, format="rdfxml", graph=f"{G}/stream")
    assert len(store.query(f"SELECT * {{ GRAPH <{G}/stream> {{ ?s ?p ?o }} }}").rows()) == count


@pytest.mark.parametrize(
    ("document", "refusal"),
    [
        # 3 GB from under 1.5 KB: refused for its nesting, at lol5's declaration
        (laughs(9), "<input>:8: rdfxml: entity 'lol5' nests entities too deep"),
        # nesting within bounds, but 100 references to 30 KB each: at the reference that
        # takes the expansion past 1 MB
        (
            laughs(4, refs=100),
            "<input>:10: rdfxml: entity references would expand to more than 1000000 bytes "
            "(at &lol4;); refused",
        ),
    ],
)
def test_a_billion_laughs_is_refused_quickly_in_little_memory(document, refusal):
    assert len(document) < 1500
    before = _max_rss_mb()
    started = time.monotonic()
    with pytest.raises(RdfSyntaxError) as caught:
        parse_rdf(document, format="rdfxml", graph=G)
    assert time.monotonic() - started < 10
    assert _max_rss_mb() - before < 100
    assert str(caught.value) == refusal


@pytest.mark.parametrize("document", [laughs(9), laughs(4, refs=100)])
def test_a_billion_laughs_is_refused_by_every_way_in(document):
    store = OxigraphStore()
    for load in (
        lambda: store.load(document, format="rdfxml", graph=G),
        lambda: store.replace_graph(G, document, format="rdfxml"),
        lambda: store.load_stream(document, format="rdfxml", graph=G),
        lambda: store.load_stream(io.BytesIO(document), format="rdfxml", graph=G),
    ):
        with pytest.raises(RdfSyntaxError, match=r"nests entities too deep|would expand to more"):
            load()
    assert not store.has_graph(G)


def test_many_references_to_one_long_entity_are_refused():
    # no nesting: 100 KB of value, referenced 20 times -> 2 MB from 100 KB of input
    big = "x" * 100_000
    document = (
        f'<!DOCTYPE rdf:RDF [<!ENTITY big "{big}">]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">\n'
        f'<rdf:Description rdf:about="http://example.org/a"><ex:p>{"&big;" * 20}</ex:p>'
        "</rdf:Description></rdf:RDF>"
    ).encode()
    with pytest.raises(RdfSyntaxError, match=r"^<input>:3: rdfxml: entity references would expand"):
        check_entity_expansion(document)
    check_entity_expansion(document.replace(b"&big;" * 20, b"&big;" * 5))


@pytest.mark.parametrize(
    ("declarations", "refusal"),
    [
        ('<!ENTITY a "&b;">\n<!ENTITY b "&a;">', r"<input>:2: rdfxml: entity 'a' refers to itself"),
        ('\n<!ENTITY x SYSTEM "file:///etc/hostname">', r"<input>:3: .*only internal entities"),
        ('<!ENTITY % p "x">', r"<input>:2: .*only internal entities"),
        (
            "".join(f'<!ENTITY e{i} "&e{i + 1};">' for i in range(8)) + '<!ENTITY e8 "x">',
            r"<input>:2: rdfxml: entity 'e0' nests entities too deep",
        ),
    ],
)
def test_entities_beyond_plain_values_are_refused(declarations, refusal):
    document = f"<?xml version='1.0'?>\n<!DOCTYPE r [{declarations}]>\n<r>&a;</r>".encode()
    with pytest.raises(RdfSyntaxError, match=refusal):
        check_entity_expansion(document)


def test_a_billion_laughs_put_to_the_graph_store_is_400(serve_app):
    store = OxigraphStore()
    settings = Settings(store="memory", update_token="t")
    with serve_app(create_app(settings, store)) as url:
        response = httpx.put(
            f"{url}/store",
            params={"graph": G},
            content=laughs(9),
            headers={"Content-Type": "application/rdf+xml", "Authorization": "Bearer t"},
            timeout=30,
        )
        assert response.status_code == 400, response.text
        assert response.json() == {
            "error": "bad-rdf",
            "message": "rdfxml: entity 'lol5' nests entities too deep",
            "where": "<input>:8",
        }
        assert not store.has_graph(G)
        response = httpx.put(
            f"{url}/store",
            params={"graph": G},
            content=PROTEGE,
            headers={"Content-Type": "application/rdf+xml", "Authorization": "Bearer t"},
            timeout=30,
        )
        assert response.status_code in (200, 201, 204), response.text
        assert store.has_graph(G)
