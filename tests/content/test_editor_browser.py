"""A nurse's whole round, in Chromium: sign in, edit the Norwegian source, see
the Arabic translation become outdated, fix it, preview it right to left,
publish; then a resident's phone shows the new text."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Page
from tests.live_server import PHONE, screenshot
from tests.staff_helpers import make_user, sign_in_with_browser

pytestmark = pytest.mark.browser
NEW_ARABIC = "أرسل نسخة من شهادة طالب اللجوء إلى Helfo مع الإيصالات."


@pytest.fixture()
def server(live_server):
    def prepare(session):
        make_user(session, "nurse", email="nurse@test.example")
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        page.published = False
        return page.id

    server = live_server(prepare=prepare)
    server.page_id = server.prepared
    return server


def test_nurse_edits_translates_previews_and_publishes(browser, server):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    nurse = laptop.new_page()
    sign_in_with_browser(nurse, server.url, "nurse@test.example")
    assert nurse.url.endswith("/staff/")

    nurse.goto(f"{server.url}/staff/pages/{server.page_id}?lang=ar")
    arabic_chip = nurse.locator(".status-row a", has_text="ar").first
    assert "status-current" in arabic_chip.get_attribute("class")
    source = nurse.locator("#source-body")
    source.fill(source.input_value() + "\nSend en kopi av asylsøkerbeviset til Helfo sammen med kvitteringene.\n")
    nurse.get_by_role("button", name="Save source text").click()
    assert "status-outdated" in nurse.locator(".status-row a", has_text="ar").first.get_attribute("class")
    screenshot(nurse, "editor-outdated.png")

    translation = nurse.locator("#tr-body")
    translation.fill(translation.input_value() + "\n" + NEW_ARABIC + "\n")
    nurse.get_by_role("button", name="Save translation").click()
    assert "status-current" in nurse.locator(".status-row a", has_text="ar").first.get_attribute("class")

    nurse.get_by_role("link", name="Preview in Arabic").click()
    frame = nurse.frame_locator("iframe.phone-frame")
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert NEW_ARABIC in frame.locator("article").inner_text()
    screenshot(nurse, "editor-preview-ar.png")

    nurse.get_by_role("link", name="Back to the editor").click()
    nurse.get_by_role("button", name="Publish").click()
    laptop.close()

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.url + "/ar/demo/pages/frikort")
    assert NEW_ARABIC in phone.locator("article").inner_text()
    assert not phone.locator(".notice").count()  # current, so no "outdated" banner
    phone.context.close()
