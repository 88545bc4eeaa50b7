"""Centre notices, and the Web Push subscriptions that may carry them.

A ``Notice`` is a short text staff write for one centre or for all
(``centre_id`` NULL), shown from ``starts_at`` until ``expires_at`` on the
home page and as a one-line banner. It is written in Norwegian (or English)
and translated like other content: a translation made before the source
text last changed is outdated (``made_from`` < ``source_version``), and
translations we drafted ourselves are marked drafts. Notices are content:
changing one raises the content version, so phones fetch them with the next
update.

A ``PushSubscription`` is all the server keeps of a phone that asked for
notifications: the push service's endpoint and the keys to encrypt for it,
with the topic (centre and language) and a day it expires. Nothing else: no
time, no address, no link to anything the phone sent. It is deleted when it
expires (``flask purge``), when the push service says it is gone (404 or
410), or when the phone turns notifications off.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UNORDERED, Base, random_id
from models.content import Centre, TranslationStatus
from models.translatable import Translated
from models.types import UTCDateTime


class Notice(Translated, Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    source_lang: Mapped[str] = mapped_column(String(8), default="nb")
    # Raised whenever the source text changes: translations made before are outdated.
    source_version: Mapped[int] = mapped_column(Integer, default=1)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The centre day it was sent as a push notification (once at most), for the daily limit.
    pushed_on: Mapped[dt.date | None] = mapped_column(Date)

    centre: Mapped[Centre | None] = relationship()
    translations: Mapped[list[NoticeTranslation]] = relationship(
        back_populates="notice", cascade="all, delete-orphan", order_by="NoticeTranslation.lang"
    )

    def translation(self, lang: str) -> NoticeTranslation | None:
        return self.translation_in([lang])

    def status(self, lang: str) -> TranslationStatus:
        if lang == self.source_lang:
            return TranslationStatus.SOURCE
        text = self.translation(lang)
        if text is None:
            return TranslationStatus.MISSING
        return TranslationStatus.OUTDATED if text.made_from < self.source_version else TranslationStatus.CURRENT


class NoticeTranslation(Base):
    __tablename__ = "notice_translations"
    __table_args__ = (UniqueConstraint("notice_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    made_from: Mapped[int] = mapped_column(Integer, default=1)  # the source_version it was translated from
    draft: Mapped[bool] = mapped_column(Boolean, default=False)  # not checked by a qualified translator

    notice: Mapped[Notice] = relationship(back_populates="translations")


class PushSubscription(Base):
    __tablename__ = "push_subscriptions"
    __table_args__ = (UNORDERED,)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the phone's public key (base64url)
    auth: Mapped[str] = mapped_column(String(50))  # its authentication secret (base64url)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    expires_on: Mapped[dt.date] = mapped_column(Date, index=True)
