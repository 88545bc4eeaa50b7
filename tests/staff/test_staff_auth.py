"""Staff accounts: signing in, CSRF, password storage and rule, CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import User
from tests.staff_helpers import PASSWORD, csrf_token, make_user, post, sign_in
from webapp.staff.accounts import AccountError, check_password


def test_login_form_has_labelled_email_and_password(client):
    html = client.get("/staff/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<label for="email">Email</label>' in html
    assert '<label for="password">Password</label>' in html


def test_right_password_signs_in_and_wrong_one_does_not(client, db_session):
    user = make_user(db_session, "nurse")
    assert sign_in(client, user.email, "wrong password!").status_code == 401
    assert client.get("/staff/").status_code == 302  # still signed out
    assert sign_in(client, user.email.upper()).status_code == 302  # e-mail is case-insensitive
    assert client.get("/staff/").status_code == 200


def test_passwords_are_stored_as_argon2id_hashes(db_session):
    user = make_user(db_session, "nurse")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_every_state_changing_form_needs_a_csrf_token(client, db_session):
    user = make_user(db_session, "nurse")
    no_token = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert no_token.status_code == 400
    sign_in(client, user.email)
    page_id = db_session.scalar(select(User.id).limit(1))
    for url in ["/staff/logout", f"/staff/pages/{page_id}/review", "/staff/language"]:
        assert client.post(url).status_code == 400, url
        assert client.post(url, data={"csrf_token": "forged"}).status_code == 400, url


def test_login_never_sends_people_to_another_site(client, db_session):
    user = make_user(db_session, "nurse")
    response = client.post(
        "/staff/login?next=//evil.example/x",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/staff/"


def test_deactivated_account_cannot_sign_in(client, db_session):
    user = make_user(db_session, "nurse")
    user.active = False
    db_session.flush()
    assert sign_in(client, user.email).status_code == 401


def test_staff_ui_follows_the_persons_language(app, db_session):
    user = make_user(db_session, "nurse", language="nb")
    client = app.test_client()
    sign_in(client, user.email)
    assert 'lang="nb"' in client.get("/staff/").get_data(as_text=True)
    post(client, "/staff/language", {"language": "en", "next": "/staff/pages"})
    assert 'lang="en"' in client.get("/staff/").get_data(as_text=True)


def test_create_user_cli_reads_the_password_from_stdin(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "Cli@Test.Example", "--role", "host", "--centre", "demo"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.email == "cli@test.example"))
    assert user.role == "host" and [c.slug for c in user.centres] == ["demo"]

    too_short = runner.invoke(args=["create-user", "x@test.example", "--role", "nurse"], input="short\n")
    assert too_short.exit_code != 0 and "12" in too_short.output
    too_easy = runner.invoke(args=["create-user", "x@test.example", "--role", "nurse"], input="password1234\n")
    assert too_easy.exit_code != 0 and "too easy to guess" in too_easy.output


@pytest.mark.parametrize("password", [
    "aaaaaaaaaaaa", "password1234", "qwertyuiopas", "123456789012", "Veiviser2026!", "mottakmottak", "Password123!",
    "nurse@test.example",  # the person's own address
])
def test_passwords_that_are_long_but_easy_to_guess_are_refused(app, password):
    with app.test_request_context(), pytest.raises(AccountError, match="too easy to guess|at least 12"):
        check_password(password, email="nurse@test.example")


@pytest.mark.parametrize("password", ["correct horse battery staple", "sommerfugl kaffe trikk", "gT7#qv!2Lp9x"])
def test_passwords_that_are_hard_to_guess_are_taken(app, password):
    with app.test_request_context():
        check_password(password, email="nurse@test.example")


def test_seed_demo_creates_demo_accounts_once(app, db_session, monkeypatch):
    from webapp.staff.passwords import verify_password

    db_session.query(User).filter(User.email.like("%@demo.example")).delete()
    db_session.flush()
    runner = app.test_cli_runner()
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    printed = first.output.split("with the password ")[1].split()[0]
    nurse = db_session.scalar(select(User).where(User.email == "nurse@demo.example"))
    assert nurse.role == "nurse" and verify_password(nurse.password_hash, printed)
    again = runner.invoke(args=["seed-demo"])
    assert "password" not in again.output  # shown once only
    assert db_session.query(User).filter(User.email.like("%@demo.example")).count() == 3
