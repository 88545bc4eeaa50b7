"""Loading the demo places and cards (webapp/demo/content/places.toml and
cards.toml) into the demo centre. Idempotent, like the rest of the demo: a
second run changes nothing; a changed text becomes a new revision or an
updated translation, as an editor would make it. Facts (hours, phone ...)
are set when a place is created, so a run never undoes a nurse's edits."""
from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Card, Centre, Place
from webapp.places import hours
from webapp.places.texts import latest, revise, translate

CONTENT = Path(__file__).resolve().parents[1] / "demo" / "content"


def seed_places_and_cards(session: Session, centre: Centre) -> dict[str, int]:
    changes = {"places": 0, "cards": 0, "place and card texts": 0}
    places = tomllib.loads((CONTENT / "places.toml").read_text(encoding="utf-8"))
    _locate_centre(centre, places["centre"])
    for data in places["place"]:
        _upsert_place(session, centre, data, places, changes)
    cards = tomllib.loads((CONTENT / "cards.toml").read_text(encoding="utf-8"))
    for position, data in enumerate(cards["card"]):
        _upsert_card(session, data, cards, (position + 1) * 10, changes)
    session.flush()
    return changes


def _locate_centre(centre: Centre, data: dict) -> None:
    """Where the demo centre is and its clock, once (an admin may change them)."""
    if centre.latitude is None:
        centre.address, centre.latitude, centre.longitude = data["address"], data["latitude"], data["longitude"]
        centre.timezone = data["timezone"]
        centre.nurse_hours = hours.parse_hours(data["nurse_hours"])


def _upsert_place(session: Session, centre: Centre, data: dict, config: dict, changes: dict) -> None:
    place = session.scalar(select(Place).where(Place.slug == data["slug"]))
    if place is None:
        typed = data["hours"] + ("\n" + config["holiday_hours"] if data.get("holidays") else "")
        place = Place(
            slug=data["slug"], centre=centre if data.get("centre", "demo") else None, category=data["category"],
            name=data["name"], address=data.get("address", ""), phone=data.get("phone", ""),
            latitude=data.get("latitude"), longitude=data.get("longitude"), walking_distance_m=data.get("walking_m"),
            hours=hours.parse_hours(typed), languages=data.get("languages", ""),
            interpreter=data.get("interpreter", False), source_lang="nb", published=True,
            checked_on=config["checked_on"], checked_by=config["checked_by"],
            revision_number=0, major_revision_number=0,
        )
        session.add(place)
        changes["places"] += 1
    _upsert_texts(place, {name: data.get(name, {}) for name in Place.TEXT_FIELDS}, changes)


def _upsert_card(session: Session, data: dict, config: dict, position: int, changes: dict) -> None:
    card = session.scalar(select(Card).where(Card.slug == data["slug"]))
    if card is None:
        card = Card(slug=data["slug"], source_lang="nb", position=position, published=True,
                    revision_number=0, major_revision_number=0)
        session.add(card)
        changes["cards"] += 1
    _upsert_texts(card, {name: data[name] for name in Card.TEXT_FIELDS}, changes)
    if card.norwegian_checked_revision is None:
        card.norwegian_checked_by, card.norwegian_checked_on = config["checked_by"], config["checked_on"]
        card.norwegian_checked_revision = card.revision_number


def _upsert_texts(item: Place | Card, by_field: dict[str, dict[str, str]], changes: dict) -> None:
    """The nb source and every other language (as drafts) from ``{field: {lang: text}}``."""
    languages = sorted({lang for texts in by_field.values() for lang in texts})

    def texts_in(lang):
        return {name: by_field[name].get(lang, "").strip() for name in item.TEXT_FIELDS}

    source = texts_in("nb")
    if item.revision_number == 0 or {n: getattr(latest(item), n) for n in item.TEXT_FIELDS} != source:
        revise(item, source)
        changes["place and card texts"] += 1
    existing = {t.lang: t for t in item.translations}
    for lang in languages:
        if lang == "nb":
            continue
        texts = texts_in(lang)
        current = existing.get(lang)
        if current is None or {n: getattr(current, n) for n in item.TEXT_FIELDS} != texts:
            translate(item, lang, texts, draft=True)
            changes["place and card texts"] += 1
