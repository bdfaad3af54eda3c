"""Literature maps read by the tools their formats are for, as those tools read them:
Cytoscape.js and graphology (with graphology-gexf) in Node.js, networkx in Python, and
the structure of VOSviewer's JSON map."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from litmap_support import litmap_store
from node_support import run_node

from kg.litmap import Filters, build_map, write_map

KINDS = ("citation", "cocitation", "coupling", "concept-work", "author-cocitation")
#: What VOSviewer's JSON map holds at the top and in ``config``, and what an item and a
#: link need (VOSviewer Online's documentation of the JSON file type).
VOSVIEWER_TOP = {"info", "config", "network"}
VOSVIEWER_CONFIG = {"parameters", "terminology", "color_schemes", "templates", "styles"}


@pytest.fixture(scope="module")
def maps():
    store = litmap_store()
    built = {kind: build_map(store, kind) for kind in KINDS}
    built["paragraph"] = build_map(store, "cocitation", Filters(grain="paragraph"))
    yield built
    store.close()


@pytest.mark.parametrize("kind", [*KINDS, "paragraph"])
def test_cytoscape_js_keeps_every_node_and_edge(maps, kind, tmp_path):
    m = maps[kind]
    path = tmp_path / "map.cyjs"
    path.write_bytes(write_map(m, "cytoscape"))
    loaded = run_node("cytoscape_json.js", str(path), packages=("cytoscape",))
    assert {n["id"] for n in loaded["nodes"]} == set(m.graph.nodes)
    assert len(loaded["edges"]) == m.graph.number_of_edges() > 0
    pairs = {(e["source"], e["target"]) for e in loaded["edges"]}
    assert all((a, b) in pairs or (b, a) in pairs for a, b in m.graph.edges)
    assert loaded["data"]["kind"] == m.kind and loaded["data"]["title"] == m.title


@pytest.mark.parametrize("kind", [*KINDS, "paragraph"])
def test_graphology_reads_gexf_with_named_attributes(maps, kind, tmp_path):
    m = maps[kind]
    path = tmp_path / "map.gexf"
    path.write_bytes(write_map(m, "gexf"))
    loaded = run_node("gexf_graphology.js", str(path), packages=("graphology-gexf",))
    assert len(loaded["nodes"]) == m.graph.number_of_nodes()
    assert len(loaded["edges"]) == m.graph.number_of_edges()
    assert loaded["attributes"]["description"] == m.title
    for node in loaded["nodes"]:
        data = m.graph.nodes[node["key"]]
        assert node["label"] == data["label"]
        for name in ("degree", "community", "pagerank"):
            assert node[name] == pytest.approx(data[name])  # the attribute by its own name
    # networkx reads the same file by attribute title: the same values
    g = nx.read_gexf(io.BytesIO(path.read_bytes()), version="1.2draft")
    key = next(iter(m.graph.nodes))
    assert g.nodes[key]["degree"] == m.graph.nodes[key]["degree"]


@pytest.mark.parametrize("kind", KINDS)
def test_vosviewer_json_has_its_structure_and_info(maps, kind):
    m = maps[kind]
    body = json.loads(write_map(m, "vosviewer"))
    assert set(body) == VOSVIEWER_TOP
    assert set(body["config"]) <= VOSVIEWER_CONFIG
    assert body["info"]["title"] == m.title
    assert f"{m.graph.number_of_nodes()} nodes" in body["info"]["description"]
    items, links = body["network"]["items"], body["network"]["links"]
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)) == m.graph.number_of_nodes()
    for item in items:
        assert isinstance(item["id"], int) and isinstance(item["label"], str)
        assert isinstance(item["x"], float | int) and isinstance(item["cluster"], int)
        assert all(isinstance(v, int | float) for v in item["weights"].values())
    assert len(links) == m.graph.number_of_edges()
    for link in links:
        assert link["source_id"] in ids and link["target_id"] in ids and link["strength"] > 0
