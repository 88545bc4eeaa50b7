"""Check-in end to end, in Chromium: the host's display shows a code; a real
QR decoder reads it off the screen; a phone with no network opens it, is told
it is checked in, and the count goes up by exactly one once the server is
back. The same or a newer code on the same phone changes nothing."""
from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests.live_server import OFFLINE_READY, PHONE, screenshot
from tests.staff_helpers import host_at_a_meeting_in_progress, sign_in_with_browser
from webapp.checkin import codes

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(live_server):
    server = live_server(prepare=host_at_a_meeting_in_progress)
    server.meeting_id = server.prepared
    return server


def total(display) -> int:
    return int(display.locator("[data-total]").inner_text())


def wait_for_total(display, expected: int) -> None:
    expect(display.locator("[data-total]")).to_have_text(str(expected), timeout=30_000)


def test_offline_phone_checks_in_from_the_screen_and_is_counted_once(browser, server):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    display = laptop.new_page()
    sign_in_with_browser(display, server.url, "host@test.example")
    display.goto(server.url + "/staff/meetings")
    link = display.locator(f"a[href='/staff/meetings/{server.meeting_id}/display']")
    assert "Display" in link.inner_text()
    link.click()
    display.locator("[data-code] svg").wait_for(timeout=30_000)
    assert display.get_by_role("status").is_visible()
    assert total(display) == 0

    # Read the code off the screen with a real decoder.
    shot = Image.open(io.BytesIO(display.locator("[data-code]").screenshot()))
    url = decode(shot)[0].data.decode()
    assert url.startswith(server.url + "/c#")
    assert codes.parse(url.split("#")[1]).kid == 1  # signed with the deployment's check-in key 1

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.url + "/ar/demo/")  # one earlier visit: the app is on the phone
    phone.wait_for_selector(OFFLINE_READY, timeout=60_000)

    server.stop()
    phone.context.set_offline(True)
    phone.goto(url)
    phone.locator("[data-checkin-done]").wait_for(timeout=15_000)
    phone.locator("[data-outbox-state='queued']").wait_for()  # after its first try ("Sending…") failed
    screenshot(phone, "checkin-offline-ar.png")

    server.start()
    phone.context.set_offline(False)
    phone.evaluate("() => VeiviserOutbox.sync()")  # what "online" and the timer do, now
    wait_for_total(display, 1)
    assert phone.locator("[data-outbox-state='sent']").is_visible()
    screenshot(display, "display.png")

    # The same code again, and a newer one, from the same phone: still one.
    code = url.split("#", 1)[1]
    meeting_id, window, _signature = code.split(".")
    newer = codes.sign(codes.derive_key(server.app.config["SECRET_KEY"]), int(meeting_id), int(window) + 1)
    for again in (code, newer):
        phone.goto(f"{server.url}/c#{again}")
        phone.locator("[data-checkin-done]").wait_for()
        phone.evaluate("() => VeiviserOutbox.sync()")
        phone.wait_for_function("() => !document.querySelector(\"[data-outbox-state='sent']\").hidden")
    with display.expect_request("**/count.json", timeout=15_000) as polled:
        pass  # the display's next poll of the count, made after those syncs
    assert polled.value.response().json()["total"] == 1
    wait_for_total(display, 1)
    laptop.close()
    phone.context.close()


def test_the_display_keeps_showing_valid_codes_for_30_minutes_without_network(browser, server):
    """With a fake clock: the network to the server is cut, half an hour
    passes, and every code the screen showed on the way is still accepted."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    display = laptop.new_page()
    display.clock.install()
    sign_in_with_browser(display, server.url, "host@test.example")
    display.goto(f"{server.url}/staff/meetings/{server.meeting_id}/display")
    display.locator("[data-code] svg").wait_for(timeout=30_000)

    laptop.route("**/*", lambda route: route.abort())  # the display's network is gone
    seen = []
    for _ in range(6):
        shown = display.locator("[data-code]").get_attribute("data-window")
        display.clock.fast_forward("05:00")
        display.wait_for_function(
            "(shown) => document.querySelector('[data-code]').dataset.window !== shown", arg=shown
        )
        shot = Image.open(io.BytesIO(display.locator("[data-code]").screenshot()))
        seen.append(decode(shot)[0].data.decode().split("#", 1)[1])
    assert display.locator("[data-offline]").is_visible()
    assert len(set(seen)) == 6, "the code kept changing"
    laptop.close()

    # Each of those codes is accepted when a phone in the room syncs it (one phone per code).
    with server.app.test_client() as client:
        for code in seen:
            shown_at = codes.window_start(int(code.split(".")[1])) + dt.timedelta(seconds=10)
            with time_machine.travel(shown_at, tick=False):
                item = {"id": str(uuid.uuid4()), "type": "checkin",
                        "body": {"code": code, "pseudonym": uuid.uuid4().hex * 2}}
                result = client.post("/api/v1/sync", json={"items": [item]}).get_json()["results"][0]
            assert result["result"] == "accepted", (code, result)


def test_check_in_page_without_a_code_offers_a_way_to_scan(browser, server):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.url + "/so/demo/checkin")
    phone.locator("[data-checkin-scan]").wait_for()
    has_detector = phone.evaluate("() => 'BarcodeDetector' in window")
    shown = "[data-scanner-start]" if has_detector else "[data-scanner-missing]"
    assert phone.locator(shown).is_visible()  # the in-app scanner, or "use your camera app"
    assert not phone.locator("[data-checkin-done]").is_visible()
    phone.context.close()
