"""The W3C SPARQL 1.0 and 1.1 syntax tests, positive and negative, for queries and
updates: in pyoxigraph itself and through our store (``operations``)."""

from __future__ import annotations

import pytest
from w3c.engines import verdict
from w3c.manifests import SUITE, W3CTest, of_kind
from w3c.operations import syntax_baseline, syntax_through_store

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"no W3C test suites at {SUITE}")

TESTS = of_kind("positive", "negative")
EACH = pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])


@EACH
def test_in_pyoxigraph(test: W3CTest) -> None:
    outcome = syntax_baseline(test)
    if not outcome.passed:
        pytest.xfail(f"pyoxigraph itself fails it: {outcome.detail}")


@EACH
def test_through_the_store(test: W3CTest) -> None:
    verdict(syntax_through_store(test), syntax_baseline(test))
