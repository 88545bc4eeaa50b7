"""Receipts for items that phones send through the outbox.

One row per client-made UUID, so that an item is applied at most once however
often a phone resends it (docs/design.md, rule 4). A receipt says only what is needed to
answer a resend: which type, a hash of what was sent, and the answer given.
It holds nothing about the sender and no link to what the item created, and
its time is a day, not a moment (docs/design.md, rule 2)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class SyncReceipt(Base):
    __tablename__ = "sync_receipts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the client's UUID, lower case
    item_type: Mapped[str] = mapped_column(String(40))
    payload_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 hex of type and body, canonical JSON
    result: Mapped[str] = mapped_column(String(40))  # the item type's result code, given again on a resend
    received_on: Mapped[dt.date] = mapped_column(Date)
