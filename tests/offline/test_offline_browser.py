"""Offline-first, in Debian's Chromium at phone size.

Offline is proven with the server stopped (``context.set_offline`` alone does
not cut the service worker's own requests)."""
from __future__ import annotations

import re
import time
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from models import Centre, Page
from tests.live_server import (
    OFFLINE_READY,
    database,
    eventually,
    make_a_release,
    on_page,
    open_app,
    release_applied,
)
from webapp.content import reading
from webapp.content.editing import save_translation
from webapp.l10n.catalogs import po_path, read_catalog
from webapp.publishing import packs

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(live_server):
    return live_server(own_static=True)  # its own static files: one test makes a release


def expected_site(server, lang: str) -> dict[str, str]:
    """Every URL a resident in ``lang`` can open, with the heading it must show."""
    with database(server.app) as session:
        centre = session.scalar(select(Centre).where(Centre.slug == "demo"))
        pages = reading.localize(session, reading.all_pages(session, centre), lang)
        topics = reading.topics_for(session, centre)
        chain = [lang, "en", "nb"]
        site = {f"/{lang}/demo/pages/{p.page.slug}": p.title for p in pages}
        site.update({f"/{lang}/demo/topics/{t.slug}": t.title_in(chain)[0] for t in topics})
    return site


def translated(lang: str, msgid: str) -> str:
    return read_catalog(po_path(lang), lang).get(msgid).string or msgid  # as gettext does


# The publication of a language the phone holds (sw.js keeps it in its meta cache).
HELD_PUBLICATION = (
    "caches.open('veiviser-meta').then(c => c.match('/__veiviser/%s/demo/manifest')).then(r => r.json()).then(m => m.v)"
)


def wait_until_saved(page, server=None):
    page.wait_for_selector(OFFLINE_READY, timeout=60_000)
    if server:
        server.wait_until_quiet()


def test_everything_in_two_languages_reads_with_the_server_stopped(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone)
    phone.goto(server.url + "/ti/demo/")
    phone.click("[data-keep-current]")  # the resident chooses to keep Tigrinya too
    wait_until_saved(phone)
    # "Last updated", written by the phone in Tigrinya (CLDR, not the browser's English).
    last_updated = phone.locator("[data-last-updated]").inner_text()
    assert str(time.localtime().tm_year) in last_updated and not re.search("[A-Za-z{}]", last_updated)
    sites = {lang: expected_site(server, lang) for lang in ("ar", "ti")}

    server.stop()
    phone.context.set_offline(True)

    for lang, site in sites.items():
        for path in [f"/{lang}/demo/", f"/{lang}/demo/help", f"/{lang}/demo/privacy"]:
            phone.goto(server.url + path)
            assert phone.locator("html").get_attribute("lang") == lang, path
            assert phone.locator("h1").first.inner_text().strip(), path
        for path, heading in site.items():  # none of these was opened before
            phone.goto(server.url + path)
            assert phone.locator("h1").first.inner_text().strip() == heading.strip(), path
        assert phone.locator("[data-offline-banner]").is_visible()
        # The help page is kept in the centre's main languages as well.
        phone.goto(server.url + "/uk/demo/help")
        assert phone.locator("a[href='tel:113']").is_visible()

    # The bare address opens a kept language's home; an unknown page says it is not saved.
    phone.goto(server.url + "/")
    assert phone.url.rstrip("/").endswith("/demo")
    phone.goto(server.url + "/ar/demo/pages/no-such-page")
    assert phone.locator("h1").inner_text() == translated("ar", "This page is not saved on this phone")
    # A language the phone does not keep: the app's own page, in a language it does.
    not_saved = {translated(lang, "This page is not saved on this phone") for lang in sites}
    for path in ("/ru/demo/", "/ru/demo/pages/frikort", "/es/demo/checkin"):
        phone.goto(server.url + path)
        assert phone.locator("h1").inner_text() in not_saved, path

    # Search works on the phone: a word from a page title finds that page.
    frikort_title = sites["ar"]["/ar/demo/pages/frikort"]
    word = max(re.findall(r"\w+", frikort_title), key=len)
    phone.goto(server.url + f"/ar/demo/search?q={word}")
    first = phone.locator("[data-results] a.card").first
    first.wait_for(timeout=10_000)
    assert first.get_attribute("href") == "/ar/demo/pages/frikort"


def test_a_changed_page_is_the_only_page_downloaded_and_is_marked_updated(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone, server)
    held = phone.evaluate(HELD_PUBLICATION % "ar")
    with database(server.app) as session:
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        arabic = next(t for t in page.translations if t.lang == "ar")
        save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nسطر جديد للاختبار.\n")
        session.commit()
    server.log.clear()
    open_app(phone, server.url + "/ar/demo/")
    eventually(on_page(
        phone,
        "() => caches.open('veiviser-content-ar-demo').then(c => c.match('/ar/demo/pages/frikort'))"
        ".then(r => r && r.text()).then(t => Boolean(t && t.includes('سطر جديد للاختبار')))",
    ))
    server.wait_until_quiet()
    # One request brought the phone up to date (the home page opened from the
    # phone), and what it carried was the changed page alone.
    assert [p for p in server.paths() if p.startswith("/ar/")] == [f"/ar/demo/pack?since={held}"]
    with server.app.test_client() as client:
        delta = packs.read(client.get(f"/ar/demo/pack?since={held}").data)
    assert set(delta["pages"]) == {"/ar/demo/pages/frikort"} and not delta["full"]

    updated = translated("ar", "Updated")
    phone.goto(server.url + "/ar/demo/")
    money_tile = phone.locator("a.topic-tile[href='/ar/demo/topics/money'] .badge")
    money_tile.wait_for(timeout=10_000)
    assert money_tile.inner_text() == updated
    assert phone.locator("a.topic-tile[href='/ar/demo/topics/health'] .badge").count() == 0

    phone.goto(server.url + "/ar/demo/topics/money")
    card = phone.locator("a.card[href='/ar/demo/pages/frikort']")
    card.locator(".badge").wait_for(timeout=10_000)
    assert card.locator(".badge").inner_text() == updated
    assert phone.locator("a.card[href='/ar/demo/pages/patient-fees'] .badge").count() == 0

    # Reading the page clears its badge.
    phone.goto(server.url + "/ar/demo/pages/frikort")
    eventually(on_page(
        phone,
        "() => caches.open('veiviser-meta').then(c => c.match('/__veiviser/ar/demo/badges'))"
        ".then(r => r.json()).then(badges => !badges['/ar/demo/pages/frikort'])",
    ))
    phone.goto(server.url + "/ar/demo/topics/money")
    phone.locator("body[data-badges=shown]").wait_for()
    assert card.locator(".badge").count() == 0


def test_a_removed_page_disappears_from_the_phone(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone, server)
    saved = "() => caches.open('veiviser-content-ar-demo').then(c => c.match('/ar/demo/pages/school')).then(Boolean)"
    assert phone.evaluate(saved) is True
    with database(server.app) as session:
        session.scalar(select(Page).where(Page.slug == "school")).published = False
        session.commit()
    open_app(phone, server.url + "/ar/demo/topics/children")  # the saved copy opens; the phone checks
    eventually(on_page(phone, f"() => ({saved})().then(found => !found)"))
    phone.reload()  # the next time the topic is opened, the page is gone from it
    phone.locator("body[data-badges=shown]").wait_for()
    assert phone.locator("a.card[href='/ar/demo/pages/school']").count() == 0


def test_a_release_downloads_only_changed_files_and_waits_for_the_resident(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone, server)
    old_css = phone.locator("link[rel=stylesheet]").get_attribute("href")

    make_a_release(server.app)
    server.log.clear()

    open_app(phone, server.url + "/ar/demo/topics/health")  # the app-open check tells of the release
    phone.locator("[data-update-banner]").wait_for(state="visible", timeout=30_000)
    static = {p for p in server.paths() if p.startswith("/static/")}
    for bundle in (p for p in server.paths() if p.startswith("/app-files?files=")):  # the worker's one request
        static |= set(unquote(bundle.split("=", 1)[1]).split(","))
    assert len(static) == 1 and static.pop().startswith("/static/css/app.css?v=")
    assert not [p for p in server.paths() if "/pages/" in p], "a static release re-downloaded pages"

    # The open page keeps working under the old worker until the resident says yes.
    phone.locator("a.card").first.click()
    assert phone.locator("article.page h1").inner_text().strip()
    assert phone.locator("[data-update-banner]").is_visible()

    phone.click("[data-update-accept]")
    phone.wait_for_load_state("load")
    phone.wait_for_function(
        "() => !document.querySelector('[data-update-banner]') || document.querySelector('[data-update-banner]').hidden"
    )
    # The saved page still names the old version of app.css; the new worker
    # answers it with the new one (pages are not downloaded for a release).
    assert phone.locator("link[rel=stylesheet]").first.get_attribute("href") == old_css
    assert release_applied(phone)


def test_never_claims_offline_before_every_page_is_saved(phone, server):
    server.failing.add("/ar/demo/pack")
    phone.goto(server.url + "/ar/demo/")
    phone.wait_for_selector('[data-offline-status] [data-state="error"]:not([hidden])', timeout=60_000)
    assert not phone.locator(OFFLINE_READY).count()

    server.failing.clear()  # back online: the next visit finishes the job
    open_app(phone, server.url + "/ar/demo/")
    wait_until_saved(phone)


@pytest.mark.parametrize(
    "quota",
    [60_000, 15_000],
    ids=["room-for-the-app-but-not-the-pages", "no-room-even-for-the-app"],
)
def test_a_full_phone_gets_a_message_not_a_crash(phone, server, quota):
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server.url, "quotaSize": quota})
    phone.goto(server.url + "/ar/demo/")
    phone.wait_for_selector('[data-offline-status] [data-state="full"]:not([hidden])', timeout=60_000)
    assert phone.locator("h1").first.is_visible()  # the page itself still reads


def test_the_app_is_installable(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone)
    cdp = phone.context.new_cdp_session(phone)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium never installs apps;
    # every other criterion (manifest, icons, service worker) must pass.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


def test_pictures_and_audio_are_saved_when_the_resident_asks(phone, server, tmp_path):
    from pathlib import Path

    from models import PageMedia
    from tests.content.test_media import PNG

    media_dir = Path(server.app.instance_path) / "media"
    media_dir.mkdir(parents=True, exist_ok=True)
    (media_dir / "card.png").write_bytes(PNG)
    with database(server.app) as session:
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        session.add(PageMedia(page_id=page.id, kind="image", filename="card.png", mime_type="image/png",
                              byte_size=len(PNG), alt_text="frikort"))
        session.commit()
        media_url = f"/media/{page.media[0].id}/card.png"

    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone, server)
    in_cache = f"() => caches.match('{media_url}').then(Boolean)"
    assert phone.evaluate(in_cache) is False  # not on Wi-Fi, not asked: not downloaded

    phone.goto(server.url + "/ar/demo/offline")
    phone.click("[data-save-media]")
    eventually(on_page(phone, in_cache))


def test_a_saved_page_opens_from_the_phone_without_waiting_for_the_network(phone, server):
    phone.goto(server.url + "/ar/demo/")
    wait_until_saved(phone, server)
    heading = translated("ar", "Help and emergency numbers")
    server.log.clear()
    server.stall_seconds = 10  # the centre's Wi-Fi stalls: every answer takes 10 s

    started = time.monotonic()
    phone.goto(server.url + "/ar/demo/help", wait_until="commit")
    phone.get_by_role("heading", level=1).filter(has_text=heading).wait_for(timeout=5_000)
    shown_after = time.monotonic() - started
    print(f"the saved help page showed after {shown_after * 1000:.0f} ms with a 10 s network")
    # No request for the page itself went out: it came from the phone.
    assert "/ar/demo/help" not in server.paths()
    server.stall_seconds = 0
