"""A notice on a phone, in Debian's Chromium with Playwright's clock: it
arrives with the phone's next content update, shows offline as a banner on
every page (and on the home page) while it holds, stays hidden once the
resident hides it, and disappears at its expiry with no network at all."""
from __future__ import annotations

import datetime as dt

import pytest

from models import Centre, Notice, NoticeTranslation
from tests.live_server import OFFLINE_READY, database, eventually, on_page

pytestmark = pytest.mark.browser

TEXT = "ነርስ ሎሚ ኣይትመጽእን እያ።"  # "The nurse does not come today."
KEPT_NOTICES = """caches.match('/ti/demo/notices.json').then((r) => r ? r.json() : {notices: []})
    .then((kept) => kept.notices.length)"""


def add_notice(server, expires_at: dt.datetime) -> None:
    with database(server.app) as session:
        centre = session.query(Centre).filter_by(slug="demo").one()
        session.add(Notice(centre_id=centre.id, source_lang="nb", source_version=1,
                           starts_at=expires_at - dt.timedelta(hours=3), expires_at=expires_at, translations=[
                               NoticeTranslation(lang="nb", text="Sykepleier kommer ikke i dag.", made_from=1),
                               NoticeTranslation(lang="ti", text=TEXT, made_from=1, draft=True)]))
        session.commit()


def test_a_notice_shows_offline_until_it_expires_by_the_phones_clock(phone, live_server):
    server = live_server()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    phone.clock.install(time=now)
    phone.goto(server.url + "/ti/demo/")
    phone.locator(OFFLINE_READY).wait_for(timeout=60_000)
    assert phone.locator("[data-notices]").count() == 0

    expires_at = now + dt.timedelta(hours=2)
    add_notice(server, expires_at)
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # the phone's next content update brings it
    eventually(on_page(phone, KEPT_NOTICES), "the notice kept on the phone", timeout=60)

    server.stop()  # from here on, no network
    phone.goto(server.url + "/ti/demo/help")
    banner = phone.locator("[data-notice-banner]")
    banner.wait_for()
    assert banner.locator("[data-notice-text]").inner_text() == TEXT
    phone.goto(server.url + "/ti/demo/")
    assert phone.locator("[data-notice]").inner_text().startswith(TEXT)
    assert phone.locator("[data-notice-banner]").is_hidden()  # home lists it instead

    phone.clock.set_fixed_time(expires_at + dt.timedelta(minutes=1))
    phone.goto(server.url + "/ti/demo/help")
    phone.wait_for_function("window.VeiviserNotices")
    phone.evaluate("VeiviserNotices.show()")
    assert phone.locator("[data-notice-banner]").is_hidden()
    phone.goto(server.url + "/ti/demo/")
    phone.wait_for_function("window.VeiviserNotices")
    assert phone.locator("[data-notices]").is_hidden()


def test_a_hidden_notice_stays_hidden_on_this_phone(phone, live_server):
    server = live_server()
    add_notice(server, dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))
    phone.goto(server.url + "/ti/demo/help")
    banner = phone.locator("[data-notice-banner]")
    banner.wait_for()
    phone.locator("[data-notice-dismiss]").click()
    assert banner.is_hidden()
    phone.goto(server.url + "/ti/demo/meetings")
    phone.wait_for_function("window.VeiviserNotices")
    phone.evaluate("VeiviserNotices.show()")
    assert banner.is_hidden()
    assert phone.evaluate("Object.keys(JSON.parse(localStorage.getItem('veiviser.notices.dismissed'))).length") == 1
