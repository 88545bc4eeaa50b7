"""Voluntary meetings at a centre: health dialogue groups, information
meetings, "Folk møter folk" meetups. Residents may come or not; coming has no
effect on their case, and nobody signs a list (check-in is a head count)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import limits
from models.base import Base
from models.content import Centre
from models.translatable import Translated
from models.types import UTCDateTime

# From check-in opening to closing: longer is a mistyped date, not a meeting
# (and the display would need more codes than it can fetch).
MAX_CHECKIN_SPAN = dt.timedelta(hours=24)


class MeetingSeries(Base):
    """Meetings that belong together, e.g. four health dialogue meetings with a
    theme each."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(limits.NAME))  # for staff; residents see each meeting's title

    meetings: Mapped[list[Meeting]] = relationship(back_populates="series", order_by="Meeting.starts_at")


class Meeting(Translated, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("checkin_opens_before >= 0 AND checkin_closes_after >= 0", name="checkin_margins"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="SET NULL"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(limits.NAME), default="")
    # Space-separated language codes interpreters will speak.
    interpreter_languages: Mapped[str] = mapped_column(String(200), default="")
    food: Mapped[bool] = mapped_column(Boolean, default=False)
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    # Check-in is open from this many minutes before the start to this many after the end.
    checkin_opens_before: Mapped[int] = mapped_column(Integer, default=15)
    checkin_closes_after: Mapped[int] = mapped_column(Integer, default=30)
    source_lang: Mapped[str] = mapped_column(String(8), default="nb")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    centre: Mapped[Centre] = relationship()
    series: Mapped[MeetingSeries | None] = relationship(back_populates="meetings")
    translations: Mapped[list[MeetingTranslation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def checkin_opens(self) -> dt.datetime:
        return self.starts_at - dt.timedelta(minutes=self.checkin_opens_before)

    @property
    def checkin_closes(self) -> dt.datetime:
        return self.ends_at + dt.timedelta(minutes=self.checkin_closes_after)

    @property
    def interpreter_codes(self) -> list[str]:
        return self.interpreter_languages.split()

    def text_in(self, languages: list[str]) -> MeetingTranslation | None:
        """The title and description in the first of ``languages`` that has
        them, else in the language the meeting was written in."""
        return self.translation_in([*languages, self.source_lang])


class MeetingTranslation(Base):
    __tablename__ = "meeting_translations"
    __table_args__ = (UniqueConstraint("meeting_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    description: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="translations")
