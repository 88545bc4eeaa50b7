"""API fuzzing with Schemathesis against /api/v1/openapi.json, on SQLite and
PostgreSQL: requests made from the documented schemas, valid and invalid,
never get a 5xx, every response matches what the document says, and what is
refused writes nothing. Besides Schemathesis's own strings, every generated
body gets hostile text in one of its strings (a lone surrogate, NUL, other
controls, digits of other scripts, only invisible characters): that item,
and only it, is refused. CI runs a short fuzz; `make fuzz` runs at least
2,000 requests and prints how many it made."""
from __future__ import annotations

import collections
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
from tests.conftest import BACKENDS, fresh_database_url
from tests.live_server import database, migrate_and_seed
from webapp import create_app

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


# Text no item may carry, and text that is fine but easy to get wrong.
HOSTILE = ["\ud83d", "a\udc00b", "nul\x00", "\x1b[2J", "\x7f", "\u200b\u200c\u2060", "\u202e\u202d"]
AWKWARD = ["²", "١٢٣", "e\u0301", "\U0001f600", "  padded  ", "ــ"]


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_app(request, tmp_path_factory):
    url = fresh_database_url(request.param, tmp_path_factory, name="fuzz")
    migrate_and_seed(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "fuzz", "TESTING": True},
                     instance_path=str(tmp_path_factory.mktemp("fuzz-instance")))
    plenty = (10**9, 10**6)  # the fuzz is not a flood: budgets are tested in test_flood_browser
    app.config["BUDGETS"] = {"sync": plenty, "open": plenty, "meeting": plenty}
    yield app
    app.extensions["db_engine"].dispose()


def with_hostile_text(_context, body):
    """Replace one string of one item's body (or of the envelope) with text
    from HOSTILE or AWKWARD."""
    strings = [
        (item["body"], key) for item in items_of(body) if isinstance(item.get("body"), dict)
        for key, value in item["body"].items() if isinstance(value, str)
    ]
    if not strings:
        return st.just(body)
    return st.tuples(st.sampled_from(strings), st.sampled_from(HOSTILE + AWKWARD), st.booleans()).map(
        lambda choice: _put(body, *choice)
    )


def items_of(body) -> list[dict]:
    items = body.get("items") if isinstance(body, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _put(body, place, text, append):
    container, key = place
    container[key] = container[key] + text if append else text
    return body


@pytest.fixture(scope="module")
def api_schema(fuzzed_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzzed_app)
    schema.hook("flatmap_body")(with_hostile_text)
    return schema


@pytest.fixture(scope="module")
def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def _holds_hostile(item) -> bool:
    body = item.get("body")
    return isinstance(body, dict) and any(
        isinstance(value, str) and any(bad in value for bad in HOSTILE) for value in body.values()
    )


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
    items: collections.Counter = collections.Counter()
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
            refused_whole = 400 <= response.status_code < 500 and response.status_code != 409
            is_sync = case.operation.path == "/api/v1/sync"
            results = [] if refused_whole or response.status_code >= 400 or not is_sync else response.json()["results"]
            if mode is GenerationMode.NEGATIVE:
                # Invalid data: the request is refused, or each invalid item is (and any valid one goes on).
                assert refused_whole or (is_sync and any(r["result"] == "invalid" for r in results)), \
                    response.status_code
            if refused_whole or (results and all(r["result"] == "invalid" for r in results)):
                assert written(fuzzed_app) == before, "a refused request wrote something"
            hostile = [item for item in items_of(case.body) if _holds_hostile(item)]
            by_id = {r["id"]: r for r in results}
            items["refused as invalid"] += sum(r["result"] == "invalid" for r in results)
            items["with hostile text"] += len(hostile)
            for item in hostile:
                if str(item.get("id", "")).lower() in by_id:
                    assert by_id[str(item["id"]).lower()]["result"] == "invalid", item

        call()
    print(f"\nfuzz ({mode.value}): {sum(statuses.values())} requests; {dict(sorted(statuses.items()))}; "
          f"items: {dict(items)}")
    assert sum(statuses.values()) >= len(operations)
