"""Queries are checked before the parser sees them (issue: hold under attack): nesting that
would overflow the parser's stack is refused with where it happened, and SERVICE or LOAD
call only the hosts the allow-list names; a real listener on 127.0.0.1 sees no request."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from attack_support import DEEP, Listener

from kg.errors import QueryRefusedError, StoreRefusedError
from kg.store import OxigraphStore, open_store
from kg.store.guard import MAX_DEPTH, check_sparql, outbound_targets

ROOT = Path(__file__).resolve().parents[2]
W3C = ROOT.parent / "shared" / "peer-tests" / "w3c-sparql" / "sparql"


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_refused_before_the_parser(name):
    store = OxigraphStore()
    with pytest.raises(QueryRefusedError) as caught:
        store.query(DEEP[name])
    assert f"deeper than {MAX_DEPTH} levels" in str(caught.value)
    assert caught.value.where.startswith("query:1:")
    with pytest.raises(QueryRefusedError):
        store.update("CLEAR ALL ; " + DEEP[name])
    assert store.query("ASK { }").boolean is True  # the process is alive and answers


def test_nesting_at_the_bound_still_runs():
    ok = "SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + " ?s ?p ?o " + "}" * (MAX_DEPTH - 1)
    assert OxigraphStore().query(ok).rows() == []


def test_the_cli_refuses_a_deep_query_in_one_line():
    """``tkg query`` ended with exit 139 (a segfault) on this query."""
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "query", "--store", "memory", DEEP["braces"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: query:1:") and "nests deeper" in done.stderr


@pytest.mark.skipif(not W3C.is_dir(), reason="../shared/peer-tests is not here")
def test_no_query_of_the_w3c_suites_is_refused_but_for_service_and_load():
    """894 queries and 148 updates of the W3C SPARQL 1.0 and 1.1 suites: only those that
    call another host (SERVICE, LOAD) are refused, none for its nesting."""
    refused, checked = [], 0
    for path in sorted([*W3C.rglob("*.rq"), *W3C.rglob("*.ru")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        checked += 1
        try:
            check_sparql(text)
        except QueryRefusedError as exc:
            refused.append((path.name, str(exc)))
    assert checked > 1000
    assert refused and all(("SERVICE" in m or "LOAD" in m) for _, m in refused), refused
    assert {name for name, _ in refused} >= {"service01.rq", "syntax-update-01.ru"}


def test_targets_resolve_prefixes_and_base_and_skip_strings_and_comments():
    text = (
        "PREFIX s: <http://svc.example/>\nBASE <http://b.example/a/>\n"
        "# SERVICE <http://comment.example/>\n"
        'SELECT * { ?x <http://e/p> "SERVICE <http://string.example/>" . '
        "?x <http://e/service> ?y . ?x s:service ?z . SERVICE s:q { } SERVICE SILENT <q> { } }"
    )
    assert [(t.keyword, t.iri) for t in outbound_targets(text)] == [
        ("SERVICE", "http://svc.example/q"),
        ("SERVICE", "http://b.example/a/q"),
    ]


def test_file_iris_are_never_allowed():
    with pytest.raises(QueryRefusedError, match="only http"):
        check_sparql("LOAD <file:///etc/passwd>", outbound=["*"])
    with pytest.raises(QueryRefusedError, match="only http"):
        check_sparql("SELECT * { SERVICE <file:///x> { } }", outbound=["file:///"])


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_service_calls_no_host_by_default(listener):
    store = open_store("memory")
    query = f"SELECT ?o {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefusedError, match="TKG_OUTBOUND"):
        store.query(query)
    with pytest.raises(QueryRefusedError):
        store.update(f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>")
    assert listener.connections == 0


def test_an_allowed_service_is_called(listener):
    """The allow-list is a real switch: a listed prefix is called, and its rows come back."""
    store = open_store("memory", outbound=[f"http://127.0.0.1:{listener.port}/"])
    query = f"SELECT ?o {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    rows = store.query(query).rows()
    assert [row["o"].value for row in rows] == ["far"]
    assert listener.connections == 1
    other = f"SELECT ?o {{ SERVICE <http://127.0.0.1:{listener.port + 1}/x> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefusedError):
        store.query(other)


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_an_allowed_service_that_fails_is_the_store_s_error_not_a_crash():
    """Answers are lazy: the failure came out of iteration as a bare ConnectionRefusedError
    (a 500 over HTTP, a traceback in tkg query)."""
    port = _closed_port()
    store = open_store("memory", outbound=[f"http://127.0.0.1:{port}/"])
    result = store.query(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}")
    with pytest.raises(StoreRefusedError, match="a remote endpoint the query calls failed"):
        result.rows()


def test_tkg_query_reports_a_failing_service_in_one_line():
    port = _closed_port()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "query",
            "--store",
            "memory",
            f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TKG_OUTBOUND": json.dumps([f"http://127.0.0.1:{port}/"])},
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: a remote endpoint the query calls failed")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
