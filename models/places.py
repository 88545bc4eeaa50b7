"""Places near a centre (the GP office, the pharmacy, NAV ...) and
show-to-staff cards (a short message a resident shows at a counter).

Both are kept in several languages the way pages are: every edit of the
source text is a numbered revision (a *minor* one does not outdate
translations), and each translation records the revision it was made from,
so its status comes from ``models.content.translation_status`` (revision
numbers, never timestamps). National places and cards have no centre; a
centre's own have its id.

A place's name, address, phone and opening hours are facts, not text to
translate (the resident must recognise the name on the sign); what it does
and what it costs are translated. A card is always written in Norwegian,
because the Norwegian side is what the person at the counter reads; staff
record who checked that side and at which revision.
"""
from __future__ import annotations

import datetime as dt

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
from models.content import Centre

PLACE_CATEGORIES = (
    "centre", "gp", "emergency", "pharmacy", "dentist", "health-clinic", "nav", "kindergarten", "school",
    "library", "transport", "statsforvalter", "other",
)
PLACE_TEXT = 2_000  # what a place does, what it costs: a few sentences each
CARD_TITLE = 120
CARD_TEXT = 600  # what fits on a phone held up at a counter, in large type
CHECK_INTERVAL_DAYS = 182  # places change: about every six months someone checks them again


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (
        CheckConstraint("revision_number >= major_revision_number", name="revision_order"),
        CheckConstraint("walking_distance_m IS NULL OR walking_distance_m >= 0", name="distance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.SLUG), unique=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(limits.NAME))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # The distance from the centre on foot, as staff measured it; without it
    # the straight line from the coordinates is shown (and said to be one).
    walking_distance_m: Mapped[int | None] = mapped_column(Integer)
    # Opening hours as webapp.places.hours keeps them: {"w": [7 days of
    # [open, close] pairs], "x": {"YYYY-MM-DD": [...]}, "a": by appointment}.
    hours: Mapped[dict] = mapped_column(JSON, default=dict)
    languages: Mapped[str] = mapped_column(String(200), default="")  # space-separated codes spoken there
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)  # they book an interpreter
    source_lang: Mapped[str] = mapped_column(String(8), default="nb")
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)
    major_revision_number: Mapped[int] = mapped_column(Integer, default=0)
    checked_by: Mapped[str] = mapped_column(String(200), default="")
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    check_interval_days: Mapped[int] = mapped_column(Integer, default=CHECK_INTERVAL_DAYS)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    centre: Mapped[Centre | None] = relationship()
    revisions: Mapped[list[PlaceRevision]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="PlaceRevision.number"
    )
    translations: Mapped[list[PlaceTranslation]] = relationship(
        back_populates="place", cascade="all, delete-orphan"
    )

    TEXT_FIELDS = ("about", "cost")

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()


class PlaceRevision(Base):
    __tablename__ = "place_revisions"
    __table_args__ = (UniqueConstraint("place_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    about: Mapped[str] = mapped_column(Text, default="")  # what it is, when to go, what to bring
    cost: Mapped[str] = mapped_column(Text, default="")  # what the resident pays, what is covered and by whom
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    place: Mapped[Place] = relationship(back_populates="revisions")


class PlaceTranslation(Base):
    __tablename__ = "place_translations"
    __table_args__ = (UniqueConstraint("place_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    about: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[str] = mapped_column(Text, default="")
    source_revision_id: Mapped[int] = mapped_column(ForeignKey("place_revisions.id"))
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    place: Mapped[Place] = relationship(back_populates="translations")
    source_revision: Mapped[PlaceRevision] = relationship()


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (CheckConstraint("revision_number >= major_revision_number", name="revision_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.SLUG), unique=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    source_lang: Mapped[str] = mapped_column(String(8), default="nb")  # always Norwegian: see the module
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)
    major_revision_number: Mapped[int] = mapped_column(Integer, default=0)
    # Who checked the Norwegian side (a name or a role), when, and which revision.
    norwegian_checked_by: Mapped[str] = mapped_column(String(200), default="")
    norwegian_checked_on: Mapped[dt.date | None] = mapped_column(Date)
    norwegian_checked_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    centre: Mapped[Centre | None] = relationship()
    revisions: Mapped[list[CardRevision]] = relationship(
        back_populates="card", cascade="all, delete-orphan", order_by="CardRevision.number"
    )
    translations: Mapped[list[CardTranslation]] = relationship(back_populates="card", cascade="all, delete-orphan")

    TEXT_FIELDS = ("title", "body")


class CardRevision(Base):
    __tablename__ = "card_revisions"
    __table_args__ = (UniqueConstraint("card_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(CARD_TITLE))  # for lists: "Electronic prescription"
    body: Mapped[str] = mapped_column(Text)  # what the counter reads
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    card: Mapped[Card] = relationship(back_populates="revisions")


class CardTranslation(Base):
    __tablename__ = "card_translations"
    __table_args__ = (UniqueConstraint("card_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(CARD_TITLE))
    body: Mapped[str] = mapped_column(Text)
    source_revision_id: Mapped[int] = mapped_column(ForeignKey("card_revisions.id"))
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    card: Mapped[Card] = relationship(back_populates="translations")
    source_revision: Mapped[CardRevision] = relationship()
