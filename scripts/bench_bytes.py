"""Byte benchmark: what keeping Veiviser offline costs a phone, measured in
Debian's Chromium from the network log (encoded bytes: headers + compressed
bodies, the page's and the service worker's requests alike).

P1: bytes from the first visit until every page of one language is saved,
    against gzip of those pages' HTML. Target: P1 <= 1.15 x gzip + 40 KB.
P2: bytes to bring the phone up to date after one page changed, against gzip
    of that page. Target: P2 <= 1.1 x gzip + 2 KB.

Run: make bench-bytes   (or: .venv/bin/python -m scripts.bench_bytes [lang])
"""
from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select

from models import Page
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, OFFLINE_READY, PHONE, LiveServer, database, seeded_app
from webapp.content.editing import save_translation

CHANGED_PAGE = "frikort"


class NetworkLog:
    """Encoded bytes of every finished request in a browser context."""

    def __init__(self, context):
        self.entries: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request):
        sizes = request.sizes()
        self.entries.append((request.url, sizes["responseHeadersSize"] + sizes["responseBodySize"]))

    def total(self) -> int:
        return sum(size for _url, size in self.entries)


def gzipped(server: LiveServer, path: str) -> int:
    with server.app.test_client() as client:
        return len(gzip.compress(client.get(path).data, compresslevel=6))


def wait_until(page, script: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise TimeoutError(script)
        page.wait_for_timeout(100)


def change_page(server: LiveServer, lang: str, marker: str) -> None:
    with database(server.app) as session:
        page = session.scalar(select(Page).where(Page.slug == CHANGED_PAGE))
        current = next(t for t in page.translations if t.lang == lang)
        save_translation(page, lang, title=current.title, body=current.body + f"\n{marker}\n")
        session.commit()


def measure(lang: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(seeded_app(Path(folder))).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(**PHONE)
            log = NetworkLog(context)
            page = context.new_page()

            page.goto(f"{server.url}/{lang}/demo/")
            page.wait_for_selector(OFFLINE_READY, timeout=120_000)
            server.wait_until_quiet()
            p1 = log.total()
            with server.app.test_client() as client:
                urls = list(client.get(f"/{lang}/demo/offline.json").get_json()["urls"])
            content_gzip = sum(gzipped(server, url) for url in urls)

            change_page(server, lang, "Veiviser benchmark: one changed line.")
            log.entries.clear()
            server.log.clear()
            page.goto(f"{server.url}/{lang}/demo/")
            wait_until(
                page,
                f"() => caches.open('veiviser-content-{lang}-demo')"
                f".then(c => c.match('/{lang}/demo/pages/{CHANGED_PAGE}')).then(r => r.text())"
                ".then(t => t.includes('one changed line'))",
            )
            server.wait_until_quiet()
            page.wait_for_timeout(500)
            p2 = log.total()
            p2_requests = [(url.replace(server.url, ""), size) for url, size in log.entries]
            # Cross-check from the server's side: every request it answered, body bytes as sent.
            p2_server = [(r.path, r.status, r.bytes_sent) for r in server.log]
            page_gzip = gzipped(server, f"/{lang}/demo/pages/{CHANGED_PAGE}")
            browser.close()
        server.stop()
    return {
        "lang": lang,
        "urls": len(urls),
        "p1": p1,
        "content_gzip": content_gzip,
        "p1_target": 1.15 * content_gzip + 40_000,
        "p2": p2,
        "page_gzip": page_gzip,
        "p2_target": 1.1 * page_gzip + 2_000,
        "p2_requests": p2_requests,
        "p2_server": p2_server,
    }


def main(langs: list[str]) -> int:
    failed = False
    for lang in langs:
        r = measure(lang)
        ok1, ok2 = r["p1"] <= r["p1_target"], r["p2"] <= r["p2_target"]
        failed |= not (ok1 and ok2)
        print(f"[{lang}] {r['urls']} URLs saved for offline reading")
        print(f"  P1 first visit -> all offline: {r['p1']:>8,} B   gzip(content) {r['content_gzip']:>8,} B   "
              f"target <= {r['p1_target']:>9,.0f} B   {'OK' if ok1 else 'OVER'}")
        print(f"  P2 one page changed -> current: {r['p2']:>7,} B   gzip(page)    {r['page_gzip']:>8,} B   "
              f"target <= {r['p2_target']:>9,.0f} B   {'OK' if ok2 else 'OVER'}")
        for url, size in r["p2_requests"]:
            print(f"      {size:>6,} B  {url}")
        print("    the server answered (status, body bytes as sent):")
        for path, status, size in r["p2_server"]:
            print(f"      {status} {size:>6,} B  {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["ar", "ti"]))
