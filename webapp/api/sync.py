"""``POST /api/v1/sync``: the one way a phone's outbox reaches the server.

A request carries up to 50 items, each with a UUID the phone made before it
first tried to send (DESIGN rule 4). Every item gets its own answer:

- ``ok``: applied now, or applied before with the same content (the stored
  result is given again): the phone deletes it.
- ``rejected``: its type refused it (e.g. a check-in outside its window).
- ``conflict``: this UUID was used before for different content.
- ``error``: a fault on our side; nothing was kept; the phone sends it later.

The response is 200 with per-item results whatever they are, except that a
request whose only item conflicts is a 409 (so a one-item client can rely on
the HTTP status). Anything wrong with the request itself is a 4xx with
``{"error": {"code", "message"}}`` and nothing is written.

Each item runs in its own SAVEPOINT, so one failing item never undoes
another. Its receipt row is inserted first: when two requests bring the same
new UUID at once, PostgreSQL makes the second wait on the primary key until
the first commits, then fail; that one rolls back its savepoint, reads the
receipt and answers from it, so the item is applied exactly once.

Nothing here logs a client address or a body. Requiring
``application/json`` also keeps other sites out: a browser sends that type
across origins only after a CORS preflight, which this API never answers.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import traceback

from flask import jsonify, request
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnprocessableEntity, UnsupportedMediaType

from models import SyncReceipt
from webapp import db
from webapp.api import bp
from webapp.api.registry import MAX_RESULT_LENGTH, ItemContext, ItemType, item_type
from webapp.api.schemas import SyncRequestSchema, SyncResponseSchema
from webapp.errors import messages

MAX_BODY_BYTES = 64 * 1024
# Which of the error page's messages each status carries (no new strings: the
# API shares the resident catalog's words).
STATUS_MESSAGE = {"rejected": 422, "conflict": 422, "error": 500}

log = logging.getLogger(__name__)


@bp.post("/sync")
def sync():
    results = sync_items(_load_request())
    only_conflict = len(results) == 1 and results[0]["status"] == "conflict"
    return jsonify(SyncResponseSchema().dump({"results": results})), 409 if only_conflict else 200


def sync_items(items: list[dict]) -> list[dict]:
    """Apply items that ``SyncRequestSchema`` loaded, each at most once, and
    commit. Also used by the feedback form's post without JavaScript."""
    session = db.session()
    if not session.in_transaction():
        session.connection(execution_options={"sqlite_immediate": True})  # it will write: SQLite's lock now
    context = ItemContext(received_at=dt.datetime.now(dt.UTC))
    results = [_sync_item(session, item, context) for item in items]
    session.commit()
    return results


# --- the request -------------------------------------------------------------


def _load_request() -> list[dict]:
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
        return SyncRequestSchema().load(payload)["items"]
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


# --- one item ----------------------------------------------------------------


class _Refused(Exception):
    """Raised inside the item's inner savepoint to undo what ``apply`` wrote
    while keeping the receipt that records the refusal."""

    def __init__(self, result: str):
        self.result = result


def _sync_item(session: Session, item: dict, context: ItemContext) -> dict:
    kind = item_type(item["type"])
    receipt = _receipt(session, item["id"])
    if receipt is not None:
        return _answer_again(kind, receipt, item)
    try:
        with session.begin_nested():
            result = _apply_once(session, kind, item, context)
    except IntegrityError as error:
        # Another request claimed this UUID first (or apply broke a constraint
        # of its own): what is stored now decides.
        receipt = _receipt(session, item["id"])
        if receipt is not None:
            return _answer_again(kind, receipt, item)
        _log_failure(kind, error)
        return _result(item, "error", "error")
    except Exception as error:  # a bug in one item type must not cost the other items
        _log_failure(kind, error)
        return _result(item, "error", "error")
    return _result(item, "ok" if kind.is_ok(result) else "rejected", result)


def _apply_once(session: Session, kind: ItemType, item: dict, context: ItemContext) -> str:
    receipt = SyncReceipt(
        id=item["id"],
        item_type=kind.name,
        payload_hash=item["payload_hash"],
        result="",
        received_on=context.received_at.date(),
    )
    session.add(receipt)
    session.flush()  # claim the UUID before doing the work; a concurrent twin waits here
    try:
        with session.begin_nested():
            result = kind.apply(session, item["body"], context)
            _check_result(kind, result)
            if not kind.is_ok(result):
                raise _Refused(result)
    except _Refused as refused:
        result = refused.result
    receipt.result = result
    session.flush()
    return result


def _check_result(kind: ItemType, result) -> None:
    if not isinstance(result, str) or not 0 < len(result) <= MAX_RESULT_LENGTH:
        raise TypeError(f"apply of {kind.name!r} must return a code of 1-{MAX_RESULT_LENGTH} characters")


def _receipt(session: Session, item_id: str) -> SyncReceipt | None:
    query = select(SyncReceipt).where(SyncReceipt.id == item_id).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def _answer_again(kind: ItemType, receipt: SyncReceipt, item: dict) -> dict:
    if receipt.payload_hash != item["payload_hash"]:
        return _result(item, "conflict", "conflict")
    return _result(item, "ok" if kind.is_ok(receipt.result) else "rejected", receipt.result)


def _result(item: dict, status: str, result: str) -> dict:
    code = STATUS_MESSAGE.get(status)
    return {"id": item["id"], "status": status, "result": result, "message": messages()[code] if code else ""}


def _log_failure(kind: ItemType, error: Exception) -> None:
    """Where it failed, never with what: an exception's text can hold the body
    (SQLAlchemy puts the statement's parameters in it)."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("sync: a %r item failed with %s; not applied\n%s", kind.name, type(error).__name__, frames)
