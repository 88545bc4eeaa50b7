"""Applying what a phone's outbox sends (``POST /api/v1/sync``, see views.py).

A request carries up to 50 items, each with a UUID the phone made before it
first tried to send (docs/design.md, rule 4). Every item gets its own answer:

- ``ok``: applied now, or applied before with the same content (the stored
  result is given again): the phone deletes it.
- ``rejected``: its type refused it (e.g. a check-in outside its window).
- ``conflict``: this UUID was used before for different content.
- ``error``: a fault on our side; nothing was kept; the phone sends it later.

The response is 200 with per-item results whatever they are, except that a
request whose only item conflicts is a 409 (so a one-item client can rely on
the HTTP status). Anything wrong with the request itself is a 4xx with
``{"error": {"code", "message"}}`` and nothing is written.

A batch is applied together first (``apply_items``), its receipts claimed
in one statement before the work; if anything in that fails, it is all undone
and every item is applied on its own, in its own SAVEPOINT (so one failing
item never undoes another), its receipt row inserted first. When two
requests bring the same new UUID at once, PostgreSQL makes the second wait
on the receipt's primary key until the first commits, then fail; that one
rolls back, reads the receipt and answers from it, so the item is applied
exactly once.

Nothing here logs a client address or a body. Requiring
``application/json`` also keeps other sites out: a browser sends that type
across origins only after a CORS preflight, which this API never answers.
"""
from __future__ import annotations

import datetime as dt
import logging
import traceback

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import SyncReceipt
from models.sync import receipt_check, receipt_key
from webapp.api.registry import MAX_RESULT_LENGTH, ItemContext, ItemType, item_type
from webapp.db import begin_writing
from webapp.errors import messages

# Which of the error page's messages each status carries (no new strings: the
# API shares the resident catalog's words).
STATUS_MESSAGE = {"rejected": 422, "conflict": 422, "error": 500}

log = logging.getLogger(__name__)


def apply_items(session: Session, items: list[dict], received_at: dt.datetime) -> list[dict]:
    """Apply items that ``SyncRequestSchema`` loaded, each at most once, in
    a transaction that holds nothing else yet (the caller commits it).

    The batch first goes the short way: one query for the receipts of all
    its items; the receipts of the new ones written in one statement before
    any work; every run of new items of one type applied together by its
    type (``apply_many``); their results written in one statement. When
    anything in that goes wrong (a twin request brought one of the UUIDs
    first, an item type failed), the whole transaction is undone and every
    new item goes the long way, on its own (``_sync_item``), which sorts each
    case out."""
    context = ItemContext(received_at=received_at)
    known = _receipts(session, [item["id"] for item in items])
    answers: dict[int, dict] = {}
    fresh = []
    for number, item in enumerate(items):
        receipt = known.get(receipt_key(item["id"]))
        if receipt is not None:
            answers[number] = _answer_again(item_type(item["type"]), receipt, item)
        else:
            fresh.append((number, item))
    if fresh:
        together = _applied_together(session, fresh, context)
        if together is None:
            session.rollback()  # rare; no savepoint around the short way saves two round trips every time
            begin_writing(session)
            together = _applied_one_by_one(session, fresh, context)
        answers.update(together)
    return [answers[number] for number in range(len(items))]


def _applied_together(session: Session, fresh: list[tuple[int, dict]], context: ItemContext) -> dict | None:
    if len({item["id"] for _, item in fresh}) < len(fresh):
        return None  # the same UUID twice in one batch: the long way answers the second from the first
    results: dict[int, str] = {}
    receipts = SyncReceipt.__table__
    try:
        # Every UUID claimed first, in one statement: a twin request that brought
        # one of them waits here until this one commits, then fails, and the
        # long way answers it from the receipt, without doing the work again.
        session.execute(insert(receipts), [_receipt_row(item, "", context) for _, item in fresh])
        for run in _runs(fresh):
            kind = item_type(run[0][1]["type"])
            codes = kind.apply_many(session, [item["body"] for _, item in run], context)
            _check_results(kind, codes, len(run))
            results.update(zip((number for number, _ in run), codes, strict=True))
        session.execute(  # the results, in one more statement
            update(receipts).where(receipts.c.key == bindparam("claimed")).values(result=bindparam("code")),
            [{"claimed": receipt_key(item["id"]), "code": results[number]} for number, item in fresh],
        )
    except OSError:
        raise  # the connection is gone: there is nobody to answer
    except Exception:  # noqa: BLE001 - anything else: the long way finds out which item and why
        return None
    return {
        number: _result(item, "ok" if item_type(item["type"]).is_ok(results[number]) else "rejected",
                        results[number])
        for number, item in fresh
    }


def _runs(fresh: list[tuple[int, dict]]) -> list[list[tuple[int, dict]]]:
    """The items in order, in runs of one type (a check-in before the
    feedback that needs it is applied before it)."""
    runs: list[list[tuple[int, dict]]] = []
    for number, item in fresh:
        if runs and runs[-1][0][1]["type"] == item["type"]:
            runs[-1].append((number, item))
        else:
            runs.append([(number, item)])
    return runs


def _applied_one_by_one(session: Session, fresh: list[tuple[int, dict]], context: ItemContext) -> dict:
    return {number: _sync_item(session, item, context) for number, item in fresh}


def _receipts(session: Session, item_ids: list[str]) -> dict:
    """The stored receipts of these items (key, check, result), by key."""
    table = SyncReceipt.__table__
    query = select(table.c.key, table.c.check, table.c.result).where(
        table.c.key.in_([receipt_key(item_id) for item_id in item_ids])
    )
    return {receipt.key: receipt for receipt in session.execute(query)}


def _receipt_row(item: dict, result: str, context: ItemContext) -> dict:
    return {
        "key": receipt_key(item["id"]),
        "check": receipt_check(item["id"], item["payload_hash"]),
        "result": result,
        "received_on": context.received_at.date(),
    }


# --- one item ----------------------------------------------------------------


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
    receipt = SyncReceipt(**_receipt_row(item, "", context))
    session.add(receipt)
    session.flush()  # claim the UUID before doing the work; a concurrent twin waits here
    codes = kind.apply_many(session, [item["body"]], context)
    _check_results(kind, codes, 1)
    receipt.result = codes[0]
    session.flush()
    return receipt.result


def _check_results(kind: ItemType, codes, expected: int) -> None:
    if not isinstance(codes, list) or len(codes) != expected:
        raise TypeError(f"{kind.name!r} must give one result per item")
    for code in codes:
        if not isinstance(code, str) or not 0 < len(code) <= MAX_RESULT_LENGTH:
            raise TypeError(f"apply of {kind.name!r} must return a code of 1-{MAX_RESULT_LENGTH} characters")


def _receipt(session: Session, item_id: str) -> SyncReceipt | None:
    query = (
        select(SyncReceipt).where(SyncReceipt.key == receipt_key(item_id)).execution_options(populate_existing=True)
    )
    return session.scalars(query).one_or_none()


def _answer_again(kind: ItemType, receipt: SyncReceipt, item: dict) -> dict:
    if receipt.check != receipt_check(item["id"], item["payload_hash"]):
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
