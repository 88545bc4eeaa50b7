"""API fuzzing with Schemathesis against /api/v1/openapi.json: requests made
from the documented schemas, valid and invalid, never get a 5xx, every
response matches what the document says, and a refused request writes
nothing. CI runs a short fuzz; `make fuzz` runs at least 2,000 requests and
prints how many it made."""
from __future__ import annotations

import collections
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import func, select

from models import CheckIn, Feedback, FeedbackReceipt, SyncReceipt
from tests.live_server import database, seeded_app

EXAMPLES = int(os.environ.get("VEIVISER_FUZZ_EXAMPLES", "100"))  # per operation and mode
# No 5xx, and every response as documented. Invalid data must get a 4xx
# (checked below: Schemathesis's own rejection check does not count 413 as a
# refusal). Not Schemathesis's "every schema-valid request is accepted": the
# body's cross-field rules (a meeting's feedback needs its attendee, at least
# one answer ...) are documented in words, not in JSON Schema.
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    app = seeded_app(tmp_path_factory.mktemp("fuzz"))
    app.config["TESTING"] = True
    return app


@pytest.fixture(scope="module")
def api_schema(fuzzed_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)


@pytest.fixture(scope="module")
def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def written(app) -> tuple[int, ...]:
    with database(app) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (SyncReceipt, Feedback, FeedbackReceipt, CheckIn)
        )


def test_the_document_describes_every_api_endpoint(fuzzed_app, api_schema):
    documented = {(method.upper(), path) for path, item in api_schema.raw_schema["paths"].items() for method in item}
    served = {
        (method, rule.rule) for rule in fuzzed_app.url_map.iter_rules() if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == served


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_every_response_matches_the_document(fuzzed_app, operations, mode):
    statuses: collections.Counter = collections.Counter()
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            before = written(fuzzed_app)
            # The WSGI test client does not undo gzip (a phone's browser does): ask for none.
            response = case.call(headers={"Accept-Encoding": "identity"})
            statuses[(case.operation.label, response.status_code)] += 1
            assert response.status_code < 500, (case.body, response.text[:500])
            case.validate_response(response, checks=CHECKS)
            if mode is GenerationMode.NEGATIVE:
                assert 400 <= response.status_code < 500, response.status_code
            if response.status_code >= 400 and response.status_code != 409:
                assert written(fuzzed_app) == before, "a refused request wrote something"

        call()
    print(f"\nfuzz ({mode.value}): {sum(statuses.values())} requests; {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) >= len(operations)
