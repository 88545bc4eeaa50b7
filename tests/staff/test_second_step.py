"""The optional second step (TOTP) for administrators and nurses."""
from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine

from tests.staff_helpers import PASSWORD, csrf_token, make_user, post, sign_in
from webapp import clock


@pytest.fixture()
def frozen():
    with time_machine.travel(clock.now(), tick=False) as traveller:
        yield traveller


def turn_on(app, user) -> str:
    """Set the second step up through the account page, as the person would; returns the secret."""
    client = app.test_client()
    sign_in(client, user.email)
    page = post(client, "/staff/account/second-step/new").get_data(as_text=True)
    assert "<svg" in page  # the QR an app scans
    secret = re.search(r'class="setup-secret">([A-Z2-7]+)<', page).group(1)
    assert post(client, "/staff/account/second-step", {"code": "000000"}).status_code == 422
    assert post(client, "/staff/account/second-step", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    return secret


def password_given(app, db_session, frozen, role: str = "nurse"):
    """A person with the second step on, half-way through signing in (the
    password given, the code not yet): their client, account and secret."""
    user = make_user(db_session, role)
    secret = turn_on(app, user)
    frozen.shift(30)  # the next code: the one used to turn it on is spent
    client = app.test_client()
    response = sign_in(client, user.email)
    assert response.headers["Location"].endswith("/staff/login/code")
    return client, user, secret


def test_with_the_second_step_a_password_alone_does_not_sign_in(app, db_session, frozen):
    client, nurse, secret = password_given(app, db_session, frozen)
    assert client.get("/staff/").status_code == 302  # not signed in yet
    assert post(client, "/staff/login/code", {"code": "123456"}).status_code == 401
    code = pyotp.TOTP(secret).now()
    assert post(client, "/staff/login/code", {"code": code[:3] + " " + code[3:]}).status_code == 302
    assert client.get("/staff/").status_code == 200

    # The same code, seen over a shoulder, does not work a second time.
    thief = app.test_client()
    sign_in(thief, nurse.email)
    assert post(thief, "/staff/login/code", {"code": code}).status_code == 401


def test_the_code_must_follow_the_password_within_five_minutes(app, db_session, frozen):
    client, _admin, secret = password_given(app, db_session, frozen, "admin")
    frozen.shift(dt.timedelta(minutes=6))
    response = post(client, "/staff/login/code", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login")
    assert client.get("/staff/").status_code == 302


def test_guessing_codes_is_throttled(app, db_session, frozen):
    client, _nurse, secret = password_given(app, db_session, frozen)
    token = csrf_token(client)
    statuses = [client.post("/staff/login/code", data={"code": f"{n:06d}", "csrf_token": token}).status_code
                for n in range(6)]
    assert statuses == [401] * 5 + [429]
    right = client.post("/staff/login/code", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert right.status_code == 429  # even the right one waits: otherwise the limit would tell nothing


def test_turning_it_off_needs_the_password(app, db_session, frozen):
    client, nurse, secret = password_given(app, db_session, frozen)
    post(client, "/staff/login/code", {"code": pyotp.TOTP(secret).now()})
    assert post(client, "/staff/account/second-step/off", {"current": "not it"}).status_code == 422
    assert post(client, "/staff/account/second-step/off", {"current": PASSWORD}).status_code == 302
    assert sign_in(app.test_client(), nurse.email).headers["Location"].endswith("/staff/")


def test_an_administrators_reset_turns_it_off(app, db_session, staff_client):
    nurse = make_user(db_session, "nurse")
    turn_on(app, nurse)
    admin = staff_client("admin")
    post(admin, f"/staff/users/{nurse.id}/password")
    db_session.refresh(nurse)
    assert nurse.totp_secret is None


def test_hosts_are_not_offered_a_second_step(staff_client):
    host = staff_client("host")
    assert "Second step" not in host.get("/staff/account").get_data(as_text=True)
    assert post(host, "/staff/account/second-step/new").status_code == 403
