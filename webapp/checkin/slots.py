"""Response slots (``models.checkins.ResponseSlot``): a meeting takes at
most as many responses as it counted check-ins. A counted check-in opens a
slot; a feedback on the meeting fills one, and without a free slot it is
refused (webapp/feedback/submit.py)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from models import ResponseSlot

SLOTS = ResponseSlot.__table__  # plain statements: no objects to keep in step


def open_slots(session: Session, meeting_ids: Iterable[int]) -> None:
    """One slot for each meeting id given (once per counted check-in), in one statement."""
    rows = [{"meeting_id": meeting_id} for meeting_id in meeting_ids]
    if rows:
        session.execute(insert(SLOTS), rows)


def fill_slots(session: Session, meeting_id: int, wanted: int) -> int:
    """Fill up to ``wanted`` free slots of the meeting; returns how many were
    free. Slots that other syncs are filling at this moment are passed over,
    not waited for; only when too few others are free does it wait for those
    (one of them may be rolled back and free again)."""
    filled = _fill(session, meeting_id, wanted, skip_locked=True)
    if filled < wanted:
        filled += _fill(session, meeting_id, wanted - filled, skip_locked=False)
    return filled


def _fill(session: Session, meeting_id: int, wanted: int, *, skip_locked: bool) -> int:
    free = (
        select(SLOTS.c.id).where(SLOTS.c.meeting_id == meeting_id)
        .limit(wanted).with_for_update(skip_locked=skip_locked)
    )
    filled = session.execute(
        delete(SLOTS).where(SLOTS.c.meeting_id == meeting_id, SLOTS.c.id.in_(free.scalar_subquery()))
        .returning(SLOTS.c.id)
    )
    return len(filled.all())
