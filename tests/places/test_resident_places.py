"""What a resident reads about places and cards, server side: the 4 km rule
on both sides of the limit, tap to call, the map link, translation status,
the offline list, search documents and links from pages."""
from __future__ import annotations

import re

import pytest
import time_machine
from sqlalchemy import select

from models import Card, Centre, Place
from tests.helpers import facts
from webapp.content.render import render_markdown
from webapp.offline.manifest import kept_urls
from webapp.places.distance import Distance, TravelCosts, straight_line_m, travel_costs
from webapp.places.texts import revise, translate
from webapp.search.documents import documents


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def demo(db_session) -> Centre:
    return db_session.scalar(select(Centre).where(Centre.slug == "demo"))


@pytest.mark.parametrize(("metres", "walking", "expected"), [
    (4001, True, TravelCosts.COVERED), (4000, True, TravelCosts.NOT_COVERED), (3999, True, TravelCosts.NOT_COVERED),
    (4001, False, TravelCosts.COVERED), (4000, False, TravelCosts.ASK), (120, False, TravelCosts.ASK),
])
def test_the_4_km_rule(metres, walking, expected):
    assert travel_costs(Distance(metres, walking)) is expected


def test_the_straight_line_between_two_points():
    assert straight_line_m(60.0, 10.0, 60.0, 10.0) == 0
    assert abs(straight_line_m(60.0, 10.0, 61.0, 10.0) - 111_195) < 10  # one degree of latitude


def test_places_on_both_sides_of_the_limit_say_so(client):
    """The dentist is 3.8 km away on foot, the health clinic 4.3 km, the
    library only has coordinates (a straight line: the resident is told to ask)."""
    dentist = text_of(client.get("/en/demo/places/fjordvik-tannklinikk"))
    assert "3.8 km from the centre on foot." in dentist
    assert "4 km or less: the centre usually does not pay for the trip (the 4 km rule)." in dentist
    clinic = text_of(client.get("/en/demo/places/helsestasjonen-fjordvik"))
    assert "4.3 km from the centre on foot." in clinic
    assert "More than 4 km: the centre usually pays for the trip (the 4 km rule)." in clinic
    library = text_of(client.get("/en/demo/places/fjordvik-bibliotek"))
    assert "km from the centre in a straight line." in library and "ask the centre" in library
    listed = text_of(client.get("/nb/demo/places"))
    assert "3,8 km fra mottaket til fots. 4 km eller mindre" in listed
    assert "4,3 km fra mottaket til fots. Mer enn 4 km" in listed


def test_a_place_page_calls_maps_and_keeps_its_facts(client):
    response = client.get("/ar/demo/places/fjordvik-legesenter")
    assert response.status_code == 200
    links = {link.get("href") for link in facts(response).links}
    assert "tel:+4700000101" in links
    assert any(href.startswith("geo:60.115000,10.318000?q=") for href in links)
    html = response.get_data(as_text=True)
    assert "Storgata 12, 0000 Fjordvik" in html  # the address as text, for phones without a map app
    assert 'data-hours=\'{"w":[[["08:00","15:30"]]' in html  # for static/js/places.js
    assert "data-until-today=" in html and "{time}" in html  # the phone's words, in Arabic
    assert facts(response).title == "Fjordvik legesenter"
    assert client.get("/ar/demo/places/no-such-place").status_code == 404


def test_overdue_places_say_call_before_you_go(client):
    with time_machine.travel("2027-08-01 12:00 +0000", tick=False):
        assert "have not been checked for a long time" in text_of(client.get("/en/demo/places/nav-fjordvik"))
    with time_machine.travel("2026-12-01 12:00 +0000", tick=False):
        assert "have not been checked" not in text_of(client.get("/en/demo/places/nav-fjordvik"))


def test_a_card_shows_the_residents_language_above_the_norwegian(client):
    page = client.get("/ti/demo/cards/interpreter").get_data(as_text=True)
    own, norwegian = page.index('class="show-card-own" lang="ti"'), page.index('class="show-card-norwegian" lang="nb"')
    assert own < norwegian
    assert "Jeg har rett til tolk" in page[norwegian:] and "Til deg som jobber her:" in page[norwegian:]
    assert "draft" not in page.lower() or "translator" in page  # the draft label is there (in Tigrinya)
    # In Norwegian there is one text, not the same twice.
    assert client.get("/nb/demo/cards/interpreter").get_data(as_text=True).count("Jeg har rett til tolk") == 1


def test_status_follows_the_source_revisions(client, db_session):
    card = db_session.scalar(select(Card).where(Card.slug == "write-it-down"))
    revise(card, {"title": "Jeg forstår ikke", "body": "Jeg forstår ikke. Skriv det ned, takk."})
    db_session.commit()
    outdated = text_of(client.get("/ar/demo/cards/write-it-down"))
    assert "Skriv det ned, takk." in outdated  # the counter reads the newest Norwegian
    assert "بعد إعداد هذه الترجمة" in outdated  # and the resident is told the translation is older
    revise(card, {"title": "Jeg forstår ikke", "body": "Jeg forstår ikke. Skriv det ned, takk!"}, minor=True)
    translate(card, "ar", {"title": "لا أفهم", "body": "لا أفهم. اكتبه من فضلك."})
    db_session.commit()  # a new content version: the page cache must not answer
    assert "بعد إعداد هذه الترجمة" not in text_of(client.get("/ar/demo/cards/write-it-down"))
    place = db_session.scalar(select(Place).where(Place.slug == "nav-fjordvik"))
    for translation in list(place.translations):
        if translation.lang == "so":
            place.translations.remove(translation)
    db_session.commit()
    missing = text_of(client.get("/so/demo/places/nav-fjordvik"))
    assert "Emergency financial help" in missing  # English, the next language of the chain
    assert 'lang="en"' in client.get("/so/demo/places/nav-fjordvik").get_data(as_text=True)


def test_unpublished_and_other_centres_places_are_not_shown(client, db_session):
    place = db_session.scalar(select(Place).where(Place.slug == "fjordvik-skole"))
    place.published = False
    other = Centre(slug="other", name="Other centre")
    db_session.add(other)
    db_session.flush()
    library = db_session.scalar(select(Place).where(Place.slug == "fjordvik-bibliotek"))
    library.centre = other
    db_session.flush()
    listed = client.get("/en/demo/places").get_data(as_text=True)
    assert "fjordvik-skole" not in listed and "fjordvik-bibliotek" not in listed
    assert client.get("/en/demo/places/fjordvik-skole").status_code == 404
    assert "statsforvalteren" in client.get("/en/other/places").get_data(as_text=True)  # national


def test_places_and_cards_are_kept_offline(app, client, db_session):
    with app.test_request_context():
        urls = set(kept_urls(app, "ar", demo(db_session)))
    places = set(db_session.scalars(select(Place.slug).where(Place.published)))
    cards = set(db_session.scalars(select(Card.slug).where(Card.published)))
    assert len(places) >= 12 and len(cards) >= 6
    assert {"/ar/demo/places", "/ar/demo/cards"} <= urls
    assert {f"/ar/demo/places/{slug}" for slug in places} <= urls
    assert {f"/ar/demo/cards/{slug}" for slug in cards} <= urls
    for url in [u for u in urls if "/places" in u or "/cards" in u]:
        assert client.get(url).status_code == 200, url


def test_search_documents_in_the_residents_language(db_session):
    by_path = {doc.path: doc for doc in documents(db_session, demo(db_session), "uk")}
    pharmacy = by_path["/uk/demo/places/apotek-fjordvik-sentrum"]
    assert pharmacy.title == "Apotek Fjordvik sentrum" and "D-nummer" in pharmacy.text and pharmacy.lang == "uk"
    assert by_path["/uk/demo/cards/interpreter"].title == "Мені потрібен перекладач"


def test_a_page_links_to_places_and_cards_with_relative_links(client):
    html = render_markdown("[Apotek i nærheten](../places#pharmacy) · [Vis dette](../cards/d-number-prescription)")
    assert 'href="../places#pharmacy"' in html and 'href="../cards/d-number-prescription"' in html
    page = client.get("/nb/demo/places").get_data(as_text=True)
    assert 'id="pharmacy"' in page  # where ../places#pharmacy lands, from any page at /<lang>/<centre>/pages/
