"""Check-ins: a head count, never an attendance list.

A row says "one phone came to this meeting": the meeting, the per-meeting
pseudonym the phone derived (HMAC of a secret that never leaves the phone and
the meeting id, so two meetings' rows cannot be linked), the 30-second window
of the code it scanned, whether it arrived while the meeting was on or later
from a phone that had been offline, and the day it reached us. No name, no
device id, no IP address, no client request id (that is in sync_receipts,
with no link to this row). Its key is random: rows say nothing about their
order.

``ResponseSlot`` is the rule "a meeting takes at most as many responses as
it counted check-ins" kept as rows: each check-in opens one slot, each
feedback on the meeting fills (deletes) one. A slot holds nothing but its
meeting and a random key; which check-in opened it cannot be told, and a
response fills whichever slot is free. Slots let many phones' syncs answer
one meeting at the same time: each locks only the slot it fills (counting
check-ins against responses instead would need the meeting locked until
commit, one sync after another). ``flask purge`` deletes the slots of
meetings whose feedback window has closed.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UNORDERED, Base, random_id


class CheckIn(Base):
    __tablename__ = "checkins"
    # One phone counts once per meeting, even under concurrent syncs.
    __table_args__ = (UniqueConstraint("meeting_id", "pseudonym"), UNORDERED)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    # Emptied by ``flask purge`` once the feedback window has closed; the row still counts.
    pseudonym: Mapped[str | None] = mapped_column(String(64))
    window: Mapped[int] = mapped_column(Integer)
    arrived_live: Mapped[bool] = mapped_column(Boolean)
    received_on: Mapped[dt.date] = mapped_column(Date)


class ResponseSlot(Base):
    __tablename__ = "response_slots"
    __table_args__ = (UNORDERED,)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
