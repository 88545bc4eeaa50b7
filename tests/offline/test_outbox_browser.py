"""The phone's outbox, in Debian's Chromium: nothing a resident sends is lost
or duplicated (docs/design.md, rule 4). An item waits in IndexedDB while the server is
away (also across a reload), is sent once when it is back, is tried again
after a 503, and is kept (never dropped) when the server refuses it.

Uses a test-only item type "echo", registered before the live app is made."""
from __future__ import annotations

import datetime as dt

import pytest
from marshmallow import Schema, fields

from tests.live_server import OFFLINE_READY, eventually, on_page
from webapp.api.registry import register_item_type, unregister_item_type

pytestmark = pytest.mark.browser
SYNC = "/api/v1/sync"
applied: list[dict] = []


class EchoBody(Schema):
    text = fields.String(required=True)


def apply(session, body, context):
    applied.append(body)
    return "refused" if body["text"] == "refuse" else "accepted"


@pytest.fixture(scope="module", autouse=True)
def echo_type():
    register_item_type("echo", EchoBody, apply)
    yield
    unregister_item_type("echo")


@pytest.fixture()
def server(live_server):
    applied.clear()
    return live_server()


@pytest.fixture()
def page(phone, server):
    """A resident page with the outbox loaded, recording its events."""
    phone.add_init_script(
        "window.outboxEvents = []; addEventListener('veiviser-outbox', (e) => outboxEvents.push(e.detail));"
    )
    phone.goto(server.url + "/en/demo/")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    return phone


def items(page) -> list[dict]:
    return page.evaluate("VeiviserOutbox.items()")


def posts(server) -> list[int]:
    """Statuses of the sync requests the server answered."""
    return [r.status for r in server.log if r.method == "POST" and r.path == SYNC]


def test_an_item_made_offline_waits_survives_a_reload_and_is_sent_once(page, server):
    page.wait_for_selector(OFFLINE_READY, timeout=60_000)  # the page is saved, so it reloads offline
    server.wait_until_quiet()
    server.stop()

    item_id = page.evaluate("VeiviserOutbox.add('echo', {text: 'offline'})")
    eventually(on_page(page, "VeiviserOutbox.items().then((all) => all.length === 1 && all[0].attempts >= 1)"))
    (stored,) = items(page)
    assert (stored["id"], stored["type"], stored["body"], stored["state"]) == (
        item_id, "echo", {"text": "offline"}, "queued"
    )
    assert stored["nextTryAt"] > stored["createdAt"]  # waits before trying again
    assert {"pending": 1, "sending": 0, "needsAttention": 0, "acknowledged": []} in page.evaluate("outboxEvents")

    page.reload()  # the service worker serves the saved page: the server is still away
    assert page.evaluate("VeiviserOutbox.count()") == 1
    assert [i["id"] for i in items(page)] == [item_id]

    server.start()
    eventually(on_page(page, "VeiviserOutbox.count().then((n) => n === 0)"))
    assert items(page) == []
    assert applied == [{"text": "offline"}]
    assert posts(server) == [200]  # once: nothing reached the server while it was away
    last = page.evaluate("outboxEvents[outboxEvents.length - 1]")
    acknowledged = [{"id": item_id, "type": "echo", "result": "accepted"}]
    assert last == {"pending": 0, "sending": 0, "needsAttention": 0, "acknowledged": acknowledged}
    assert {"pending": 1, "sending": 1, "needsAttention": 0, "acknowledged": []} in page.evaluate("outboxEvents")


def test_a_failing_server_is_tried_again_later_and_nothing_is_dropped(page, server):
    server.failing.add(SYNC)
    page.evaluate("VeiviserOutbox.add('echo', {text: 'later'})")

    def tried_three_times():
        return len(posts(server)) >= 3

    eventually(tried_three_times)
    # The server logs a request as it arrives; the phone counts the try when the 503 is back.
    eventually(on_page(page, "VeiviserOutbox.items().then((all) => all.length === 1 && all[0].attempts >= 3)"))
    (stored,) = items(page)
    assert stored["state"] == "queued" and stored["attempts"] >= 3 and stored["lastError"] == "HTTP 503"
    assert applied == []

    server.failing.clear()
    eventually(on_page(page, "VeiviserOutbox.count().then((n) => n === 0)"))
    assert applied == [{"text": "later"}]
    statuses = posts(server)
    assert statuses[-1] == 200 and set(statuses[:-1]) == {503}


def test_an_item_the_server_refuses_is_kept_for_attention(page, server):
    item_id = page.evaluate("VeiviserOutbox.add('echo', {text: 'refuse'})")
    eventually(on_page(page, "VeiviserOutbox.count('needs-attention').then((n) => n === 1)"))
    (stored,) = items(page)
    assert stored["id"] == item_id and stored["state"] == "needs-attention"
    assert (stored["status"], stored["result"]) == ("rejected", "refused")
    assert stored["message"] == "Some of the information sent could not be used."

    page.reload()
    assert [i["id"] for i in items(page)] == [item_id]
    sent = len(posts(server))
    page.evaluate("VeiviserOutbox.sync()")
    assert len(posts(server)) == sent  # not sent again by itself: it waits for the resident
    assert page.evaluate("outboxEvents[outboxEvents.length - 1]")["needsAttention"] == 1


def test_a_reused_id_with_other_content_is_kept_as_a_conflict(page, server):
    item_id = page.evaluate("VeiviserOutbox.add('echo', {text: 'first'})")
    eventually(on_page(page, "VeiviserOutbox.count().then((n) => n === 0)"))
    # As if the stored item had been changed after it was sent: the same id, other content.
    page.evaluate(
        """(id) => new Promise((resolve, reject) => {
            const open = indexedDB.open('veiviser-outbox');
            open.onsuccess = () => {
                const tx = open.result.transaction('items', 'readwrite');
                tx.objectStore('items').put({id, type: 'echo', body: {text: 'second'}, state: 'queued',
                                             attempts: 0, nextTryAt: 0, createdAt: Date.now()});
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
        })""",
        item_id,
    )
    page.evaluate("VeiviserOutbox.sync()")
    (stored,) = items(page)
    assert (stored["state"], stored["status"]) == ("needs-attention", "conflict")
    assert posts(server)[-1] == 409
    assert applied == [{"text": "first"}]


def test_one_item_that_can_never_be_accepted_does_not_hold_back_the_others(page, server):
    server.failing.add(SYNC)
    page.evaluate("VeiviserOutbox.add('echo', {text: 'fine'})")
    bad_id = page.evaluate("VeiviserOutbox.add('echo', {text: 42})")  # the echo schema wants a string
    page.evaluate("VeiviserOutbox.add('echo', {text: 'also fine'})")
    eventually(on_page(page, "VeiviserOutbox.items().then((all) => all.every((i) => i.attempts >= 1))"))
    server.failing.clear()
    server.log.clear()

    page.evaluate("VeiviserOutbox.sync()")
    (stored,) = items(page)
    assert (stored["id"], stored["state"], stored["result"]) == (bad_id, "needs-attention", "invalid")
    assert sorted(body["text"] for body in applied) == ["also fine", "fine"]
    assert posts(server) == [200]  # one request: the server answers for each item


def test_an_outbox_from_an_older_version_keeps_its_items(phone, server):
    """A release that upgrades the outbox's database keeps what waits in it."""
    phone.goto(server.url + "/healthz")  # the same origin, with no outbox script yet
    item_id = "6f1c2b9e-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
    phone.evaluate(
        """(id) => new Promise((resolve, reject) => {
            const open = indexedDB.open('veiviser-outbox', 1);  // the first version's layout
            open.onupgradeneeded = () => open.result.createObjectStore('items', {keyPath: 'id'});
            open.onsuccess = () => {
                const tx = open.result.transaction('items', 'readwrite');
                tx.objectStore('items').put({id, type: 'echo', body: {text: 'from version 1'}, state: 'queued',
                                             attempts: 0, nextTryAt: 0, createdAt: Date.now()});
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
        })""",
        item_id,
    )
    phone.goto(server.url + "/en/demo/")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    eventually(on_page(phone, "VeiviserOutbox.items().then((all) => all.length === 0)"))
    assert applied == [{"text": "from version 1"}]
    version = phone.evaluate(
        "new Promise((resolve) => { const o = indexedDB.open('veiviser-outbox');"
        " o.onsuccess = () => { resolve(o.result.version); o.result.close(); }; })"
    )
    assert version == 2


def test_every_page_says_when_something_waits_to_be_sent(phone, server):
    # The page's clock stands still: the outbox's own retry (after 1 s) cannot
    # send the item before the resident taps "Send now".
    phone.clock.install()
    phone.clock.pause_at(dt.datetime.now() + dt.timedelta(seconds=1))
    server.failing.add(SYNC)
    phone.goto(server.url + "/en/demo/")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    phone.evaluate("VeiviserOutbox.add('echo', {text: 'waiting'})")
    banner = phone.locator("[data-outbox-banner]")
    banner.wait_for(state="visible")
    assert banner.inner_text().startswith("Waiting to be sent: 1")
    eventually(lambda: posts(server) == [503], "the first try")
    server.failing.clear()
    banner.locator("[data-outbox-send]").click()
    banner.wait_for(state="hidden")
    assert applied == [{"text": "waiting"}]
    assert posts(server) == [503, 200]  # the tap sent it, not a timer
