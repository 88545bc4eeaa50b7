"""Anonymous feedback, the one-per-attendee guard, and "You said, we did".

A ``Feedback`` row holds what the resident chose to say and nothing about
them (docs/design.md, rule 2): the target (a meeting, an info page or the centre), the
answers, the language of the app they used and the day it reached us. Its key
is a random UUID made here (not the phone's item id, not a sequence), so it
does not reveal the order rows came in.

``FeedbackReceipt`` says "this attendee has given feedback on this meeting":
the meeting and a pseudonym the phone derives for this purpose only
(HMAC(phone secret, "feedback:<meeting id>")), different from its check-in
pseudonym. It has no link to the feedback row, no date and no order.
Both the pseudonyms and the receipts are deleted once the meeting's feedback
window has closed (``flask purge``).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UNORDERED, Base, random_id
from models.content import Centre, Page
from models.meetings import Meeting
from models.translatable import Translated

TARGETS = ("meeting", "page", "centre")
RATINGS = (1, 2, 3, 4, 5)
INTERPRETER_ANSWERS = ("yes", "partly", "no", "none")  # "none": there was no interpreter
NEXT_TIME_ANSWERS = ("more_information", "more_discussion", "as_today")


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("target IN ('meeting', 'page', 'centre')", name="target_known"),
        CheckConstraint(
            "(target = 'meeting') = (meeting_id IS NOT NULL) AND (target = 'page') = (page_id IS NOT NULL)",
            name="target_matches",
        ),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        UNORDERED,
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(10))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    interpreter: Mapped[str | None] = mapped_column(String(10))
    next_time: Mapped[str | None] = mapped_column(String(20))
    wish: Mapped[str | None] = mapped_column(Text)  # "what should the next meeting be about"
    comment: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))  # the app's language, not the resident's
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # Staff: a hidden comment is kept out of lists (a name written by mistake); still counted.
    comment_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)

    centre: Mapped[Centre] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    page: Mapped[Page | None] = relationship()


class FeedbackReceipt(Base):
    __tablename__ = "feedback_receipts"
    __table_args__ = (UNORDERED,)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    attendee: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC hex, see above


class FeedbackResponse(Translated, Base):
    """One "You said, we did" item of a centre, written by staff."""

    __tablename__ = "feedback_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    source_lang: Mapped[str] = mapped_column(String(8), default="nb")
    published_on: Mapped[dt.date] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    centre: Mapped[Centre] = relationship()
    translations: Mapped[list[FeedbackResponseTranslation]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="FeedbackResponseTranslation.lang"
    )

    def translation(self, lang: str) -> FeedbackResponseTranslation | None:
        return self.translation_in([lang])


class FeedbackResponseTranslation(Base):
    __tablename__ = "feedback_response_translations"
    __table_args__ = (UniqueConstraint("response_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_responses.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    said: Mapped[str] = mapped_column(Text)  # "You said: ..."
    did: Mapped[str] = mapped_column(Text)  # "We did: ..."
    draft: Mapped[bool] = mapped_column(Boolean, default=False)  # not checked by a qualified translator

    response: Mapped[FeedbackResponse] = relationship(back_populates="translations")
