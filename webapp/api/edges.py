"""What every API view does at its edge, in one place: read a JSON body
within a size limit, load it with a marshmallow schema (422 with the details
when it does not fit), and take the request's tokens from the rate buckets
(429 with Retry-After)."""
from __future__ import annotations

import json
from collections import Counter

from flask import request
from marshmallow import Schema, ValidationError
from sqlalchemy.orm import Session
from werkzeug.exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    TooManyRequests,
    UnprocessableEntity,
    UnsupportedMediaType,
)

from webapp import buckets, clock, db
from webapp.api.budget import BUCKETS


def json_body(max_bytes: int):
    """The request's JSON, at most ``max_bytes`` long (also when sent without a length)."""
    if request.mimetype != "application/json":
        raise UnsupportedMediaType()
    if request.content_length is not None and request.content_length > max_bytes:
        raise RequestEntityTooLarge()
    raw = request.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise RequestEntityTooLarge()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: "[[[[...]]]]"
        raise BadRequest() from error


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity are not JSON numbers


def loaded(schema: Schema, payload):
    """``payload`` as ``schema`` loads it, else 422 with what did not fit (nothing written)."""
    try:
        return schema.load(payload)
    except ValidationError as error:
        unprocessable = UnprocessableEntity()
        unprocessable.details = string_keys(error.messages)  # shown under error.details
        raise unprocessable from error


def string_keys(value):
    """Marshmallow names list items by int index; JSON object keys are strings."""
    if isinstance(value, dict):
        return {str(key): string_keys(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [string_keys(inner) for inner in value]
    return value


def admit(session: Session, needed: Counter) -> None:
    """Take the tokens this request needs, or answer 429 with Retry-After.
    A flood is turned away by a read, without waiting for a write lock."""
    now = clock.now()
    waiting = BUCKETS.wait(session, needed, now)
    if not waiting:
        db.begin_writing(session)
        waiting = BUCKETS.take(session, needed, now)
    db.commit_without_waiting_for_disk(session)
    if waiting:
        raise TooManyRequests(retry_after=buckets.retry_after(waiting))
