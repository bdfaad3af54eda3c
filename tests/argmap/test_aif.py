"""AIF JSON in and out: the three AIFdb/OVA maps of ../shared (read in place) keep every node,
edge and locution; their argument part becomes a map and goes back to AIF with its counts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.argmap import DanglingReferenceError, MapSyntaxError, check, parse_argdown
from kg.argmap.aif_json import aif_to_map, map_to_aif, parse_aif, write_aif
from kg.errors import InputError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "peer-tests" / "argmaps" / "aif"
#: node types and edge counts as the README of ../shared/peer-tests/argmaps lists them
REAL = {
    "rebut_undercut": ({"L": 8, "YA": 8, "I": 4, "TA": 3, "CA": 2, "RA": 1}, 28),
    "nodeset28010": ({"YA": 28, "L": 16, "I": 9, "RA": 6, "TA": 5, "MA": 4, "CA": 2}, 91),
    "nodeset28022": ({"YA": 62, "L": 40, "I": 21, "TA": 18, "MA": 10, "RA": 9, "CA": 3}, 201),
}
ARGUMENT_TYPES = {"I", "RA", "CA", "MA", "PA"}


def _real(name: str) -> str:
    path = SHARED / f"{name}.json"
    if not path.is_file():
        pytest.skip("../shared is not beside the checkout")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_aif_imports_and_exports_without_loss(name: str) -> None:
    raw = _real(name)
    nodes, edges = REAL[name]
    doc = parse_aif(raw, source=name)
    assert doc.counts() == {"nodes": nodes, "edges": edges}
    original = json.loads(raw)
    again = parse_aif(write_aif(doc))
    assert again.counts() == {"nodes": nodes, "edges": edges}
    assert len(again.locutions) == len(original["AIF"]["locutions"])
    assert again.extra["participants"] == original["AIF"]["participants"]
    assert again.outer["text"] == original["text"]
    assert {n["nodeID"]: n["text"] for n in again.nodes} == {
        n["nodeID"]: n["text"] for n in original["AIF"]["nodes"]
    }


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_argument_part_becomes_a_map_and_goes_back(name: str) -> None:
    doc = parse_aif(_real(name))
    nodes, _edges = REAL[name]
    m = aif_to_map(doc)
    check(m)
    assert len(m.statements) == nodes["I"]
    assert len(m.arguments) == nodes["RA"] + nodes.get("MA", 0)
    assert sum(r.kind == "attack" for r in m.relations) == nodes["CA"]
    back = map_to_aif(m)
    kept = {t: n for t, n in nodes.items() if t in ARGUMENT_TYPES}
    assert back.counts()["nodes"] == kept
    # the edges between argument nodes survive, one for one
    types = {n["nodeID"]: n["type"] for n in doc.nodes}
    argument_edges = [
        e
        for e in doc.edges
        if types[e["fromID"]] in ARGUMENT_TYPES and types[e["toID"]] in ARGUMENT_TYPES
    ]
    assert back.counts()["edges"] == len(argument_edges)
    assert parse_aif(write_aif(back)).counts() == back.counts()


def test_a_map_as_aif_and_back() -> None:
    m = parse_argdown("[T]: Thesis.\n  + [R]: Reason.\n  - [O]: Objection.\n")
    doc = map_to_aif(m)
    assert Counter(n["type"] for n in doc.nodes) == {"I": 3, "RA": 1, "CA": 1}
    assert len(doc.edges) == 4
    back = aif_to_map(parse_aif(write_aif(doc)))
    assert {s.text for s in back.statements.values()} == {"Thesis.", "Reason.", "Objection."}
    assert sorted(r.kind for r in back.relations) == ["attack"]
    assert [(a.premises, a.conclusion) for a in back.arguments.values()] == [
        (["Reason."], "Thesis.")
    ]


def test_json_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(MapSyntaxError) as caught:
        parse_aif('{"nodes": [\n  {"nodeID": 1,, "type": "I"}]}', source="x.json")
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert "expected" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("[1, 2]", MapSyntaxError, "expected a JSON object"),
        ('{"nodes": []}', MapSyntaxError, "no 'edges' list"),
        ('{"nodes": [{"text": "a", "type": "I"}], "edges": []}', InputError, "nodes[0]"),
        (
            '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}],'
            ' "edges": [{"fromID": "1", "toID": "9"}]}',
            DanglingReferenceError,
            "edges[0].toID = '9'",
        ),
    ],
)
def test_bad_aif_is_refused_with_where(text: str, error: type, fragment: str) -> None:
    with pytest.raises(error, match=None) as caught:
        parse_aif(text, source="x.json")
    assert fragment in str(caught.value)
