"""The role matrix, generated from the URL map: every staff route refuses
anonymous visitors, each role reaches exactly what it should, and a route
that declares no role fails here."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models import Centre, Feedback, Meeting, Page, PageMedia, Place, Topic
from tests.staff_helpers import csrf_token, make_user, sign_in
from webapp.feedback import responses
from webapp.staff.access import ADMINS, EDITORS, EVERY_ROLE

PUBLIC = {"staff.login", "staff.login_code", "staff.choose_password"}  # the last two check who it is themselves
EXPECTED = {  # endpoint -> roles; a new staff route must be added here on purpose
    "staff.dashboard": EVERY_ROLE,
    "staff.logout": EVERY_ROLE,
    "staff.set_language": EVERY_ROLE,
    "staff.account": EVERY_ROLE,
    "staff.change_password": EVERY_ROLE,
    "staff.users": ADMINS,
    "staff.add_user": ADMINS,
    "staff.reset_password": ADMINS,
    "staff.set_active": ADMINS,
    "staff.audit_log": ADMINS,
    "staff.meetings": EVERY_ROLE,
    "staff.new_meeting": EVERY_ROLE,
    "staff.edit_meeting": EVERY_ROLE,
    "staff.meeting_display": EVERY_ROLE,
    "staff.meeting_codes": EVERY_ROLE,
    "staff.meeting_count": EVERY_ROLE,
    "staff.feedback": EVERY_ROLE,
    "staff.feedback_group": EVERY_ROLE,
    "staff.feedback_csv": EVERY_ROLE,
    "staff.feedback_comment": EVERY_ROLE,
    "staff.you_said": EVERY_ROLE,
    "staff.new_you_said": EVERY_ROLE,
    "staff.edit_you_said": EVERY_ROLE,
    "staff.save_you_said": EVERY_ROLE,
    "staff.delete_you_said": EVERY_ROLE,
    # Notices: a host or a nurse for their centres (webapp/notices); questions: nurses (webapp/questions).
    "staff.notices_page": EVERY_ROLE,
    "staff.new_notice": EVERY_ROLE,
    "staff.edit_notice": EVERY_ROLE,
    "staff.save_notice": EVERY_ROLE,
    "staff.delete_notice": EVERY_ROLE,
    "staff.push_notice": EVERY_ROLE,
    # Centres are made and staffed by an admin (webapp/places/staff_centres.py).
    "staff.centre_list": ADMINS,
    "staff.new_centre": ADMINS,
    "staff.edit_centre": ADMINS,
    "staff.save_centre_staff": ADMINS,
}


def staff_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]


def undeclared_staff_routes(app) -> list[str]:
    return [
        r.endpoint for r in staff_rules(app)
        if not hasattr(app.view_functions[r.endpoint], "allowed_roles")
    ]


def test_every_staff_route_declares_who_may_use_it(app):
    assert undeclared_staff_routes(app) == []
    public = {r.endpoint for r in staff_rules(app) if app.view_functions[r.endpoint].allowed_roles is None}
    assert public == PUBLIC


def test_a_route_without_a_declared_role_is_caught(app):
    app.add_url_rule("/staff/forgotten", "staff.forgotten", lambda: "secret")
    assert undeclared_staff_routes(app) == ["staff.forgotten"]


def sample_values(db_session) -> dict:
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    media = PageMedia(page_id=page.id, kind="image", filename="x.png", mime_type="image/png", byte_size=1)
    db_session.add(media)
    nurse = make_user(db_session, "nurse", email="other-nurse@test.example")
    demo = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    feedback = Feedback(centre=demo, target="centre", rating=3, lang="ar", received_on=dt.date.today())
    db_session.add(feedback)
    db_session.flush()
    answer = responses.create(db_session, demo, "nb", "Dere sa", "Vi gjorde", author_id=None)
    return {
        "meeting_id": db_session.scalar(select(Meeting.id).limit(1)),
        "page_id": page.id, "lang": "ar", "number": 1, "user_id": nurse.id, "media_id": media.id,
        "topic_id": db_session.scalar(select(Topic.id).where(Topic.slug == "health")),
        "group": "centre", "feedback_id": feedback.id, "response_id": answer.id,
        "notice_id": 1, "question_id": "00000000-0000-4000-8000-000000000000",
        "item_id": db_session.scalar(select(Place.id).limit(1)), "centre_id": demo.id,
    }


def requests_for(app, values):
    """(endpoint, method, url) for every staff route but the login page, logout last."""
    found = []
    for rule in staff_rules(app):
        if rule.endpoint in PUBLIC:
            continue
        url = rule.build({arg: values[arg] for arg in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return sorted(found, key=lambda item: item[0] == "staff.logout")


def call(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(client)})


def test_anonymous_visitors_are_sent_to_the_login_page(app, client, db_session):
    for endpoint, method, url in requests_for(app, sample_values(db_session)):
        response = call(client, method, url)
        assert response.status_code == 302, (endpoint, method)
        assert response.headers["Location"].startswith("/staff/login"), (endpoint, method)


@pytest.mark.parametrize("role", ["admin", "nurse", "host"])
def test_each_role_reaches_exactly_its_routes(app, db_session, role):
    values = sample_values(db_session)
    user = make_user(db_session, role)
    client = app.test_client()
    assert sign_in(client, user.email).status_code == 302
    for endpoint, method, url in requests_for(app, values):
        allowed = EXPECTED.get(endpoint, EDITORS)
        assert app.view_functions[endpoint].allowed_roles == allowed, endpoint
        response = call(client, method, url)
        if role in allowed:
            assert response.status_code != 403, (endpoint, method, response.status_code)
            assert response.status_code < 500, (endpoint, method)
        else:
            assert response.status_code == 403, (endpoint, method, response.status_code)


def test_a_nurse_cannot_edit_another_centres_local_page(app, db_session, staff_client):
    from models import Centre
    from webapp.content.editing import create_page

    other = Centre(slug="elsewhere", name="Another centre")
    db_session.add(other)
    topic = db_session.scalar(select(Topic).where(Topic.slug == "health"))
    page = create_page(db_session, slug="elsewhere-nurse", topic=topic, source_lang="nb",
                       title="Sykepleier", body="Tekst.\n", centre=other)
    db_session.flush()
    nurse = staff_client("nurse")
    assert nurse.get(f"/staff/pages/{page.id}").status_code == 403
    assert "elsewhere-nurse" not in nurse.get("/staff/pages").get_data(as_text=True)
    admin = staff_client("admin")
    assert admin.get(f"/staff/pages/{page.id}").status_code == 200
