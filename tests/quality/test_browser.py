"""In Debian's Chromium at phone size: pages read without JavaScript, right-to-
left languages are laid out right to left, and nothing leaves our origin."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(module_live_server):
    return module_live_server().url


def test_a_resident_reads_and_navigates_with_javascript_off(phone_without_js, base_url):
    page = phone_without_js
    page.goto(base_url + "/")
    page.get_by_role("link", name="ትግርኛ").first.click()
    assert page.url.endswith("/ti/demo/")
    page.locator(".topic-tile").first.click()
    page.locator(".card").first.click()
    assert page.locator("article.page h1").inner_text().strip()
    assert len(page.locator("article.page .prose").inner_text()) > 200
    page.locator(".chip-urgent").click()
    assert page.locator("a[href='tel:113']").is_visible()

    # Search is answered by the server.
    page.goto(base_url + "/en/demo/")
    page.fill("#search-q", "How do I get a frikort?")
    page.press("#search-q", "Enter")
    assert page.locator("[data-results] a.card").first.get_attribute("href") == "/en/demo/pages/frikort"

    # No service worker without JavaScript: the page says so instead of promising offline reading.
    page.goto(base_url + "/en/demo/offline")
    assert page.locator("[data-needs-script]").is_visible()
    assert not page.locator("[data-offline-settings]").is_visible()
    assert not page.locator("[data-offline-status]").is_visible()


def test_arabic_is_laid_out_right_to_left_with_mirrored_arrows(phone, base_url):
    phone.goto(base_url + "/ar/demo/topics/health")
    brand = phone.locator(".brand").bounding_box()
    actions = phone.locator(".topbar-actions").bounding_box()
    assert brand["x"] > actions["x"], "the brand starts on the right in Arabic"
    back_arrow = phone.locator(".back .icon-mirror")
    transform = back_arrow.evaluate("el => getComputedStyle(el).transform")
    assert transform.startswith("matrix(-1"), transform

    phone.goto(base_url + "/en/demo/topics/health")
    assert phone.locator(".back .icon-mirror").evaluate("el => getComputedStyle(el).transform") == "none"


def test_every_request_stays_on_our_origin(phone, base_url):
    origins = set()
    phone.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    for path in ["/", "/ar/demo/", "/ar/demo/topics/money", "/ar/demo/pages/frikort", "/ti/demo/help"]:
        phone.goto(base_url + path)
        phone.wait_for_load_state("networkidle")
    assert origins == {urlsplit(base_url).netloc}


def test_links_and_buttons_are_big_enough_to_tap(phone, base_url):
    phone.goto(base_url + "/so/demo/help")
    too_small = phone.evaluate(
        """() => [...document.querySelectorAll('main a, header a, footer a')]
            .filter(a => a.getBoundingClientRect().height < 44)
            .map(a => a.textContent.trim())"""
    )
    assert too_small == []


def test_the_phone_remembers_the_language_without_a_cookie(phone, base_url):
    """The picker and the check-in page follow the language read last on this
    phone, which never leaves it: no cookie, nothing in a request."""
    phone.goto(base_url + "/ti/demo/")
    phone.goto(base_url + "/")  # an English browser
    assert phone.locator(".language-suggested").get_attribute("hreflang") == "ti"
    assert phone.context.cookies() == []
    sent = []
    phone.on("request", lambda request: sent.append(request.headers.get("cookie")))
    phone.goto(base_url + "/c#not-a-code")  # the QR code's address (a made-up code)
    phone.wait_for_url("**/ti/demo/checkin#not-a-code")  # the code comes along
    phone.locator("[data-checkin-invalid]").wait_for()  # and is checked there
    assert sent and set(sent) == {None}
