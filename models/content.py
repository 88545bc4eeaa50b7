"""Content: centres, topics, pages, source revisions and translations.

A page has one source language. Every edit of the source text is stored as a
numbered ``PageRevision``; an edit flagged *minor* (a typo fix) does not outdate
translations. Each translation records the revision it was made from, so its
status is decided by comparing revision numbers, never timestamps (Integreat's
most reported bug came from comparing timestamps).
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
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
from models.translatable import Translated


class TranslationStatus(enum.Enum):
    SOURCE = "source"  # the language the page is written in
    MISSING = "missing"
    OUTDATED = "outdated"  # made from a revision older than the last real edit
    CURRENT = "current"


class Centre(Base):
    """A reception centre (mottak). Local pages and contacts belong to one."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(200), default="")
    nurse_phone: Mapped[str] = mapped_column(String(32), default="")
    reception_phone: Mapped[str] = mapped_column(String(32), default="")
    # Space-separated language codes most residents read; the help page is
    # kept offline in these too.
    main_languages: Mapped[str] = mapped_column(String(200), default="")
    # Where the centre is (distances to places, the 4 km rule) and its clock
    # (opening hours are worked out in it); the nurse's opening hours as
    # webapp.places.hours keeps them. See webapp/places.
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Oslo", server_default="Europe/Oslo")
    nurse_hours: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def main_language_codes(self) -> list[str]:
        return self.main_languages.split()


class Topic(Translated, Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    icon: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)

    translations: Mapped[list[TopicTranslation]] = relationship(
        back_populates="topic", cascade="all, delete-orphan"
    )
    pages: Mapped[list[Page]] = relationship(back_populates="topic")

    def title_in(self, languages: list[str]) -> tuple[str, str]:
        """The title in the first of ``languages`` that has one, and that language."""
        translation = self.translation_in(languages)
        return (translation.title, translation.lang) if translation else (self.slug, "")


class TopicTranslation(Base):
    __tablename__ = "topic_translations"
    __table_args__ = (UniqueConstraint("topic_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(limits.TOPIC_TITLE))

    topic: Mapped[Topic] = relationship(back_populates="translations")


class Page(Base):
    """An information page, national (``centre_id`` is NULL) or local to one centre."""

    __tablename__ = "pages"
    __table_args__ = (
        CheckConstraint("revision_number >= major_revision_number", name="revision_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.SLUG), unique=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    source_lang: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    # The newest source revision, and the newest one that was not minor. Kept
    # by webapp.content.editing so that status needs no scan of revisions.
    revision_number: Mapped[int] = mapped_column(Integer, default=0)
    major_revision_number: Mapped[int] = mapped_column(Integer, default=0)
    # Facts that can change (amounts, rules): when they were checked, and where.
    facts_checked_on: Mapped[dt.date | None] = mapped_column(Date)
    check_url: Mapped[str] = mapped_column(String(limits.URL), default="")
    # Who last reviewed the page as a whole (a name or a role) and when.
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    # How often the page must be looked at again (default about six months).
    review_interval_days: Mapped[int] = mapped_column(Integer, default=182, server_default="182")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    topic: Mapped[Topic] = relationship(back_populates="pages")
    centre: Mapped[Centre | None] = relationship()
    revisions: Mapped[list[PageRevision]] = relationship(
        back_populates="page",
        cascade="all, delete-orphan",
        order_by="PageRevision.number",
        foreign_keys="PageRevision.page_id",
    )
    translations: Mapped[list[PageTranslation]] = relationship(
        back_populates="page", cascade="all, delete-orphan"
    )
    media: Mapped[list[PageMedia]] = relationship(
        cascade="all, delete-orphan", order_by="PageMedia.position"
    )


class PageRevision(Base):
    """One saved version of a page's source text."""

    __tablename__ = "page_revisions"
    __table_args__ = (UniqueConstraint("page_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What changed, in one line for residents ("a GP visit now costs ..."):
    # asked for on every edit that is not minor; translated on its own
    # (``ChangeNoteTranslation``), so an outdated translation can say what
    # changed before the whole page is translated again.
    change_note: Mapped[str] = mapped_column(String(limits.CHANGE_NOTE), default="", server_default="")

    page: Mapped[Page] = relationship(back_populates="revisions", foreign_keys=[page_id])
    note_translations: Mapped[list[ChangeNoteTranslation]] = relationship(
        back_populates="revision", cascade="all, delete-orphan"
    )


class ChangeNoteTranslation(Base):
    """A revision's change note in one language other than the page's source
    language. Made for one revision, it is never outdated: it is there (a
    draft, or checked by a translator) or missing."""

    __tablename__ = "change_note_translations"
    __table_args__ = (UniqueConstraint("revision_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("page_revisions.id", ondelete="CASCADE"))
    # The revision's page again, so that showing a page's notes and knowing
    # which page a changed note belongs to take no join.
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(String(limits.CHANGE_NOTE))
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    revision: Mapped[PageRevision] = relationship(back_populates="note_translations")


class PageTranslation(Base):
    """A page in one language other than its source language."""

    __tablename__ = "page_translations"
    __table_args__ = (UniqueConstraint("page_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    # The source revision this translation was made from.
    source_revision_id: Mapped[int] = mapped_column(ForeignKey("page_revisions.id"))
    # A draft has not been checked by a qualified translator.
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    page: Mapped[Page] = relationship(back_populates="translations")
    source_revision: Mapped[PageRevision] = relationship()

    @property
    def status(self) -> TranslationStatus:
        return translation_status(self.page, self.lang, self.source_revision.number)


def translation_status(page: Page, lang: str, made_from: int | None) -> TranslationStatus:
    """The status of ``page`` in ``lang``, given the number of the source
    revision its translation was made from (None: there is no translation).
    Only a real (not minor) source edit after that revision outdates it."""
    if lang == page.source_lang:
        return TranslationStatus.SOURCE
    if made_from is None:
        return TranslationStatus.MISSING
    if made_from < page.major_revision_number:
        return TranslationStatus.OUTDATED
    return TranslationStatus.CURRENT


class PageMedia(Base):
    """A picture or an audio recording shown with a page.

    ``lang`` NULL means the file suits every language (a picture without
    words); otherwise it belongs to that language's text (a Tigrinya recording
    of the Tigrinya page). Files live under the instance folder's ``media/``.
    """

    __tablename__ = "page_media"
    __table_args__ = (CheckConstraint("kind IN ('image', 'audio')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str | None] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    byte_size: Mapped[int] = mapped_column(Integer)
    # What the picture shows, in ``lang`` (or the source language), for screen readers.
    alt_text: Mapped[str] = mapped_column(String(limits.ALT_TEXT), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContentState(Base):
    """One row whose ``version`` goes up in every transaction that changes
    content (see ``models.content_version``). Phones compare their saved
    copies against a manifest that is cached per version, so an unchanged
    site costs one small query instead of rendering every page."""

    __tablename__ = "content_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
