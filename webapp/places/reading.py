"""Which places and cards a centre's residents see, in what order, and what
of them is kept offline (webapp/search/documents.py searches the same ones)."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import Card, CardTranslation, Centre, Place, PlaceTranslation
from models.places import PLACE_CATEGORIES


def _visible_to(model, centre: Centre):
    """The one rule for which places and cards a centre's residents see:
    published, and national or the centre's own (as for pages)."""
    return model.published.is_(True) & or_(model.centre_id.is_(None), model.centre_id == centre.id)


def places_for(session: Session, centre: Centre) -> list[Place]:
    """In the order of the categories (the centre's own offices first), then by position and name."""
    places = session.scalars(
        select(Place).where(_visible_to(Place, centre))
        .options(selectinload(Place.revisions), selectinload(Place.translations)
                 .selectinload(PlaceTranslation.source_revision))
    ).all()
    return sorted(places, key=lambda p: (PLACE_CATEGORIES.index(p.category), p.position, p.name))


def cards_for(session: Session, centre: Centre) -> list[Card]:
    return list(session.scalars(
        select(Card).where(_visible_to(Card, centre)).order_by(Card.position, Card.slug)
        .options(selectinload(Card.revisions), selectinload(Card.translations)
                 .selectinload(CardTranslation.source_revision))
    ))


def find_place(session: Session, slug: str, centre: Centre) -> Place | None:
    return session.scalar(select(Place).where(Place.slug == slug, _visible_to(Place, centre)))


def find_card(session: Session, slug: str, centre: Centre) -> Card | None:
    return session.scalar(select(Card).where(Card.slug == slug, _visible_to(Card, centre)))


def kept_paths(session: Session, centre: Centre) -> list[str]:
    """The URL paths after /<lang>/<centre>/ a phone keeps for offline reading."""
    return [
        "places", *(f"places/{p.slug}" for p in places_for(session, centre)),
        "cards", *(f"cards/{c.slug}" for c in cards_for(session, centre)),
    ]


def check_due_on(place: Place) -> dt.date | None:
    """When the place must be checked again (None: never checked, due now)."""
    if place.checked_on is None:
        return None
    return place.checked_on + dt.timedelta(days=place.check_interval_days)


def check_overdue(place: Place, today: dt.date) -> bool:
    due = check_due_on(place)
    return due is None or due <= today


def map_link(place: Place) -> str | None:
    """A ``geo:`` URI that opens the phone's own map app at the place (the
    address is shown as text beside it, for phones without one)."""
    if place.latitude is None or place.longitude is None:
        return None
    point = f"{place.latitude:.6f},{place.longitude:.6f}"
    return f"geo:{point}?q={point}({quote(place.name)})"
