"""The kinds of item a phone's outbox can carry (check-ins, feedback, ...).

The sync endpoint knows nothing about any of them: each kind registers, when
its module is imported, a marshmallow schema for its body and an ``apply``
function that does its work and returns a result code of its own choosing
("accepted", "duplicate", "outside_window", ...). The endpoint takes care of
everything around that: validation, at-most-once, savepoints, answers.

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


@dataclass(frozen=True)
class ItemType:
    name: str
    schema: Schema
    apply: Apply
    ok_results: frozenset[str]

    def is_ok(self, result: str) -> bool:
        """An ok result lets the phone delete the item; any other is a rejection
        it keeps and shows ("needs attention")."""
        return result in self.ok_results


_types: dict[str, ItemType] = {}


def register_item_type(
    name: str, schema: Schema | type[Schema], apply: Apply, *, ok_results: Iterable[str] = ("accepted",)
) -> ItemType:
    """Make ``name`` a type the sync endpoint accepts.

    ``apply(session, body, context)`` gets the body as ``schema`` loaded it and
    returns a result code. Codes in ``ok_results`` mean "done, the phone may
    forget it" (a check-in type would pass ``("accepted", "duplicate")``); any
    other code is a rejection: whatever ``apply`` wrote is rolled back, and the
    code is kept and given again if the phone resends the same item.
    ``apply`` runs inside a savepoint of the request's transaction: it may
    flush and nest savepoints of its own, but never commits or rolls back.
    """
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"item type name must be 1-{MAX_NAME_LENGTH} characters: {name!r}")
    if isinstance(schema, type):
        schema = schema()
    item_type = ItemType(name, schema, apply, frozenset(ok_results))
    existing = _types.get(name)
    if existing is not None and existing.apply is not apply:
        raise ValueError(f"item type {name!r} is already registered")
    _types[name] = item_type
    return item_type


def unregister_item_type(name: str) -> None:
    """For tests that register a type of their own."""
    _types.pop(name, None)


def item_type(name: str) -> ItemType | None:
    return _types.get(name)


def registered_types() -> list[ItemType]:
    return [_types[name] for name in sorted(_types)]
