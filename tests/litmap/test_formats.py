"""Every format of a literature map, read back with the tools that read it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
import rispy
from litmap_support import litmap_store
from lxml import etree

from kg.errors import UnsupportedFormatError
from kg.litmap import MAP_FORMATS, EmptyMapError, Filters, build_map, map_format, write_map

GEXF_SCHEMA = Path(__file__).parents[1] / "data" / "gexf-1.3" / "gexf.rng"
KINDS = ("citation", "cocitation", "coupling", "concept-work", "author-cocitation")


@pytest.fixture(scope="module")
def store():
    opened = litmap_store()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def cocitation(store):
    return build_map(store, "cocitation", Filters(grain="paragraph"))


@pytest.fixture(scope="module")
def gexf_schema():
    return etree.RelaxNG(etree.parse(str(GEXF_SCHEMA)))


@pytest.mark.parametrize("kind", KINDS)
def test_gexf_is_valid_gexf_1_3_with_visual_attributes(store, gexf_schema, kind):
    built = build_map(store, kind)
    doc = etree.fromstring(write_map(built, "gexf"))
    assert gexf_schema.validate(doc), gexf_schema.error_log.last_error
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    nodes = doc.findall(".//g:node", ns)
    assert len(nodes) == built.graph.number_of_nodes()
    assert len(doc.findall(".//g:edge", ns)) == built.graph.number_of_edges()
    for node in nodes:
        assert node.find("viz:color", ns) is not None
        assert float(node.find("viz:size", ns).get("value")) >= 5
        assert node.find("viz:position", ns) is not None
    titles = {a.get("title") for a in doc.findall(".//g:attributes[@class='node']/g:attribute", ns)}
    assert {"year", "pagerank", "community", "degree", "strength"} <= titles


def test_gexf_schema_rejects_a_broken_document(gexf_schema):
    broken = b'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node/></nodes><edges/></graph></gexf>'
    assert not gexf_schema.validate(etree.fromstring(broken))


def test_graphml_reads_back_with_networkx(cocitation):
    g = nx.read_graphml(io.BytesIO(write_map(cocitation, "graphml")))
    assert g.number_of_nodes() == cocitation.graph.number_of_nodes()
    assert g.number_of_edges() == cocitation.graph.number_of_edges()
    assert g.nodes["townsend2013smart"]["year"] == 2013
    assert g.nodes["townsend2013smart"]["label"] == "Townsend 2013"
    weight = cocitation.graph["kitchin2014realtime"]["townsend2013smart"]["weight"]
    assert g["kitchin2014realtime"]["townsend2013smart"]["weight"] == weight
    assert isinstance(g.nodes["townsend2013smart"]["pagerank"], float)


def test_vosviewer_json_and_text_files(cocitation):
    body = json.loads(write_map(cocitation, "vosviewer"))
    items = {i["label"]: i for i in body["network"]["items"]}
    assert len(items) == cocitation.graph.number_of_nodes()
    townsend = items["Townsend 2013"]
    assert townsend["cluster"] == cocitation.graph.nodes["townsend2013smart"]["community"]
    assert townsend["weights"]["Links"] == cocitation.graph.degree("townsend2013smart")
    assert townsend["scores"]["Pub. year"] == 2013
    assert len(body["network"]["links"]) == cocitation.graph.number_of_edges()
    assert all(link["strength"] >= 1 for link in body["network"]["links"])
    rows = list(
        csv.DictReader(io.StringIO(write_map(cocitation, "vosviewer-map").decode()), delimiter="\t")
    )
    assert {"id", "label", "x", "y", "cluster", "weight<Links>", "score<Pub. year>"} <= set(rows[0])
    assert {r["label"] for r in rows} == set(items)
    lines = write_map(cocitation, "vosviewer-network").decode().splitlines()
    assert len(lines) == cocitation.graph.number_of_edges()
    ids = {r["id"] for r in rows}
    for line in lines:
        a, b, strength = line.split("\t")
        assert a in ids and b in ids and float(strength) >= 1


def test_cytoscape_elements(cocitation):
    body = json.loads(write_map(cocitation, "cytoscape"))
    nodes, edges = body["elements"]["nodes"], body["elements"]["edges"]
    assert len(nodes) == cocitation.graph.number_of_nodes()
    assert len(edges) == cocitation.graph.number_of_edges()
    assert all("x" in n["position"] and n["data"]["color"].startswith("#") for n in nodes)
    assert all(e["data"]["weight"] >= 1 for e in edges)


def test_csv_edge_list(cocitation):
    rows = list(csv.DictReader(io.StringIO(write_map(cocitation, "csv").decode())))
    assert len(rows) == cocitation.graph.number_of_edges()
    assert int(rows[0]["weight"]) == max(w for *_, w in cocitation.graph.edges(data="weight"))


def test_json_has_metadata_nodes_and_edges(cocitation):
    body = json.loads(write_map(cocitation, "json"))
    assert body["kind"] == "cocitation" and body["grain"] == "paragraph"
    assert body["counts"] == {"nodes": len(body["nodes"]), "edges": len(body["edges"])}


def test_bibliographies_of_the_map(store):
    built = build_map(store, "citation", Filters(doc="litmap-sensing"))
    items = json.loads(write_map(built, "csl"))
    assert sorted(i["id"] for i in items) == [
        "gabrys2014programming",
        "haas1992introduction",
        "kitchin2014realtime",
        "townsend2013smart",
        "vanolo2014smartmentality",
    ]
    vanolo = next(i for i in items if i["id"] == "vanolo2014smartmentality")
    assert vanolo["type"] == "article-journal" and vanolo["author"][0]["family"] == "Vanolo"
    assert vanolo["issued"] == {"date-parts": [[2014]]}
    bibtex = write_map(built, "bibtex").decode()
    assert bibtex.count("@") == 5 and "@book{townsend2013smart" in bibtex
    records = rispy.loads(write_map(built, "ris").decode())
    assert {r["id"] for r in records} == {i["id"] for i in items}
    apa = write_map(built, "apa").decode().splitlines()
    assert len(apa) == 5 and apa[0].startswith("Gabrys, J. (2014).")
    harvard = write_map(built, "harvard").decode()
    assert "Vanolo, A. (2014) “Smartmentality" in harvard
    chicago = write_map(built, "chicago").decode()
    assert "Townsend, Anthony M. 2013." in chicago or "Townsend, A. M. 2013." in chicago


@pytest.mark.parametrize("fmt", [f.name for f in MAP_FORMATS])
def test_no_format_writes_an_empty_file(cocitation, fmt):
    assert len(write_map(cocitation, fmt)) > 20


def test_pictures(cocitation):
    svg = write_map(cocitation, "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Townsend 2013" in svg  # labels stay text
    assert write_map(cocitation, "png").startswith(b"\x89PNG")
    timeline = write_map(cocitation, "svg", years=True).decode()
    assert "year of publication" in timeline and ">2014<" in timeline


def test_unknown_format():
    with pytest.raises(UnsupportedFormatError, match="offered: json, graphml, gexf"):
        map_format("pajek")


def test_a_map_without_works_has_no_bibliography(store):
    coupling = build_map(store, "coupling")
    assert json.loads(write_map(coupling, "csl"))  # the documents themselves
    authors = build_map(store, "author-cocitation")
    assert json.loads(write_map(authors, "csl"))
    concept = build_map(store, "concept-work", Filters(concept="Smartmentality"))
    assert "Vanolo" in write_map(concept, "apa").decode()
    with pytest.raises(EmptyMapError):
        build_map(store, "cocitation", Filters(year_to=1900))
