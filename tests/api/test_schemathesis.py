"""Property-based tests of the OpenAPI description: schemathesis against the live server.

Every operation gets a few generated requests; none may fail with a 5xx, answer with a
status or media type the description does not list, or send a body that breaks the
response schema. Marked slow; bounded to a few examples per operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

#: What every operation is held to: no server error, a body its schema accepts, and only
#: statuses and media types the description lists.
STRICT = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def _property_test(operation: Any, checks: list[Any]) -> Callable[[], None]:
    """A hypothesis test of one operation: a few generated requests, each validated."""

    @settings(
        max_examples=6,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=checks, timeout=30)

    return check  # type: ignore[no-any-return]


@pytest.mark.slow
def test_no_server_errors_and_responses_match_the_description(built_server: str) -> None:
    # schemathesis.pytest.from_fixture reads ``request.node._nodeid``, which pytest 9 no
    # longer has; so each operation gets its own hypothesis test here, run in place, and
    # the failures of all of them are reported together.
    schema = schemathesis.openapi.from_url(f"{built_server}/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        checks = STRICT
        try:
            _property_test(operation, checks)()
        except (FailureGroup, AssertionError) as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations > 30
    assert not failures, "\n\n".join(failures)
