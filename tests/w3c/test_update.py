"""The W3C SPARQL 1.1 update-evaluation tests, in pyoxigraph itself and through our store
(``operations``); a test pyoxigraph fails is an expected failure, with its reason."""

from __future__ import annotations

import pytest
from w3c.engines import verdict
from w3c.manifests import SUITE, W3CTest, of_kind
from w3c.operations import update_baseline, update_through_store

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"no W3C test suites at {SUITE}")

TESTS = of_kind("update")
EACH = pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])


@EACH
def test_in_pyoxigraph(test: W3CTest) -> None:
    outcome = update_baseline(test)
    if not outcome.passed:
        pytest.xfail(f"pyoxigraph itself fails it: {outcome.detail}")


@EACH
def test_through_the_store(test: W3CTest) -> None:
    verdict(update_through_store(test), update_baseline(test))
