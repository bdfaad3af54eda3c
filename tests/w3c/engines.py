"""Three ways to run a W3C test: pyoxigraph itself (the baseline), our ``Store`` (what
``tkg query`` runs), and ``/sparql`` over HTTP; each gives an ``Outcome``.

The dataset of a query test is its ``qt:data`` (the default graph) and ``qt:graphData``
(named graphs named by their files' IRIs); a query that names its own dataset (``FROM``,
``FROM NAMED``) reads the files it names, loaded here into named graphs of those IRIs, as
Oxigraph's own test runner does. pyoxigraph and our store are given the data as the suite
means it: the default graph holds ``qt:data`` (our store opened with
``default_graph="default"``, ``TKG_DEFAULT_GRAPH=default``). The server keeps the project's
default (the union of all graphs) and is told the dataset the way a client would: every file
in a named graph of its own, and ``default-graph-uri``/``named-graph-uri`` saying which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urljoin, urlparse

import httpx
import pyoxigraph as ox
import pytest
from w3c.answers import (
    RDF_FILES,
    Answer,
    csv_answer,
    difference,
    error_answer,
    expected_answer,
    ordered,
    raw_answer,
    same,
    triples_answer,
)
from w3c.manifests import GraphFile, W3CTest

from kg.errors import QuerySyntaxError, TkgError
from kg.store import OxigraphStore
from kg.store.sparqltext import names_dataset, query_form

__all__ = ["Outcome", "baseline", "on_server", "raw_store", "through_store", "verdict"]

_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?<([^>]*)>", re.IGNORECASE)
#: The media type each answer format is asked for by.
_MEDIA = {
    "xml": "application/sparql-results+xml",
    "json": "application/sparql-results+json",
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
    "nt": "application/n-triples",
}
_FORMAT_NAMES = {".srx": "xml", ".srj": "json", ".tsv": "tsv", ".csv": "csv"}


@dataclass(frozen=True)
class Outcome:
    """What running a test gave: whether it passed, the answer as canonical text (or the
    kind of error), and why it failed."""

    passed: bool
    answer: Answer
    detail: str = ""
    #: refused by our store's guard (``kg.store.guard``): a policy, not an answer
    policy: bool = False


def verdict(outcome: Outcome, base: Outcome) -> None:
    """Pass or fail a test run through our layers, given pyoxigraph's own run of it: a test
    pyoxigraph passes must pass; one it fails must get pyoxigraph's answer from us too, and
    is then an expected failure, with pyoxigraph's reason. A refusal by our guard is a
    policy (``kg.store.guard``), skipped with its message."""
    if outcome.policy:
        pytest.skip(f"refused by our store's guard, a policy: {outcome.detail}")
    if base.passed:
        assert outcome.passed, outcome.detail
        return
    assert same(outcome.answer, base.answer), (
        f"pyoxigraph answers otherwise: ours: {outcome.detail}; pyoxigraph's: {base.detail}"
    )
    pytest.xfail(f"pyoxigraph itself fails it: {base.detail}")


def _from_files(test: W3CTest) -> list[GraphFile]:
    """The local files a query's ``FROM``/``FROM NAMED`` names, as graphs of their IRIs."""
    found = []
    for match in _FROM.finditer(test.text):
        iri = urljoin(test.url, match.group(2))
        path = urlparse(iri)
        if path.scheme == "file":
            found.append(GraphFile(type(test.action)(unquote(path.path)), iri))
    return [f for f in found if f.path.is_file()]


def dataset(test: W3CTest) -> list[GraphFile]:
    """Every file the test's data is in, each once per graph."""
    files: dict[tuple[str, str | None], GraphFile] = {}
    for f in (*test.data, *_from_files(test)):
        files.setdefault((str(f.path), f.graph), f)
    return list(files.values())


def _judge(test: W3CTest, answer: Callable[[], Answer]) -> Outcome:
    """Compare the answer with the expected one; an error is an answer too."""
    assert test.result is not None
    expected = expected_answer(test.result, test.text, lax=test.lax)
    try:
        got = answer()
    except (SyntaxError, QuerySyntaxError) as exc:
        return Outcome(False, error_answer("syntax error"), f"does not parse: {exc}")
    except (OSError, RuntimeError, TkgError, ValueError) as exc:
        kind = type(exc).__name__
        return Outcome(False, error_answer("error"), f"{kind}: {exc}")
    if same(got, expected):
        return Outcome(True, got)
    return Outcome(False, got, difference(expected, got))


# -- pyoxigraph itself ----------------------------------------------------------------------


def raw_store(files: list[GraphFile]) -> ox.Store:
    """A pyoxigraph store holding ``files``, each in its graph."""
    store = ox.Store()
    for f in files:
        graph = ox.NamedNode(f.graph) if f.graph else ox.DefaultGraph()
        store.load(
            path=str(f.path),
            format=RDF_FILES[f.path.suffix],
            to_graph=graph,
            base_iri=f.path.as_uri(),
        )
    return store


def _raw_answer(test: W3CTest) -> Answer:
    store = raw_store(dataset(test))
    raw = store.query(test.text, base_iri=test.url)
    if test.csv:
        assert isinstance(raw, ox.QuerySolutions)
        data = raw.serialize(format=ox.QueryResultsFormat.CSV)
        assert data is not None
        return csv_answer(data, in_order=ordered(test.text))
    return raw_answer(raw, in_order=ordered(test.text), lax=test.lax)


@cache
def baseline(test: W3CTest) -> Outcome:
    """The test run in pyoxigraph directly (once per session)."""
    return _judge(test, lambda: _raw_answer(test))


# -- our store, as `tkg query` uses it --------------------------------------------------------


def _read_back(test: W3CTest, body: bytes, fmt: str) -> Answer:
    """An answer written in ``fmt`` (a results format name, or ``nt`` for a graph), read."""
    in_order = ordered(test.text)
    if fmt == "csv":
        return csv_answer(body, in_order=in_order)
    if fmt == "nt":
        return triples_answer(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    syntax = {"xml": ox.QueryResultsFormat.XML, "json": ox.QueryResultsFormat.JSON}.get(
        fmt, ox.QueryResultsFormat.TSV
    )
    raw = ox.parse_query_results(body, format=syntax)
    return raw_answer(raw, in_order=in_order, lax=test.lax)


def answer_format(test: W3CTest) -> str:
    """The format the answer travels in: the expected file's results format, JSON for
    solutions expected as RDF, N-Triples for a graph."""
    assert test.result is not None
    if query_form(test.text) not in ("SELECT", "ASK"):
        return "nt"
    return _FORMAT_NAMES.get(test.result.suffix, "json")


def _store_answer(test: W3CTest) -> Answer:
    store = OxigraphStore(default_graph="default")
    try:
        for f in dataset(test):
            store.write_graph(
                f.graph,
                f.path.read_bytes(),
                format=f.path.suffix.lstrip("."),
                merge=True,
                base_iri=f.path.as_uri(),
            )
        fmt = answer_format(test)
        return _read_back(test, store.query(test.text, base_iri=test.url).serialize(fmt), fmt)
    finally:
        store.close()


def through_store(test: W3CTest) -> Outcome:
    """The test run through ``OxigraphStore.query`` and ``QueryResult.serialize``."""
    return _judge(test, lambda: _store_answer(test))


# -- /sparql over HTTP ------------------------------------------------------------------------


def _served_answer(test: W3CTest, store: OxigraphStore, client: httpx.Client) -> Answer:
    store.update("DROP ALL")
    params: dict[str, list[str]] = {}
    loaded: set[str] = set()
    for f in dataset(test):
        iri = f.graph or f.path.as_uri()  # each file in a graph of its own
        if iri not in loaded:
            loaded.add(iri)
            data = f.path.read_bytes()
            fmt = f.path.suffix.lstrip(".")
            store.write_graph(iri, data, format=fmt, merge=True, base_iri=f.path.as_uri())
        if not names_dataset(test.text):  # else the query's FROM says which graphs
            params.setdefault("named-graph-uri" if f.graph else "default-graph-uri", []).append(iri)
    fmt = answer_format(test)
    media = _MEDIA[fmt]
    text = f"BASE <{test.url}>\n{test.text}"  # the file's IRI is the base of its relative IRIs
    headers = {"Accept": media}
    if len(text) < 1500:
        response = client.get("/sparql", params={"query": text, **params}, headers=headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        response = client.post("/sparql", content=text.encode(), params=params, headers=headers)
    if response.status_code == 400 and '"bad-sparql"' in response.text:
        raise SyntaxError(response.text)
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return _read_back(test, response.content, fmt)


def on_server(test: W3CTest, store: OxigraphStore, client: httpx.Client) -> Outcome:
    """The test run through ``/sparql`` on a live server over ``store``."""
    return _judge(test, lambda: _served_answer(test, store, client))
