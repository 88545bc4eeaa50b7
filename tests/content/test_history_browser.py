"""The page history in Chromium: the word diff wraps like text and never runs
off the side, on a laptop (1280 px) and on a phone (390 px), and axe-core
finds nothing wrong with it."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from models import Page
from tests.live_server import PHONE
from tests.staff_helpers import make_user, sign_in_with_browser
from webapp.content.editing import revise_source

pytestmark = pytest.mark.browser
LONG_URL = "https://www.helsenorge.no/betaling-for-helsetjenester/frikort-for-helsetjenester/egenandelstak-og-frikort"


@pytest.fixture(scope="module")
def server(module_live_server):
    def prepare(session):
        make_user(session, "nurse", email="nurse@test.example")
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        body = page.revisions[-1].body
        changed = body.replace("frikort", "frikortet", 3) + f"\nLes mer på {LONG_URL} (oppdatert).\n"
        revise_source(page, title=page.revisions[-1].title, body=changed, minor=False)
        session.flush()
        return page.id

    server = module_live_server(prepare=prepare)
    server.page_id = server.prepared
    return server


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE["viewport"]], ids=["laptop", "phone"])
def test_the_diff_wraps_without_running_off_the_side(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in_with_browser(page, server.url, "nurse@test.example")
    page.goto(f"{server.url}/staff/pages/{server.page_id}/history")
    assert page.locator(".diff ins").count() > 0 and page.locator(".diff del").count() > 0
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.diff, .diff-text')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className)""")
    page_width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wrapped = page.evaluate("""() => {
        const box = document.querySelector('.diff-text').getBoundingClientRect();
        const line = parseFloat(getComputedStyle(document.querySelector('.diff-text')).lineHeight);
        return box.height > 2 * line;
    }""")
    problems = [v["id"] for v in Axe().run(page).response["violations"]]  # contrast of the marks, too
    context.close()
    assert problems == []
    assert overflowing == []
    assert page_width[0] <= page_width[1], "the page scrolls sideways"
    assert wrapped  # long paragraphs wrap onto more lines instead of running on
