"""Maps as AIF triples in the store: classes, IRIs, anchors, round trips, all-or-nothing
imports, the named queries and the quality checks."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef

from kg.argmap import MapSyntaxError, parse_argdown
from kg.argmap.rdf import AIF, SCHEME, claim_iri, from_graph, to_graph
from kg.argmap.storage import list_maps, load_file, read_map
from kg.checks.anchors import check_anchors
from kg.rdf import graphs
from kg.rdf.namespaces import CITO, OA, WORK
from kg.rdf.vocab import TECH
from kg.resources import queries_dir
from kg.store import OxigraphStore
from kg.store.named import get_query, run_named_query

DATA = Path(__file__).parents[1] / "data" / "argmap"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "peer-tests" / "argmaps"
ID = "https://w3id.org/technocracy/id/"


def sample():
    return parse_argdown((DATA / "sample.argdown").read_text(encoding="utf-8"))


def test_statements_arguments_and_relations_are_aif_nodes() -> None:
    g = to_graph(sample(), "sample")
    automation = URIRef(f"{ID}claim/sample/automation")
    sensors = URIRef(f"{ID}argument/sample/sensors")
    assert (automation, RDF.type, AIF["I-node"]) in g
    assert str(g.value(automation, AIF.claimText)) == "Cities are increasingly managed by software."
    assert (sensors, RDF.type, AIF["RA-node"]) in g
    # the structure's last inference is the argument: its premises and conclusion
    assert (sensors, AIF.Conclusion, automation) in g
    assert (sensors, AIF.Premise, URIRef(f"{ID}claim/sample/untitled-1")) in g
    step = URIRef(f"{sensors}/step-1")
    assert (step, AIF.Premise, URIRef(f"{ID}claim/sample/coverage")) in g
    assert (step, AIF.Conclusion, URIRef(f"{ID}claim/sample/inter")) in g
    attacks = list(g.subjects(RDF.type, AIF["CA-node"]))
    assert len(attacks) == 4  # two attacks, a contradiction and an undercut
    undercut = URIRef(f"{ID}relation/sample/undercut/s-gaps/a-sensors")
    assert (undercut, AIF.Conflicting, URIRef(f"{ID}claim/sample/gaps")) in g
    assert (undercut, AIF.Conflicted, sensors) in g
    # cited works and ontology terms; a cited work makes the argument one from expert opinion
    assert (automation, CITO.citesAsEvidence, WORK.dodge2007codes) in g
    assert (
        automation,
        URIRef("http://purl.org/dc/terms/subject"),
        TECH.AutomatedManagement,
    ) in g
    assert (sensors, URIRef("http://purl.org/dc/terms/type"), SCHEME.ExpertOpinion) not in g


def test_anchors_and_expert_opinion() -> None:
    m = parse_argdown((DATA / "anchored.argdown").read_text(encoding="utf-8"))
    g = to_graph(m, "anchored")
    code = claim_iri("anchored", "code")
    anchor = g.value(code, TECH.anchor)
    assert str(anchor) == f"{ID}anchor/anchored/claim/code"
    assert (anchor, RDF.type, TECH.Anchor) in g
    assert str(g.value(anchor, OA.hasSource)) == f"{ID}text/anchored"
    exact = [
        g.value(s, OA.exact) for s in g.objects(anchor, OA.hasSelector) if g.value(s, OA.exact)
    ]
    assert [str(e) for e in exact] == ["Software now runs much of the city."]
    page = g.value(anchor, TECH.page)
    assert isinstance(page, Literal) and page.toPython() == 1
    expert = parse_argdown(
        "[T]: t.\n\n<A>: a.\n\n(1) [P]: p. {cites: [haas1992introduction]}\n----\n(2) [T]\n"
    )
    g = to_graph(expert, "e")
    assert (
        URIRef(f"{ID}argument/e/a"),
        URIRef("http://purl.org/dc/terms/type"),
        SCHEME.ExpertOpinion,
    ) in g


def test_iris_are_stable_across_rebuilds() -> None:
    first = set(to_graph(sample(), "sample"))
    second = set(to_graph(sample(), "sample"))
    assert first == second
    assert not any(str(t).startswith("_:") for triple in first for t in triple)


@pytest.mark.parametrize(
    "name", ["argdown-primer", "legalisation-softdrugs", "state-censorship", "veggie_debate"]
)
def test_rdf_round_trip_of_the_real_files(name: str) -> None:
    path = SHARED / "argdown" / f"{name}.argdown"
    if not path.is_file():
        pytest.skip("../shared is not beside the checkout")
    m = parse_argdown(path.read_text(encoding="utf-8"))
    g = Graph().parse(data=to_graph(m, name).serialize(format="nt"), format="nt")
    assert from_graph(g, name).same_as(m)


@pytest.fixture
def store():
    s = OxigraphStore()
    yield s
    s.close()


def test_import_read_and_list(store, tmp_path: Path) -> None:
    doc, m, size = load_file(store, DATA / "sample.argdown", unknown="warn")
    assert doc == "sample" and size > 100
    assert graphs.argmap("sample") in store.graphs()
    assert read_map(store, "sample").same_as(m)
    assert list_maps(store) == [
        {
            "id": "sample",
            "iri": f"{ID}argmap/sample",
            "title": m.frontmatter["title"],
            "claims": 9,
            "arguments": 2,
            "relations": 6,
        }
    ]


def test_a_failed_import_changes_nothing(store, tmp_path: Path) -> None:
    load_file(store, DATA / "sample.argdown", unknown="warn")
    before = store.dump(format="nq")
    bad = tmp_path / "sample.argdown"
    bad.write_text("[A]: fine\n  + [B]: also fine\n  - <C: broken {x: [}\n", encoding="utf-8")
    with pytest.raises(MapSyntaxError):
        load_file(store, bad)
    dangling = tmp_path / "dangling.argdown"
    dangling.write_text("[A]: a\n  + [Nowhere]\n", encoding="utf-8")
    with pytest.raises(Exception, match="never defined"):
        load_file(store, dangling, doc="sample")
    assert store.dump(format="nq") == before


def _rows(store, name: str, **values) -> list[dict[str, str | None]]:
    result = run_named_query(store, get_query(name), values)
    return [{k: (v.value if v is not None else None) for k, v in r.items()} for r in result.rows()]


def test_named_queries_over_a_map(store) -> None:
    load_file(store, DATA / "sample.argdown", unknown="warn")
    technocracy = f"{ID}claim/sample/technocracy"
    supporters = {
        r["label"]: r["direct"] for r in _rows(store, "argmap-supports", claim=technocracy)
    }
    # Automation directly; the argument, its premises and its intermediary conclusion through it
    assert supporters["Automation"] == "true"
    assert {"Sensors", "Coverage", "Feeds", "Inter", "Untitled 1"} <= set(supporters)
    assert supporters["Sensors"] == "false"
    assert "Gaps" not in supporters and "Humans decide" not in supporters
    attacks = _rows(store, "argmap-attacks", claim=technocracy)
    assert {(r["label"], r["attackedLabel"], r["relation"]) for r in attacks} >= {
        ("Humans decide", "Automation", "defaultconflict"),
        ("Gaps", "Sensors", "undercut"),
        ("Manual city", "Automation", "contradiction"),
    }
    works = _rows(store, "argmap-grounds", claim=technocracy)
    assert [(r["work"], r["via"]) for r in works] == [(f"{ID}work/dodge2007codes", "Automation")]
    about = _rows(store, "argmap-claims-about", concept=str(TECH.AutomatedManagement))
    assert [r["label"] for r in about] == ["Automation"]
    unsupported = {r["label"] for r in _rows(store, "argmap-unsupported", map=f"{ID}argmap/sample")}
    assert "Technocracy" not in unsupported and "Automation" not in unsupported
    assert {"Coverage", "Feeds", "Manual city", "Redundancy"} <= unsupported


def _violations(store, name: str) -> list[str]:
    text = (queries_dir() / "qc" / f"{name}-violation.rq").read_text(encoding="utf-8")
    return sorted(row["focus"].value for row in store.query(text).rows())


def test_quality_checks_of_maps(store, tmp_path: Path) -> None:
    load_file(store, DATA / "anchored.argdown", unknown="warn")
    assert _violations(store, "argmap-unanchored") == []
    assert _violations(store, "argmap-dangling") == []
    assert _violations(store, "argmap-support-cycle") == []
    report = check_anchors(store, DATA)
    assert (report.checked, report.skipped, report.findings) == (3, 0, [])
    # an element without its quote, a wrong offset, an edge to nowhere, a cycle
    text = (DATA / "anchored.argdown").read_text(encoding="utf-8")
    broken = tmp_path / "anchored.argdown"
    broken.write_text(
        text.replace(
            '{quote: "People still do much of the work.", start: 78, end: 111, page: 2}', ""
        ).replace("start: 36, end: 77", "start: 37, end: 77"),
        encoding="utf-8",
    )
    load_file(store, broken, unknown="warn")
    assert _violations(store, "argmap-unanchored") == [f"{ID}claim/anchored/not-yet"]
    assert [f.rule for f in check_anchors(store, DATA).findings] == ["anchor-verbatim"]
    store.update(
        "INSERT DATA { GRAPH <urn:test> { <urn:r> <http://www.arg.dundee.ac.uk/aif#Premise> <urn:ghost> ."
        " <urn:x> <http://purl.org/dc/terms/title> 'x' ; a <http://www.arg.dundee.ac.uk/aif#I-node> ."
        " <urn:ra> <http://www.arg.dundee.ac.uk/aif#Premise> <urn:x> ; <http://www.arg.dundee.ac.uk/aif#Conclusion> <urn:x> } }"
    )
    assert _violations(store, "argmap-dangling") == ["urn:r"]
    assert _violations(store, "argmap-support-cycle") == ["urn:x"]
    assert ox.NamedNode("urn:test")
