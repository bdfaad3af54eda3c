"""The W3C SPARQL 1.0 and 1.1 query-evaluation tests (with the dataset tests) and results
format tests (JSON, CSV, TSV): in pyoxigraph itself, through our store as ``tkg query`` runs
it, and through ``/sparql`` on a live server. See ``engines`` for how each is run; a test
pyoxigraph fails is an expected failure everywhere, with the reason its own run gave."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import httpx
import pytest
from w3c.engines import baseline, on_server, through_store, verdict
from w3c.manifests import SUITE, W3CTest, of_kind

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"no W3C test suites at {SUITE}")

TESTS = of_kind("query")
EACH = pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])


@EACH
def test_in_pyoxigraph(test: W3CTest) -> None:
    outcome = baseline(test)
    if not outcome.passed:
        pytest.xfail(f"pyoxigraph itself fails it: {outcome.detail}")


@EACH
def test_through_the_store(test: W3CTest) -> None:
    verdict(through_store(test), baseline(test))


@pytest.fixture(scope="module")
def served(
    serve_app: Callable[..., AbstractContextManager[str]],
) -> Iterator[tuple[OxigraphStore, httpx.Client]]:
    """One server for the module, over an in-memory store with the project's defaults (the
    union default graph): each test empties it and writes its own data (``engines``)."""
    store = OxigraphStore()
    with (
        serve_app(create_app(Settings(store="memory", update_token=None), store)) as url,
        httpx.Client(base_url=url, timeout=120) as client,
    ):
        yield store, client
    store.close()


@pytest.mark.slow
@EACH
def test_over_http(test: W3CTest, served: tuple[OxigraphStore, httpx.Client]) -> None:
    verdict(on_server(test, *served), baseline(test))
