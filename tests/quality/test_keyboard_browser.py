"""Keyboard only, in Chromium: from a check-in to sent feedback without a
mouse or a touch, with a visible focus at every stop."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from models import Feedback, Meeting
from tests.live_server import database, wait_until_outbox_empty
from webapp.checkin import codes

pytestmark = pytest.mark.browser
MAX_TABS = 40


@pytest.fixture()
def server(live_server):
    return live_server()


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        // A face's radio is invisible: its label shows the focus instead.
        const shown = getComputedStyle(el.matches('.face input') ? el.closest('.face') : el);
        return {tag: el.tagName.toLowerCase(), name: el.name || '', value: el.value || '',
                href: el.getAttribute('href') || '', type: el.type || '',
                visible: shown.outlineStyle !== 'none' || shown.boxShadow !== 'none'};
    }""")


def tab_to(page, matches, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        here = focused(page)
        assert here["visible"], f"no visible focus on {here}"
        if matches(here):
            return here
    raise AssertionError(f"{what} cannot be reached with Tab")


def test_check_in_then_feedback_with_the_keyboard_alone(browser, server):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    with database(server.app) as session:
        meeting = next(m for m in session.scalars(select(Meeting))
                       if m.checkin_opens.timestamp() <= time.time() <= m.checkin_closes.timestamp())
    code = codes.sign(codes.derive_key(server.app.config["SECRET_KEY"]), meeting.id,
                      codes.window_at(dt.datetime.now(dt.UTC)))
    page.goto(f"{server.url}/en/demo/checkin#{code}")
    page.locator("[data-checkin-done]").wait_for()

    tab_to(page, lambda f: "feedback?meeting=" in f["href"], "the feedback link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/demo/feedback?meeting={meeting.id}")

    tab_to(page, lambda f: f["name"] == "rating", "the faces")
    page.keyboard.press("Space")  # the first face
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # ... to the fourth
    assert focused(page)["value"] == "4"
    tab_to(page, lambda f: f["name"] == "interpreter", "the interpreter question")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["name"] == "next_time", "the next-time question")
    page.keyboard.press("ArrowDown")
    tab_to(page, lambda f: f["name"] == "comment", "the comment box")
    page.keyboard.type("Good, thank you")
    tab_to(page, lambda f: f["type"] == "submit", "the send button")
    page.keyboard.press("Enter")
    page.locator("[data-feedback-done]").wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-feedback-done')")  # told, where focus is

    wait_until_outbox_empty(page)
    with database(server.app) as session:
        row = session.scalar(select(Feedback))
        assert (row.rating, row.interpreter, row.next_time, row.comment) == (
            4, "yes", "more_discussion", "Good, thank you"
        )
    context.close()
