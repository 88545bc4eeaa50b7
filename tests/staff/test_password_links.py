"""Administrators never see anyone's password: a new account and a reset
each give a one-time link with which the person chooses their own."""
from __future__ import annotations

import datetime as dt
import re

import time_machine

from models import User
from tests.staff_helpers import PASSWORD, make_user, post, sign_in
from webapp import clock

CHOSEN = "lantern orchard pebble violin"
LINK = re.compile(r"http://localhost(/staff/password/[A-Za-z0-9_-]+)")


def link_in(response) -> str:
    return LINK.search(response.get_data(as_text=True)).group(1)


def choose(client, link: str, password: str = CHOSEN, repeat: str | None = None):
    client.get(link)  # a session, for the CSRF token
    return post(client, link, {"new": password, "repeat": password if repeat is None else repeat})


def test_a_reset_gives_a_link_that_works_once_and_the_old_password_stops(app, db_session, staff_client):
    admin = staff_client("admin")
    nurse = make_user(db_session, "nurse", email="forgot@test.example")
    response = post(admin, f"/staff/users/{nurse.id}/password")
    link = link_in(response)
    assert PASSWORD not in response.get_data(as_text=True)
    db_session.refresh(nurse)
    assert link.rsplit("/", 1)[1] not in (nurse.password_link_hash or "")  # only a hash is kept
    assert sign_in(app.test_client(), nurse.email, PASSWORD).status_code == 401

    person = app.test_client()
    page = person.get(link).get_data(as_text=True)
    assert "forgot@test.example" in page and 'autocomplete="new-password"' in page
    assert choose(person, link, "aaaaaaaaaaaa").status_code == 422
    assert choose(person, link, CHOSEN, repeat="something else").status_code == 422
    response = choose(person, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login")
    assert sign_in(app.test_client(), nurse.email, CHOSEN).status_code == 302

    again = app.test_client().get(link)
    assert again.status_code == 404 and "expired or has been used" in again.get_data(as_text=True)
    assert link not in admin.get("/staff/users").get_data(as_text=True)


def test_a_new_account_has_no_password_until_its_person_chooses_one(app, db_session, staff_client):
    admin = staff_client("admin")
    response = post(admin, "/staff/users", {"email": "new@test.example", "role": "host", "language": "nb"})
    link = link_in(response)
    new = db_session.query(User).filter_by(email="new@test.example").one()
    assert not new.password_hash.startswith("$argon2")
    assert choose(app.test_client(), link).status_code == 302
    assert sign_in(app.test_client(), "new@test.example", CHOSEN).status_code == 302


def test_a_link_expires_after_72_hours(app, db_session, staff_client):
    admin = staff_client("admin")
    nurse = make_user(db_session, "nurse", email="slow@test.example")
    issued = clock.now()
    with time_machine.travel(issued, tick=False):
        link = link_in(post(admin, f"/staff/users/{nurse.id}/password"))
    with time_machine.travel(issued + dt.timedelta(hours=71), tick=False):
        assert app.test_client().get(link).status_code == 200
    with time_machine.travel(issued + dt.timedelta(hours=73), tick=False):
        assert app.test_client().get(link).status_code == 404
        assert choose(app.test_client(), link).status_code == 404


def test_a_made_up_link_opens_nothing(client):
    for token in ["x", "A" * 43, "%00", "a" * 500]:
        assert client.get(f"/staff/password/{token}").status_code in (400, 404)
