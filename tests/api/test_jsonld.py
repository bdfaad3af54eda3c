"""JSON-LD that plain tools read: one graph as a plain, compacted graph document (kg.rdf.jsonld),
the context published at /context.jsonld; through /store, /id/... and ``tkg dump``."""

from __future__ import annotations

import json
import warnings

import httpx
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app as tkg
from kg.rdf.namespaces import GRAPH, PREFIXES
from kg.store import OxigraphStore

BIBLIOGRAPHY = str(GRAPH.bibliography)


def _rdflib(data: bytes | str) -> Graph:
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=data, format="json-ld")


def _size(store, graph: str) -> int:
    return len(store.dump_graph(graph, format="nt").splitlines())


def test_the_graph_store_sends_one_graph_that_rdflib_loads_whole(built_server, built_store):
    expected = _size(built_store, BIBLIOGRAPHY)
    assert expected > 1000
    r = httpx.get(
        f"{built_server}/store",
        params={"graph": BIBLIOGRAPHY},
        headers={"Accept": "application/ld+json"},
        timeout=60,
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert len(_rdflib(r.content)) == expected
    document = r.json()
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    # compacted: the prefixes are used, the graph is the top-level @graph
    nodes = document["@graph"]
    assert any(node["@id"] == "work:vanolo2014smartmentality" for node in nodes)
    assert any("dct:title" in node for node in nodes)


def test_a_resource_is_compacted_json_ld_too(built_server):
    r = httpx.get(
        f"{built_server}/id/work/vanolo2014smartmentality",
        headers={"Accept": "application/ld+json"},
        timeout=60,
    )
    assert r.status_code == 200
    document = r.json()
    assert set(document["@context"]) == set(PREFIXES)
    text = r.text
    assert '"work:vanolo2014smartmentality"' in text and '"dct:title"' in text
    assert (None, None, None) in _rdflib(r.content)


def test_the_context_is_published(built_server):
    r = httpx.get(f"{built_server}/context.jsonld", timeout=60)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    context = r.json()["@context"]
    assert context == dict(sorted(PREFIXES.items()))
    # a document that names this context by value loads in rdflib with those prefixes
    doc = {"@context": context, "@id": "work:x", "dct:title": "X"}
    g = _rdflib(json.dumps(doc))
    assert {str(s) for s in g.subjects()} == {"https://w3id.org/technocracy/id/work/x"}


def test_tkg_dump_of_one_graph_as_json_ld_is_a_plain_graph(built_store, tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.write_graph(BIBLIOGRAPHY, built_store.dump_graph(BIBLIOGRAPHY, format="nt"), format="nt")
    expected = _size(store, BIBLIOGRAPHY)
    store.close()
    out = tmp_path / "bibliography.jsonld"
    result = CliRunner().invoke(
        tkg,
        [
            "dump",
            "-f",
            "jsonld",
            "--graph",
            BIBLIOGRAPHY,
            "-o",
            str(out),
            "--store",
            f"oxigraph:{tmp_path / 'store'}",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert len(_rdflib(out.read_bytes())) == expected
    assert "@graph" in json.loads(out.read_text())
