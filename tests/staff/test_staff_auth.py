"""Staff accounts: signing in, CSRF, rate limit, password storage, CLI."""
from __future__ import annotations

from sqlalchemy import select

from models import LoginAttempt, User
from tests.staff_helpers import PASSWORD, csrf_token, make_user, post, sign_in


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


def test_login_is_rate_limited_per_account(client, db_session):
    user = make_user(db_session, "nurse")
    for _ in range(5):
        assert sign_in(client, user.email, "not the password").status_code == 401
    # Even the right password is refused now, and the attempts are in the database
    # (so every app instance sees them), stored only as hashes.
    assert sign_in(client, user.email).status_code == 429
    keys = db_session.scalars(select(LoginAttempt.key)).all()
    assert keys and all(user.email not in key for key in keys)


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


def test_admin_resets_a_password_that_is_shown_once(staff_client, db_session):
    admin = staff_client("admin")
    nurse = make_user(db_session, "nurse", email="n2@test.example")
    html = post(admin, f"/staff/users/{nurse.id}/password").get_data(as_text=True)
    import re

    new_password = re.search(r"<code>([^<]+)</code>", html).group(1)
    db_session.refresh(nurse)
    from webapp.staff.passwords import verify_password

    assert verify_password(nurse.password_hash, new_password)
    assert new_password not in admin.get("/staff/users").get_data(as_text=True)


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
