"""The kinds of item a phone's outbox can carry (check-ins, feedback, ...).

The sync endpoint knows nothing about any of them: each kind registers, when
its module is imported, a marshmallow schema for its body and an ``apply``
function that does its work and returns a result code of its own choosing
("accepted", "duplicate", "outside_window", ...), or an ``apply_many`` that
does the same for a run of items of its type at once, in as few statements
as it can (the sync's throughput depends on it: docs/benchmarks.md). The
endpoint takes care of everything around that: validation, at-most-once,
undoing a failed batch, answers.

``apply`` never sees the item's UUID, so no kind can store it next to what it
creates (docs/design.md, rule 2: receipts are not linked to anything).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from marshmallow import Schema
from sqlalchemy.orm import Session

MAX_NAME_LENGTH = 40  # sync_receipts.item_type
MAX_RESULT_LENGTH = 40  # sync_receipts.result


@dataclass(frozen=True)
class ItemContext:
    """What ``apply`` may know besides the body. ``received_at`` is exact (UTC)
    for rules such as "arrived while the meeting was on"; store a day at most."""

    received_at: dt.datetime


Apply = Callable[[Session, dict, ItemContext], str]
ApplyMany = Callable[[Session, list[dict], ItemContext], list[str]]


@dataclass(frozen=True)
class ItemType:
    name: str
    schema: Schema
    apply_many: ApplyMany
    ok_results: frozenset[str]
    registered: Callable  # the function given at registration, to know it again

    def is_ok(self, result: str) -> bool:
        """An ok result lets the phone delete the item; any other is a rejection
        it keeps and shows ("needs attention")."""
        return result in self.ok_results


_types: dict[str, ItemType] = {}


def register_item_type(
    name: str, schema: Schema | type[Schema], apply: Apply | None = None, *,
    apply_many: ApplyMany | None = None, ok_results: Iterable[str] = ("accepted",),
) -> ItemType:
    """Make ``name`` a type the sync endpoint accepts; give ``apply`` or ``apply_many``.

    ``apply(session, body, context)`` gets the body as ``schema`` loaded it and
    returns a result code. Codes in ``ok_results`` mean "done, the phone may
    forget it" (a check-in type would pass ``("accepted", "duplicate")``); any
    other code is a rejection: whatever ``apply`` wrote is rolled back, and the
    code is kept and given again if the phone resends the same item.

    ``apply_many(session, bodies, context)`` returns a code for each body, in
    order, and writes nothing for a body it refuses (no savepoint per item
    undoes it). Items of its type that follow each other in a request come to
    it together.

    Either runs inside the request's transaction, which is rolled back whole
    if it raises (the items then go one at a time, each in a savepoint): it
    may flush and nest savepoints of its own, but never commits or rolls back.
    """
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"item type name must be 1-{MAX_NAME_LENGTH} characters: {name!r}")
    if (apply is None) == (apply_many is None):
        raise ValueError("give either apply or apply_many")
    if isinstance(schema, type):
        schema = schema()
    registered = apply or apply_many
    existing = _types.get(name)
    if existing is not None and existing.registered is not registered:
        raise ValueError(f"item type {name!r} is already registered")
    ok = frozenset(ok_results)
    _types[name] = ItemType(name, schema, apply_many or _one_by_one(apply, ok), ok, registered)
    return _types[name]


class _Refused(Exception):
    """Raised inside an item's savepoint to undo what ``apply`` wrote while
    keeping the refusal as its result."""

    def __init__(self, result: str):
        self.result = result


def _one_by_one(apply: Apply, ok_results: frozenset[str]) -> ApplyMany:
    """``apply_many`` for a type that applies one item at a time: each in a
    savepoint of its own, undone when it is refused."""

    def apply_many(session: Session, bodies: list[dict], context: ItemContext) -> list[str]:
        results = []
        for body in bodies:
            try:
                with session.begin_nested():
                    result = apply(session, body, context)
                    if result not in ok_results:
                        raise _Refused(result)
            except _Refused as refused:
                result = refused.result
            results.append(result)
        return results

    return apply_many


def unregister_item_type(name: str) -> None:
    """For tests that register a type of their own."""
    _types.pop(name, None)


def item_type(name: str) -> ItemType | None:
    return _types.get(name)


def registered_types() -> list[ItemType]:
    return [_types[name] for name in sorted(_types)]
