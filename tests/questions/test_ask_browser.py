"""Ask the nurse, end to end in Debian's Chromium: a Tigrinya phone with no
network asks; back online the question is sent once; the nurse answers in
the staff pages; the phone shows the answer after its next check, sending
its claim code among random ones; a second phone cannot read it."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models import Question
from tests.live_server import database, wait_until_outbox_empty
from tests.staff_helpers import make_user, sign_in_with_browser
from webapp.questions.claims import CHECK_SIZE

pytestmark = pytest.mark.browser

QUESTION = "ክፍሊት ሓኪም ክንደይ እዩ?"  # "How much does the doctor cost?"
ANSWER = "Egenandel hos fastlege er 160 kr. Med frikort betaler du ingenting."


def test_an_offline_phone_asks_and_only_it_reads_the_answer(browser, phone, live_server):
    server = live_server(prepare=lambda session: make_user(session, "nurse", email="nurse@test.example"))
    server.keep_bodies.add("/api/v1/answers")
    phone.goto(server.url + "/ti/demo/ask")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    assert phone.locator("[data-my-questions-empty]").is_visible()

    server.stop()  # no network: the question waits in the outbox
    phone.fill("#question", QUESTION)
    phone.click("[data-ask-form] button[type=submit]")
    phone.locator("[data-ask-done]").wait_for()
    mine = phone.locator("[data-my-questions] li")
    mine.locator("[data-state=unsent]").wait_for()
    assert mine.locator("[data-question]").inner_text() == QUESTION

    server.start()
    phone.evaluate("VeiviserOutbox.sync()")
    wait_until_outbox_empty(phone)
    with database(server.app) as session:
        (stored,) = session.scalars(select(Question)).all()  # sent once
        assert (stored.text, stored.lang) == (QUESTION, "ti")
    mine.locator("[data-state=waiting]").wait_for()

    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    nurse = laptop.new_page()
    sign_in_with_browser(nurse, server.url, "nurse@test.example")
    nurse.goto(server.url + "/staff/questions")
    assert nurse.locator("[data-question-text]").inner_text() == QUESTION
    nurse.locator("textarea[name=answer]").fill(ANSWER)
    nurse.get_by_role("button", name="Send answer").click()
    nurse.locator(".flash-ok").wait_for()
    laptop.close()

    server.log.clear()
    phone.reload()  # the next sync
    mine.locator("[data-answer]").wait_for()
    assert mine.locator("[data-answer]").inner_text() == ANSWER
    checks = [json.loads(r.body)["codes"] for r in server.log if r.path == "/api/v1/answers"]
    assert checks and all(len(codes) == CHECK_SIZE for codes in checks)  # padded: one real code among random ones
    claim = phone.evaluate("VeiviserQuestions.all()[0].claim")
    assert claim in checks[0]

    other = browser.new_context().new_page()  # a second phone: no claim code, nothing to read
    other.goto(server.url + "/ti/demo/ask")
    other.wait_for_function("window.VeiviserQuestions")
    assert other.locator("[data-my-questions-empty]").is_visible()
    assert other.locator("[data-my-questions] li").count() == 0
    wrong = [claim[:-1] + ("0" if claim[-1] != "0" else "1")] + [claim.replace(claim[0], "f")] * (CHECK_SIZE - 1)
    answers = other.evaluate("""async (codes) => (await (await fetch('/api/v1/answers', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({codes})})).json()).answers""", wrong)
    assert answers == [None] * CHECK_SIZE
    other.context.close()

    phone.locator("[data-my-questions] [data-delete]").click()  # deletable, on the phone only
    phone.locator("[data-my-questions-empty]").wait_for()
    assert phone.locator("[data-my-questions] li").count() == 0
    assert phone.evaluate("VeiviserQuestions.all()") == []
