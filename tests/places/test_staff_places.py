"""Staff create, edit, translate and review places and cards, with history
and a line in the audit log for every change; an admin creates and changes
centres (staff pages and the command line) and says who works where."""
from __future__ import annotations

from sqlalchemy import select

from models import AuditEntry, Card, Centre, Place, User
from tests.staff_helpers import make_user, post


def audit_actions(db_session, target: str) -> list[str]:
    return list(db_session.scalars(select(AuditEntry.action).where(AuditEntry.target == target)
                                   .order_by(AuditEntry.id)))


def test_a_nurse_creates_edits_translates_checks_and_publishes_a_place(staff_client, db_session, client):
    nurse = staff_client("nurse")
    demo = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    response = post(nurse, "/staff/places/new", {
        "name": "Fjordvik fysioterapi", "slug": "fjordvik-fysio", "category": "other", "centre": str(demo.id),
        "source_lang": "nb", "about": "Fysioterapi etter henvisning fra lege.", "cost": "Egenandel.",
    })
    assert response.status_code == 302
    place = db_session.scalar(select(Place).where(Place.slug == "fjordvik-fysio"))
    assert not place.published and place.revision_number == 1
    assert client.get("/en/demo/places/fjordvik-fysio").status_code == 404  # not published yet

    facts = {"name": "Fjordvik fysioterapi", "category": "other", "address": "Storgata 40", "phone": "+47 00 00 10 10",
             "latitude": "60,11", "longitude": "10.31", "walking_distance_m": "4100",
             "hours": "man-fre 08:00-16:00\n2026-12-24 stengt", "languages": "nb en", "interpreter": "1",
             "position": "0", "check_interval_days": "90"}
    assert post(nurse, f"/staff/places/{place.id}/facts", facts).status_code == 302
    db_session.refresh(place)
    assert place.hours["w"][0] == [["08:00", "16:00"]] and place.hours["x"] == {"2026-12-24": []}
    assert (place.latitude, place.walking_distance_m, place.interpreter) == (60.11, 4100, True)

    bad = post(nurse, f"/staff/places/{place.id}/facts", {**facts, "hours": "Mon 08:00-25:00", "phone": "+47 1"})
    assert bad.status_code == 422 and "Line 1" in bad.get_data(as_text=True)
    db_session.refresh(place)
    assert place.phone == "+47 00 00 10 10"  # a refused form writes nothing

    post(nurse, f"/staff/places/{place.id}/translations/en",
         {"about": "Physiotherapy after a doctor's referral.", "cost": "Patient fee.", "source_revision": "1"})
    post(nurse, f"/staff/places/{place.id}/source", {"about": "Fysioterapi etter henvisning.", "cost": "Egenandel."})
    post(nurse, f"/staff/places/{place.id}/checked")
    post(nurse, f"/staff/places/{place.id}/publish", {"published": "1"})
    db_session.refresh(place)
    assert place.revision_number == 2 and place.published and place.checked_on is not None
    english = next(t for t in place.translations if t.lang == "en")
    assert english.source_revision.number == 1 and english.draft  # made from revision 1: now outdated
    assert 'status-outdated' in nurse.get(f"/staff/places/{place.id}?lang=en").get_data(as_text=True)
    page = client.get("/en/demo/places/fjordvik-fysio").get_data(as_text=True)
    assert "Physiotherapy after a doctor" in page and "4.1 km from the centre on foot." in page

    history = nurse.get(f"/staff/places/{place.id}/history").get_data(as_text=True)
    assert "Fysioterapi etter henvisning fra lege." in history
    post(nurse, f"/staff/places/{place.id}/revert/1")
    db_session.refresh(place)
    assert place.revision_number == 3
    assert audit_actions(db_session, "fjordvik-fysio") == [
        "place.create", "place.facts", "place.translation", "place.source", "place.checked", "place.publish",
        "place.revert",
    ]


def test_a_cards_norwegian_side_needs_checking_again_after_a_real_change(staff_client, db_session):
    nurse = staff_client("nurse")
    card = db_session.scalar(select(Card).where(Card.slug == "interpreter"))
    edit = f"/staff/cards/{card.id}"
    assert "pill-ok" in nurse.get(edit).get_data(as_text=True)  # checked in the demo
    post(nurse, f"{edit}/source", {"title": "Jeg trenger tolk", "body": "Jeg har rett til tolk. Bestill tolk."})
    page = nurse.get(edit).get_data(as_text=True)
    assert "check it again" in page
    post(nurse, f"{edit}/norwegian-checked")
    db_session.refresh(card)
    assert card.norwegian_checked_revision == card.revision_number and card.norwegian_checked_by == "Test nurse"
    post(nurse, f"{edit}/source", {"title": "Jeg trenger tolk", "body": "Jeg har rett til tolk. Bestill tolk!",
                                   "minor": "1"})
    assert "Checked by Test nurse" in nurse.get(edit).get_data(as_text=True)  # a minor edit keeps it
    long = post(nurse, f"{edit}/source", {"title": "x", "body": "ord " * 200})
    assert long.status_code == 422
    assert audit_actions(db_session, "interpreter") == ["card.source", "card.norwegian-checked", "card.source"]


def test_a_hosts_and_other_centres_staff_cannot_change_places(app, staff_client, db_session):
    host = staff_client("host")
    place = db_session.scalar(select(Place).where(Place.slug == "nav-fjordvik"))
    assert host.get("/staff/places").status_code == 403
    other = Centre(slug="elsewhere", name="Elsewhere")
    db_session.add(other)
    place.centre = other
    db_session.flush()
    nurse = staff_client("nurse")
    assert nurse.get(f"/staff/places/{place.id}").status_code == 403
    assert post(nurse, f"/staff/places/{place.id}/checked").status_code == 403
    assert "nav-fjordvik" not in nurse.get("/staff/places").get_data(as_text=True)
    assert nurse.get("/staff/centres").status_code == 403


def test_an_admin_creates_a_centre_and_says_who_works_there(staff_client, db_session, client):
    admin = staff_client("admin")
    nurse = make_user(db_session, "nurse", email="other-nurse@test.example")
    fields = {"name": "Nordby mottak", "slug": "nordby", "municipality": "Nordby", "address": "Veien 2",
              "latitude": "61.0", "longitude": "11.0", "timezone": "Europe/Oslo", "main_languages": "ar so",
              "nurse_hours": "Tue 09:00-12:00", "nurse_phone": "+47 00 00 20 01", "reception_phone": ""}
    assert post(admin, "/staff/centres/new", {**fields, "timezone": "Mars/Olympus"}).status_code == 422
    assert post(admin, "/staff/centres/new", {**fields, "slug": "demo"}).status_code == 422
    assert db_session.scalar(select(Centre).where(Centre.slug == "nordby")) is None
    assert post(admin, "/staff/centres/new", fields).status_code == 302
    centre = db_session.scalar(select(Centre).where(Centre.slug == "nordby"))
    assert centre.nurse_hours["w"][1] == [["09:00", "12:00"]] and centre.main_languages == "ar so"
    assert client.get("/ar/nordby/places").status_code == 200  # the national places, at once

    post(admin, f"/staff/centres/{centre.id}/staff", {"staff": [str(nurse.id)]})
    db_session.refresh(nurse)
    assert centre in nurse.centres
    post(admin, f"/staff/centres/{centre.id}", {**fields, "name": "Nordby mottak (ny)"})
    db_session.refresh(centre)
    assert centre.name == "Nordby mottak (ny)"
    assert audit_actions(db_session, "nordby") == ["centre.create", "centre.staff", "centre.change"]


def test_create_centre_on_the_command_line(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-centre", "sorby", "--name", "Sørby mottak", "--location", "59.9,10.7",
                                 "--timezone", "Europe/Oslo", "--languages", "ti uk",
                                 "--nurse-hours", "Mon-Fri 09:00-14:00"])
    assert result.exit_code == 0, result.output
    centre = db_session.scalar(select(Centre).where(Centre.slug == "sorby"))
    assert (centre.latitude, centre.main_languages, centre.nurse_hours["w"][4]) == (59.9, "ti uk",
                                                                                   [["09:00", "14:00"]])
    again = runner.invoke(args=["create-centre", "sorby", "--name", "Again"])
    assert again.exit_code != 0 and "exists already" in again.output
    bad_zone = runner.invoke(args=["create-centre", "x-y", "--name", "X", "--timezone", "Oslo"])
    assert bad_zone.exit_code != 0 and "time zone" in bad_zone.output
    assert db_session.scalar(select(User).where(User.email == "nobody")) is None
