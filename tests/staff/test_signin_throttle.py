"""Sign-in slows a guesser without locking the owner out
(webapp/staff/signin_throttle.py has the budgets)."""
from __future__ import annotations

import pytest
import time_machine
from sqlalchemy import select

from models import RateBucket
from tests.staff_helpers import PASSWORD, csrf_token, make_user, post, sign_in
from webapp import clock, create_app
from webapp.staff.signin_throttle import KNOWN_BROWSER_COOKIE


def try_password(client, token: str, email: str, password: str, address: str, **headers):
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


@pytest.fixture()
def frozen():
    with time_machine.travel(clock.now(), tick=False) as traveller:
        yield traveller


def test_guessing_from_one_address_slows_to_one_try_a_minute(app, db_session, frozen):
    user = make_user(db_session, "nurse")
    guesser = app.test_client()
    token = csrf_token(guesser)
    for _ in range(5):
        assert try_password(guesser, token, user.email, "wrong guess", "203.0.113.9").status_code == 401
    refused = try_password(guesser, token, user.email, PASSWORD, "203.0.113.9")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Try again in" in refused.get_data(as_text=True)
    frozen.shift(60)
    assert try_password(guesser, token, user.email, "wrong guess", "203.0.113.9").status_code == 401
    assert try_password(guesser, token, user.email, "wrong guess", "203.0.113.9").status_code == 429
    # Nobody else at that address noticed: a colleague signs in.
    colleague = make_user(db_session, "host")
    colleague_client = app.test_client()
    assert try_password(colleague_client, csrf_token(colleague_client), colleague.email, PASSWORD,
                        "203.0.113.9").status_code == 302


def test_a_thousand_guesses_from_rotating_addresses_leave_the_owner_able_to_sign_in(app, db_session, frozen):
    owner = make_user(db_session, "admin")
    laptop = app.test_client()  # the owner's own browser, used before the attack
    assert sign_in(laptop, owner.email).status_code == 302
    assert laptop.get_cookie(KNOWN_BROWSER_COOKIE, path="/staff/") is not None
    post(laptop, "/staff/logout")

    attacker = app.test_client()
    token = csrf_token(attacker)
    statuses = []
    for n in range(1000):  # one guess a second, each from a new address
        address = f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
        statuses.append(try_password(attacker, token, owner.email, f"guess {n}", address).status_code)
        frozen.shift(1)
    assert set(statuses) == {401, 429}
    # 10 at once, then 1 every 30 seconds: about 43 passwords checked in 1,000 seconds.
    assert statuses.count(401) <= 10 + 1000 // 30 + 1

    # During the attack, the owner's own browser signs in at once ...
    assert sign_in(laptop, owner.email).status_code == 302
    # ... and a browser never used before, within 30 seconds of the attack ending.
    new_phone = app.test_client()
    token = csrf_token(new_phone)
    first = try_password(new_phone, token, owner.email, PASSWORD, "198.51.100.7")
    assert first.status_code == 429 and int(first.headers["Retry-After"]) <= 30
    frozen.shift(30)
    assert try_password(new_phone, token, owner.email, PASSWORD, "198.51.100.7").status_code == 302


def test_a_flood_from_one_address_spares_staff_there_who_signed_in_before(app, db_session, frozen):
    app.config["BUDGETS"] = {"address": (20, 1 / 9)}  # the real 100 only costs the test more Argon2 time
    nurse = make_user(db_session, "nurse")
    laptop = app.test_client()
    sign_in(laptop, nurse.email)
    post(laptop, "/staff/logout")
    sprayer = app.test_client()
    token = csrf_token(sprayer)
    statuses = [try_password(sprayer, token, f"person{n}@test.example", "Summer2026!", "192.0.2.1").status_code
                for n in range(30)]  # many accounts, one address
    assert statuses.count(401) == 20 and statuses[-1] == 429
    assert try_password(laptop, csrf_token(laptop), nurse.email, PASSWORD, "192.0.2.1").status_code == 302


def test_what_the_throttle_keeps_names_no_account_and_no_address(app, db_session, frozen):
    user = make_user(db_session, "nurse")
    client = app.test_client()
    try_password(client, csrf_token(client), user.email, "wrong guess", "203.0.113.9")
    keys = db_session.scalars(select(RateBucket.key)).all()
    assert len(keys) == 3
    assert not any(user.email in key or "203.0.113.9" in key or "nurse" in key for key in keys)


@pytest.mark.parametrize(("proxies", "counts_apart"), [(1, True), (0, False)])
def test_behind_a_trusted_proxy_each_client_address_counts_apart(database_url, session_factory, tmp_path,
                                                                 db_session, proxies, counts_apart):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
         "SESSION_COOKIE_SECURE": False, "TRUSTED_PROXIES": proxies},
        instance_path=str(tmp_path / "instance"),
    )
    app.extensions["db_sessionmaker"] = session_factory
    user = make_user(db_session, "nurse")
    client = app.test_client()
    token = csrf_token(client)
    with time_machine.travel(clock.now(), tick=False):
        for _ in range(5):
            try_password(client, token, user.email, "wrong guess", "127.0.0.1", **{"X-Forwarded-For": "203.0.113.9"})
        other = try_password(client, token, user.email, "wrong guess", "127.0.0.1",
                             **{"X-Forwarded-For": "198.51.100.7"})
    assert other.status_code == (401 if counts_apart else 429)
    app.extensions["db_engine"].dispose()
