"""Sessions end when they should: signing out, a new password, an
administrator's reset and switching an account off each end every session of
that person, copies of the cookie included."""
from __future__ import annotations

import pytest

from tests.staff_helpers import PASSWORD, make_user, post, sign_in

NEW_PASSWORD = "lantern orchard pebble violin"


def signed_in_twice(app, user):
    """The person's laptop, and a copy of its cookie (a thief's, or their phone)."""
    laptop, other = app.test_client(), app.test_client()
    assert sign_in(laptop, user.email).status_code == 302
    assert sign_in(other, user.email).status_code == 302
    return laptop, other


def is_signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, db_session):
    user = make_user(db_session, "nurse")
    laptop = app.test_client()
    sign_in(laptop, user.email)
    copy = app.test_client()
    copy.set_cookie("session", laptop.get_cookie("session").value)
    assert is_signed_in(copy)
    post(laptop, "/staff/logout")
    assert not is_signed_in(laptop) and not is_signed_in(copy)


def test_changing_ones_password_ends_every_other_session_and_keeps_this_one(app, db_session):
    user = make_user(db_session, "host")
    laptop, other = signed_in_twice(app, user)
    response = post(laptop, "/staff/account/password",
                    {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 302
    assert "signed out everywhere else" in laptop.get("/staff/account").get_data(as_text=True)
    assert is_signed_in(laptop) and not is_signed_in(other)
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 401
    assert sign_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(("form", "message"), [
    ({"current": "not my password", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}, "current password is not right"),
    ({"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD + "x"}, "not the same"),
    ({"current": PASSWORD, "new": "aaaaaaaaaaaa", "repeat": "aaaaaaaaaaaa"}, "too easy to guess"),
])
def test_a_refused_password_change_says_why_and_changes_nothing(app, db_session, form, message):
    user = make_user(db_session, "nurse")
    laptop, other = signed_in_twice(app, user)
    response = post(laptop, "/staff/account/password", form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert is_signed_in(laptop) and is_signed_in(other)
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 302


def test_an_administrators_reset_ends_the_persons_sessions(app, db_session, staff_client):
    admin = staff_client("admin")
    nurse = make_user(db_session, "nurse", email="reset@test.example")
    laptop, other = signed_in_twice(app, nurse)
    assert post(admin, f"/staff/users/{nurse.id}/password").status_code == 200
    assert not is_signed_in(laptop) and not is_signed_in(other)


def test_switching_an_account_off_ends_its_sessions_for_good(app, db_session, staff_client):
    admin = staff_client("admin")
    host = make_user(db_session, "host", email="off@test.example")
    laptop, _other = signed_in_twice(app, host)
    post(admin, f"/staff/users/{host.id}/active", {"active": "0"})
    assert not is_signed_in(laptop)
    post(admin, f"/staff/users/{host.id}/active", {"active": "1"})
    assert not is_signed_in(laptop)  # switched on again: the old session stays ended
    assert sign_in(app.test_client(), host.email).status_code == 302


def test_a_session_from_before_versions_must_sign_in_again(app, db_session):
    user = make_user(db_session, "nurse")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # what a session cookie held before
        session["_fresh"] = True
    assert not is_signed_in(client)
