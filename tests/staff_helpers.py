"""Signing in and posting forms as staff, with real CSRF tokens."""
from __future__ import annotations

import re

from sqlalchemy import select

from models import Centre
from webapp.staff.accounts import create_user

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client) -> str:
    response = client.get("/staff/login")
    if response.status_code == 302:  # signed in already
        response = client.get("/staff/")
    return TOKEN.search(response.get_data(as_text=True)).group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def make_user(db_session, role: str, email: str | None = None, language: str = "en"):
    centre = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    user = create_user(
        db_session, email or f"{role}@test.example", role=role, password=PASSWORD,
        name=f"Test {role}", language=language, centres=[centre],
    )
    db_session.flush()
    return user


def sign_in(client, email: str, password: str = PASSWORD):
    return post(client, "/staff/login", {"email": email, "password": password})


def sign_in_with_browser(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would."""
    page.goto(base_url + "/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def host_at_a_meeting_in_progress(session) -> int:
    """For a live server's ``prepare``: a host account (host@test.example) and
    the id of the demo meeting whose check-in is open now."""
    from tests.live_server import meeting_in_progress

    make_user(session, "host", email="host@test.example")
    return meeting_in_progress(session)
