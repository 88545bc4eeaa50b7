"""Centres themselves: what an admin creates and changes in the staff pages
and with ``flask --app wsgi create-centre`` (one set of rules for both), and
which staff accounts work at which centre. Nothing here commits."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Centre, User
from webapp.l10n.languages import LANGUAGES
from webapp.places import hours

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The first part of every resident URL is a language (/<lang>/<centre>/):
# a centre must not be called like a page the app has at that place.
RESERVED_SLUGS = {"static", "staff", "media", "api", "icons", "sw.js"}


class CentreError(ValueError):
    """A centre that cannot be saved; the message says why (in English for
    the command line; the staff pages show their own words)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class CentreFields:
    slug: str
    name: str
    municipality: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    timezone: str = "Europe/Oslo"
    main_languages: str = ""
    nurse_hours: str = ""  # typed as webapp.places.hours reads it
    nurse_phone: str = ""
    reception_phone: str = ""


def apply(session: Session, centre: Centre | None, fields: CentreFields) -> Centre:
    """Create (``centre`` None) or change a centre, after checking every field."""
    if not SLUG.match(fields.slug) or fields.slug in RESERVED_SLUGS or len(fields.slug) > 64:
        raise CentreError("slug", "the slug may only use a-z, 0-9 and single hyphens")
    taken = session.scalar(select(Centre.id).where(Centre.slug == fields.slug))
    if taken is not None and (centre is None or taken != centre.id):
        raise CentreError("slug", f"a centre with the slug {fields.slug} exists already")
    if not fields.name.strip():
        raise CentreError("name", "a centre needs a name")
    if not hours.valid_timezone(fields.timezone):
        raise CentreError("timezone", f"{fields.timezone} is not a time zone (e.g. Europe/Oslo)")
    unknown = [code for code in fields.main_languages.split() if code not in LANGUAGES]
    if unknown:
        raise CentreError("main_languages", "unknown language codes: " + " ".join(unknown))
    if (fields.latitude is None) != (fields.longitude is None) or (
        fields.latitude is not None and not (-90 <= fields.latitude <= 90 and -180 <= fields.longitude <= 180)
    ):
        raise CentreError("location", "give both latitude and longitude, or neither")
    nurse_hours = hours.parse_hours(fields.nurse_hours)  # HoursError says which line
    if centre is None:
        centre = Centre(slug=fields.slug)
        session.add(centre)
    centre.slug, centre.name, centre.municipality = fields.slug, fields.name.strip(), fields.municipality
    centre.address, centre.latitude, centre.longitude = fields.address, fields.latitude, fields.longitude
    centre.timezone, centre.main_languages = fields.timezone, " ".join(fields.main_languages.split())
    centre.nurse_hours, centre.nurse_phone, centre.reception_phone = nurse_hours, fields.nurse_phone, \
        fields.reception_phone
    session.flush()
    return centre


def set_staff(centre: Centre, users: list[User], chosen_ids: set[int]) -> tuple[list[str], list[str]]:
    """Make exactly the accounts in ``chosen_ids`` (of ``users``) work at
    ``centre``; returns the e-mail addresses added and removed."""
    added, removed = [], []
    for user in users:
        works_here = centre in user.centres
        if user.id in chosen_ids and not works_here:
            user.centres.append(centre)
            added.append(user.email)
        elif user.id not in chosen_ids and works_here:
            user.centres.remove(centre)
            removed.append(user.email)
    return added, removed
