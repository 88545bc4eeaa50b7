"""Screenshots for the README: home and one info page in Arabic and Tigrinya,
in Debian's Chromium at phone size. Run with `make screenshots`."""
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
            browser.close()


if __name__ == "__main__":
    main()
