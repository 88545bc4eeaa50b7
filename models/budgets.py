"""Token buckets (webapp/buckets.py), shared by every app server through the
database: what anyone may send to the sync API, and how fast sign-in may be
tried. A sync bucket names a kind of sending, never a sender; a sign-in
bucket's key holds only a keyed hash of an account or an address."""
from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class RateBucket(Base):
    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # e.g. "sync:all", "open:demo"
    # When the bucket is full again, in seconds since the epoch; after it, the row can go.
    full_at: Mapped[float] = mapped_column(Float, index=True)
    span: Mapped[float] = mapped_column(Float)  # seconds from empty to full
