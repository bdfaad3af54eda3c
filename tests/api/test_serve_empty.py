"""``tkg serve`` on an empty store: it builds without HermiT, serves, and then writes the
inferred graph through the served store, where the query workers see it; the finished build
is kept (``kg.buildcache``), and the next empty store is given it whole, inferred graph
included, before the first answer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import HOST, _stop, _wait, free_port

from kg.store import open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
INFERRED = "https://w3id.org/technocracy/graph/inferred"


def _ask(url: str, query: str) -> bool:
    answer = httpx.get(
        url, params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    return bool(answer.json()["boolean"])


def _serve(store: Path, kept: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ, TKG_STORE=f"oxigraph:{store}", TKG_BUILD_CACHE=str(kept))
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", HOST, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://{HOST}:{port}/sparql"


def _graphs(path: Path) -> dict[str, Graph]:
    store = open_store(f"oxigraph:{path}")
    try:
        return {
            name: Graph().parse(data=store.dump_graph(name, format="nt"), format="nt")
            for name in store.graphs()
        }
    finally:
        store.close()


def test_serve_builds_serves_then_reasons_and_keeps_the_build(tmp_path):
    kept = tmp_path / "kept"
    log = tmp_path / "serve.log"
    process, url = _serve(tmp_path / "store", kept, log)
    try:
        _wait(url, process, log, seconds=600)
        assert _ask(url, "ASK { GRAPH <https://w3id.org/technocracy/graph/ontology> { ?s ?p ?o } }")
        # HermiT runs once the server answers; its graph reaches the workers like any write
        deadline = time.monotonic() + 600
        while not _ask(url, f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}"):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert _ask(
            url,
            f"ASK {{ GRAPH <{INFERRED}> {{ ?x a <http://www.w3.org/ns/org#FormalOrganization> }} }}",
        )
        while "kept for the next empty store" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        _stop(process)
    text = log.read_text()
    assert "the store is empty: building the default corpus first" in text
    assert "reasoned: " in text
    assert len(list(kept.glob("*.nq"))) == 1

    # a second empty store: given the kept build, HermiT's graph there at the first answer
    again = tmp_path / "again.log"
    process, url = _serve(tmp_path / "store2", kept, again)
    try:
        _wait(url, process, again, seconds=600)
        assert _ask(
            url,
            f"ASK {{ GRAPH <{INFERRED}> {{ ?x a <http://www.w3.org/ns/org#FormalOrganization> }} }}",
        )
    finally:
        _stop(process)
    text = again.read_text()
    assert "the build of these inputs was kept" in text
    assert "building" not in text and "reasoned" not in text
    first, second = _graphs(tmp_path / "store"), _graphs(tmp_path / "store2")
    assert sorted(first) == sorted(second)
    for name, graph in first.items():
        assert isomorphic(graph, second[name]), name
