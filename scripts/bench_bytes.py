"""Byte benchmark: what keeping Veiviser offline costs a phone, counted on the
wire by a proxy in front of the server (scripts/counting_proxy.py: both
directions, headers and bodies, the page's and the service worker's requests
alike), on the demo site and on copies of it grown ×10 and ×42 (1,008 pages).

For each language and corpus:
  P1  first visit until every page of the language is saved. Target:
      P1 <= 1.3 × gzip -9 of the language's pages as one stream
            + gzip -9 of the app files the phone fetched + 3 KB.
  P2  one page changed, the app opened again, until the phone holds it.
      Target: P2 <= 1.2 × gzip -9 of that page + 600 B.
  publish  the edit, its commit and publishing it in every language
      (16, as in production): target <= 1 s at ×42; then the next pack and
      manifest requests: <= 50 ms.
At ×1 also: the install with 300 ms added to every request (<= 3 s), and at
×100 (2,400 pages) an install with nothing timing out.

Run: make bench-bytes   (BENCH_FACTORS=1,10,42,100 and BENCH_LANGS=ar,ti to choose)
"""
from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from models import Centre, Page
from scripts.corpus import grow_corpus
from scripts.counting_proxy import CountingProxy
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, OFFLINE_READY, PHONE, LiveServer, seeded_app
from webapp import db
from webapp.content.editing import revise_source, save_translation
from webapp.publishing import publish, snapshot

CHANGED_PAGE = "frikort"
SOURCE_EDITED_PAGE = "patient-fees"
MARK = "Veiviser benchmark: one changed line."


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


class Site:
    """The app on a seeded database grown ``factor`` times, every language published."""

    def __init__(self, folder: Path, factor: int, langs: list[str] | None = None):
        """``langs``: publish only these (else all 16, as a deploy does)."""
        self.app = seeded_app(folder)
        self.app.config["PUBLISH_RENDER_LIMIT"] = None
        with self.app.test_request_context("/"):
            session = db.session()
            self.pages = grow_corpus(session, factor) if factor > 1 else None
            session.commit()
            started = time.monotonic()
            if langs:
                centre = session.scalar(select(Centre))
                results = [publish.publish_language(lang, centre) for lang in langs]
            else:
                results = publish.publish_everything()
            self.publish_all_seconds = time.monotonic() - started
            self.rendered = sum(r.rendered for r in results)
        self.server = LiveServer(self.app).start()

    def state(self, lang: str):
        with self.app.app_context():
            return snapshot.load_state(lang, "demo")

    def pages_stream_gzip(self, lang: str) -> tuple[int, int]:
        with self.app.app_context():
            urls = list(self.state(lang).urls)
            return len(urls), gz(b"".join(snapshot.read_page(url) for url in urls))

    def edit_and_publish(self, lang: str) -> float:
        """What the editor's save does: change, commit, publish (timed)."""
        with self.app.test_request_context("/"):
            started = time.monotonic()
            session = db.session()
            page = session.scalar(select(Page).where(Page.slug == CHANGED_PAGE))
            current = next(t for t in page.translations if t.lang == lang)
            save_translation(page, lang, title=current.title, body=current.body + f"\n{MARK}\n")
            session.commit()
            publish.publish_what_is_published()
            return time.monotonic() - started

    def edit_source_and_publish(self) -> float:
        """A real edit of a Norwegian source page: every language's copy of it
        says its translation is behind now, so every language is rendered."""
        with self.app.test_request_context("/"):
            started = time.monotonic()
            session = db.session()
            page = session.scalar(select(Page).where(Page.slug == SOURCE_EDITED_PAGE))
            source = max(page.revisions, key=lambda revision: revision.number)
            revise_source(page, title=source.title, body=source.body + "\nNy setning.\n", minor=False,
                          change_note="Ny setning om egenandel.")
            session.commit()
            publish.publish_what_is_published()
            return time.monotonic() - started

    def page_gzip(self, lang: str) -> int:
        with self.app.app_context():
            return gz(snapshot.read_page(f"/{lang}/demo/pages/{CHANGED_PAGE}"))


def app_file_gzip(server: LiveServer, paths: list[str]) -> int:
    with httpx.Client(base_url=server.url) as client:
        return sum(gz(client.get(path, headers={"Accept-Encoding": "identity"}).content) for path in paths)


def request_ms(url: str) -> float:
    with httpx.Client() as client:
        client.get(url)  # a connection, as a phone's would be
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code in (200, 204), (url, response.status_code)
        return (time.perf_counter() - started) * 1000


def install(browser, proxy: CountingProxy, lang: str) -> tuple[object, float]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    started = time.monotonic()
    page.goto(f"{proxy.url}/{lang}/demo/")
    page.wait_for_selector(OFFLINE_READY, timeout=300_000)
    seconds = time.monotonic() - started
    proxy.wait_until_quiet()
    return page, seconds


def held_publication(page, lang: str) -> int:
    return page.evaluate(
        f"caches.open('veiviser-meta').then(c => c.match('/__veiviser/{lang}/demo/manifest')).then(r => r.json())"
        ".then(m => m.v)"
    )


def measure(browser, site: Site, lang: str) -> dict:
    proxy = CountingProxy(site.server._port).start()
    page, install_seconds = install(browser, proxy, lang)
    p1, p1_requests = proxy.total, list(proxy.request_lines)
    app_paths = [line.split()[1] for line in p1_requests if "/pack" not in line and f"/{lang}/demo/" not in line]
    urls, pages_gzip = site.pages_stream_gzip(lang)
    apps_gzip = app_file_gzip(site.server, app_paths)

    held = held_publication(page, lang)
    publish_seconds = site.edit_and_publish(lang)
    pack_ms = request_ms(f"{site.server.url}/{lang}/demo/pack?since={held}")
    manifest_ms = request_ms(f"{site.server.url}/{lang}/demo/offline.json")
    proxy.reset()
    page.evaluate("sessionStorage.clear()")  # the resident opens the app again later
    page.goto(f"{proxy.url}/{lang}/demo/")
    saved = (f"caches.open('veiviser-content-{lang}-demo').then(c => c.match('/{lang}/demo/pages/{CHANGED_PAGE}'))"
             f".then(r => r.text()).then(t => t.includes({json.dumps(MARK)}))")
    deadline = time.monotonic() + 60
    while not page.evaluate(saved):  # (wait_for_function would take the promise itself for "true")
        if time.monotonic() > deadline:
            raise TimeoutError("the changed page never reached the phone")
        page.wait_for_timeout(100)
    proxy.wait_until_quiet()
    p2, p2_requests = proxy.total, list(proxy.request_lines)
    page_gzip = site.page_gzip(lang)
    page.context.close()
    proxy.stop()
    return {
        "lang": lang, "urls": urls, "install_s": install_seconds,
        "p1": p1, "pages_gzip": pages_gzip, "apps_gzip": apps_gzip, "p1_requests": len(p1_requests),
        "p1_target": 1.3 * pages_gzip + apps_gzip + 3000,
        "p2": p2, "page_gzip": page_gzip, "p2_target": 1.2 * page_gzip + 600, "p2_requests": p2_requests,
        "publish_s": publish_seconds, "pack_ms": pack_ms, "manifest_ms": manifest_ms,
    }


def slow_install(browser, site: Site, lang: str, delay: float = 0.3) -> tuple[float, int]:
    proxy = CountingProxy(site.server._port, delay=delay).start()
    page, seconds = install(browser, proxy, lang)
    requests = proxy.requests
    page.context.close()
    proxy.stop()
    return seconds, requests


def verdict(good: bool) -> str:
    return "OK" if good else "OVER"


def report(r: dict) -> bool:
    ok = (r["p1"] <= r["p1_target"], r["p2"] <= r["p2_target"], r["pack_ms"] <= 50 and r["manifest_ms"] <= 50)
    print(f"  [{r['lang']}] {r['urls']} URLs; installed in {r['install_s']:.1f} s with {r['p1_requests']} requests")
    print(f"    P1 {r['p1']:>10,} B  pages as one gzip stream {r['pages_gzip']:>9,} B + app files "
          f"{r['apps_gzip']:>7,} B  target <= {r['p1_target']:>10,.0f} B  ({r['p1'] / r['pages_gzip']:.2f}× pages)  "
          f"{verdict(ok[0])}")
    print(f"    P2 {r['p2']:>10,} B  gzip(page) {r['page_gzip']:>6,} B  target <= {r['p2_target']:>7,.0f} B  "
          f"({r['p2'] / r['page_gzip']:.2f}×)  {verdict(ok[1])}  requests: {', '.join(r['p2_requests'])}")
    print(f"    the edit (a translation) published in every published language: {r['publish_s'] * 1000:,.0f} ms; "
          f"then the next pack {r['pack_ms']:.1f} ms, manifest {r['manifest_ms']:.1f} ms {verdict(ok[2])}")
    return all(ok)


def main() -> int:
    factors = [int(f) for f in os.environ.get("BENCH_FACTORS", "1,10,42").split(",")]
    langs = os.environ.get("BENCH_LANGS", "ar,ti").split(",")
    failed = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for factor in factors:
            with tempfile.TemporaryDirectory() as folder:
                # ×100 shows that nothing times out; publishing its 16 languages would take minutes
                site = Site(Path(folder), factor, langs if factor > 42 else None)
                published = f"{', '.join(langs)} published" if factor > 42 else "all 16 languages published"
                print(f"×{factor}: {site.pages or 24} pages; {published} in "
                      f"{site.publish_all_seconds:.1f} s ({site.rendered:,} URLs rendered)")
                for lang in langs:
                    result = measure(browser, site, lang)
                    failed |= not report(result) or (factor == 42 and result["publish_s"] > 1)
                seconds = site.edit_source_and_publish()
                failed |= factor == 42 and seconds > 1
                print(f"  a Norwegian source edit, published in every published language: {seconds * 1000:,.0f} ms "
                      f"{verdict(factor != 42 or seconds <= 1)}")
                if factor == 1:
                    seconds, requests = slow_install(browser, site, langs[0])
                    failed |= seconds > 3
                    print(f"  [{langs[0]}] install with 300 ms added to every request: {seconds:.1f} s, "
                          f"{requests} requests {verdict(seconds <= 3)} (target <= 3 s)")
                site.server.stop()
        browser.close()
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
