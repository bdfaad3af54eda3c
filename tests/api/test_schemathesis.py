"""Property-based tests of the OpenAPI description: schemathesis against the live server,
as ``st run --checks all`` runs it: its examples, coverage, fuzzing and stateful phases and
every check it has, among them that no answer is a 5xx, that statuses, media types, headers
and bodies are those the description lists, that requests the description allows are
accepted and those it forbids refused, that a missing required header is refused, that
undeclared methods get 405 with an Allow header that lists the declared ones. A fixed seed
and a few examples per operation keep it quick and repeatable. Marked slow.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

#: The configuration: all checks. The one exception: whether a SPARQL text parses, is an
#: update (refused by this read-only server) or has a result that a format can carry (no
#: Turtle for a SELECT) is beyond what a schema describes, so /sparql may refuse requests
#: the schema allows with those statuses.
CONFIG = """
seed = 21
[checks]
enabled = true
# (no max_response_time: how fast an answer comes is the benchmarks' business, and a
# time limit here would fail on a busy machine what passes on a quiet one)
# content negotiation: an Accept header that names nothing a resource offers is answered
# 406 with the types it does offer (RFC 9110, 15.5.7); which media types each resource
# offers is beyond what the schema's free-text Accept header can say (the rest: the default)
positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "406", "409", "429", "5xx"]
[phases]
examples.enabled = true
coverage.enabled = true
fuzzing.enabled = true
stateful.enabled = true
[generation]
max-examples = 2

[[operations]]
include-path = "/sparql"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "403", "406"]

# the same for a literature map's filters taken together: a year_from after year_to, or a
# doc that is neither a document id nor an IRI
[[operations]]
include-path = "/litmaps/{kind}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404", "406"]

# the graph store's reads are public: a request naming no graph (both parameters are
# optional, one is needed) is a 400, a graph that is not there a 404
[[operations]]
include-path = "/store"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "406"]

[[operations]]
include-path = "/store/{path}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "406"]
"""


#: A SPARQL query or update body is the text itself, as a text/plain one is.
schemathesis.serializer.alias(
    ["application/sparql-query", "application/sparql-update"], "text/plain"
)


@pytest.mark.slow
def test_the_server_holds_to_its_description_on_every_check(built_server: str) -> None:
    config = SchemathesisConfig.from_str(CONFIG)
    schema = schemathesis.openapi.from_url(f"{built_server}/openapi.json", config=config)
    failures: dict[tuple[str, str], str] = {}
    errors: list[str] = []
    operations: set[str] = set()
    cases = 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            operations.add(event.recorder.label)
            for nodes in event.recorder.checks.values():
                cases += 1
                for node in nodes:
                    if node.status == Status.FAILURE and node.failure_info is not None:
                        failure = node.failure_info.failure
                        key = (event.recorder.label, f"{failure.code} {failure.title}")
                        failures.setdefault(key, node.failure_info.code_sample)
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.value}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception}")
    assert len(operations) > 30
    assert cases > 500
    assert not errors, "\n".join(errors)
    assert not failures, "\n\n".join(f"{op}: {what}\n{how}" for (op, what), how in failures.items())
