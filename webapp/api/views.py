"""The API's views: ``POST /api/v1/sync`` (a phone's outbox; what each item
does is in sync.py) and ``GET /api/v1/openapi.json`` (openapi.py)."""
from __future__ import annotations

import json

from flask import current_app, g, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    TooManyRequests,
    UnprocessableEntity,
    UnsupportedMediaType,
)

from webapp import buckets, clock, db
from webapp.api import budget
from webapp.api.openapi import build_spec
from webapp.api.schemas import INVALID, EnvelopeSchema, SyncResponseSchema, load_item
from webapp.api.sync import apply_items
from webapp.errors import messages
from webapp.http_caching import conditional
from webapp.l10n.languages import DEFAULT_LANGUAGE
from webapp.l10n.negotiation import best_language
from webapp.privacy import mixing

MAX_BODY_BYTES = 64 * 1024


def language_from_header():
    """Messages in the phone's language: the outbox sends the page's language
    as Accept-Language (the URL carries none here)."""
    enabled = current_app.config["ENABLED_LANGUAGES"]
    g.lang = best_language(request.accept_languages, enabled) or DEFAULT_LANGUAGE


@db.reads_first
def sync():
    raw_items = _load_envelope()
    session, now = db.session(), clock.now()
    admit(session, budget.costs(session, raw_items), now)
    loaded = [_load_item(raw) for raw in raw_items]
    db.begin_writing(session)
    # A refusal is already its item's result; the others are applied, and their results fill in.
    applied = iter(apply_items(session, [item for item in loaded if "status" not in item], now))
    results = [item if "status" in item else next(applied) for item in loaded]
    session.commit()
    mixing.mix_if_due(session, now)
    session.commit()
    only_conflict = len(results) == 1 and results[0]["status"] == "conflict"
    return jsonify(SyncResponseSchema().dump({"results": results})), 409 if only_conflict else 200


def admit(session, needed, now) -> None:
    """Take the tokens this request needs, or answer 429 with Retry-After.
    A flood is turned away by a read, without waiting for a write lock."""
    waiting = budget.BUCKETS.wait(session, needed, now)
    if not waiting:
        db.begin_writing(session)
        waiting = budget.BUCKETS.take(session, needed, now)
    session.commit()
    if waiting:
        raise TooManyRequests(retry_after=buckets.retry_after(waiting))


def _load_item(raw: dict) -> dict:
    """The item as its type loads it, or its final refusal: it can never be
    accepted as it is, and the other items of the request go on."""
    try:
        return load_item(raw)
    except ValidationError as error:
        return {"id": str(raw["id"]), "status": "rejected", "result": INVALID, "message": messages()[422],
                "details": _string_keys(error.messages)}


def openapi_document():
    return conditional(jsonify(build_spec()), max_age=0)


def _load_envelope() -> list[dict]:
    """The items, each with a UUID, a type and a body; else 422 (nothing written)."""
    return _validated(_json_body())


def _json_body():
    if request.mimetype != "application/json":
        raise UnsupportedMediaType()
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise RequestEntityTooLarge()
    raw = request.stream.read(MAX_BODY_BYTES + 1)  # also bounds a body sent without a length
    if len(raw) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: "[[[[...]]]]"
        raise BadRequest() from error


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity are not JSON numbers


def _validated(payload) -> list[dict]:
    try:
        return EnvelopeSchema().load(payload)["items"]
    except ValidationError as error:
        unprocessable = UnprocessableEntity()
        unprocessable.details = _string_keys(error.messages)  # shown under error.details
        raise unprocessable from error


def _string_keys(value):
    """Marshmallow names list items by int index; JSON object keys are strings."""
    if isinstance(value, dict):
        return {str(key): _string_keys(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_string_keys(inner) for inner in value]
    return value


