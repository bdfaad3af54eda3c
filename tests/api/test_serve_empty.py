"""``tkg serve`` on an empty store: it builds without HermiT, serves, and then writes the
inferred graph through the served store, where the query workers see it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from servers import HOST, _stop, _wait, free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
INFERRED = "https://w3id.org/technocracy/graph/inferred"


def _ask(url: str, query: str) -> bool:
    answer = httpx.get(
        url, params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    return bool(answer.json()["boolean"])


def test_serve_builds_serves_then_reasons(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, TKG_STORE=f"oxigraph:{tmp_path / 'store'}")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", HOST, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://{HOST}:{port}/sparql"
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
    finally:
        _stop(process)
    text = log.read_text()
    assert "the store is empty: building the default corpus first" in text
    assert "reasoned: " in text
