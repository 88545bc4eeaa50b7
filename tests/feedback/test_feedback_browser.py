"""Feedback as residents and staff use it, in Debian's Chromium: a face at the
foot of a page opens the form with that face chosen; sent feedback is
stored once; a refused item stays visible until the resident removes it;
staff read the dashboard."""
from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Feedback, Meeting
from tests.live_server import database, screenshot, wait_until_outbox_empty
from tests.staff_helpers import make_user, sign_in_with_browser
from webapp.demo.seed import seed_demo_feedback

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(live_server):
    return live_server(prepare=lambda session: make_user(session, "nurse", email="nurse@test.example"))


def stored(server) -> list[Feedback]:
    with database(server.app) as session:
        return list(session.scalars(select(Feedback).options(selectinload(Feedback.page))))


def test_a_face_under_a_page_opens_the_form_with_that_face_and_sends_once(phone, server):
    phone.goto(server.url + "/ar/demo/pages/frikort")
    phone.locator(".page-feedback a.rating-4").click()
    phone.wait_for_url("**/ar/demo/feedback?page=frikort&rating=4")
    assert phone.locator("input[name=rating][value='4']").is_checked()
    assert not phone.locator("[data-for=meeting]").first.is_visible()  # no meeting questions for a page
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.fill("#comment", "شكراً، الصفحة واضحة")
    screenshot(phone, "feedback-ar.png")
    phone.click("[data-feedback-form] button[type=submit]")
    phone.locator("[data-feedback-done]").wait_for()
    wait_until_outbox_empty(phone)

    (row,) = stored(server)
    assert (row.target, row.page.slug, row.rating, row.comment, row.lang) == (
        "page", "frikort", 4, "شكراً، الصفحة واضحة", "ar"
    )


def test_a_poisoned_item_is_shown_for_attention_and_the_good_ones_arrive(phone, server):
    """A lone surrogate (what a broken keyboard or a copy-paste can leave)
    can never be stored: that item is refused on its own, the two good items
    in the same request arrive once, and the resident sees which one stayed."""
    phone.goto(server.url + "/en/demo/feedback")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    server.stop()  # all three wait in the outbox
    for comment in ["Good information", "\\ud83d", "Thank you"]:
        phone.evaluate(f"VeiviserOutbox.add('feedback', {{target: 'centre', centre: 'demo', lang: 'en', "
                       f"comment: '{comment}'}})")
    server.log.clear()
    server.start()
    phone.evaluate("VeiviserOutbox.sync()")
    attention = phone.locator("[data-outbox-state=attention]")
    attention.wait_for()
    assert "It could not be used." in attention.inner_text()
    assert phone.locator("[data-attention-list] li").count() == 1
    assert sorted(row.comment for row in stored(server)) == ["Good information", "Thank you"]
    assert {r.status for r in server.log if r.path == "/api/v1/sync"} == {200}  # never a failed request
    if os.environ.get("LOOK"):
        attention.scroll_into_view_if_needed()
        phone.screenshot(path="/tmp/poisoned.png")
    phone.locator("[data-discard]").click()
    phone.wait_for_function("VeiviserOutbox.items().then((all) => all.length === 0)")


def test_an_empty_form_is_not_sent(phone, server):
    phone.goto(server.url + "/en/demo/feedback")
    phone.click("[data-feedback-form] button[type=submit]")
    assert phone.locator("[data-feedback-empty]").is_visible()
    assert phone.evaluate("VeiviserOutbox.items()") == []


def test_feedback_on_a_meeting_is_offered_only_to_a_phone_that_checked_in(phone, server):
    with database(server.app) as session:
        meeting = session.scalars(select(Meeting).order_by(Meeting.starts_at.desc())).first().id
    phone.goto(f"{server.url}/en/demo/feedback?meeting={meeting}")
    assert phone.locator("[data-feedback-no-checkin]").is_visible()
    assert phone.locator("[data-feedback-form]").is_hidden()


def test_a_refused_item_stays_visible_until_the_resident_removes_it(phone, server):
    # A page removed since the phone saved the form: the server refuses the feedback.
    phone.goto(f"{server.url}/en/demo/feedback?page=a-page-that-was-removed")
    phone.locator("label.face.rating-2").click()
    phone.click("[data-feedback-form] button[type=submit]")
    attention = phone.locator("[data-outbox-state=attention]")
    attention.wait_for(timeout=30_000)
    assert "This page or meeting no longer exists." in attention.inner_text()
    assert phone.evaluate("VeiviserOutbox.items()")[0]["state"] == "needs-attention"

    phone.reload()  # still there after a reload: never dropped silently
    attention.wait_for(timeout=30_000)
    attention.locator("[data-discard]").click()
    wait_until_outbox_empty(phone)
    assert not attention.is_visible()
    assert stored(server) == []


def test_after_checking_in_the_phone_offers_feedback_once(phone, server):
    from webapp.checkin import codes

    with database(server.app) as session:
        meeting = next(m for m in session.scalars(select(Meeting))
                       if m.checkin_opens.timestamp() <= time.time() <= m.checkin_closes.timestamp())
    now = dt.datetime.now(dt.UTC)
    code = codes.sign(codes.derive_key(server.app.config["SECRET_KEY"]), meeting.id, codes.window_at(now))
    phone.goto(f"{server.url}/so/demo/checkin#{code}")
    phone.locator("[data-checkin-feedback] a").click()
    phone.wait_for_url(f"**/so/demo/feedback?meeting={meeting.id}")
    phone.locator("label.face.rating-5").click()
    phone.locator("input[name=next_time][value=more_information]").check()
    phone.fill("#wish", "Bolig")
    phone.click("[data-feedback-form] button[type=submit]")
    phone.locator("[data-feedback-done]").wait_for()
    wait_until_outbox_empty(phone)
    (row,) = stored(server)
    assert (row.target, row.meeting_id, row.rating, row.next_time, row.wish, row.lang) == (
        "meeting", meeting.id, 5, "more_information", "Bolig", "so"
    )

    phone.goto(f"{server.url}/so/demo/meetings")
    assert phone.locator(f"[data-if-checked-in='{meeting.id}']").is_hidden()  # given already
    phone.goto(f"{server.url}/so/demo/feedback?meeting={meeting.id}")
    assert phone.locator("[data-feedback-already]").is_visible()
    assert phone.locator("[data-feedback-form]").is_hidden()


def test_staff_read_the_dashboard_with_charts(browser, server):
    with database(server.app) as session:
        seed_demo_feedback(session)
        session.commit()
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = laptop.new_page()
    sign_in_with_browser(page, server.url, "nurse@test.example")
    page.goto(server.url + "/staff/feedback")
    assert page.locator(".feedback-table tbody tr").count() >= 4
    assert page.locator("svg.rating-bar").count() >= 3
    screenshot(page, "feedback-dashboard.png")
    page.locator(".feedback-table a", has_text="All meetings").click()
    page.locator("svg.rating-chart").wait_for()
    assert "Bra med tolk." in page.locator("body").inner_text()
    screenshot(page, "feedback-meeting.png")
    laptop.close()


def test_without_javascript_feedback_on_a_page_is_sent_by_the_form(phone_without_js, server):
    page = phone_without_js
    page.goto(server.url + "/ti/demo/pages/frikort")
    page.locator(".page-feedback a.rating-5").click()
    assert page.locator("input[name=rating][value='5']").is_checked()
    page.fill("#comment", "ጽቡቕ")
    page.click("[data-feedback-form] button[type=submit]")
    page.wait_for_url("**/ti/demo/feedback?page=frikort&sent=1")
    assert page.locator("[role=status]:not([data-feedback-done]) .checkin-mark").is_visible()
    page.reload()  # a reload asks again for the thanks, and sends nothing
    (row,) = stored(server)
    assert (row.target, row.page.slug, row.rating, row.comment, row.lang) == ("page", "frikort", 5, "ጽቡቕ", "ti")
