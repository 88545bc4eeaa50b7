"""Display benchmark: how soon the host's display shows its first check-in
code, and what it downloads for it, in Debian's Chromium at three TV sizes.

For each size: 5 loads of /staff/meetings/<id>/display in a fresh browser
context (cold browser cache, signed in), on the unthrottled loopback and on an
emulated slow centre Wi-Fi (150 ms round trip, 2 Mbit/s down). It prints the
median time to the first code (ms from navigation start) and the bytes of the
display page and of the first codes request (encoded as sent, i.e. gzip, and
decoded).

"Time to the first code" is when the QR code is in the page and painted:
max(the moment an <svg> appears in [data-code], first contentful paint). It is
measured from outside the page (a MutationObserver installed before the page
loads), so it means the same for any version of the display.

The server draws each QR code once per process (an LRU cache); the first load
after a start pays for drawing them, so the first of the 5 loads at the first
size is also printed on its own.

Run: .venv/bin/python -m scripts.bench_display
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.live_server import CHROMIUM, CHROMIUM_ARGS, LiveServer, database, meeting_in_progress, seeded_app
from tests.staff_helpers import make_user, sign_in_with_browser

SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]
LOADS = 5
NETWORKS = {
    "loopback": None,
    "slow Wi-Fi (150 ms, 2 Mbit/s)": {"offline": False, "latency": 150,
                                      "downloadThroughput": 2_000_000 / 8, "uploadThroughput": 1_000_000 / 8},
}
EMAIL = "host@bench.example"

# Installed before the page's own scripts: notes when a code is first in [data-code].
WATCH_FOR_THE_CODE = """(() => {
  window.__firstCode = null;
  new MutationObserver((records, observer) => {
    if (window.__firstCode === null && document.querySelector('[data-code] svg')) {
      window.__firstCode = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
})()"""
READ_TIMES = """() => ({
  code: window.__firstCode,
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
  mark: Number(document.querySelector('[data-display]')?.dataset.firstCodeMs ?? NaN),
})"""


def one_load(browser, url: str, state, viewport, network) -> dict:
    context = browser.new_context(viewport=viewport, storage_state=state)
    context.add_init_script(WATCH_FOR_THE_CODE)
    page = context.new_page()
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    with page.expect_request_finished(lambda r: "/codes.json" in r.url, timeout=60_000) as codes_request:
        response = page.goto(url)
        page.wait_for_function("() => window.__firstCode !== null", timeout=60_000)
        page.wait_for_function(
            "() => performance.getEntriesByName('first-contentful-paint').length > 0", timeout=60_000
        )
    times = page.evaluate(READ_TIMES)
    first_codes = codes_request.value
    result = {
        "ms": max(times["code"], times["fcp"]),
        "in_dom_ms": times["code"],
        "fcp_ms": times["fcp"],
        "mark_ms": times["mark"],
        "page_sent": response.request.sizes()["responseBodySize"],
        "page_bytes": len(response.body()),
        "codes_url": first_codes.url.split("/staff/", 1)[1],
        "codes_sent": first_codes.sizes()["responseBodySize"],
        "codes_bytes": len(first_codes.response().body()),
    }
    context.close()
    return result


def measure() -> list[tuple[str, tuple[int, int], list[dict]]]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        app = seeded_app(Path(folder))
        with database(app) as session:
            make_user(session, "host", email=EMAIL)
            meeting_id = meeting_in_progress(session)
            session.commit()
        server = LiveServer(app).start()
        url = f"{server.url}/staff/meetings/{meeting_id}/display"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            signing_in = browser.new_context()
            sign_in_with_browser(signing_in.new_page(), server.url, EMAIL)
            state = signing_in.storage_state()
            signing_in.close()
            for network_name, network in NETWORKS.items():
                for width, height in SIZES:
                    viewport = {"width": width, "height": height}
                    loads = [one_load(browser, url, state, viewport, network) for _ in range(LOADS)]
                    results.append((network_name, (width, height), loads))
            browser.close()
        server.stop()
    return results


def main() -> int:
    results = measure()
    first_ever = results[0][2][0]
    print(f"first load after the server started (draws the codes): {first_ever['ms']:,.0f} ms to the first code")
    for network_name, (width, height), loads in results:
        ms = statistics.median(load["ms"] for load in loads)
        fcp = statistics.median(load["fcp_ms"] for load in loads)
        marks = [load["mark_ms"] for load in loads if load["mark_ms"] == load["mark_ms"]]  # not NaN
        last = loads[-1]
        print(f"[{network_name}] {width}x{height}: first code after {ms:,.0f} ms (median of {len(loads)}; "
              f"all: {', '.join(format(load['ms'], ',.0f') for load in loads)}); first paint {fcp:,.0f} ms"
              + (f"; display.js drew it at {statistics.median(marks):,.0f} ms" if marks else ""))
        print(f"    display page: {last['page_sent']:>9,} B sent, {last['page_bytes']:>9,} B decoded")
        print(f"    first codes request ({last['codes_url']}): {last['codes_sent']:>9,} B sent, "
              f"{last['codes_bytes']:>9,} B decoded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
