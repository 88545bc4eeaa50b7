"""Receipts for items that phones send through the outbox, and the state of
the mixing of resident rows (webapp/privacy/mixing.py).

One receipt per client-made UUID, so that an item is applied at most once
however often a phone resends it (docs/design.md, rule 4). A receipt keeps
only what answering a resend needs, in a form that only the phone can match:

- ``key``: SHA-256 of the item's UUID. The UUID is 122 random bits that only
  the phone knows, so the key cannot be turned back into it.
- ``check``: HMAC-SHA256 with the UUID as key, of a SHA-256 of what was sent.
  Without the UUID, nobody (not even someone with the database and the
  server's secrets) can test which stored row a receipt belongs to.
- ``result``: the answer given, to give it again; ``received_on``: the day,
  for ``flask purge`` (receipts go after RECEIPT_RETENTION_DAYS).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UNORDERED, Base
from models.types import UTCDateTime


class SyncReceipt(Base):
    __tablename__ = "sync_receipts"
    __table_args__ = (UNORDERED,)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    check: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(40))  # the item type's result code, given again on a resend
    received_on: Mapped[dt.date] = mapped_column(Date)


def receipt_key(item_id: str) -> str:
    return hashlib.sha256(item_id.encode()).hexdigest()


def receipt_check(item_id: str, payload_hash: str) -> str:
    return hmac.new(item_id.encode(), payload_hash.encode(), hashlib.sha256).hexdigest()


class RowMixing(Base):
    """When resident rows were last mixed (one row). Not about any resident."""

    __tablename__ = "row_mixing"

    id: Mapped[int] = mapped_column(primary_key=True)
    mixed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Rows received on or after this day are mixed again at the next mixing.
    open_since: Mapped[dt.date] = mapped_column(Date)
