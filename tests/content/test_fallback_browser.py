"""A Sorani reader who also reads Farsi, in Debian's Chromium at phone size:
a page not yet in Sorani reads in Farsi, online and offline (the order is
kept on the phone; offline is proven with the server stopped)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import Page
from tests.live_server import OFFLINE_READY

pytestmark = pytest.mark.browser

PAGE = "/ckb/demo/pages/frikort"


def frikort_not_in_sorani(session) -> None:
    page = session.scalar(select(Page).where(Page.slug == "frikort"))
    page.translations[:] = [t for t in page.translations if t.lang != "ckb"]


def test_sorani_phone_with_fallback_farsi_reads_the_missing_page_in_farsi_online_and_offline(phone, live_server):
    server = live_server(prepare=frikort_not_in_sorani)
    article = phone.locator("article.page")

    # Without a choice: the default for Sorani (Arabic), and a notice in Sorani
    # offering Farsi by its name in Sorani and its own.
    phone.goto(server.url + PAGE)
    expect(article).to_have_attribute("lang", "ar")
    choice = phone.locator("[data-fallback] a[data-also='fa']")
    expect(choice).to_have_text("فارسی")

    # The reader taps Farsi: the page, and every page after it, in Farsi; the
    # app itself stays in Sorani; the choice is kept on the phone only.
    choice.click()
    expect(article).to_have_attribute("lang", "fa")
    assert phone.evaluate("localStorage.getItem('veiviser.also')") == '["fa"]'
    phone.goto(server.url + PAGE)  # the plain address, as a link or a bookmark opens it
    expect(article).to_have_attribute("lang", "fa")
    assert phone.locator("html").get_attribute("lang") == "ckb"
    assert "also" not in phone.evaluate("document.cookie")

    # Offline: the worker was told the order (sync message field `also`) and
    # keeps the page as the reader reads it.
    phone.goto(server.url + "/ckb/demo/")
    phone.wait_for_selector(OFFLINE_READY, timeout=60_000)
    server.wait_until_quiet()
    server.stop()
    phone.context.set_offline(True)
    phone.goto(server.url + PAGE)
    assert phone.locator("html").get_attribute("lang") == "ckb"
    # Needs webapp/static/sw.js to download pages with ?also= (the lead's part):
    assert article.get_attribute("lang") == "fa", "offline copy is not in the reader's order yet"
