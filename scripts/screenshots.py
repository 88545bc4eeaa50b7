"""Screenshots for the README: home and one info page in Arabic and Tigrinya,
in Debian's Chromium at phone size, and the smallest phones (320 px) in the
languages whose words run longest or right to left. Run with `make screenshots`."""
from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.live_server import CHROMIUM, CHROMIUM_ARGS, PHONE, running, seeded_app

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SHOTS = {
    "picker.png": "/",
    "home-ar.png": "/ar/demo/",
    "page-ar.png": "/ar/demo/pages/frikort",
    "home-ti.png": "/ti/demo/",
    "page-ti.png": "/ti/demo/pages/out-of-hours-doctor",
    "help-ti.png": "/ti/demo/help",
    "search-ar.png": "/ar/demo/search?q=طبيب",
    "offline-ti.png": "/ti/demo/offline",
}
# 320 CSS px wide, the narrowest phones still sold.
SMALL_PHONE_SHOTS = {
    "320-uk-home.png": "/uk/demo/",
    "320-ar-page.png": "/ar/demo/pages/medicines-and-pharmacy",
    "320-ckb-help.png": "/ckb/demo/help",
    "320-ti-meetings.png": "/ti/demo/meetings",
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, running(seeded_app(Path(folder))) as base_url:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(**{**PHONE, "device_scale_factor": 1}, locale="ar")
            page = context.new_page()
            for name, path in SHOTS.items():
                page.goto(base_url + path)
                if name == "home-ar.png":  # the first visit, once everything is saved
                    page.wait_for_selector('[data-offline-status] [data-state="ready"]:not([hidden])')
                if name == "home-ti.png":  # a second language: offered, not downloaded unasked
                    page.wait_for_selector('[data-offline-status] [data-state="not-kept"]:not([hidden])')
                page.screenshot(path=OUT / name, full_page=False)
                print(f"docs/screenshots/{name}  <- {path}")
            small = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                        service_workers="block").new_page()
            for name, path in SMALL_PHONE_SHOTS.items():
                small.goto(base_url + path)
                small.evaluate("document.fonts.ready.then(() => true)")
                small.screenshot(path=OUT / name, full_page=False)
                print(f"docs/screenshots/{name}  <- {path} at 320 px")
            browser.close()


if __name__ == "__main__":
    main()
