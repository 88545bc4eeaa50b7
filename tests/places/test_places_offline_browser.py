"""A phone that visited once, then offline (the server stopped): the places
list in Arabic says a place is open and closes in 5 minutes, and says it is
closed and opens tomorrow once the phone's clock passes closing time; the
phone's search finds the pharmacy and tags it as a place; a page's link opens
a card; a card opens full screen at 320 px with the Arabic and the Norwegian
fully visible."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from babel.dates import format_time

from tests.browser_checks import layout_problems
from tests.live_server import OFFLINE_READY, screenshot
from webapp.l10n.catalogs import po_path, read_catalog

pytestmark = pytest.mark.browser
MONDAY_1525_OSLO = dt.datetime(2026, 12, 7, 14, 25, tzinfo=dt.UTC)  # the GP office closes at 15:30
GP = "li:has(a[href='/ar/demo/places/fjordvik-legesenter']) [data-open-state]"


def arabic(msgid: str, **values) -> str:
    text = read_catalog(po_path("ar"), "ar").get(msgid).string
    assert text, msgid
    return text % values if values else text


def fully_visible(page, selector: str) -> list[str]:
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
        const box = el.getBoundingClientRect();
        const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
        const whole = el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1;
        return inside && whole && box.height > 0 ? [] : [`${selector}: ${JSON.stringify(box)}`];
    })""", selector)


def test_places_and_a_card_offline_in_arabic(phone, live_server):
    server = live_server()
    phone.clock.install(time=MONDAY_1525_OSLO)
    phone.goto(server.url + "/ar/demo/")
    phone.wait_for_selector(OFFLINE_READY, timeout=60_000)
    server.wait_until_quiet()

    server.stop()
    phone.context.set_offline(True)

    phone.goto(server.url + "/ar/demo/places")  # never opened before: from the phone's copy
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("h1").inner_text().strip() == arabic("Places near the centre")
    state = phone.locator(GP)
    assert state.inner_text() == arabic("Open now, closes in %(minutes)s min", minutes=5)
    assert phone.locator("h2#gp").is_visible()

    phone.clock.run_for("06:00")  # 15:31: closed
    opens = arabic("Closed now, opens tomorrow at %(time)s", time=format_time(dt.time(8), "short", locale="ar"))
    phone.wait_for_function("([s, t]) => document.querySelector(s).textContent === t", arg=[GP, opens])
    assert state.get_attribute("data-state") == "opens"

    # The phone's own search finds the pharmacy among its saved pages and says it is a place.
    phone.goto(server.url + "/ar/demo/search?q=" + quote("أين الصيدلية؟"))
    pharmacy = phone.locator("[data-results] a.card[href='/ar/demo/places/apotek-fjordvik-sentrum']")
    pharmacy.wait_for(timeout=10_000)
    assert pharmacy.locator(".tag").inner_text() == arabic("Places near the centre")
    assert pharmacy.locator(".card-title").get_attribute("translate") == "no"  # a name
    assert phone.locator("[data-results] a.card[href='/ar/demo/pages/medicines-and-pharmacy'] .tag").count() == 0

    # A page's link to a card works from the phone's copy too.
    phone.goto(server.url + "/ar/demo/pages/medicines-and-pharmacy")
    phone.locator(".prose a[href='../cards/d-number-prescription']").click()
    phone.wait_for_url("**/ar/demo/cards/d-number-prescription")
    assert "D-nummer" in phone.locator(".show-card-norwegian").inner_text()

    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(server.url + "/ar/demo/cards/d-number-prescription")
    phone.locator("[data-full-screen]").click()
    assert "card-full" in phone.locator("html").get_attribute("class")
    assert phone.locator(".show-card-own").get_attribute("lang") == "ar"
    assert "D-nummer" in phone.locator(".show-card-norwegian").inner_text()
    assert fully_visible(phone, ".show-card-own") == []
    assert fully_visible(phone, ".show-card-norwegian") == []
    assert layout_problems(phone, 320) == []
    assert not phone.locator(".topbar").is_visible()


def test_places_and_a_card_at_360_px_in_arabic_and_tigrinya(browser, module_live_server):
    """The README's pictures (taken under make screenshots): the places list
    and a card, in Arabic and Tigrinya, on a 360 px phone, on a Monday
    morning; each fits the phone and the card shows both languages whole."""
    server = module_live_server()
    context = browser.new_context(viewport={"width": 360, "height": 760}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, service_workers="block")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 7, 9, 40, tzinfo=dt.UTC))
    for lang in ("ar", "ti"):
        page.goto(f"{server.url}/{lang}/demo/places")
        assert layout_problems(page, 360) == []
        screenshot(page, f"places-{lang}.png")
        page.goto(f"{server.url}/{lang}/demo/cards/d-number-prescription")
        page.locator("[data-full-screen]").click()
        assert fully_visible(page, ".show-card-own") == [] and fully_visible(page, ".show-card-norwegian") == []
        screenshot(page, f"card-{lang}.png")
    context.close()
