"""Questions to the nurse, asked anonymously (docs/notices-and-questions.md).

A ``Question`` holds what the resident wrote, the centre, the app's language,
the day it arrived, and ``claim``: a keyed hash (HMAC with a key derived from
the server's secret) of a random claim code that only the phone keeps. The
claim code is the only key to the answer: the phone asks for answers with
its codes, and nothing else ties a question to a phone, to another question
or to anything the phone sent (docs/design.md, rule 2). Keys are random and
the table keeps no order; ``flask purge`` deletes a question, with its
answer, ``QUESTION_RETENTION_DAYS`` after it arrived.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UNORDERED, Base, random_id
from models.content import Centre


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UNORDERED,)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))  # the app's language, which the resident chose
    text: Mapped[str] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(String(64), unique=True)  # HMAC(claim key, claim code), hex
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    # Marked as abuse by the nurse: hidden from the list and never answered; counted.
    abuse: Mapped[bool] = mapped_column(Boolean, default=False)

    centre: Mapped[Centre] = relationship()
