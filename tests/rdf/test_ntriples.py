"""The N-Triples writer: canonical escapes (RDF 1.2 N-Triples), read back unchanged by
two parsers, and the same lines as rdflib's serialiser where both are canonical."""

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.ntriples import Lines, iri, literal, term, triple

S, P = iri("http://example.org/s"), iri("http://example.org/p")

# the canonical form of every character a literal may not hold as it is
CANONICAL = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
    "\x00": "\\u0000",
    "\x07": "\\u0007",
    "\x0b": "\\u000B",
    "\x0e": "\\u000E",
    "\x1f": "\\u001F",
    "\x7f": "\\u007F",
    "\ufffe": "\\uFFFE",
    "\uffff": "\\uFFFF",
}


@pytest.mark.parametrize(("char", "escaped"), CANONICAL.items())
def test_characters_a_literal_cannot_hold_take_their_canonical_escape(char, escaped):
    assert literal(f"a{char}b") == f'"a{escaped}b"'


def test_other_characters_stay_as_they_are():
    kept = "".join(map(chr, range(0x20, 0x7F))).replace('"', "").replace("\\", "")
    kept += "\x80\x85\u00e9\u2028\u2029\U0001f600 \u00a0"
    assert literal(kept) == f'"{kept}"'


def _every_character() -> str:
    return "".join(map(chr, range(0x80))) + "\x85\u00e9\u2028\ufffd\ufffe\uffff\U0001f600"


def test_oxigraph_reads_back_every_character():
    value = _every_character()
    line = triple(S, P, literal(value, lang="en"))
    (quad,) = ox.parse((line + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert quad.object == ox.Literal(value, language="en")


def test_rdflib_reads_back_every_character():
    value = _every_character()
    line = triple(S, P, literal(value, datatype=str(XSD.token)))
    g = Graph().parse(data=line + "\n", format="nt")
    assert list(g.objects()) == [Literal(value, datatype=XSD.token)]


def test_a_line_breaks_nowhere_but_at_its_end():
    line = triple(S, P, literal(_every_character()))
    assert "\n" not in line and "\r" not in line  # N-Triples' end of line
    ascii_line = triple(S, P, literal("".join(map(chr, range(0x80)))))
    assert ascii_line.splitlines() == [ascii_line]  # nor any break Python knows below U+0080


def test_xsd_string_is_left_implicit():
    assert literal("x", datatype=str(XSD.string)) == '"x"'
    assert term(Literal("x", datatype=XSD.string)) == '"x"'


def test_terms_of_every_kind():
    assert term(URIRef("http://e/x#y")) == "<http://e/x#y>"
    assert term(BNode("b1")) == "_:b1"
    assert term(Literal("chat", lang="fr")) == '"chat"@fr'
    assert term(Literal(2.5)) == f'"2.5"^^<{XSD.double}>'
    for bad in ("http://e/a b", "http://e/<x>", "http://e/{x}", "http://e/x\ny", 'http://e/"'):
        with pytest.raises(ValueError, match="not an IRI"):
            term(URIRef(bad))
    with pytest.raises(TypeError):
        term("plain string")  # type: ignore[arg-type]


def test_lines_are_rdflibs_serialisation_where_both_are_canonical():
    s = URIRef("https://example.org/work/w1")
    triples = [
        (s, URIRef("http://purl.org/dc/terms/title"), Literal('A "quoted"\ntitle \\ with é\r')),
        (s, URIRef("http://purl.org/dc/terms/issued"), Literal("2019-03", datatype=XSD.gYearMonth)),
        (s, URIRef("http://purl.org/dc/terms/subject"), URIRef("https://example.org/c#x")),
        (s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Titel", lang="de")),
        (s, URIRef("http://example.org/n"), Literal(7)),
        (s, URIRef("http://example.org/b"), Literal(True)),
    ]
    graph, lines = Graph(), Lines()
    for t in triples + triples[:2]:  # a triple added again is written once
        graph.add(t)
        lines.add(t)
    expected = {line for line in graph.serialize(format="nt").splitlines() if line}
    assert len(lines) == len(triples)
    assert set(lines) == expected


def test_lines_keep_the_order_triples_came_in():
    s = URIRef("http://e/s")
    lines = Lines()
    for n in (3, 1, 2, 1):
        lines.add((s, URIRef(f"http://e/p{n}"), Literal(n)))
    assert [line.split()[1] for line in lines] == [
        "<http://e/p3>",
        "<http://e/p1>",
        "<http://e/p2>",
    ]
