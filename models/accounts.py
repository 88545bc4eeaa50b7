"""Staff accounts, their centres, login attempts and the audit log.

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
    Index,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import limits
from models.base import Base
from models.content import Centre


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
        return str(self.id)


class CentreMembership(Base):
    __tablename__ = "centre_memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True)


class LoginAttempt(Base):
    """A failed login, kept for the rate-limit window. Keys are hashes (of the
    e-mail address tried, or of the client address), never the values."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


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
