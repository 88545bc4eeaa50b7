"""What residents open: the places near their centre, one place, the cards
to show at a counter, and one card (full screen). Every page is kept offline
(webapp/offline/manifest.py asks reading.kept_paths)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from babel.dates import format_time
from flask import abort, g, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from models import Card, Centre, Place
from webapp import clock, db
from webapp.l10n import current_language, resident_text
from webapp.places import hours, reading
from webapp.places.distance import Distance, TravelCosts, distance_from_centre, travel_costs
from webapp.places.texts import Shown, shown_in


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


# Above the Norwegian half of a card, always in Norwegian: the counter reads it.
FOR_STAFF = N_("For the staff:")

# The headings of the places list, in the order of models.places.PLACE_CATEGORIES
# (translated where they are shown).
CATEGORY_LABELS = {
    "centre": N_("At the centre"),
    "gp": N_("Doctor (fastlege)"),
    "emergency": N_("Emergency doctor (legevakt)"),
    "pharmacy": N_("Pharmacy (apotek)"),
    "dentist": N_("Dentist (tannlege)"),
    "health-clinic": N_("Health clinic (helsestasjon)"),
    "nav": N_("NAV"),
    "kindergarten": N_("Kindergarten (barnehage)"),
    "school": N_("School (skole)"),
    "library": N_("Library"),
    "transport": N_("Bus and train"),
    "statsforvalter": N_("Complaints (Statsforvalteren)"),
    "other": N_("Other places"),
}


@dataclass(frozen=True)
class PlaceView:
    """A place as a resident reads it."""

    place: Place
    shown: Shown
    distance: Distance | None
    travel: TravelCosts | None
    map_link: str | None
    hours_data: Markup  # the structure, as JSON, for static/js/places.js
    overdue: bool

    @property
    def category_label(self) -> str:
        return _(CATEGORY_LABELS[self.place.category])


def place_view(place: Place, centre: Centre, lang: str) -> PlaceView:
    distance = distance_from_centre(place, centre) if place.category != "centre" else None
    return PlaceView(
        place=place,
        shown=shown_in(place, lang),
        distance=distance,
        travel=travel_costs(distance) if distance else None,
        map_link=reading.map_link(place),
        hours_data=attribute_json(hours.normalized(place.hours)),
        overdue=reading.check_overdue(place, clock.centre_today()),
    )


def time_labels(all_hours: list[dict]) -> dict[str, str]:
    """Each "HH:MM" the hours mention, written as the reader's language
    writes a time (the page's table and static/js/places.js show these)."""
    locale = current_language().locale
    labels = {}
    for time in sorted(set().union(*(hours.times_in(h) for h in all_hours))):
        hour, minute = int(time[:2]) % 24, int(time[3:])
        labels[time] = format_time(dt.time(hour, minute), "short", locale=locale)
    return labels


def weekday_names() -> list[str]:
    """Monday first, as hours.py counts."""
    names = current_language().locale.days["format"]["wide"]
    return [names[day] for day in range(7)]


def attribute_json(value) -> Markup:
    """``value`` as JSON for a single-quoted HTML attribute: no &#34; for
    every quote (the phone pays for every byte), and nothing that could end
    the attribute or open a tag."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return Markup(text)


def places():
    session = db.session()
    views = [place_view(p, g.centre, g.lang) for p in reading.places_for(session, g.centre)]
    groups: dict[str, list[PlaceView]] = {}
    for view in views:
        groups.setdefault(view.place.category, []).append(view)
    return render_template(
        "resident/places.html", groups=groups, category_labels=CATEGORY_LABELS,
        times=time_labels([v.place.hours for v in views]), days=weekday_names(), attribute_json=attribute_json,
    )


def place(slug: str):
    found = reading.find_place(db.session(), slug, g.centre)
    if found is None:
        abort(404)
    view = place_view(found, g.centre, g.lang)
    return render_template(
        "resident/place.html", view=view, times=time_labels([found.hours]), days=weekday_names(),
        attribute_json=attribute_json,
        week=hours.week_rows(found.hours), exceptions=hours.coming_exceptions(found.hours, clock.centre_today()),
    )


def cards():
    session = db.session()
    shown = [shown_in(card, g.lang) for card in reading.cards_for(session, g.centre)]
    return render_template("resident/cards.html", cards=shown)


def card(slug: str):
    found: Card | None = reading.find_card(db.session(), slug, g.centre)
    if found is None:
        abort(404)
    norwegian = shown_in(found, "nb")
    return render_template(
        "resident/card.html", card=shown_in(found, g.lang), norwegian=norwegian,
        for_staff=resident_text("nb", FOR_STAFF),
    )
