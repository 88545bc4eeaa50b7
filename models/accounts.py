"""Staff accounts, their centres and the audit log.

Residents never have accounts (docs/design.md, rule 1): everything here is about staff.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import limits
from models.base import Base
from models.content import Centre
from models.types import UTCDateTime


class Role(enum.StrEnum):
    ADMIN = "admin"  # accounts, centres, languages; everything a nurse can do
    NURSE = "nurse"  # writes and reviews pages, translations, media
    HOST = "host"  # runs meetings


STAFF_LANGUAGES = ("nb", "en")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'nurse', 'host')", name="role"),
        CheckConstraint("language IN ('nb', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(limits.NAME), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8), default="en")  # the staff UI's language
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session's user id: raising it ends every session of this
    # person at once (signing out, a new password, a reset, switching off).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # A one-time link to choose a password (new account, reset by an
    # administrator): only its SHA-256 is kept, until it is used or expires.
    password_link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_link_expires: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The optional second step (a TOTP app): the shared secret, and the last
    # time step used, so that a code seen over a shoulder cannot be used again.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    centres: Mapped[list[Centre]] = relationship(secondary="centre_memberships")

    @property
    def display_name(self) -> str:
        return self.name or self.email

    # What Flask-Login asks of a user object.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class CentreMembership(Base):
    __tablename__ = "centre_memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True)


class AuditEntry(Base):
    """Who changed what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()
