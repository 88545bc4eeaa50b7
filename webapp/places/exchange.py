"""Places and show-to-staff cards in the translator exchange
(webapp/content/exchange): ``place:<slug>|about``, ``place:<slug>|cost``,
``card:<slug>|title``, ``card:<slug>|body``. An import saves with
``texts.translate``, as the editors do, made from the source revision named
in the file. Registered from routes.py."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Card, Place, TranslationStatus
from webapp.content.exchange import Done, ExchangeKind, register_kind
from webapp.places import editing
from webapp.places.texts import status_in, translate


class _TextsKind(ExchangeKind):
    """What places and cards share: numbered source revisions (webapp/places/texts.py)."""

    model: type

    def __init__(self):
        self.fields = self.model.TEXT_FIELDS
        self.limits = {name: editing.LIMITS[name] for name in self.fields}

    def editable(self, session: Session) -> list:
        return editing.listed(session, self.model)

    def every(self, session: Session) -> list:
        return list(session.scalars(select(self.model).order_by(self.model.slug)))

    def find(self, session: Session, key: str):
        return session.scalar(select(self.model).where(self.model.slug == key))

    def key(self, item) -> str:
        return item.slug

    def edit_url(self, item, lang: str) -> str:
        return url_for(f"staff.edit_{self.prefix}", item_id=item.id, lang=lang)

    def newest(self, item) -> int:
        return item.revision_number

    def has_revision(self, item, number: int) -> bool:
        return any(r.number == number for r in item.revisions)

    def source(self, item, number: int) -> dict[str, str] | None:
        revision = next(r for r in item.revisions if r.number == number)
        return {name: getattr(revision, name) for name in self.fields}

    def status(self, item, lang: str) -> TranslationStatus:
        return status_in(item, lang)[0]

    def translation(self, item, lang: str) -> Done | None:
        done = next((t for t in item.translations if t.lang == lang and lang != item.source_lang), None)
        if done is None:
            return None
        return Done({name: getattr(done, name) for name in self.fields}, done.source_revision.number, done.draft)

    def save(self, item, lang, texts, *, made_from, draft, user_id) -> None:
        revision = next(r for r in item.revisions if r.number == made_from)
        translate(item, lang, texts, draft=draft, source_revision=revision, updated_by_id=user_id)


class PlaceKind(_TextsKind):
    prefix = "place"
    model = Place

    def label(self) -> str:
        return _("places")

    def describe(self, item) -> str:
        return f"Place: {item.name} (what it is and what it costs; keep names of services as they are)"

    def unknown(self) -> str:
        return _("There is no place with this address (it may have been deleted).")

    def not_allowed(self) -> str:
        return _("You cannot edit this place.")


class CardKind(_TextsKind):
    prefix = "card"
    model = Card
    one_line = frozenset({"title"})

    def label(self) -> str:
        return _("show-to-staff cards")

    def describe(self, item) -> str:
        return "Show-to-staff card: the resident shows it at a counter, above the Norwegian text"

    def unknown(self) -> str:
        return _("There is no card with this address (it may have been deleted).")

    def not_allowed(self) -> str:
        return _("You cannot edit this card.")


PLACES, CARDS = PlaceKind(), CardKind()


def register() -> None:
    register_kind(PLACES)
    register_kind(CARDS)
